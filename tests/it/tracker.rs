//! The tracker's data: a commitment's dated history and amounts, corrections and
//! updates, as editors write them and as readers and programs get them (dossier.json,
//! the spreadsheets under data/, feed.xml).

use crate::support::Dossier;

/// The fixture's commitment, given two history steps (one resting on a quote, one the
/// editors' judgement), an amount, a correction and an update.
pub(crate) const TRACKED: &str = r#"title: G7 commits to Ukraine's long-term security
by: [g7]
to: [ukraine]
date: 2023-07-12
event: signing
categories: [security]
evidence:
  - source: alpha
    quote: "committing to ensure Ukraine's long-term security"
history:
  - date: 2023-07-12
    status: announced
    evidence:
      - source: alpha
        quote: The leaders of the G7 signed today a statement
  - date: 2023-09-01
    status: in-progress
    note: The first talks began.
amounts:
  - value: 1500000000
    currency: eur
    kind: pledged
    date: 2023-07-12
    evidence:
      - source: beta
        quote: the pact was signed on Tuesday
corrections:
  - date: 2023-07-20
    note: The signing was on 12 July, not 11 July.
updated: 2023-09-02
"#;

fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("a valid CSV row"))
        .collect()
}

#[test]
fn history_amounts_and_corrections_reach_the_data_files() {
    let d = Dossier::fixture();
    d.write("content/commitments/g7-security.yaml", TRACKED);
    d.build();
    assert_eq!(
        crate::support::broken_links(&d.out()),
        Vec::<String>::new(),
        "every quote of a step or an amount has its anchor, every correction too"
    );
    let page = d.page("commitments/g7-security/index.html");
    for shown in [
        "<section id=\"history\"",
        "the editors’ judgement, no source quoted",
        "1,500,000,000 EUR",
        "id=\"evidence-3\"",
        "<a href=\"#corrections\">Corrected <time datetime=\"2023-07-20\">",
        "id=\"correction-1\"",
        "Last updated <time datetime=\"2023-09-02\">",
    ] {
        assert!(page.contains(shown), "no {shown} in:\n{page}");
    }
    // The commitments index totals the amounts per currency, by actor and category,
    // as a table and a chart.
    let index = d.page("commitments/index.html");
    let amounts = crate::support::section(&index, "amounts");
    assert!(
        amounts.contains("<h3 id=\"amounts-EUR\">EUR</h3>"),
        "{amounts}"
    );
    assert!(amounts.contains("<svg class=\"chart\""), "{amounts}");
    assert!(
        amounts.contains("<th scope=\"row\"><a href=\"../actors/g7/index.html\">G7</a></th><td class=\"num\" data-label=\"Pledged\"><span class=\"v\">1,500,000,000</span></td><td class=\"num\" data-label=\"Delivered\"><span class=\"v\">0</span></td>"),
        "{amounts}"
    );
    assert!(
        amounts.contains("<th scope=\"row\">security</th>"),
        "{amounts}"
    );
    // The timeline shows each step, on its day.
    let timeline = d.page("timeline/index.html");
    assert!(
        timeline.contains("<a href=\"../commitments/g7-security/index.html\">G7 commits to Ukraine&#39;s long-term security</a> <span class=\"muted\">· now in progress (the editors’ judgement)</span>"),
        "{timeline}"
    );
    assert!(timeline.contains("· now announced</span>"), "{timeline}");
    let json: serde_json::Value = serde_json::from_str(&d.page("dossier.json")).unwrap();
    let c = &json["commitments"]["g7-security"];
    assert_eq!(c["status"], "in-progress", "the latest step's status");
    assert_eq!(c["history"].as_array().unwrap().len(), 2);
    assert_eq!(c["amounts"][0]["currency"], "EUR");
    assert_eq!(c["amounts"][0]["value"], 1.5e9);
    assert_eq!(c["corrections"][0]["date"], "2023-07-20");
    assert_eq!(c["updated"], "2023-09-02");

    // The spreadsheets hold what dossier.json holds.
    let count = |kind: &str| json[kind].as_object().unwrap().len();
    let commitments = csv_rows(&d.page("data/commitments.csv"));
    assert_eq!(commitments.len(), count("commitments"));
    assert_eq!(csv_rows(&d.page("data/actors.csv")).len(), count("actors"));
    assert_eq!(csv_rows(&d.page("data/events.csv")).len(), count("events"));
    assert_eq!(
        csv_rows(&d.page("data/sources.csv")).len(),
        count("sources")
    );
    let quotes = |x: &serde_json::Value| x.as_array().map_or(0, Vec::len);
    let mut in_json = 0;
    for e in json["events"].as_object().unwrap().values() {
        in_json += quotes(&e["evidence"]);
    }
    for c in json["commitments"].as_object().unwrap().values() {
        in_json += quotes(&c["evidence"]);
        for s in c["history"].as_array().into_iter().flatten() {
            in_json += quotes(&s["evidence"]);
        }
        for a in c["amounts"].as_array().into_iter().flatten() {
            in_json += quotes(&a["evidence"]);
        }
    }
    for x in json["discrepancies"].as_object().unwrap().values() {
        in_json += quotes(&x["accounts"]);
    }
    let evidence = csv_rows(&d.page("data/evidence.csv"));
    assert_eq!(evidence.len(), in_json);
    let row = commitments.iter().find(|r| &r[0] == "g7-security").unwrap();
    assert_eq!(
        (&row[6], &row[8], &row[9], &row[10], &row[11]),
        ("in-progress", "2", "3", "2", "1"),
        "status, sources, quotes, steps, amounts"
    );
    assert_eq!(&row[14], "commitments/g7-security/index.html");
    let amounts = csv_rows(&d.page("data/amounts.csv"));
    assert_eq!(amounts.len(), 1);
    assert_eq!(
        (&amounts[0][5], &amounts[0][6], &amounts[0][7]),
        ("1500000000", "EUR", "pledged")
    );
    // The step's quote is cited by the commitment, numbered after its own evidence.
    let step = evidence
        .iter()
        .find(|r| {
            &r[1] == "g7-security" && &r[8] == "The leaders of the G7 signed today a statement"
        })
        .expect("the step's quote is a row");
    assert_eq!(
        (&step[1], &step[2], &step[3]),
        ("g7-security", "history", "evidence-2")
    );
    let source = d.page("sources/alpha/index.html");
    assert!(
        source.contains("href=\"../../commitments/g7-security/index.html#evidence-2\""),
        "the source page links the step's quote to where it is cited"
    );

    // The feed: the correction and the update, newest first, before the sources.
    let feed = d.page("feed.xml");
    let update = feed
        .find("<title>Updated: G7 commits")
        .expect("an update entry");
    let correction = feed
        .find("<title>Correction: G7 commits")
        .expect("a correction entry");
    let source = feed.find("<title>Source added: ").expect("a source entry");
    assert!(update < correction && correction < source, "{feed}");
    assert!(feed.contains("<updated>2023-09-02T00:00:00Z</updated>"));
    assert!(feed.contains("href=\"commitments/g7-security/index.html#correction-1\""));
    assert!(feed.contains("The signing was on 12 July, not 11 July."));

    // The corrections page lists it, linked to the notice; every page points to the
    // feed and to the spreadsheets.
    let corrections = d.page("corrections/index.html");
    assert!(corrections.contains(
        "commitment <a href=\"../commitments/g7-security/index.html#correction-1\">G7 commits to Ukraine&#39;s long-term security</a></p><p>The signing was on 12 July, not 11 July.</p>"
    ), "{corrections}");
    let overview = d.page("index.html");
    assert!(overview
        .contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"feed.xml\""));
    for csv in [
        "commitments",
        "evidence",
        "actors",
        "sources",
        "events",
        "amounts",
    ] {
        assert!(
            overview.contains(&format!("href=\"data/{csv}.csv\"")),
            "no link to {csv}.csv"
        );
    }
}

