//! What a reader does, in a real browser: `tests/browser/run.mjs` (playwright-core
//! driving Debian's chromium, axe-core, poppler for the PDF) over the bundled dossier
//! built by the real binary. Search, link previews, the map, the print page as PDF,
//! accessibility and console errors on every kind of page.
//!
//! Needs chromium, poppler-utils, node and `npm ci --prefix tests/browser`. Without
//! them the test is skipped, unless `DOSSIER_BROWSER_TESTS=1` (set by `.ci/run`), when
//! it fails and says how to install them.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{self, BUNDLED};

const INSTALL: &str = "apt-get install -y chromium poppler-utils && npm ci --prefix tests/browser";

/// What the browser tests need and this machine lacks.
fn missing(browser_dir: &Path) -> Vec<String> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let runs = |cmd: &str, arg: &str| {
        Command::new(cmd)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let mut missing = Vec::new();
    if !chromium.is_file() {
        missing.push(format!("chromium ({})", chromium.display()));
    }
    if !runs("node", "--version") {
        missing.push("node".to_string());
    }
    if !runs("pdftotext", "-v") || !runs("pdfinfo", "-v") {
        missing.push("pdftotext and pdfinfo (poppler-utils)".to_string());
    }
    for module in ["playwright-core", "axe-core"] {
        if !browser_dir.join("node_modules").join(module).is_dir() {
            missing.push(format!("tests/browser/node_modules/{module}"));
        }
    }
    missing
}

#[test]
fn search_previews_map_print_and_accessibility_in_chromium() {
    let browser_dir = Path::new(BUNDLED).join("tests/browser");
    let missing = missing(&browser_dir);
    if !missing.is_empty() {
        let what = missing.join(", ");
        if std::env::var("DOSSIER_BROWSER_TESTS").as_deref() == Ok("1") {
            panic!("DOSSIER_BROWSER_TESTS=1 but the browser tests cannot run: no {what}; install them with `{INSTALL}`");
        }
        eprintln!(
            "skipped: browser tests need {what} (install with `{INSTALL}`; set DOSSIER_BROWSER_TESTS=1 to make this a failure)"
        );
        return;
    }

    let _heavy = support::heavy();
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    // The bundled dossier, with one commitment given what the tracker shows: two
    // history steps, amounts in two currencies and a correction.
    let tracked = tmp.path().join("tracked");
    for dir in ["content", "seeds"] {
        support::copy_dir(&Path::new(BUNDLED).join(dir), &tracked.join(dir));
    }
    let file = tracked.join("content/commitments/g7-bilateral-security-agreements.yaml");
    let mut yaml = std::fs::read_to_string(&file).expect("the bundled commitment");
    yaml.push_str(TRACKED);
    std::fs::write(&file, yaml).unwrap();
    let build = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .arg("--root")
        .arg(&tracked)
        .arg("--out")
        .arg(&out)
        .arg("-q")
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier");
    assert!(
        build.status.success(),
        "building the bundled dossier (with a tracked commitment) failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    // A larger dossier, for what a search loads as the index grows.
    let crowd = crowd(CROWD_SOURCES);
    let crowd_out = tmp.path().join("crowd");
    let build = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "-q", "--root"])
        .arg(crowd.root())
        .arg("--out")
        .arg(&crowd_out)
        .output()
        .expect("run dossier");
    assert!(
        build.status.success(),
        "building the generated dossier failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    // `dossier serve` on a copy of the bundled dossier, for "Copy as evidence".
    let served = tmp.path().join("served");
    for dir in ["content", "seeds"] {
        support::copy_dir(&Path::new(BUNDLED).join(dir), &served.join(dir));
    }
    let mut serve = Serve::start(&served);
    let evidence_out = tmp.path().join("evidence.yaml");
    let run = Command::new("node")
        .arg(browser_dir.join("run.mjs"))
        .arg(&out)
        .env("DOSSIER_SERVE_URL", &serve.url)
        .env("DOSSIER_EVIDENCE_OUT", &evidence_out)
        .env("DOSSIER_SEARCH_SITE", &crowd_out)
        .output()
        .expect("run node");
    serve.stop();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    // Every check's line: shown with `cargo test -- --nocapture`, and on failure.
    println!("{stdout}{stderr}");
    let failures = stdout.find("failure(s) in").map_or("", |i| {
        let line = stdout[..i].rfind('\n').map_or(0, |l| l + 1);
        &stdout[line..]
    });
    assert!(
        run.status.success(),
        "browser tests failed ({}), every check above; {failures}{stderr}",
        run.status
    );

    // The copied items, pasted under a commitment's `evidence:`, build.
    let copied = std::fs::read_to_string(&evidence_out).expect("the copied evidence items");
    let items: String = copied.lines().map(|l| format!("  {l}\n")).collect();
    std::fs::write(
        served.join("content/commitments/pasted-evidence.yaml"),
        format!("title: Pasted from the browser\nby: [g7]\nevidence:\n{items}"),
    )
    .unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json", "--root"])
        .arg(&served)
        .output()
        .expect("run dossier");
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).expect("check JSON");
    assert_eq!(
        json["errors"],
        0,
        "the pasted items do not check:\n{copied}\n{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert!(copied.contains("speaker: fumio-kishida"), "{copied}");
}

