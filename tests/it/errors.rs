//! What an editor is told when content is broken: the file, the line, what was
//! expected and the fix; exit code 1; the previous site untouched.

use crate::support::*;

/// Builds once (good), breaks the dossier with `breakit`, builds again and returns
/// stderr after checking exit code 1 and an untouched output folder.
fn fails(breakit: impl FnOnce(&Dossier)) -> String {
    let d = Dossier::fixture();
    d.build();
    let before = snapshot(&d.out());
    breakit(&d);
    let (code, err) = d.run(&["build"]);
    assert_eq!(code, 1, "expected content errors:\n{err}");
    assert!(
        snapshot(&d.out()) == before,
        "public/ changed after a failed build:\n{err}"
    );
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    err
}

fn assert_has(err: &str, parts: &[&str]) {
    for p in parts {
        assert!(err.contains(p), "expected {p:?} in:\n{err}");
    }
}

#[test]
fn unknown_id_names_the_nearest() {
    let err = fails(|d| {
        d.edit(
            "content/commitments/g7-security.yaml",
            "by: [g7]",
            "by: [g7, zelenksy]",
        )
    });
    assert_has(
        &err,
        &[
            "error: unknown actor `zelenksy` in `by`",
            "content/commitments/g7-security.yaml:2:10",
            "did you mean `zelensky`?",
        ],
    );
}

#[test]
fn misspelled_field() {
    let err = fails(|d| d.edit("content/actors/zelensky.yaml", "aliases:", "alises:"));
    assert_has(
        &err,
        &[
            "error: unknown field `alises`",
            "content/actors/zelensky.yaml:3:1",
            "did you mean `aliases`?",
        ],
    );
}

#[test]
fn quote_not_in_its_source() {
    let err = fails(|d| {
        d.edit(
            "content/commitments/g7-security.yaml",
            "ensure Ukraine's long-term",
            "ensure Ukraine's lasting",
        )
    });
    assert_has(
        &err,
        &[
            "error: quote not found in source `alpha`",
            "content/commitments/g7-security.yaml:11:12",
            "then the seed has “long-term security.",
            "where the quote has “lasting security",
        ],
    );
}

#[test]
fn quote_with_typo_fixed_is_not_verbatim() {
    // The seed says "Zelenskycommitting": correcting the glue is a misquote.
    let err = fails(|d| {
        d.edit(
            "content/commitments/g7-security.yaml",
            "\"committing to ensure",
            "\"Zelensky committing to ensure",
        )
    });
    assert_has(
        &err,
        &["quote not found in source `alpha`", "seeds/alpha.txt"],
    );
}

#[test]
fn malformed_yaml() {
    let err = fails(|d| {
        d.write(
            "content/actors/nato.yaml",
            "name: NATO\n  kind: organization\n",
        )
    });
    assert_has(
        &err,
        &[
            "content/actors/nato.yaml:2:7",
            "error: a `key: value` is not allowed here",
            "check the indentation",
        ],
    );
    // Files that refer to the broken one are not reported too: one mistake, one error.
    assert!(!err.contains("unknown actor `nato`"), "{err}");
    assert_has(&err, &["1 error;"]);
    let err = fails(|d| {
        d.write(
            "content/actors/nato.yaml",
            "name: 'NATO\nkind: organization\n",
        )
    });
    assert_has(
        &err,
        &["content/actors/nato.yaml", "a quoted value is never closed"],
    );
}

#[test]
fn bad_date() {
    let err = fails(|d| {
        d.edit(
            "content/events/signing.yaml",
            "date: 2023-07-12",
            "date: 2023-02-30",
        )
    });
    assert_has(
        &err,
        &[
            "content/events/signing.yaml:2:7",
            "`date`: `2023-02-30`: February 2023 has no day 30",
        ],
    );
    let err = fails(|d| {
        d.edit(
            "content/sources/alpha.yaml",
            "published: 2023-07-12",
            "published: 12/07/2023",
        )
    });
    assert_has(
        &err,
        &[
            "content/sources/alpha.yaml:4:12",
            "is not a date: write YYYY-MM-DD",
        ],
    );
}

