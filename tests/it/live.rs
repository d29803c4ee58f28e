//! `watch`, `serve`, `new` and `init`, driven as an editor would: real processes,
//! real files, bounded waits (no fixed sleeps).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use crate::support::*;

const WAIT: Duration = Duration::from_secs(20);

/// A running `dossier watch|serve`; killed on drop. Its stderr lines arrive on `lines`.
struct Live {
    child: Child,
    lines: Receiver<String>,
    /// What it printed up to "watching" (the first build, the address served).
    startup: String,
}

impl Live {
    fn start(d: &Dossier, args: &[&str]) -> Live {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .arg("--root")
            .arg(d.root())
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start dossier");
        let (tx, lines) = channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for l in BufReader::new(err).lines().map_while(Result::ok) {
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        let mut live = Live {
            child,
            lines,
            startup: String::new(),
        };
        live.startup = live.lines_until("watching").join("\n");
        live
    }

    /// Waits (bounded) for a stderr line containing `text`; returns the lines up to it.
    fn lines_until(&self, text: &str) -> Vec<String> {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(l) if l.contains(text) => {
                    seen.push(l);
                    return seen;
                }
                Ok(l) => seen.push(l),
                Err(_) => break,
            }
        }
        panic!(
            "no line with {text:?} within {WAIT:?}; saw:\n{}",
            seen.join("\n")
        );
    }

    /// Waits (bounded) for a stderr line containing `text`; returns it.
    fn expect_line(&self, text: &str) -> String {
        self.lines_until(text).pop().unwrap_or_default()
    }

    /// The port from "serving http://127.0.0.1:PORT/".
    fn port(&self) -> u16 {
        let at = self
            .startup
            .find("http://127.0.0.1:")
            .expect("a serving line")
            + "http://127.0.0.1:".len();
        self.startup[at..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .expect("a port")
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls (bounded) until `f` holds.
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while Instant::now() < deadline {
        if f() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("timed out waiting until {what}");
}

/// Saves the way vim, VS Code and JetBrains do: write a temporary file, rename it over.
fn save_atomically(d: &Dossier, rel: &str, text: &str) {
    let path = d.root().join(rel);
    let tmp = path.with_file_name(format!(
        ".{}.tmp",
        path.file_name().unwrap().to_str().unwrap()
    ));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

fn read(d: &Dossier, site_path: &str) -> String {
    std::fs::read_to_string(d.out().join(site_path)).unwrap_or_default()
}

#[test]
fn watch_rebuilds_on_every_kind_of_save_and_keeps_the_last_good_site() {
    let _heavy = heavy();
    let d = Dossier::fixture();
    let live = Live::start(&d, &["watch"]);
    assert!(read(&d, "actors/russia/index.html").contains("Russia"));

    // An atomic save of an actor changes its page.
    save_atomically(
        &d,
        "content/actors/russia.yaml",
        "name: Russia\nkind: country\nrole: Aggressor state\n",
    );
    eventually("the edited role shows", || {
        read(&d, "actors/russia/index.html").contains("Aggressor state")
    });
    let line = live.expect_line("rebuilt in");
    assert!(
        line.contains("content/actors/russia.yaml changed"),
        "{line}"
    );

    // A new actor gets its page, and the source that names it links to it.
    d.write(
        "content/actors/russian-forces.yaml",
        "name: Russian forces\nkind: group\n",
    );
    eventually("the new actor's page appears", || {
        d.out().join("actors/russian-forces/index.html").exists()
    });
    eventually("the source links the new actor", || {
        read(&d, "sources/gamma/index.html").contains("../../actors/russian-forces/index.html")
    });

    // Invalid YAML: the error is printed and the site stays as it was.
    live.expect_line("rebuilt in");
    let before = snapshot(&d.out());
    save_atomically(
        &d,
        "content/actors/russia.yaml",
        "name: Russia\n  kind: country\n",
    );
    let err = live.expect_line("error:");
    assert!(err.contains("a `key: value` is not allowed here"), "{err}");
    live.expect_line("content/actors/russia.yaml:2:7");
    live.expect_line("the last good site stays in place");
    assert!(
        snapshot(&d.out()) == before,
        "a broken edit must not touch public/"
    );

    // Fixing it rebuilds.
    save_atomically(
        &d,
        "content/actors/russia.yaml",
        "name: Russia\nkind: country\nrole: Fixed\n",
    );
    eventually("the fix shows", || {
        read(&d, "actors/russia/index.html").contains("Fixed")
    });

    // A burst of saves (a checkout, a search-and-replace) is one rebuild.
    live.expect_line("rebuilt in");
    let burst = ["nato", "ukraine", "united-states", "nato-ukraine-council"];
    // As a checkout does: the new versions land one right after the other.
    let staged: Vec<_> = burst
        .iter()
        .map(|f| {
            let path = d.root().join(format!("content/actors/{f}.yaml"));
            let tmp = path.with_file_name(format!(".{f}.yaml.tmp"));
            let text =
                std::fs::read_to_string(&path)
                    .unwrap()
                    .replacen("kind:", "role: Burst\nkind:", 1);
            std::fs::write(&tmp, text).unwrap();
            (tmp, path)
        })
        .collect();
    for (tmp, path) in staged {
        std::fs::rename(tmp, path).unwrap();
    }
    // One rebuild; two when the machine is so loaded that this loop paused longer
    // than the watcher's quiet time between two renames (the second one right).
    let mut lines = vec![live.expect_line("rebuilt in")];
    let changed = |l: &str| -> usize {
        l.split(" files changed")
            .next()
            .and_then(|h| h.rsplit(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(1)
    };
    while lines.iter().map(|l| changed(l)).sum::<usize>() < burst.len() {
        lines.push(live.expect_line("rebuilt in"));
    }
    assert!(
        lines.len() == 1 && lines[0].contains("4 files changed") || lines.len() == 2,
        "one rebuild for the burst: {lines:?}"
    );
    for f in burst {
        assert!(
            read(&d, &format!("actors/{f}/index.html")).contains("Burst"),
            "{f}"
        );
    }
    // Editors' swap and backup files are ignored.
    d.write("content/actors/.russia.yaml.swp", "garbage: [");
    d.write("content/actors/russia.yaml~", "garbage: [");
    d.write("content/actors/ok.yaml", "name: Okay Actor\nkind: person\n");
    let line = live.expect_line("rebuilt in");
    assert!(
        line.contains("content/actors/ok.yaml") && !line.contains("swp") && !line.contains('~'),
        "{line}"
    );
}

/// One raw HTTP/1.1 GET (raw, so that `..` reaches the server as written).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, out)
}

#[test]
fn serve_serves_the_site_reloads_and_refuses_traversal() {
    let _heavy = heavy();
    let d = Dossier::fixture();
    let live = Live::start(&d, &["serve", "--port", "0"]);
    let port = live.port();
    let (status, page) = get(port, "/");
    assert_eq!(status, 200, "{page}");
    assert!(page
        .to_lowercase()
        .contains("content-type: text/html; charset=utf-8"));
    assert!(
        page.contains("<script src=\"/__dossier/reload.js\"></script>"),
        "the reload script is injected when served"
    );
    assert!(
        !read(&d, "index.html").contains("reload.js"),
        "but never written to public/"
    );
    let (status, css) = get(port, "/assets/style.css");
    assert_eq!(status, 200);
    assert!(css.to_lowercase().contains("content-type: text/css"));
    assert_eq!(get(port, "/actors/russia/").0, 200);
    assert_eq!(get(port, "/actors/russia").0, 302);
    let (status, missing) = get(port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(missing.contains("Page not found"), "the site's 404 page");
    for evil in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/actors/..%2f..%2fCargo.toml",
    ] {
        let (status, body) = get(port, evil);
        assert!(status == 403 || status == 404, "{evil}: {status}");
        assert!(
            !body.contains("[package]") && !body.contains("root:"),
            "{evil} leaked a file"
        );
    }
    // A symlink in public/ pointing outside is not followed: only built pages are served.
    std::os::unix::fs::symlink(
        d.root().join("content/dossier.yaml"),
        d.out().join("leak.yaml"),
    )
    .unwrap();
    let (status, body) = get(port, "/leak.yaml");
    assert_eq!(status, 404);
    assert!(
        !body.contains("description:"),
        "the YAML behind the link is not served"
    );

    // Live reload: an edit sends `reload` to connected browsers; a broken one, the error.
    let mut events = TcpStream::connect(("127.0.0.1", port)).unwrap();
    events.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        events,
        "GET /__dossier/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(events);
    let mut until = |text: &str| {
        let mut seen = String::new();
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            seen.push_str(&line);
            if line.contains(text) {
                return seen;
            }
            line.clear();
        }
        panic!("no {text:?} on the event stream; saw:\n{seen}");
    };
    until("event: ok");
    save_atomically(
        &d,
        "content/actors/russia.yaml",
        "name: Russia\nkind: country\nrole: Live\n",
    );
    until("event: reload");
    assert!(
        get(port, "/actors/russia/index.html").1.contains("Live"),
        "the new page is served"
    );
    // The data files follow the pages.
    let deadline = std::time::Instant::now() + WAIT;
    while !get(port, "/dossier.json").1.contains("\"role\":\"Live\"") {
        assert!(
            std::time::Instant::now() < deadline,
            "the new dossier.json is served"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    save_atomically(
        &d,
        "content/actors/russia.yaml",
        "name: Russia\n  kind: country\n",
    );
    let seen = until("event: build-error");
    let seen = seen + &until("data:");
    assert!(seen.contains("content/actors/russia.yaml:2:7"), "{seen}");
    assert!(
        get(port, "/actors/russia/index.html").1.contains("Live"),
        "the last good page is still served"
    );
}

#[test]
fn init_then_new_of_each_kind_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("desk");
    let run = |args: &[&str]| -> (i32, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .current_dir(&root)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["init"])
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in [
        "content/dossier.yaml",
        "content/pages/about.md",
        ".gitignore",
        "README.md",
        "seeds",
        "templates",
    ] {
        assert!(root.join(f).exists(), "init made {f}");
    }
    // It builds at once into an empty but well-formed site.
    let (code, err) = run(&["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        root.join("public/index.html").exists() && root.join("public/about/index.html").exists()
    );
    assert_eq!(broken_links(&root.join("public")), Vec::<String>::new());
    // init refuses a folder that is not empty.
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["init"])
        .arg(&root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));

    // A source from an article: copied into seeds/, titled from its headline.
    let article = tmp.path().join("kyiv-report.txt");
    std::fs::write(
        &article,
        "Leaders meet in Kyiv\n\nThe leaders of Ruritania met in Kyiv today.\n",
    )
    .unwrap();
    let (code, err) = run(&[
        "new",
        "source",
        "kyiv-report",
        "--seed",
        article.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(root.join("seeds/kyiv-report.txt").exists());
    let src = std::fs::read_to_string(root.join("content/sources/kyiv-report.yaml")).unwrap();
    assert!(
        src.contains("title: 'Leaders meet in Kyiv'") && src.contains("editors_title: false"),
        "{src}"
    );
    for (kind, id) in [("actor", "ruritania"), ("event", "the-meeting")] {
        let (code, err) = run(&["new", kind, id]);
        assert_eq!(code, 0, "{err}");
    }
    let (code, err) = run(&["build"]);
    assert_eq!(
        code, 0,
        "new actor, event and source build as they are:\n{err}"
    );
    assert!(
        root.join("public/sources/kyiv-report/index.html").exists()
            && root.join("public/actors/ruritania/index.html").exists()
    );

    // A commitment and a discrepancy need evidence: the build says what to fill in.
    assert_eq!(run(&["new", "commitment", "aid"]).0, 0);
    assert_eq!(run(&["new", "discrepancy", "which-day"]).0, 0);
    let (code, err) = run(&["build"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("`by` names no actor") && err.contains("name who made the commitment"),
        "{err}"
    );
    assert!(
        err.contains("a discrepancy needs at least two accounts"),
        "{err}"
    );

    // new refuses to overwrite, and refuses bad ids and kinds.
    let (code, err) = run(&["new", "actor", "ruritania"]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists"), "{err}");
    let (code, err) = run(&["new", "actor", "Bad Id"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("not a valid id") && err.contains("bad-id"),
        "{err}"
    );
    let (code, err) = run(&["new", "persn", "x"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("did you mean `person`") || err.contains("is not something"),
        "{err}"
    );
}

/// A watch session renders only the pages whose inputs changed and reuses the rest:
/// after each kind of edit its site must equal a fresh build's, byte for byte, and so
/// must the output folder. Every other edit comes as a complete watcher report (the
/// other files are then not looked at), the rest as a partial one. The pages are on
/// disk, and announced, before the data files follow.
#[test]
fn a_session_rebuild_equals_a_fresh_build() {
    session_rebuild_equals_a_fresh_build(None);
}

/// The same with every index list cut into pages of two rows: a list whose first page
/// is kept keeps its later pages and its rows script, and one that changes is made
/// again whole.
#[test]
fn a_session_rebuild_of_paged_lists_equals_a_fresh_build() {
    session_rebuild_equals_a_fresh_build(Some(2));
}

fn session_rebuild_equals_a_fresh_build(page_size: Option<usize>) {
    let d = Dossier::fixture();
    if let Some(n) = page_size {
        let meta = std::fs::read_to_string(d.root().join("content/dossier.yaml")).unwrap();
        d.write(
            "content/dossier.yaml",
            &format!("{meta}list_page_size: {n}\n"),
        );
    }
    d.age();
    let project = dossier::Project::new(d.root(), Some(d.out()));
    let mut session = dossier::Session::new(project.clone());
    let fresh = |what: &str, site: &dossier::render::Site, diags: &dossier::diag::Diagnostics| {
        let full = dossier::check(&project).unwrap_or_else(|_| panic!("{what}: fresh build fails"));
        assert_eq!(
            diags.sorted(),
            full.diagnostics.sorted(),
            "{what}: diagnostics"
        );
        let differ: Vec<&String> = full
            .site
            .files
            .iter()
            .filter(|(p, b)| site.files.get(*p) != Some(b))
            .map(|(p, _)| p)
            .collect();
        assert!(differ.is_empty(), "{what}: stale pages {differ:?}");
        assert_eq!(full.site.files.len(), site.files.len(), "{what}");
    };
    let (built, site) = session
        .rebuild(&[])
        .unwrap_or_else(|_| panic!("first build"));
    fresh("first build", &site, &built.diagnostics);
    let edits: &[(&str, &str, &str)] = &[
        (
            "content/actors/russia.yaml",
            "kind: country",
            "kind: country\nrole: Aggressor state",
        ),
        // An actor's own fields: the last dossier is patched, not resolved anew.
        ("content/actors/russia.yaml", "kind: country", "kind: group"),
        (
            "content/actors/g7.yaml",
            "summary: The Group of Seven.",
            "summary: The *Group of Seven*.\nlinks:\n  - {title: Site, url: 'https://g7.example'}",
        ),
        (
            "content/actors/russia.yaml",
            "kind: group",
            "kind: country\nlinks: [{title: Kremlin, url: 'https://kremlin.example'}]",
        ),
        (
            "content/actors/russia.yaml",
            "links: [{title: Kremlin, url: 'https://kremlin.example'}]",
            "",
        ),
        (
            "content/actors/stoltenberg.yaml",
            "affiliations: [nato]",
            "affiliations: [nato, g7]",
        ),
        (
            "content/actors/stoltenberg.yaml",
            "name: Jens Stoltenberg",
            "name: Jens S. Stoltenberg",
        ),
        (
            "content/actors/zelensky.yaml",
            "aliases: [Zelensky, Zelenski]",
            "aliases: [Zelensky]",
        ),
        (
            "content/sources/alpha.yaml",
            "title: Leaders sign pact",
            "title: Leaders sign a pact",
        ),
        (
            "content/dossier.yaml",
            "title: Mini dossier",
            "title: Mini dossier, retitled",
        ),
        (
            "content/events/signing.yaml",
            "title: The G7 signs the pact",
            "title: The G7 signs its pact",
        ),
        (
            "content/events/signing.yaml",
            "date: 2023-07-12",
            "date: 2023-07-11",
        ),
        (
            "content/commitments/g7-security.yaml",
            "status: announced",
            "status: in-progress",
        ),
        (
            "content/commitments/g7-security.yaml",
            "quote: \"committing to ensure Ukraine's long-term security\"",
            "quote: \"Ukraine's long-term security\"",
        ),
        (
            "content/discrepancies/signing-day.yaml",
            "note: Signed on Tuesday.",
            "note: Signed on Tuesday, says beta.",
        ),
        // A claim's own fields: patched, as an actor's are.
        (
            "content/discrepancies/signing-day.yaml",
            "title: Which day was the pact signed?",
            "title: Which day was it signed?",
        ),
        (
            "content/discrepancies/signing-day.yaml",
            "summary: Alpha says today (Wednesday); beta says Tuesday.",
            "summary: Alpha says *today*; beta says Tuesday.",
        ),
        (
            "content/commitments/g7-security.yaml",
            "categories: [security]",
            "categories: [security, aid]",
        ),
        (
            "content/pages/about.md",
            "A fixture for the tests.",
            "A fixture.",
        ),
        ("content/pages/about.md", "title: About", "title: About us"),
        (
            "seeds/gamma.txt",
            "Some Russians disagreed",
            "Lithuanian diplomats met Lithuanian troops. Some Russians agreed",
        ),
        (
            "content/sources/beta.yaml",
            "published: 2023-07-12",
            "published: 2023-07-10",
        ),
    ];
    let on_disk = |path: &str| std::fs::read(d.out().join(path)).unwrap_or_default();
    let mut last = site;
    let mut complete = false;
    let mut rebuild = |what: &str, file: &str, patched: bool| -> bool {
        complete = !complete;
        let mut announced = 0;
        let (built, site) = session
            .rebuild_reported(&[file.into()], complete, &mut |pages, _| {
                announced += 1;
                for (path, bytes) in &pages.files {
                    assert_eq!(&on_disk(path), &**bytes, "{what}: {path} is not written");
                }
                // The data files follow the pages.
                for (path, bytes) in &last.files {
                    if dossier::render::is_data_file(path) {
                        assert_eq!(&pages.files[path], bytes, "{what}: {path}");
                    }
                }
            })
            .unwrap_or_else(|_| panic!("{what}: rebuild fails"));
        assert!(
            (1..=2).contains(&announced),
            "{what}: the pages are announced once (twice when the edited entity's own pages show first): {announced}"
        );
        assert!(built.written.written > 0, "{what}: something changed");
        // Without the watcher's complete report, every file saved in the last 2 s is
        // read again, and one that is not patchable means resolving anew.
        if complete || !patched {
            assert_eq!(built.timings.patched, patched, "{what}: patched");
        }
        fresh(what, &site, &built.diagnostics);
        for (path, bytes) in &site.files {
            assert_eq!(&on_disk(path), &**bytes, "{what}: {path} on disk");
        }
        last = site;
        built.timings.patched
    };
    // Own fields are patched into the last dossier; the rest is resolved anew.
    let mut patched_kinds = std::collections::BTreeSet::new();
    let own = [
        "kind",
        "role",
        "summary",
        "links",
        "title",
        "date",
        "status",
        "categories",
        "published",
    ];
    for (file, from, to) in edits {
        d.edit(file, from, to);
        let kind = file.split('/').nth(1).unwrap_or("");
        let key = from.split(':').next().unwrap_or("");
        let patched = dossier::resolve::PATCHABLE.contains(&kind) && own.contains(&key);
        if rebuild(&format!("{file}: {to}"), file, patched) {
            patched_kinds.insert(kind.to_string());
        }
    }
    assert_eq!(
        patched_kinds,
        dossier::resolve::PATCHABLE.map(String::from).into(),
        "each kind's own fields patched"
    );
    // A new actor whose name the seeds use only as a demonym ("Lithuanian", which the
    // coverage page then no longer lists); then removed again.
    let added = "content/actors/lithuania.yaml";
    d.write(added, "name: Lithuania\nkind: country\n");
    rebuild("new actor", added, false);
    std::fs::remove_file(d.root().join(added)).unwrap();
    rebuild("removed actor", added, false);
    // A template override: every page is rendered again.
    d.write(
        "templates/page.html",
        "{% extends \"default/page.html\" %}{% block content %}<p>Overridden</p>{{ super() }}{% endblock content %}",
    );
    let (built, site) = session
        .rebuild(&["templates/page.html".into()])
        .unwrap_or_else(|_| panic!("template rebuild fails"));
    fresh("template override", &site, &built.diagnostics);
    assert!(String::from_utf8_lossy(&site.files["about/index.html"]).contains("Overridden"));
    // A render that fails on one actor's summary, in the rebuild that also changes
    // the role of another (whose page does not show the first): the last build stands
    // whole, so the next one, with the summary fixed, still shows the role.
    d.write(
        "templates/actor.html",
        "{% extends \"default/actor.html\" %}{% block summary %}{% if page.summary_html %}{% if page.summary_html is containing(pat=\"boom\") %}{{ no_such_thing }}{% endif %}{% endif %}{{ super() }}{% endblock summary %}",
    );
    session
        .rebuild(&["templates/actor.html".into()])
        .unwrap_or_else(|_| panic!("actor template rebuild fails"));
    d.edit(
        "content/actors/stoltenberg.yaml",
        "role: NATO Secretary General",
        "role: Former Secretary General",
    );
    d.edit(
        "content/actors/russia.yaml",
        "role: Aggressor state",
        "role: Aggressor state\nsummary: boom",
    );
    let failed = session.rebuild_reported(
        &[
            "content/actors/stoltenberg.yaml".into(),
            "content/actors/russia.yaml".into(),
        ],
        true,
        &mut |_, _| {},
    );
    assert!(
        matches!(failed, Err(dossier::Failure::Content(_))),
        "the template fails on russia"
    );
    d.edit("content/actors/russia.yaml", "\nsummary: boom", "");
    let (built, site) = session
        .rebuild_reported(&["content/actors/russia.yaml".into()], true, &mut |_, _| {})
        .unwrap_or_else(|_| panic!("rebuild after the failure fails"));
    fresh("after a failed render", &site, &built.diagnostics);
    let page = String::from_utf8_lossy(&site.files["actors/stoltenberg/index.html"]);
    assert!(page.contains("Former Secretary General"));
}

/// A page removed from the output folder behind a session's back is written again
/// by its next rebuild, which finds the folder not as it left it.
#[test]
fn a_session_sets_a_tampered_folder_right() {
    let d = Dossier::fixture();
    let project = dossier::Project::new(d.root(), Some(d.out()));
    let mut session = dossier::Session::new(project);
    session
        .rebuild(&[])
        .unwrap_or_else(|_| panic!("first build"));
    let gone = d.out().join("actors/nato/index.html");
    std::fs::remove_file(&gone).unwrap();
    d.edit(
        "content/actors/russia.yaml",
        "kind: country",
        "kind: country\nrole: Aggressor state",
    );
    let (_, site) = session
        .rebuild_reported(&["content/actors/russia.yaml".into()], true, &mut |_, _| {})
        .unwrap_or_else(|_| panic!("rebuild"));
    assert!(gone.is_file(), "the removed page is written again");
    for (path, bytes) in &site.files {
        assert_eq!(
            &std::fs::read(d.out().join(path)).unwrap(),
            &**bytes,
            "{path}"
        );
    }
}

/// An edit of an actor's own fields writes the actor's page before the pages that
/// list the actor are rendered: when one of those then fails, the page written first
/// is put back, and the output stays as the last build left it.
#[test]
fn a_failed_render_puts_back_the_page_written_first() {
    let d = Dossier::fixture();
    d.age();
    // The actors index fails on a role that says "boom"; the actor's own page does not.
    d.write(
        "templates/actors.html",
        "{% for g in page.groups %}{% for c in g.actors %}{% if c.actor.role %}{% if c.actor.role is containing(pat=\"boom\") %}{{ no_such_thing }}{% endif %}{% endif %}{% endfor %}{% endfor %}",
    );
    let project = dossier::Project::new(d.root(), Some(d.out()));
    let mut session = dossier::Session::new(project);
    session
        .rebuild(&[])
        .unwrap_or_else(|_| panic!("first build"));
    let page = "actors/russia/index.html";
    let before = std::fs::read(d.out().join(page)).unwrap();
    let edit = |role: &str| {
        d.edit(
            "content/actors/russia.yaml",
            "kind: country",
            &format!("kind: country\nrole: {role}"),
        );
    };
    // What `serve` is handed to serve, call by call: the actor's page in each.
    let mut served: Vec<Vec<u8>> = Vec::new();
    edit("boom");
    let failed = session.rebuild_reported(
        &["content/actors/russia.yaml".into()],
        true,
        &mut |site, _| served.push(site.files[page].to_vec()),
    );
    assert!(
        matches!(failed, Err(dossier::Failure::Content(_))),
        "the actors index fails"
    );
    assert_eq!(
        std::fs::read(d.out().join(page)).unwrap(),
        before,
        "{page} is as the last build left it"
    );
    assert_eq!(served.len(), 2, "the edited page, then the last site again");
    assert!(String::from_utf8_lossy(&served[0]).contains("boom"));
    assert_eq!(served[1], before, "serve is handed the last site back");
    d.edit("content/actors/russia.yaml", "\nrole: boom", "");
    edit("Aggressor state");
    served.clear();
    session
        .rebuild_reported(
            &["content/actors/russia.yaml".into()],
            true,
            &mut |site, _| served.push(site.files[page].to_vec()),
        )
        .unwrap_or_else(|_| panic!("rebuild after the failure fails"));
    assert!(read(&d, page).contains("Aggressor state"));
    assert!(
        String::from_utf8_lossy(&served[0]).contains("Aggressor state"),
        "serve shows the edited page before the pages that list it are rendered"
    );
}

/// Edits that make a session resolve anew (a seed's text, a commitment, an event, an
/// actor's names, a discrepancy, a Markdown page) still write the edited entity's own
/// page first, and only it, before the pages that list it: at 100,000 sources those
/// take seconds.
#[test]
fn an_edit_resolved_anew_shows_its_own_page_first() {
    let d = Dossier::fixture();
    d.age();
    let project = dossier::Project::new(d.root(), Some(d.out()));
    let mut session = dossier::Session::new(project);
    session
        .rebuild(&[])
        .unwrap_or_else(|_| panic!("first build"));
    let edits = [
        (
            "seeds/gamma.txt",
            "Some Russians disagreed",
            "Some lasting Russians disagreed",
            "sources/gamma/index.html",
        ),
        (
            "content/commitments/g7-security.yaml",
            "summary: The G7's pledge.",
            "summary: The G7's lasting pledge.",
            "commitments/g7-security/index.html",
        ),
        (
            "content/events/signing.yaml",
            "title: The G7 signs the pact",
            "title: The G7 signs its lasting pact",
            "events/signing/index.html",
        ),
        (
            "content/actors/stoltenberg.yaml",
            "name: Jens Stoltenberg",
            "name: Jens lasting Stoltenberg",
            "actors/stoltenberg/index.html",
        ),
        (
            "content/discrepancies/signing-day.yaml",
            "note: Signed on Tuesday.",
            "note: Signed on a lasting Tuesday.",
            "discrepancies/signing-day/index.html",
        ),
        (
            "content/pages/about.md",
            "A fixture for the tests.",
            "A lasting fixture for the tests.",
            "about/index.html",
        ),
    ];
    for (file, from, to, page) in edits {
        d.edit(file, from, to);
        let mut announced: Vec<(Vec<String>, String)> = Vec::new();
        session
            .rebuild_reported(&[file.into()], true, &mut |site, report| {
                let shown = String::from_utf8_lossy(&site.files[page]).into_owned();
                announced.push((report.paths.clone(), shown));
            })
            .unwrap_or_else(|_| panic!("{file}: rebuild fails"));
        assert_eq!(announced.len(), 2, "{file}: its page, then every page");
        let (paths, shown) = &announced[0];
        assert_eq!(paths, &[page.to_string()], "{file}: written first");
        assert!(shown.contains("lasting"), "{file}: {page} shows the edit");
        assert!(
            announced[1].0.len() > 1,
            "{file}: the pages that list it follow: {:?}",
            announced[1].0
        );
    }
}
