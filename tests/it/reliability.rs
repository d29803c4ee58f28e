//! Issue 24: what a hostile tester found, each as the editor or reader meets it —
//! overlapping builds, hostile YAML, output folders users really have (a file, a
//! symbolic link, a mount point, a gh-pages checkout, read-only), a full disk in a
//! watch session, huge alias lists, the preview server, remote resources and `--seed`.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

fn mode(p: &Path) -> u32 {
    fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777
}

/// Names in `dir` that a build leaves behind when it dies (staging folders, temps).
fn leftovers(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".staging-") || n.contains("dossier-tmp"))
        .collect()
}

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo").arg(p).status().unwrap().success();
    assert!(ok, "mkfifo {}", p.display());
}

// 1. Two builds at once.

#[test]
fn two_builds_started_together_never_leave_a_site_missing_a_page() {
    let _heavy = heavy();
    let d = Dossier::fixture();
    d.build();
    let pages: Vec<_> = snapshot(&d.out()).into_keys().collect();
    for round in 0..20 {
        d.edit(
            "content/dossier.yaml",
            "title: Mini",
            &format!("title: R{round} Mini"),
        );
        let start = || {
            Command::new(env!("CARGO_BIN_EXE_dossier"))
                .args(["build", "-q", "--root"])
                .arg(d.root())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (start(), start());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let now: Vec<_> = snapshot(&d.out()).into_keys().collect();
        assert_eq!(now, pages, "round {round}: every page, and only those");
        assert!(d.page("index.html").contains(&format!("R{round} Mini")));
        assert_eq!(leftovers(d.root()), Vec::<String>::new(), "round {round}");
        d.edit(
            "content/dossier.yaml",
            &format!("title: R{round} Mini"),
            "title: Mini",
        );
    }
}

#[test]
fn a_second_build_waits_for_the_first_and_never_removes_its_staging_folder() {
    use dossier::render::Sink;
    let d = Dossier::fixture();
    d.build();
    let out = d.out();
    let first = dossier::write::Writer::new(&out, false).unwrap();
    first.put("index.html", std::sync::Arc::new(b"first".to_vec()));
    let (tx, rx) = std::sync::mpsc::channel();
    let second = std::thread::spawn({
        let out = out.clone();
        move || {
            let w = dossier::write::Writer::new(&out, false).unwrap();
            tx.send(()).unwrap();
            w.put("index.html", std::sync::Arc::new(b"second".to_vec()));
            w.finish().unwrap()
        }
    });
    // While the first holds the folder, the second is not let in.
    assert!(
        rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "the second build started while the first was writing"
    );
    let report = first
        .finish()
        .expect("the first build's staging folder is whole");
    assert_eq!(report.written, 1);
    rx.recv_timeout(Duration::from_secs(20))
        .expect("the second build starts once the first is done");
    second.join().unwrap();
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"second");
    assert_eq!(leftovers(d.root()), Vec::<String>::new());
}

// 2. Hostile YAML.

#[test]
fn deeply_nested_yaml_is_refused_at_once_with_its_line() {
    let d = Dossier::fixture();
    let deep = 100_000;
    d.write(
        "content/actors/deep.yaml",
        &format!(
            "name: Deep\nkind: person\nsummary: {}{}\n",
            "[".repeat(deep),
            "]".repeat(deep)
        ),
    );
    d.write(
        "content/events/dashes.yaml",
        &format!(
            "title: x\ndate: 2023-07-12\nsummary:\n  {}x\n",
            "- ".repeat(deep)
        ),
    );
    let t = Instant::now();
    let (code, err) = d.run(&["check"]);
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "took {:?}",
        t.elapsed()
    );
    let head: String = err.chars().take(2000).collect();
    assert_eq!(code, 1, "{head}");
    assert!(err.contains("the YAML nests more than 100 levels deep here"));
    assert!(
        err.contains("in content/actors/deep.yaml:3:110 (a line of"),
        "{head}"
    );
    assert!(err.contains("in content/events/dashes.yaml:4:"), "{head}");
    assert!(
        err.len() < 5000,
        "a megabyte line is not printed: {} bytes",
        err.len()
    );
}

// 3. `--out` naming a file.