#[test]
fn a_status_that_disagrees_with_the_history_is_an_error() {
    let d = Dossier::fixture();
    let text = TRACKED.replace("categories:", "status: fulfilled\ncategories:");
    d.write("content/commitments/g7-security.yaml", &text);
    let (code, err) = d.run(&["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "`status` is fulfilled, but the latest step of `history` (2023-09-01) says in-progress"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/commitments/g7-security.yaml:6"),
        "{err}"
    );
    assert!(
        err.contains("remove `status`, or make the two agree"),
        "{err}"
    );
}

#[test]
fn a_bad_amount_or_step_is_placed_at_its_line() {
    let d = Dossier::fixture();
    let text = TRACKED
        .replace("currency: eur", "currency: euros")
        .replace("kind: pledged", "kind: pledgd")
        .replace("status: in-progress", "status: begun")
        .replace(
            "quote: the pact was signed on Tuesday",
            "quote: the pact was signed on Monday",
        );
    d.write("content/commitments/g7-security.yaml", &text);
    let (code, err) = d.run(&["check"]);
    assert_eq!(code, 1, "{err}");
    let file = "content/commitments/g7-security.yaml";
    for (line, msg) in [
        (
            17,
            "`status` must be announced, in-progress, fulfilled, broken or withdrawn, not `begun`",
        ),
        (
            21,
            "`currency` must be a three-letter code (EUR, USD, UAH…), not `euros`",
        ),
        (
            22,
            "an amount's `kind` must be pledged or delivered, not `pledgd`",
        ),
        (26, "quote not found in source `beta`"),
    ] {
        let at = err
            .find(msg)
            .unwrap_or_else(|| panic!("no `{msg}` in:\n{err}"));
        assert!(
            err[at..].contains(&format!("{file}:{line}:")),
            "`{msg}` is not placed at line {line}:\n{err}"
        );
    }
    assert!(err.contains("did you mean `pledged`?"), "{err}");
}