/// Appended to a bundled commitment: its status `in-progress` as the latest step.
const TRACKED: &str = r#"history:
  - date: 2023-07-12
    status: announced
    evidence:
      - source: g7-leaders-sign-statement
        quote: 'the declaration serves to launch a series of bilateral negotiations'
  - date: 2023-07-13
    status: in-progress
    note: The first talks began.
amounts:
  - value: 1500000000
    currency: EUR
    kind: pledged
    date: 2023-07-12
  - value: 250000000
    currency: EUR
    kind: delivered
    date: 2023-09-01
  - value: 400000000
    currency: USD
    kind: pledged
    date: 2023-07-12
corrections:
  - date: 2023-07-20
    note: The declaration was signed on 12 July, not 11 July.
updated: 2023-09-02
"#;

/// Sources in the generated dossier the search check types a name into.
const CROWD_SOURCES: usize = 2000;

/// `n` sources naming `n / 5` made-up people (names of made-up syllables, as the
/// benchmark's generator makes them), each source naming three of them in full.
fn crowd(n: usize) -> support::Dossier {
    const SYL: [&str; 20] = [
        "ka", "ro", "mi", "ten", "vo", "lar", "shi", "den", "bor", "ul", "az", "ne", "tri", "gan",
        "pel", "sor", "vik", "dra", "mon", "el",
    ];
    let d = support::Dossier::fixture();
    let mut seed = 7u64;
    let mut next = move |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % m
    };
    let mut word = |syllables: usize| {
        let w: String = (0..syllables).map(|_| SYL[next(SYL.len())]).collect();
        w[..1].to_uppercase() + &w[1..]
    };
    let mut names = std::collections::BTreeSet::new();
    while names.len() < n / 5 {
        names.insert(format!("{} {}", word(2), word(3)));
    }
    let names: Vec<String> = names.into_iter().collect();
    for (i, name) in names.iter().enumerate() {
        d.write(
            &format!("content/actors/p{i:04}.yaml"),
            &format!("name: {name}\nkind: person\nrole: Delegate\n"),
        );
    }
    for s in 0..n {
        let who: Vec<&String> = (1..=3)
            .map(|k| &names[(s * 7 + k * 13) % names.len()])
            .collect();
        let text = format!(
            "{} met {} in the capital on day {s} of the talks.\n{} said the talks would go on.\n",
            who[0], who[1], who[2]
        );
        d.write(&format!("seeds/c{s:04}.txt"), &text);
        d.write(
            &format!("content/sources/c{s:04}.yaml"),
            &format!("seed: c{s:04}.txt\ntitle: Talks, day {s}\n"),
        );
    }
    d
}

/// `dossier serve` in the background, on a free port; stopped on drop.
struct Serve {
    child: std::process::Child,
    url: String,
}

impl Serve {
    fn start(root: &Path) -> Serve {
        use std::io::BufRead;
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .arg("--out")
            .arg(root.join("public"))
            .env("NO_COLOR", "1")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run dossier serve");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = std::io::BufReader::new(stderr).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("serve to say where it serves")
                .expect("a line");
            if let Some(rest) = line.strip_prefix("serving ") {
                break rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
            }
        };
        // Keep reading, so that serve never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Serve { child, url }
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        self.stop();
    }
}