#[test]
fn out_naming_a_file_is_refused_and_the_file_left_as_it_was() {
    let d = Dossier::fixture();
    let notes = d.root().join("notes.txt");
    fs::write(&notes, "my notes\n").unwrap();
    for _ in 0..2 {
        let (code, err) = d.run(&["build", "--out", notes.to_str().unwrap()]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("notes.txt is a file, not a folder"), "{err}");
        assert_eq!(fs::read_to_string(&notes).unwrap(), "my notes\n");
        assert_eq!(leftovers(d.root()), Vec::<String>::new());
    }
    // The library refuses it too, before anything moves.
    let e = dossier::write::Writer::new(&notes, false)
        .err()
        .expect("refused");
    assert!(e.to_string().contains("is a file, not a folder"), "{e}");
    assert_eq!(fs::read_to_string(&notes).unwrap(), "my notes\n");
}

// 4. Output folders users really have.

#[test]
fn a_symlinked_output_folder_is_built_into_and_stays_a_link() {
    let d = Dossier::fixture();
    let real = d.root().join("site-real");
    fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(&real, d.out()).unwrap();
    d.build();
    assert!(fs::symlink_metadata(d.out())
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(real.join("actors/nato/index.html").is_file());
    d.edit("content/dossier.yaml", "title: Mini", "title: Linked Mini");
    let err = d.build();
    assert!(err.contains("written"), "{err}");
    assert!(fs::symlink_metadata(d.out())
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(real.join("index.html"))
        .unwrap()
        .contains("Linked Mini"));
    assert_eq!(leftovers(d.root()), Vec::<String>::new());
}

#[test]
fn a_mount_point_output_folder_is_built_into() {
    let d = Dossier::fixture();
    let Some(_unmount) = tmpfs_at(&d.out(), "16m") else {
        eprintln!("skipped: mounting a tmpfs is not permitted here");
        return;
    };
    let dev = |p: &Path| std::os::unix::fs::MetadataExt::dev(&fs::metadata(p).unwrap());
    let mount_dev = dev(&d.out());
    d.build();
    d.edit("content/dossier.yaml", "title: Mini", "title: Mounted Mini");
    d.build();
    assert!(d.page("index.html").contains("Mounted Mini"));
    assert_eq!(dev(&d.out()), mount_dev, "still the mounted folder");
    // The same site as a build into a plain folder.
    let plain = Dossier::fixture();
    plain.edit("content/dossier.yaml", "title: Mini", "title: Mounted Mini");
    plain.build();
    assert!(snapshot(&d.out()) == snapshot(&plain.out()));
    assert_eq!(leftovers(d.root()), Vec::<String>::new());
}

// 5. `--force` keeps what it says it keeps.

#[test]
fn force_keeps_foreign_files_folders_modes_and_special_files() {
    let d = Dossier::fixture();
    let out = d.out();
    fs::create_dir_all(out.join(".git/refs")).unwrap();
    fs::create_dir(out.join("empty")).unwrap();
    fs::set_permissions(out.join(".git"), fs::Permissions::from_mode(0o700)).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o750)).unwrap();
    fs::write(out.join("CNAME"), "dossier.example\n").unwrap();
    fs::set_permissions(out.join("CNAME"), fs::Permissions::from_mode(0o600)).unwrap();
    fs::write(out.join("index.html"), "their page\n").unwrap();
    mkfifo(&out.join("pipe"));
    let (code, err) = d.run(&["build"]);
    assert_eq!(
        code, 2,
        "a folder of someone else's files needs --force: {err}"
    );
    assert_eq!(
        fs::read_to_string(out.join("index.html")).unwrap(),
        "their page\n"
    );
    let check = |when: &str| {
        assert!(out.join(".git/refs").is_dir(), "{when}");
        assert!(out.join("empty").is_dir(), "{when}");
        assert_eq!(mode(&out.join(".git")), 0o700, "{when}");
        assert_eq!(mode(&out), 0o750, "{when}");
        assert_eq!(mode(&out.join("CNAME")), 0o600, "{when}");
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "dossier.example\n"
        );
        assert!(fs::symlink_metadata(out.join("pipe"))
            .unwrap()
            .file_type()
            .is_fifo());
    };
    let err = d.build_with(&["--force"]);
    assert!(
        err.contains("1 not ours overwritten (--force): index.html"),
        "{err}"
    );
    assert!(d.page("index.html").contains("Mini dossier"));
    check("after the first build");
    d.edit("content/dossier.yaml", "title: Mini", "title: Forced Mini");
    d.build_with(&["--force"]);
    assert!(d.page("index.html").contains("Forced Mini"));
    check("after a rebuild");
    let err = d.build_with(&["--force"]);
    assert!(err.contains(": 0 written"), "{err}");
    check("after a build with nothing to do");
    assert_eq!(leftovers(d.root()), Vec::<String>::new());
}