/// Without JavaScript the indexes are the full lists, linked; the filter forms are
/// `hidden` until assets/filter.js shows them, and offer only the values the rows have.
#[test]
fn the_indexes_carry_their_filters_hidden_until_the_script_shows_them() {
    let d = Dossier::fixture();
    d.write("content/commitments/g7-security.yaml", TRACKED);
    d.write(
        "content/commitments/russia-response.yaml",
        "title: Russia vows a response\nby: [russia]\nto: [nato]\nstatus: announced\ncategories: [military]\n",
    );
    d.build();
    let index = d.page("commitments/index.html");
    assert!(
        index.contains("<script src=\"../assets/filter.js\" defer></script>"),
        "{index}"
    );
    assert!(d.out().join("assets/filter.js").is_file());
    let form = &index[index
        .find("<form class=\"filters\"")
        .expect("a filter form")..];
    let form = &form[..form.find("</form>").unwrap()];
    assert!(form.starts_with("<form class=\"filters\" data-for=\"list\" hidden>"));
    for option in [
        "<option value=\"g7\">G7</option>",
        "<option value=\"russia\">Russia</option>",
        "<option value=\"in-progress\">in progress</option>",
        "<option value=\"announced\">announced</option>",
        "<option value=\"military\">military</option>",
    ] {
        assert!(form.contains(option), "{option} in {form}");
    }
    assert!(!form.contains("fulfilled"), "no status no row has: {form}");
    // Every row is there, linked, with what the script filters and sorts by.
    assert_eq!(index.matches("<tr data-item ").count(), 2, "{index}");
    assert!(index.contains("<tr data-item data-by=\"|g7|\" data-to=\"|ukraine|\" data-status=\"|in-progress|\" data-category=\"|security|\" data-sources=\"2\">"), "{index}");
    assert!(index.contains(
        "<a href=\"../commitments/russia-response/index.html\">Russia vows a response</a>"
    ));
    assert!(index.contains("<th scope=\"col\" data-key=\"date\">Date</th>"));
    // The actors index: a card per actor with its other spellings; the sources index.
    let actors = d.page("actors/index.html");
    assert_eq!(
        actors.matches("<li class=\"card\" data-item ").count(),
        8,
        "{actors}"
    );
    assert!(actors.contains("<select name=\"kind\">"), "{actors}");
    let sources = d.page("sources/index.html");
    assert_eq!(sources.matches("<tr data-item ").count(), 3, "{sources}");
    assert!(sources.contains("<input type=\"search\" name=\"title\" data-match=\"text\""));
    // Other pages' commitment tables carry none of it.
    assert!(!d.page("index.html").contains("data-item"));
}

#[test]
fn the_overview_lists_every_download_and_every_page_links_to_that_list() {
    let d = Dossier::fixture();
    d.build();
    let overview = d.page("index.html");
    let data = crate::support::section(&overview, "data");
    let links = crate::support::attrs(data, "href");
    for file in [
        "dossier.json",
        "data/commitments.csv",
        "data/evidence.csv",
        "data/actors.csv",
        "data/sources.csv",
        "data/events.csv",
        "data/amounts.csv",
        "feed.xml",
    ] {
        assert!(links.iter().any(|l| l == file), "{file} not in {links:?}");
        assert!(
            d.out().join(file).is_file(),
            "{file} linked but not written"
        );
    }
    assert!(
        data.contains("Quotes (CSV)</a> — a row per quote"),
        "{data}"
    );
    // The other pages carry one link to the list, not the list.
    let actor = d.page("actors/g7/index.html");
    let footer = &actor[actor.find("<footer").unwrap()..];
    assert!(
        footer.contains(r#"href="../../index.html#data">Data and downloads</a>"#),
        "{footer}"
    );
    assert!(!footer.contains(".csv"), "{footer}");
}
