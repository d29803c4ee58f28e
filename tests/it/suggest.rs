//! The curation assistant as an editor meets it: `dossier suggest` in its three formats
//! on the fixture (with one more article), the YAML skeletons pasted into content/ and
//! checked, `dossier schema` validating every bundled file and refusing a misspelt id,
//! and what `init` and `new` write for editors' YAML plugins.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::{self, Dossier, BUNDLED};

/// An article that reports a pledge, the signing in other words, and a spelling of
/// Zelensky no actor has.
const DELTA: &str = "Delta report\n\n\
The G7 pledged to send more air defence systems to Ukraine before the winter.\n\n\
G7 leaders signed a statement today with President Zelenskyy, committing to ensure Ukraine’s long-term security.\n\n\
The weather will be cold, and it will rain.\n\n\
The Air Defence Coalition met in Brussels. The Air Defence Coalition has twelve members.\n\n\
In addition, “we will send engineers to the front next month,” the G7 said in a statement.\n";

fn with_delta() -> Dossier {
    let d = Dossier::fixture();
    d.write("seeds/delta.txt", DELTA);
    d.write(
        "content/sources/delta.yaml",
        "seed: delta.txt\ntitle: Delta report\npublished: 2023-07-13\n",
    );
    d
}

/// Runs the binary with `--root`; returns (exit code, stdout, stderr).
fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn suggest_lists_claims_parallels_variants_and_names_for_an_editor() {
    let d = with_delta();
    let before = support::snapshot(d.root());
    let (code, out, err) = run(d.root(), &["suggest"]);
    assert_eq!(code, 0, "{err}");
    // The pledge, with who made it, to whom, and the words that make it one.
    assert!(
        out.contains("delta ¶2  commitment  by g7 → ukraine  (cue “pledged to”"),
        "{out}"
    );
    assert!(
        out.contains(
            "      “The G7 pledged to send more air defence systems to Ukraine before the winter.”"
        ),
        "{out}"
    );
    // A forecast about the weather is the model's doubt: these notes are dense in claims,
    // which lifts every score (`claims::find`), so it may be proposed, but last.
    let claims = &out[..out.find("parallels").expect("a parallels section")];
    if let Some(at) = claims.find("weather") {
        assert!(
            !claims[at..].contains(" ¶"),
            "the weather ranked above a claim:\n{claims}"
        );
    }
    // The signing, reported by alpha (cited) and delta (not) in other words.
    let parallels = &out[out.find("parallels").expect("a parallels section")..];
    assert!(
        parallels
            .lines()
            .any(|l| l.contains("a: alpha ¶2 (cited by ") && l.contains("commitments/g7-security"))
            && parallels.contains("b: delta ¶3 (not cited)"),
        "{parallels}"
    );
    assert!(parallels.contains("differs: "), "{parallels}");
    // The new spelling, with the actor it belongs to, not yet an alias.
    assert!(
        out.lines().any(|l| l.contains("Zelenskyy")
            && l.contains("actors/zelensky")
            && l.contains("not yet aliases: Zelenskyy")),
        "{out}"
    );
    // A name no actor covers, with where it is.
    assert!(
        out.contains("  Air Defence Coalition (2×): delta ¶5, delta ¶5"),
        "{out}"
    );
    // Read-only.
    assert_eq!(before, support::snapshot(d.root()), "suggest wrote files");
}

