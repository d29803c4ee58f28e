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
    let build = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root", BUNDLED, "--out"])
        .arg(&out)
        .arg("-q")
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier");
    assert!(
        build.status.success(),
        "building the bundled dossier failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    let run = Command::new("node")
        .arg(browser_dir.join("run.mjs"))
        .arg(&out)
        .output()
        .expect("run node");
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
}