#[test]
fn missing_seed_file() {
    let err = fails(|d| {
        d.edit(
            "content/sources/beta.yaml",
            "seed: beta.txt",
            "seed: betta.txt",
        )
    });
    assert_has(
        &err,
        &[
            "content/sources/beta.yaml:1:7",
            "no seed file `betta.txt` in seeds/",
            "did you mean `beta.txt`?",
        ],
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let err = fails(|d| {
        d.edit(
            "content/actors/zelensky.yaml",
            "kind: person",
            "kind: persn",
        );
        d.edit(
            "content/events/signing.yaml",
            "actors: [g7, zelensky]",
            "actors: [g7, zelensky, natto]",
        );
        d.edit(
            "content/discrepancies/signing-day.yaml",
            "about: events/signing",
            "about: events/sigining",
        );
    });
    assert_has(
        &err,
        &[
            "`kind` must be person, organization, country or group, not `persn`",
            "did you mean `person`?",
            "unknown actor `natto` in `actors`",
            "did you mean `nato`?",
            "`about` names `events/sigining`, which does not exist",
            "did you mean `events/signing`?",
            "3 errors",
        ],
    );
}

#[test]
fn reserved_slugs() {
    let err = fails(|d| d.write("content/pages/actors.md", "---\ntitle: Actors\n---\nHi\n"));
    assert_has(
        &err,
        &["the page slug `actors` collides with the site's own `actors/` folder"],
    );
}

#[test]
fn a_discrepancy_needs_two_accounts_and_ids_must_be_valid() {
    let err = fails(|d| {
        d.write(
            "content/discrepancies/lonely.yaml",
            "title: Lonely\naccounts:\n  - source: alpha\n    quote: signed today\n",
        );
        d.write("content/actors/Bad Name.yaml", "name: X\nkind: person\n");
    });
    assert_has(
        &err,
        &[
            "a discrepancy needs at least two accounts, this one has 1",
            "`Bad Name` is not a valid id",
            "rename the file to `bad-name.yaml`",
        ],
    );
}

#[test]
fn check_writes_nothing_and_warns() {
    let d = Dossier::fixture();
    d.write("seeds/delta.txt", "An orphan article.\n");
    d.write(
        "content/actors/nobody.yaml",
        "name: Nobody Atall\nkind: person\n",
    );
    d.edit(
        "content/actors/russia.yaml",
        "kind: country",
        "kind: country\naliases: [Zelenski]",
    );
    let (code, err) = d.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert_has(
        &err,
        &[
            "content/actors/zelensky.yaml:3:21",
            "the name `Zelenski` is also used by actor `russia`: its mentions are credited to both",
        ],
    );
    assert!(!d.out().exists(), "check must not write the site");
    assert_has(
        &err,
        &[
            "seeds/delta.txt",
            "this seed has no source file",
            "content/actors/nobody.yaml",
            "no source mentions `Nobody Atall`",
        ],
    );
}

#[test]
fn could_not_run_exits_2() {
    let d = Dossier::fixture();
    std::fs::remove_dir_all(d.root().join("content")).unwrap();
    let (code, err) = d.run(&["build"]);
    assert_eq!(code, 2, "{err}");
    assert_has(&err, &["no content/ folder"]);
    let d = Dossier::fixture();
    let (code, err) = d.run(&["build", "--out", d.root().join("content").to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert_has(&err, &["refusing to write the site"]);
}

#[test]
fn a_folder_of_someone_elses_files_is_refused_without_force() {
    let d = Dossier::fixture();
    let theirs = d.root().join("mine");
    std::fs::create_dir_all(&theirs).unwrap();
    std::fs::write(theirs.join("thesis.docx"), "years of work").unwrap();
    let (code, err) = d.run(&["build", "--out", theirs.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert_has(
        &err,
        &[
            "already holds files dossier did not write (thesis.docx)",
            "--force",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(theirs.join("thesis.docx")).unwrap(),
        "years of work"
    );
    let (code, err) = d.run(&["build", "--force", "--out", theirs.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(theirs.join("index.html").exists());
    assert_eq!(
        std::fs::read_to_string(theirs.join("thesis.docx")).unwrap(),
        "years of work",
        "--force keeps their files"
    );
}

/// `build` writes each page as soon as it is rendered, into a staging folder: when a
/// template fails on one kind of page after others were written, that folder goes and
/// the last site stays.
#[test]
fn a_template_failing_mid_build_leaves_the_last_site() {
    let err = fails(|d| {
        d.write(
            "templates/event.html",
            "{% extends \"default/event.html\" %}{% block content %}{{ page.no_such_field.x }}{% endblock content %}",
        )
    });
    assert_has(&err, &["event.html", "no_such_field"]);
}

/// Runs `command` on the fixture with a template that fails on every event page, and
/// checks exit 1 and that nothing was written. Returns the dossier and stderr.
fn with_a_failing_template(command: &str) -> (Dossier, String) {
    let d = Dossier::fixture();
    d.write("templates/event.html", "{{ page.no_such_field.x }}");
    let (code, err) = d.run(&[command]);
    assert_eq!(code, 1, "{err}");
    assert!(!d.out().exists(), "nothing is written:\n{err}");
    (d, err)
}

#[test]
fn a_failed_build_leaves_no_staging_folder() {
    let (d, _) = with_a_failing_template("build");
    let left: Vec<_> = std::fs::read_dir(d.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// `check` keeps no page, but renders every one: a template error fails it.
#[test]
fn check_finds_template_errors() {
    let (_, err) = with_a_failing_template("check");
    assert_has(
        &err,
        &[
            "templates/event.html:1:9",
            "Field `no_such_field` is not defined",
        ],
    );
}

/// A template written for Tera 1 fails at the line and column of the mistake, with
/// what Tera 2 wants instead.
#[test]
fn a_template_syntax_error_points_at_its_place() {
    let d = Dossier::fixture();
    d.write(
        "templates/source.html",
        "{% extends \"default/source.html\" %}\n{% block content %}{{ page.mentioned.0.actor.name }}{% endblock content %}",
    );
    let (code, err) = d.run(&["build"]);
    assert_eq!(code, 1, "{err}");
    assert_has(
        &err,
        &[
            "templates/source.html:2:38",
            "expected identifier",
            "`x[0]`, not `x.0`",
        ],
    );
    // A Tera 1 macro, and a test's argument without its name.
    d.write("templates/source.html", "{% import \"macros.html\" as m %}");
    let (_, err) = d.run(&["build"]);
    assert_has(
        &err,
        &[
            "templates/source.html:1:4",
            "Unknown tag",
            "a macro is a component",
        ],
    );
    d.write(
        "templates/source.html",
        "{% if page.source.title is containing(\"a\") %}x{% endif %}",
    );
    let (_, err) = d.run(&["build"]);
    assert_has(&err, &["templates/source.html:1:", "take named arguments"]);
}

/// `check --format json` gives each name no actor covers with where it occurs, as
/// `[source id, paragraph]` pairs, as editors' tools read them.
#[test]
fn check_json_places_the_names_no_actor_covers() {
    let d = Dossier::fixture();
    let seed = d.root().join("seeds/alpha.txt");
    let text = std::fs::read_to_string(&seed).unwrap();
    let paragraphs = text.split("\n\n").filter(|p| !p.trim().is_empty()).count();
    std::fs::write(
        &seed,
        format!(
            "{}\n\nBudapest was quiet. In Budapest, talks went on.\n",
            text.trim_end()
        ),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json", "--root"])
        .arg(d.root())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let budapest = v["coverage"]["unknown_names"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "Budapest")
        .expect("Budapest is named by no actor");
    let at = serde_json::json!(["alpha", paragraphs + 1]);
    assert_eq!(budapest["count"], 2);
    assert_eq!(budapest["places"], serde_json::json!([at, at]));
}

#[test]
fn check_speaks_json_and_can_fail_on_warnings() {
    let d = Dossier::fixture();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json", "--root"])
        .arg(d.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["ok"], true);
    assert_eq!(v["errors"], 0);
    // The fixture's commitment quotes two sources; its event quotes only gamma for the war.
    assert!(v["coverage"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["source"] == "alpha"));
    let (code, err) = d.run(&["check", "--deny-warnings"]);
    assert_eq!(code, 0, "the fixture has no warnings: {err}");

    d.write(
        "content/commitments/thin.yaml",
        "title: Thin\nby: [g7]\nevidence:\n  - {source: alpha, quote: signed today}\n",
    );
    d.edit(
        "content/commitments/g7-security.yaml",
        "by: [g7]",
        "by: [g7, zelenksy]",
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json", "--root"])
        .arg(d.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    let first = &v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["severity"] == "error")
        .unwrap()
        .clone();
    assert_eq!(first["file"], "content/commitments/g7-security.yaml");
    assert_eq!(first["line"], 2);
    assert_eq!(first["help"], "did you mean `zelensky`?");

    d.edit(
        "content/commitments/g7-security.yaml",
        "by: [g7, zelenksy]",
        "by: [g7]",
    );
    let (code, err) = d.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    assert_has(
        &err,
        &[
            "content/commitments/thin.yaml",
            "this commitment rests on a single source (`alpha`)",
        ],
    );
    let (code, err) = d.run(&["check", "--deny-warnings"]);
    assert_eq!(code, 1, "{err}");
    assert_has(&err, &["failing on warnings"]);
}

/// At 100,000 sources `check` had 77,786 warnings of one kind: a reader sees the first
/// ten of each kind and a count of the rest; errors are never cut; `--verbose` shows
/// every warning and `--format json` lists them all.
#[test]
fn many_warnings_of_one_kind_are_counted_not_listed() {
    let d = Dossier::fixture();
    for i in 0..14 {
        d.write(&format!("seeds/extra{i:02}.txt"), "A short note.\n");
        d.write(
            &format!("content/sources/extra{i:02}.yaml"),
            &format!("seed: extra{i:02}.txt\ntitle: Extra {i}\n"),
        );
    }
    let (code, err) = d.run(&["check"]);
    assert_eq!(code, 0, "{err}");
    let unquoted = "warning: no evidence quotes this source";
    assert_eq!(err.matches(unquoted).count(), 10, "{err}");
    assert!(
        err.contains("… and 4 more warnings like “no evidence quotes this source”"),
        "{err}"
    );
    let (_, all) = d.run(&["check", "--verbose"]);
    assert_eq!(all.matches(unquoted).count(), 14, "{all}");
    assert!(!all.contains("… and"), "{all}");

    for i in 0..12 {
        d.write(
            &format!("content/actors/bad{i:02}.yaml"),
            "name: Bad\nkind: persn\n",
        );
    }
    let (code, err) = d.run(&["check"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(err.matches("not `persn`").count(), 12, "every error: {err}");
}