/// The names an editor is shown are names: an initialism whole, no word that only opens
/// a sentence, no contraction, no day or title hanging on a name.
#[test]
fn names_no_actor_covers_leave_out_sentence_openers_and_keep_initialisms() {
    let d = with_delta();
    d.write(
        "seeds/echo.txt",
        "Echo report\n\n\
         U.S. officials met the Argus Leader Monday. We’re on it, they said.\n\n\
         Meth is cheap. Police seized crystal meth twice, the U.S. embassy said.\n\n\
         What happens next? Nobody at the Argus Leader knows.\n",
    );
    d.write(
        "content/sources/echo.yaml",
        "seed: echo.txt\ntitle: Echo report\npublished: 2023-07-14\n",
    );
    let (code, out, err) = run(
        d.root(),
        &["suggest", "--format", "json", "--source", "echo"],
    );
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let names: Vec<(&str, u64)> = j["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["name"].as_str().unwrap(), n["count"].as_u64().unwrap()))
        .collect();
    assert!(names.contains(&("U.S.", 2)), "{names:?}");
    assert!(names.contains(&("Argus Leader", 2)), "{names:?}");
    for noise in [
        "U",
        "S",
        "Meth",
        "We’re",
        "What",
        "Argus Leader Monday",
        "Nobody",
    ] {
        assert!(
            !names.iter().any(|(n, _)| *n == noise),
            "{noise}: {names:?}"
        );
    }
}

#[test]
fn suggest_json_has_claims_parallels_variants_and_names() {
    let d = with_delta();
    let (code, out, err) = run(d.root(), &["suggest", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let claim = j["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["source"] == "delta" && c["paragraph"] == 2)
        .expect("the pledge among the claims");
    assert_eq!(
        claim["quote"],
        "The G7 pledged to send more air defence systems to Ukraine before the winter."
    );
    assert_eq!(claim["by"], serde_json::json!(["g7"]));
    assert_eq!(claim["to"], serde_json::json!(["ukraine"]));
    assert_eq!(claim["cue"], "pledged to");
    assert_eq!(claim["kind"], "commitment");
    // Trimmed to the claim: no lead-in, no attribution; the speaker is its `by`.
    let reported = j["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["source"] == "delta" && c["paragraph"] == 6)
        .expect("the reported pledge among the claims");
    assert_eq!(
        reported["quote"],
        "“we will send engineers to the front next month,”"
    );
    assert_eq!(reported["by"], serde_json::json!(["g7"]));
    assert_eq!(reported["speaker"], "g7");
    assert_eq!(reported["cue"], "will send");
    let p = j["parallels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["a"]["source"] == "alpha" && p["b"]["source"] == "delta")
        .expect("the signing as a parallel");
    assert!(p["similarity"].as_f64().unwrap() > 0.3, "{p}");
    assert!(p["a"]["cited"]
        .as_array()
        .unwrap()
        .contains(&"commitments/g7-security".into()));
    assert_eq!(p["b"]["cited"], serde_json::json!([]));
    assert!(!p["differs"].as_array().unwrap().is_empty(), "{p}");
    let v = j["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["names"].as_array().unwrap().contains(&"Zelenskyy".into()))
        .expect("Zelenskyy among the variants");
    assert_eq!(v["actor"], "zelensky");
    assert!(v["places"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!(["delta", 3])));
    let n = &j["names"].as_array().unwrap()[0];
    assert_eq!(n["name"], "Air Defence Coalition");
    assert_eq!(n["count"], 2);
    // --source keeps one source's claims; an unknown one is refused with the nearest.
    let (_, out, _) = run(
        d.root(),
        &["suggest", "--format", "json", "--source", "beta"],
    );
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(j["claims"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["source"] == "beta"));
    let (code, _, err) = run(d.root(), &["suggest", "--source", "delt"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("there is no source `delt` (did you mean `delta`?)"),
        "{err}"
    );
}

/// The fixture with one more article (`seeds/<id>.txt`), and what `suggest --format
/// features` (hidden; what `benches/train_claims.py` trains on) says of it.
/// The claims of a `suggest --format json` run.
fn claims_of(root: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let (code, json, err) = run(root, args);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&json).expect("suggest JSON");
    j["claims"].as_array().expect("a claims list").clone()
}

/// The fixture with one more source, `id`, whose seed is `text`.
fn with_notes(id: &str, text: &str) -> Dossier {
    let d = Dossier::fixture();
    d.write(&format!("seeds/{id}.txt"), text);
    d.write(
        &format!("content/sources/{id}.yaml"),
        &format!("seed: {id}.txt\ntitle: {id} notes\npublished: 2023-07-15\n"),
    );
    d
}

fn features_of(id: &str, text: &str) -> (Dossier, serde_json::Value) {
    let d = with_notes(id, text);
    let (code, out, err) = run(
        d.root(),
        &["suggest", "--source", id, "--format", "features"],
    );
    assert_eq!(code, 0, "{err}");
    let j = serde_json::from_str(&out).expect("features JSON");
    (d, j)
}

/// The candidates' quotes in a `--format features` answer.
fn candidate_quotes(j: &serde_json::Value) -> Vec<&str> {
    j["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["quote"].as_str().unwrap())
        .collect()
}

#[test]
fn yaml_skeletons_pasted_into_content_pass_check() {
    let d = with_delta();
    let (code, out, err) = run(d.root(), &["suggest", "--format", "yaml"]);
    assert_eq!(code, 0, "{err}");
    let mut files = 0;
    for doc in out.split("\n---\n").skip(1) {
        let first = doc.lines().next().unwrap();
        let path = first
            .strip_prefix("# ")
            .and_then(|l| l.split(' ').next())
            .unwrap_or_else(|| panic!("a document names its file: {first}"));
        assert!(path.starts_with("content/"), "{path}");
        d.write(path, doc);
        files += 1;
    }
    assert!(
        files >= 3,
        "a commitment and a discrepancy at least:\n{out}"
    );
    assert!(out.contains("quote: 'The G7 pledged to send more air defence systems to Ukraine before the winter.'"), "{out}");
    let (code, json, err) = run(d.root(), &["check", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&json).expect("check JSON");
    assert_eq!(
        j["errors"], 0,
        "pasted skeletons do not check:\n{out}\n{json}\n{err}"
    );
    assert_eq!(code, 0);
}

/// Parses a content file's YAML as JSON, as an editor's plugin reads it.
fn yaml_value(text: &str) -> serde_json::Value {
    serde_norway::from_str(text).expect("YAML")
}

fn validator(dir: &Path, kind: &str) -> jsonschema::Validator {
    let text = fs::read_to_string(dir.join(format!("{kind}.schema.json"))).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).expect("a valid schema")
}

#[test]
fn every_bundled_content_file_validates_against_its_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("schema");
    let (code, _, err) = run(
        Path::new(BUNDLED),
        &["schema", "--out", out.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let mut checked = 0;
    for (dir, kind) in [
        ("actors", "actor"),
        ("sources", "source"),
        ("events", "event"),
        ("commitments", "commitment"),
        ("discrepancies", "discrepancy"),
    ] {
        let v = validator(&out, kind);
        for e in fs::read_dir(Path::new(BUNDLED).join("content").join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "yaml") {
                let value = yaml_value(&fs::read_to_string(&p).unwrap());
                let errors: Vec<String> = v.iter_errors(&value).map(|e| e.to_string()).collect();
                assert!(errors.is_empty(), "{}: {errors:?}", p.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
    // The current ids are the enums, with the descriptions.
    let commitment: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("commitment.schema.json")).unwrap())
            .unwrap();
    let by = &commitment["properties"]["by"];
    assert_eq!(by["description"], "Who made the commitment.");
    assert!(by["anyOf"][0]["enum"]
        .as_array()
        .unwrap()
        .contains(&"volodymyr-zelensky".into()));
    assert!(commitment["properties"]["status"]["enum"]
        .as_array()
        .unwrap()
        .contains(&"in-progress".into()));
}

#[test]
fn a_misspelt_id_or_field_fails_its_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("schema");
    let (code, _, err) = run(
        Path::new(BUNDLED),
        &["schema", "--out", out.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let v = validator(&out, "commitment");
    let good = "title: T\nby: [g7]\nevidence:\n  - source: g7-leaders-sign-statement\n    quote: x\n    speaker: fumio-kishida\n";
    assert!(v.is_valid(&yaml_value(good)));
    for bad in [
        good.replace("[g7]", "[g8]"),
        good.replace("speaker: fumio-kishida", "speaker: fumio-kishidа"),
        good.replace(
            "source: g7-leaders-sign-statement",
            "source: g7-leaders-sign",
        ),
        good.replace("title: T", "titel: T"),
        format!("{good}status: promised\n"),
    ] {
        assert!(!v.is_valid(&yaml_value(&bad)), "{bad}");
    }
    let discrepancy = validator(&out, "discrepancy");
    assert!(!discrepancy.is_valid(&yaml_value(
        "title: T\nabout: actors/zelenksy\naccounts:\n  - source: g7-leaders-sign-statement\n    quote: x\n  - source: g7-leaders-sign-statement\n    quote: y\n"
    )));
}

#[test]
fn init_sets_up_schemas_new_names_them_and_a_live_session_keeps_them_current() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("d");
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("init")
        .arg(&root)
        .output()
        .unwrap();
    assert!(out.status.success());
    let settings: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root.join(".vscode/settings.json")).unwrap())
            .unwrap();
    assert_eq!(
        settings["yaml.schemas"][".dossier/schema/commitment.schema.json"],
        serde_json::json!(["content/commitments/*.yaml"])
    );
    assert!(root.join(".dossier/schema/actor.schema.json").is_file());
    let (code, _, err) = run(&root, &["new", "actor", "ada-lovelace"]);
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(root.join("content/actors/ada-lovelace.yaml")).unwrap();
    assert!(
        text.starts_with(
            "# yaml-language-server: $schema=../../.dossier/schema/actor.schema.json\n"
        ),
        "{text}"
    );
    // `dossier schema` writes the new id into the enums where the settings point.
    let (code, _, err) = run(&root, &["schema"]);
    assert_eq!(code, 0, "{err}");
    let commitment =
        fs::read_to_string(root.join(".dossier/schema/commitment.schema.json")).unwrap();
    assert!(commitment.contains("\"ada-lovelace\""), "{commitment}");
    // A live session (`watch`, as `serve`) rewrites them as ids come and go.
    let _heavy = support::heavy();
    let mut watch = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["watch", "-q", "--root"])
        .arg(&root)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let schema = root.join(".dossier/schema/commitment.schema.json");
    let wait_for = |want: &str, present: bool| {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::time::Instant::now() < until {
            if fs::read_to_string(&schema)
                .unwrap_or_default()
                .contains(want)
                == present
            {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        false
    };
    // The first build; then a new actor appears in the enums, a removed one leaves.
    std::thread::sleep(std::time::Duration::from_millis(500));
    fs::write(
        root.join("content/actors/grace-hopper.yaml"),
        "name: Grace Hopper\nkind: person\n",
    )
    .unwrap();
    let added = wait_for("\"grace-hopper\"", true);
    fs::remove_file(root.join("content/actors/ada-lovelace.yaml")).unwrap();
    let removed = wait_for("\"ada-lovelace\"", false);
    let _ = watch.kill();
    let _ = watch.wait();
    assert!(added, "watch did not add grace-hopper to the schema");
    assert!(removed, "watch did not remove ada-lovelace from the schema");
}

#[test]
fn copy_as_evidence_is_served_but_never_built() {
    let d = Dossier::fixture();
    d.build();
    for e in walkdir::WalkDir::new(d.out()) {
        let p = e.unwrap().into_path();
        if p.is_file() {
            let bytes = fs::read(&p).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("Copy as evidence"),
                "{} has the preview's script",
                p.display()
            );
        }
    }
    assert!(dossier::suggest::EVIDENCE_JS.contains("Copy as evidence"));
}

#[test]
fn on_the_bundled_articles_every_proposal_pastes_and_checks() {
    // The bundled dossier without its commitments, events and discrepancies.
    let tmp = tempfile::tempdir().unwrap();
    for dir in ["content", "seeds"] {
        support::copy_dir(&Path::new(BUNDLED).join(dir), &tmp.path().join(dir));
    }
    for kind in ["commitments", "events", "discrepancies"] {
        for e in fs::read_dir(tmp.path().join("content").join(kind)).unwrap() {
            fs::remove_file(e.unwrap().path()).unwrap();
        }
    }
    let (code, out, err) = run(tmp.path(), &["suggest", "--format", "yaml"]);
    assert_eq!(code, 0, "{err}");
    let mut pasted = 0;
    for doc in out.split("\n---\n").skip(1) {
        let path = doc.lines().next().unwrap()[2..].split(' ').next().unwrap();
        fs::write(tmp.path().join(path), doc).unwrap();
        pasted += 1;
    }
    assert!(pasted >= 40, "{pasted} proposals:\n{out}");
    let (_, json, err) = run(tmp.path(), &["check", "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&json).expect("check JSON");
    assert_eq!(j["errors"], 0, "{json}\n{err}");
    // What the issue names among the claims: Zelensky's account of the guarantees,
    // widening them, and what the allies must agree on after the war.
    for words in [
        "security guarantees include measures to help Ukraine protect itself",
        "we will further expand them through bilateral and multilateral agreements",
        "all the NATO allies will have to sit down and agree",
    ] {
        assert!(out.contains(words), "no claim quotes {words:?}");
    }
}

/// The coverage page carries the assistant's lists, each proposal linked to its
/// paragraph, with what already cites a passage.
#[test]
fn the_coverage_page_shows_the_assistants_proposals_linked_to_their_paragraphs() {
    let d = Dossier::fixture();
    d.build();
    let page = d.page("coverage/index.html");
    let assistant = crate::support::section(&page, "assistant");
    assert!(
        assistant.contains("<h3 id=\"claims\">Claims no evidence quotes yet (1 of 1)</h3>"),
        "{assistant}"
    );
    assert!(
        assistant.contains("the NATO-Ukraine Council will meet.</q> <a class=\"para\" href=\"../sources/beta/index.html#p1\">beta ¶1</a>"),
        "{assistant}"
    );
    // Once quoted, it is no longer proposed.
    d.write(
        "content/events/council.yaml",
        "title: The council is to meet\ndate: 2023-07-12\nevidence:\n  - source: beta\n    quote: the NATO-Ukraine Council will meet\n",
    );
    d.build();
    let page = d.page("coverage/index.html");
    let assistant = crate::support::section(&page, "assistant");
    assert!(
        assistant.contains("Claims no evidence quotes yet (0 of 0)"),
        "{assistant}"
    );
}

/// Made-up sentences: each line of the first block states a plan, a date, a condition
/// or a commitment in a form news English often uses; each of the second does not.
const EPSILON: &str = "Epsilon notes\n\n\
The ferry company is set to open a new terminal in early 2026.\n\n\
The council does not expect to raise rents before 2027.\n\n\
NATO said it will steadily replace its old radars.\n\n\
The tenants set a deadline of Friday for the landlord to reply.\n\n\
The court freed the driver on the condition that he surrender his licence.\n\n\
The hearing is scheduled for March 3.\n\n\
Russia left the talks early and will send its answer by letter.\n\n\
Analysts say the merger will lift prices.\n\n\
It is unclear if the ferry will run in winter.\n\n\
He hoped the talks would succeed.\n\n\
The pilot project is promising.\n\n\
The G7's summit will disrupt traffic.\n\n\
“It was a long day,” Will Hart told reporters.\n";

#[test]
fn claims_find_plans_dates_and_conditions_but_not_forecasts_or_hopes() {
    let d = Dossier::fixture();
    d.write("seeds/epsilon.txt", EPSILON);
    d.write(
        "content/sources/epsilon.yaml",
        "seed: epsilon.txt\ntitle: Epsilon notes\npublished: 2023-07-14\n",
    );
    let (code, out, err) = run(d.root(), &["suggest", "--source", "epsilon"]);
    assert_eq!(code, 0, "{err}");
    let claims = &out[..out.find("parallels").expect("a parallels section")];
    // Each proposal as the editor reads it: paragraph, kind, by whom, the cue, the quote.
    for (head, quote) in [
        (
            "epsilon ¶2  intention  by ? → ?  (cue “set to”",
            "The ferry company is set to open a new terminal in early 2026.",
        ),
        (
            "epsilon ¶3  intention  by ? → ?  (cue “expect to”",
            "The council does not expect to raise rents before 2027.",
        ),
        (
            "epsilon ¶4  commitment  by nato → ?  (cue “will steadily replace”",
            "NATO said it will steadily replace its old radars.",
        ),
        (
            "epsilon ¶5  condition  by ? → ?  (cue “deadline”",
            "The tenants set a deadline of Friday for the landlord to reply.",
        ),
        (
            "epsilon ¶6  condition  by ? → ?  (cue “condition that”",
            "The court freed the driver on the condition that he surrender his licence.",
        ),
        (
            "epsilon ¶7  intention  by ? → ?  (cue “scheduled for”",
            "The hearing is scheduled for March 3.",
        ),
        (
            "epsilon ¶8  commitment  by russia → ?  (cue “will send”",
            "Russia left the talks early and will send its answer by letter.",
        ),
    ] {
        assert!(claims.contains(head), "no {head:?} in\n{claims}");
        assert!(
            claims.contains(&format!("“{quote}”")),
            "no {quote:?} in\n{claims}"
        );
    }
    // A forecaster's "will", a hope, an adjective and a man called Will are no claims.
    for not in ["merger", "hoped", "promising", "Hart"] {
        assert!(!claims.contains(not), "{not:?} proposed:\n{claims}");
    }
    // An open question and a thing's "will" (the summit's) are the model's doubts: this
    // notes file is all claims, so the dossier's share of claims lifts every score
    // (`claims::find`), and they may pass the threshold, but only after all seven.
    let lines: Vec<&str> = claims.lines().collect();
    for doubt in ["It is unclear", "cue “will disrupt”"] {
        if let Some(i) = lines.iter().position(|l| l.contains(doubt)) {
            // The head ("   8. epsilon ¶10 …") is the line itself or the one above its quote.
            let head = if lines[i].contains(" ¶") {
                lines[i]
            } else {
                lines[i - 1]
            };
            assert!(
                ["8. ", "9. "]
                    .iter()
                    .any(|r| head.trim_start().starts_with(r)),
                "{doubt:?} ranked too high:\n{claims}"
            );
        }
    }
    assert!(
        ["7", "8", "9"]
            .iter()
            .any(|n| claims.starts_with(&format!("claims no evidence quotes yet: {n} "))),
        "{claims}"
    );
}

/// The claim scorer at work: of made-up sentences, the commitments score above the
/// forecast, the hope and the description, and the hope and the description are never
/// proposed. `--format
/// features` (hidden; what `benches/train_claims.py` trains on) lists every candidate
/// clause with the model's score.
#[test]
fn the_model_scores_commitments_above_forecasts_hopes_and_descriptions() {
    let (d, j) = features_of(
        "zeta",
        "Zeta notes\n\n\
The water board will build a second reservoir by 2028, its chairman said.\n\n\
The bakers' union agreed to end the strike on Monday.\n\n\
Analysts say bread prices will likely rise next year.\n\n\
She hoped the new bridge would bring more visitors.\n\n\
The old mill has three floors and a red roof.\n",
    );
    let names = j["names"].as_array().unwrap();
    assert!(names.iter().any(|n| n == "modal_will") && names.iter().any(|n| n == "forecaster"));
    let score = |words: &str| {
        let c = j["candidates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["quote"].as_str().unwrap().contains(words))
            .unwrap_or_else(|| panic!("no candidate with {words:?}: {j}"));
        assert_eq!(c["features"].as_array().unwrap().len(), names.len());
        c["score"].as_f64().unwrap()
    };
    let (reservoir, strike) = (score("second reservoir"), score("end the strike"));
    let (prices, bridge, mill) = (
        score("bread prices"),
        score("new bridge"),
        score("red roof"),
    );
    for (low, s) in [
        ("forecast", prices),
        ("hope", bridge),
        ("description", mill),
    ] {
        assert!(
            reservoir > s && strike > s,
            "{low} {s} not below {reservoir}, {strike}"
        );
    }
    let (_, json, _) = run(
        d.root(),
        &["suggest", "--source", "zeta", "--format", "json"],
    );
    let j: serde_json::Value = serde_json::from_str(&json).expect("suggest JSON");
    let quotes: Vec<&str> = j["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["quote"].as_str().unwrap())
        .collect();
    assert!(
        quotes.iter().any(|q| q.contains("second reservoir")),
        "{json}"
    );
    assert!(
        quotes.iter().any(|q| q.contains("end the strike")),
        "{json}"
    );
    for not in ["new bridge", "red roof"] {
        assert!(
            !quotes.iter().any(|q| q.contains(not)),
            "{not} proposed: {json}"
        );
    }
    // The forecast is the doubt: proposed, if at all, after both commitments.
    if let Some(at) = quotes.iter().position(|q| q.contains("bread prices")) {
        assert!(at >= 2, "forecast ranked too high: {json}");
    }
}

/// "Mr." or a middle initial does not end a sentence for the claims: the quote is the
/// whole sentence, never "… told Mr." or "Lane that it will …".
#[test]
fn a_claims_quote_runs_on_past_a_title_or_an_initial() {
    let d = Dossier::fixture();
    d.write(
        "seeds/zeta.txt",
        "Talks went on all week.\n\n\
         The union told Mr. Lane that it will strike on May 3.\n\n\
         Acme said John F. Lane will open a new plant in Ohio next year.\n\n\
         Many members still support Mr. Lane as chair.\n",
    );
    d.write(
        "content/sources/zeta.yaml",
        "seed: zeta.txt\ntitle: Zeta notes\npublished: 2023-07-14\n",
    );
    let (code, out, err) = run(d.root(), &["suggest", "--source", "zeta"]);
    assert_eq!(code, 0, "{err}");
    let claims = &out[..out.find("parallels").expect("a parallels section")];
    assert!(
        claims.starts_with("claims no evidence quotes yet: 2"),
        "{claims}"
    );
    for quote in [
        "“The union told Mr. Lane that it will strike on May 3.”",
        "“Acme said John F. Lane will open a new plant in Ohio next year.”",
    ] {
        assert!(claims.contains(quote), "no {quote} in\n{claims}");
    }
    assert!(!claims.contains("support"), "{claims}");
}

/// A claim's quote lies inside a quotation, holds it whole, or stays out of it: it never
/// starts after a quotation's opening mark and runs past its close, nor the reverse.
#[test]
fn a_claims_quote_never_cuts_a_quotation() {
    let (_d, j) = features_of(
        "eta",
        "Hearings went on all week.\n\n\
         “And I asked, well, who pays for it?” said Lane, who will testify on Thursday.\n\n\
         “The plant is old. In the end, we will close it next year,” the mayor said.\n\n\
         “We will hire 200 workers. The plan is sound,” Lane said.\n\n\
         Acme promised that “the depot will open in May.”\n",
    );
    let quotes = candidate_quotes(&j);
    for want in [
        "Lane, who will testify on Thursday.",
        "we will close it next year",
        "We will hire 200 workers.",
        "Acme promised that “the depot will open in May.”",
    ] {
        assert!(quotes.contains(&want), "no {want:?} in {quotes:#?}");
    }
    for q in &quotes {
        let opened = q.matches('“').count();
        assert_eq!(opened, q.matches('”').count(), "{q:?} cuts a quotation");
        assert!(
            opened == 0 || q.find('“') < q.find('”'),
            "{q:?} cuts a quotation"
        );
    }
}

/// Variants pair a name with its other spellings, never with a common English word
/// that looks like it ("Boeing" / "being"); the name in lower case stays, even when it
/// is a common word too ("turkey" / "Türkiye").
#[test]
fn variants_leave_out_common_words_and_keep_a_lower_case_name() {
    let d = Dossier::fixture();
    d.write(
        "content/actors/boeing.yaml",
        "name: Boeing\nkind: organization\n",
    );
    d.write(
        "content/actors/turkey.yaml",
        "name: Turkey\nkind: country\n",
    );
    d.write(
        "seeds/theta.txt",
        "Boeing said the rocket is being built in Alabama.\n\n\
         Officials in turkey and in Türkiye welcomed the order, and Boeing will deliver it next year.\n",
    );
    d.write(
        "content/sources/theta.yaml",
        "seed: theta.txt\ntitle: Theta notes\npublished: 2023-07-16\n",
    );
    let (code, out, err) = run(d.root(), &["suggest", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let j: serde_json::Value = serde_json::from_str(&out).expect("suggest JSON");
    let groups: Vec<Vec<&str>> = j["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            v["names"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap())
                .collect()
        })
        .collect();
    assert!(
        groups
            .iter()
            .any(|g| g.contains(&"turkey") && g.contains(&"Türkiye")),
        "{groups:?}"
    );
    assert!(!groups.iter().any(|g| g.contains(&"being")), "{groups:?}");
}

/// A claim keeps the lead-in a relative clause hangs on ("In Europe, where …") and the
/// subject before an aside between dashes ("Plug & Charge – which … – will be …").
#[test]
fn a_claims_quote_keeps_its_subject_and_what_a_relative_clause_needs() {
    let (_d, j) = features_of(
        "iota",
        "Sales notes\n\n\
         In Europe, where orders open in May, Acme will sell the van for 40,000 euros.\n\n\
         Fast charging – which pays at the charger – will be offered from 2026.\n",
    );
    let quotes = candidate_quotes(&j);
    for want in [
        "In Europe, where orders open in May, Acme will sell the van for 40,000 euros.",
        "Fast charging – which pays at the charger – will be offered from 2026.",
    ] {
        assert!(quotes.contains(&want), "no {want:?} in {quotes:#?}");
    }
}

#[test]
fn yaml_skeleton_ids_and_summaries_read_as_an_editor_would_write_them() {
    let d = with_delta();
    let (code, out, err) = run(d.root(), &["suggest", "--format", "yaml"]);
    assert_eq!(code, 0, "{err}");
    // An id opens with the actor and does not name it again.
    let ids: Vec<&str> = out
        .lines()
        .filter_map(|l| l.strip_prefix("# content/commitments/"))
        .filter_map(|l| l.split(".yaml").next())
        .collect();
    assert!(
        ids.contains(&"g7-pledged-send-more-defence-systems"),
        "{ids:?}"
    );
    for id in &ids {
        let mut parts = id.split('-');
        let first = parts.next().unwrap();
        assert!(parts.all(|p| p != first), "{id} names its actor twice");
    }
    // Where one source has words the other lacks, the summary says "nothing", not “”.
    assert!(!out.contains("“”"), "{out}");
    assert!(
        out.contains("“Volodymyr Zelenskycommitting” / “Zelenskyy, committing”")
            && out.contains("“today” / nothing"),
        "{out}"
    );
}

/// Scores follow the material: the same clause scores higher among notes dense in
/// commitments than among notes that mostly describe.
#[test]
fn a_dossier_dense_in_commitments_lifts_its_claims_scores() {
    let claim = "The port will open a new terminal in March.";
    let score = |notes: String| {
        let d = with_notes("zeta", &format!("Zeta notes\n\n{notes}{claim}\n"));
        claims_of(d.root(), &["suggest", "--format", "json"])
            .iter()
            .find(|c| c["quote"] == claim)
            .map(|c| c["score"].as_f64().unwrap())
    };
    let dense: String = [
        "The water board will build a second reservoir by 2028.",
        "The bakers' union agreed to end the strike on Monday.",
        "The city pledged to plant 5,000 trees next year.",
        "The ministry promised to repay the loan by 2030.",
        "The mayor vowed to cut bus fares in January.",
    ]
    .iter()
    .map(|s| format!("{s}\n\n"))
    .collect();
    let sparse: String = (1..=40)
        .map(|i| format!("The old mill number {i} has three floors and a red roof.\n\n"))
        .collect();
    let dense = score(dense).expect("not proposed among commitments");
    assert!(
        score(sparse).is_none_or(|s| s < dense),
        "scored as high among descriptions"
    );
}

/// `--source` keeps one source's claims as the whole list has them, scores included
/// (the dossier's share of claims is the whole dossier's either way).
#[test]
fn one_sources_claims_are_the_same_alone_and_in_the_whole_list() {
    let d = with_delta();
    let claims = |args: &[&str]| {
        let mut all = claims_of(d.root(), args);
        all.retain(|c| c["source"] == "delta");
        all
    };
    let whole = claims(&["suggest", "--format", "json"]);
    assert!(!whole.is_empty());
    assert_eq!(
        claims(&["suggest", "--source", "delta", "--format", "json"]),
        whole
    );
}