#[test]
fn a_foreign_file_the_site_would_overwrite_is_an_error_without_force() {
    let d = Dossier::fixture();
    d.build();
    let theirs = d.out().join("actors/newcomer/index.html");
    fs::create_dir_all(theirs.parent().unwrap()).unwrap();
    fs::write(&theirs, "not dossier's\n").unwrap();
    let before = snapshot(&d.out());
    d.write(
        "content/actors/newcomer.yaml",
        "name: Newcomer\nkind: person\n",
    );
    let (code, err) = d.run(&["build"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("would overwrite") && err.contains("actors/newcomer/index.html"),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    assert!(snapshot(&d.out()) == before, "nothing changed");
    d.build_with(&["--force"]);
    assert!(d.page("actors/newcomer/index.html").contains("Newcomer"));
    // A file where the site needs a folder: refused before anything moves, even so.
    d.write("content/actors/second.yaml", "name: Second\nkind: person\n");
    fs::write(d.out().join("actors/second"), "in the way\n").unwrap();
    let before = snapshot(&d.out());
    let (code, err) = d.run(&["build", "--force"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("actors/second/index.html needs a folder"),
        "{err}"
    );
    assert!(snapshot(&d.out()) == before, "nothing changed");
}

#[test]
fn what_a_killed_watch_session_left_is_cleared_by_the_next_build() {
    let d = Dossier::fixture();
    d.build();
    let tmp = d.out().join("actors/nato/.index.html.dossier-tmp");
    fs::write(&tmp, "half a page").unwrap();
    let err = d.build();
    assert!(!tmp.exists(), "the temporary file is removed");
    assert!(!err.contains("not ours"), "{err}");
}

// 6. No panic on a file name that is not UTF-8.

#[test]
fn check_json_survives_a_seed_whose_name_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let d = Dossier::fixture();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    fs::write(d.root().join("seeds").join(name), "Some text.\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json", "--root"])
        .arg(d.root())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let warned = json["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["file"]
            .as_str()
            .is_some_and(|f| f.starts_with("seeds/caf"))
            && d["message"].as_str().unwrap().contains("not UTF-8")
    });
    assert!(warned, "{json}");
    d.build();
    // A content file's: an error (no valid id), said in JSON.
    let name = std::ffi::OsStr::from_bytes(b"\xff.yaml");
    fs::write(
        d.root().join("content/actors").join(name),
        "name: X\nkind: person\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json", "--root"])
        .arg(d.root())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["errors"], 1, "{json}");
}

// 7. A read-only output folder.

#[test]
fn a_read_only_output_folder_is_left_exactly_as_it_was() {
    let d = Dossier::fixture();
    d.build();
    let before = snapshot(&d.out());
    fs::set_permissions(d.out(), fs::Permissions::from_mode(0o555)).unwrap();
    d.edit("content/dossier.yaml", "title: Mini", "title: Changed Mini");
    let (code, err) = d.run(&["build"]);
    fs::set_permissions(d.out(), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("read-only"), "{err}");
    assert!(snapshot(&d.out()) == before, "the old site is in place");
    assert_eq!(leftovers(d.root()), Vec::<String>::new());
    d.build();
    assert!(d.page("index.html").contains("Changed Mini"));
}

// 8. A write that fails in a watch session.

#[test]
fn a_watch_write_that_fails_leaves_the_last_site_whole() {
    let d = Dossier::fixture();
    let project = dossier::Project::new(d.root(), Some(d.out()));
    let mut session = dossier::Session::new(project);
    session
        .rebuild(&[])
        .unwrap_or_else(|_| panic!("first build"));
    // The new actor's page cannot be written (its folder's name is taken by a file),
    // as when the disk fills: the other changed pages (the actors' list) must wait.
    fs::write(d.out().join("actors/newcomer"), "in the way\n").unwrap();
    let before = snapshot(&d.out());
    d.write(
        "content/actors/newcomer.yaml",
        "name: Newcomer\nkind: person\n",
    );
    let failed = session.rebuild_reported(
        &["content/actors/newcomer.yaml".into()],
        true,
        &mut |_, _| {},
    );
    match failed {
        Err(dossier::Failure::CannotRun(m)) => assert!(m.contains("cannot write"), "{m}"),
        _ => panic!("the write must fail"),
    }
    assert!(
        snapshot(&d.out()) == before,
        "\"the last good site stays in place\": every page as it was"
    );
    assert_eq!(leftovers(d.root()), Vec::<String>::new());
}

