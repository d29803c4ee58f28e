//! The bad-input corpus in tests/bad/cases.yaml: every case gets the message it
//! expects (file, line, words), never a panic; awkward-but-valid input builds.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use dossier::{Failure, Project};
use serde::Deserialize;

use crate::support::Dossier;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    write: BTreeMap<String, String>,
    replace: Option<Replace>,
    bytes: Option<Bytes>,
    repeat: Option<Repeat>,
    delete: Option<String>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    file: String,
    from: String,
    to: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bytes {
    file: String,
    hex: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Repeat {
    file: String,
    #[serde(default)]
    prefix: String,
    text: String,
    times: usize,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Expect {
    /// `ok`: builds without error.
    Ok(String),
    Diag {
        file: String,
        line: Option<usize>,
        message: String,
        help: Option<String>,
    },
}

fn apply(d: &Dossier, c: &Case) {
    for (f, text) in &c.write {
        d.write(f, text);
    }
    if let Some(r) = &c.replace {
        d.edit(&r.file, &r.from, &r.to);
    }
    if let Some(b) = &c.bytes {
        let bytes: Vec<u8> = (0..b.hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&b.hex[i..i + 2], 16).unwrap())
            .collect();
        std::fs::write(d.root().join(&b.file), bytes).unwrap();
    }
    if let Some(r) = &c.repeat {
        std::fs::write(
            d.root().join(&r.file),
            format!("{}{}", r.prefix, r.text.repeat(r.times)),
        )
        .unwrap();
    }
    if let Some(f) = &c.delete {
        std::fs::remove_file(d.root().join(f)).unwrap();
    }
}

/// Why a case failed, or `None` if it holds.
fn run(c: &Case) -> Option<String> {
    let d = Dossier::fixture();
    apply(&d, c);
    let result = catch_unwind(AssertUnwindSafe(|| {
        dossier::check(&Project::new(d.root(), None))
    }));
    let result = match result {
        Ok(r) => r,
        Err(_) => return Some("panicked".into()),
    };
    match (&c.expect, result) {
        (Expect::Ok(s), Ok(_)) if s == "ok" => None,
        (Expect::Ok(_), Ok(_)) => Some("`expect` must be `ok` or a diagnostic".into()),
        (Expect::Ok(_), Err(Failure::Content(d))) => {
            Some(format!("expected a clean build, got:\n{}", list(&d)))
        }
        (_, Err(Failure::CannotRun(m))) => Some(format!("could not run: {m}")),
        (Expect::Diag { .. }, Ok(_)) => Some("expected an error, the dossier built".into()),
        (
            Expect::Diag {
                file,
                line,
                message,
                help,
            },
            Err(Failure::Content(d)),
        ) => {
            let hit = d.iter().any(|x| {
                x.file == std::path::Path::new(file)
                    && (line.is_none() || x.line == *line)
                    && x.message.contains(message.as_str())
                    && help
                        .as_ref()
                        .is_none_or(|h| x.help.as_deref().is_some_and(|xh| xh.contains(h.as_str())))
            });
            (!hit).then(|| {
                format!(
                    "expected {file}:{} “{message}”{}, got:\n{}",
                    line.map_or("-".into(), |l| l.to_string()),
                    help.as_ref()
                        .map_or(String::new(), |h| format!(" (help “{h}”)")),
                    list(&d)
                )
            })
        }
    }
}

fn list(d: &dossier::diag::Diagnostics) -> String {
    d.sorted()
        .iter()
        .map(|x| format!("    {x}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_bad_input_gets_its_message() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad/cases.yaml"))
            .unwrap();
    let cases: Vec<Case> = serde_norway::from_str(&text).unwrap();
    assert!(
        cases
            .iter()
            .filter(|c| !matches!(c.expect, Expect::Ok(_)))
            .count()
            >= 30,
        "the corpus keeps at least 30 bad inputs"
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| run(c).map(|why| format!("{}: {why}", c.name)))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
