//! The bundled Vilnius dossier: the invariants a reader relies on.

use dossier::Project;

use crate::support::BUNDLED;

fn checked() -> dossier::Checked {
    match dossier::check(&Project::new(BUNDLED, None)) {
        Ok(c) => c,
        Err(dossier::Failure::Content(d)) => panic!(
            "{}",
            d.sorted()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
        Err(dossier::Failure::CannotRun(m)) => panic!("{m}"),
    }
}

#[test]
fn every_seed_has_a_source_and_nothing_warns() {
    let c = checked();
    assert_eq!(
        c.diagnostics.iter().count(),
        0,
        "no warnings: {:?}",
        c.diagnostics.sorted()
    );
    let seeds: Vec<String> = std::fs::read_dir(format!("{BUNDLED}/seeds"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(seeds.len(), 5);
    for s in seeds {
        assert!(
            c.dossier.sources.values().any(|src| src.seed == s),
            "{s} has no source file"
        );
    }
}

#[test]
fn every_actor_is_named_in_a_seed_or_says_why_not() {
    let c = checked();
    for a in c.dossier.actors.values() {
        let why = a
            .summary
            .as_ref()
            .is_some_and(|s| s.markdown.to_lowercase().contains("not named"));
        assert!(
            !a.mentions.is_empty() || why,
            "{} is named in no seed",
            a.id
        );
    }
}

#[test]
fn every_claim_rests_on_verified_evidence() {
    let c = checked();
    let d = &c.dossier;
    for x in d.commitments.values() {
        assert!(
            !x.evidence.is_empty(),
            "commitment {} has no evidence",
            x.id
        );
    }
    for x in d.discrepancies.values() {
        assert!(
            x.accounts.len() >= 2,
            "discrepancy {} has {} accounts",
            x.id,
            x.accounts.len()
        );
        assert!(!x.about.is_empty(), "discrepancy {} is about nothing", x.id);
    }
    // Every quote was verified (an unverified one fails the build) and located.
    let all = d
        .events
        .values()
        .flat_map(|e| &e.evidence)
        .chain(d.commitments.values().flat_map(|c| &c.evidence))
        .chain(d.discrepancies.values().flat_map(|x| &x.accounts));
    let mut n = 0;
    for e in all {
        n += 1;
        let src = &d.sources[&e.source];
        assert!(e.paragraph >= 1 && e.paragraph <= src.paragraphs.len());
        assert!(e.citation >= 1, "every quote is numbered in its source");
    }
    assert!(
        n > 100,
        "the bundled dossier quotes its sources throughout ({n} quotes)"
    );
    // A commitment reported by several articles is quoted from several.
    let g7 = d
        .commitments
        .values()
        .max_by_key(|c| c.sources.len())
        .unwrap();
    assert_eq!(
        g7.sources.len(),
        5,
        "the G7 declaration is reported by all five articles"
    );
}