#[test]
fn a_full_disk_in_a_watch_session_leaves_the_last_site_whole() {
    let d = Dossier::fixture();
    let Some(_unmount) = tmpfs_at(&d.out(), "2m") else {
        eprintln!("skipped: mounting a tmpfs is not permitted here");
        return;
    };
    let project = dossier::Project::new(d.root(), Some(d.out()));
    let mut session = dossier::Session::new(project);
    session
        .rebuild(&[])
        .unwrap_or_else(|_| panic!("first build"));
    let before = snapshot(&d.out());
    // Fill the disk but for room for a few pages of the next version.
    let mut filler = fs::File::create(d.out().join("filler")).unwrap();
    let block = vec![0u8; 4 << 10];
    while filler.write_all(&block).is_ok() {}
    let full = filler.metadata().unwrap().len();
    filler.set_len(full - (24 << 10)).unwrap();
    drop(filler);
    d.edit(
        "content/dossier.yaml",
        "title: Mini",
        "title: A Much Longer Mini",
    );
    let failed = session.rebuild_reported(&["content/dossier.yaml".into()], true, &mut |_, _| {});
    assert!(matches!(failed, Err(dossier::Failure::CannotRun(_))));
    let mut now = snapshot(&d.out());
    now.remove(Path::new("filler"));
    assert!(
        now == before,
        "every page as it was, none of the next version"
    );
    assert_eq!(leftovers(&d.out()), Vec::<String>::new());
    fs::remove_file(d.out().join("filler")).unwrap();
    session
        .rebuild_reported(&["content/dossier.yaml".into()], true, &mut |_, _| {})
        .unwrap_or_else(|_| panic!("the next rebuild, with room"));
    assert!(d.page("index.html").contains("A Much Longer Mini"));
}

// 9. Many aliases.

#[test]
fn an_actor_with_many_aliases_builds_in_linear_time() {
    let d = Dossier::fixture();
    let aliases: Vec<String> = (0..64_000).map(|i| format!("Alias{i:06}")).collect();
    d.write(
        "content/actors/many.yaml",
        &format!(
            "name: Many\nkind: person\naliases: [{}]\n",
            aliases.join(", ")
        ),
    );
    let t = Instant::now();
    d.build();
    // Quadratic, this took minutes; linear, about a second (unoptimised build).
    assert!(
        t.elapsed() < Duration::from_secs(30),
        "took {:?}",
        t.elapsed()
    );
    assert!(d.page("actors/many/index.html").contains("Alias063999"));
}

// 10. The preview server.

/// A raw request; returns the whole response.
fn request(port: u16, text: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(text.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

#[test]
fn the_preview_server_answers_only_its_own_host_and_get() {
    let _heavy = heavy();
    let d = Dossier::fixture();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--root"])
        .arg(d.root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut port = None;
    let mut line = String::new();
    while port.is_none() {
        line.clear();
        if std::io::BufRead::read_line(&mut err, &mut line).unwrap() == 0 {
            break;
        }
        port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|p| p.parse::<u16>().ok());
    }
    let port = port.expect("a serving line");
    let get = |path: &str, host: &str| {
        request(
            port,
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    let own = format!("127.0.0.1:{port}");
    assert!(get("/", &own).starts_with("HTTP/1.1 200"));
    assert!(get("/", &format!("localhost:{port}")).starts_with("HTTP/1.1 200"));
    let rebound = get("/", &format!("attacker.example:{port}"));
    assert!(rebound.starts_with("HTTP/1.1 421"), "{rebound}");
    assert!(
        !rebound.contains("Mini dossier"),
        "no page for another host"
    );
    for method in ["POST", "PUT", "DELETE"] {
        let r = request(
            port,
            &format!("{method} / HTTP/1.1\r\nHost: {own}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
        );
        assert!(r.starts_with("HTTP/1.1 405"), "{method}: {r}");
        assert!(r.to_ascii_lowercase().contains("allow: get, head"), "{r}");
    }
    let head = request(
        port,
        &format!("HEAD / HTTP/1.1\r\nHost: {own}\r\nConnection: close\r\n\r\n"),
    );
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let r = get("//actors", &own);
    assert!(r.starts_with("HTTP/1.1 302"), "{r}");
    assert!(
        r.to_ascii_lowercase()
            .contains("\r\nlocation: /actors/\r\n"),
        "never a scheme-relative //actors/: {r}"
    );
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_client_slow_to_send_its_headers_is_dropped() {
    let site = std::sync::Arc::new(dossier::render::Site::default());
    let server = dossier::serve::Server::start_with_timeout(
        "127.0.0.1:0".parse().unwrap(),
        site,
        Duration::from_millis(300),
    )
    .unwrap();
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let t = Instant::now();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "the half-sent request stayed open {:?}",
        t.elapsed()
    );
}

#[test]
fn serve_with_its_port_taken_writes_nothing() {
    let d = Dossier::fixture();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (code, err) = d.run(&["serve", "--port", &port]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot listen on"), "{err}");
    assert!(
        !d.out().exists(),
        "public/ is not written before the port is"
    );
}

// 11. Readers' privacy.

#[test]
fn remote_images_are_warned_of_and_blocked_unless_their_host_is_allowed() {
    let d = Dossier::fixture();
    d.write(
        "content/pages/about.md",
        "---\ntitle: About\n---\n# About\n\nLook: ![x](https://elsewhere.example/track.png)\n",
    );
    let (code, err) = d.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("an image loaded from another host (elsewhere.example)"),
        "{err}"
    );
    assert!(err.contains("content/pages/about.md:6:"), "{err}");
    d.build();
    let csp = |page: &str| {
        let html = d.page(page);
        let at = html
            .find("http-equiv=\"Content-Security-Policy\" content=\"")
            .unwrap_or_else(|| panic!("{page} has no Content-Security-Policy"));
        html[at..].split('"').nth(3).unwrap().to_string()
    };
    for page in [
        "index.html",
        "about/index.html",
        "404.html",
        "print/index.html",
    ] {
        let policy = csp(page);
        assert!(policy.contains("default-src 'none'"), "{page}: {policy}");
        assert!(
            policy.contains("img-src 'self' file: data:;"),
            "{page}: {policy}"
        );
    }
    d.edit(
        "content/dossier.yaml",
        "language: en",
        "language: en\nallowed_hosts: [elsewhere.example]",
    );
    let (code, err) = d.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("another host"), "{err}");
    d.build();
    assert!(
        csp("about/index.html").contains("https://elsewhere.example;"),
        "{}",
        csp("about/index.html")
    );
}

// 12. `new source --seed`, and symbolic links.

#[test]
fn new_source_seed_gets_the_checks_seeds_get() {
    let d = Dossier::fixture();
    let run_bounded = |seed: &Path| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["new", "source", "piped", "--seed"])
            .arg(seed)
            .arg("--root")
            .arg(d.root())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("`new source --seed {}` does not end", seed.display());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let fifo = d.root().join("a-pipe");
    mkfifo(&fifo);
    for (seed, said) in [
        (Path::new("/dev/zero"), "not a regular file"),
        (fifo.as_path(), "not a regular file"),
    ] {
        let (code, err) = run_bounded(seed);
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains(said), "{err}");
    }
    let big = d.root().join("big.txt");
    fs::File::create(&big)
        .unwrap()
        .set_len((32 << 20) + 1)
        .unwrap();
    let (code, err) = run_bounded(&big);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("over the 32 MiB limit"), "{err}");
    assert!(!d.root().join("content/sources/piped.yaml").exists());
}

#[test]
fn symbolic_links_in_content_and_seeds_are_warned_of() {
    let d = Dossier::fixture();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("x.txt"), "An article.\n").unwrap();
    fs::write(elsewhere.path().join("y.yaml"), "name: Y\nkind: person\n").unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("x.txt"), d.root().join("seeds/x.txt"))
        .unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join("y.yaml"),
        d.root().join("content/actors/y.yaml"),
    )
    .unwrap();
    let (code, err) = d.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    for link in ["seeds/x.txt", "content/actors/y.yaml"] {
        assert!(
            err.contains("warning: skipped: a symbolic link") && err.contains(link),
            "{link}: {err}"
        );
    }
}

/// Unmounts a test's tmpfs when dropped.
struct Unmount(PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A new folder at `at` with a tmpfs of `size` mounted on it, or `None` where mounting
/// is not permitted (the test is then skipped).
fn tmpfs_at(at: &Path, size: &str) -> Option<Unmount> {
    fs::create_dir(at).unwrap();
    Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
        .then(|| Unmount(at.to_path_buf()))
}
