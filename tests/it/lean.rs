//! A lean output: what every page carries is what it needs. The boilerplate a shared
//! asset can hold is there once, markup is not indented, and repeated elements carry
//! no class or attribute that a parent or a default already gives them.

use std::fs;
use std::path::Path;

use crate::support::*;

/// Every built HTML page under `dir`, as (site path, text).
fn pages(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, bytes) in snapshot(dir) {
        if path.extension().is_some_and(|e| e == "html") {
            let text = String::from_utf8(bytes).expect("pages are UTF-8");
            out.push((path.to_string_lossy().into_owned(), text));
        }
    }
    out
}

#[test]
fn no_page_is_indented_and_the_search_hint_is_the_scripts() {
    let d = Dossier::fixture();
    d.build();
    let all = pages(&d.out());
    assert!(all.len() > 20, "{} pages", all.len());
    for (path, html) in &all {
        if let Some(line) = html.lines().find(|l| l.starts_with([' ', '\t'])) {
            panic!("{path} has an indented line: {line:?}");
        }
        // What the search box does with the script is said by the script.
        assert!(
            !html.contains("Results appear below as you type"),
            "{path} carries the search hint"
        );
        assert!(!html.contains("aria-describedby=\"search-hint\""), "{path}");
    }
    let script = fs::read_to_string(d.out().join("assets/dossier.js")).unwrap();
    assert!(script.contains(
        "\"Results appear below as you type; press Enter for the first, or the down arrow to move through them.\""
    ));
    assert!(script.contains("input.setAttribute(\"aria-describedby\", \"search-hint\")"));
    // Without the script the form still opens the A–Z page with the query.
    let page = d.page("sources/alpha/index.html");
    assert!(page.contains("<form class=\"search\" role=\"search\" action=\"../../az/index.html\">"));
    assert!(page.contains("<input id=\"search-q\" name=\"q\" type=\"search\""));
    assert!(page
        .contains("<label for=\"search-q\" class=\"visually-hidden\">Search the dossier</label>"));
}

#[test]
fn mention_links_and_actor_links_carry_no_class_they_do_not_need() {
    let d = Dossier::fixture();
    d.build();
    let page = d.page("sources/alpha/index.html");
    let text = &page[page.find("<div class=\"text\"").expect("the text")..];
    let text = &text[..text.find("</div>").unwrap()];
    let mentions = text.matches("<a href=\"../../actors/").count();
    assert!(mentions > 2, "{mentions} mentions linked");
    assert!(!page.contains("class=\"mention\""));
    // Paragraph numbers keep their class and their spoken name.
    assert!(text.contains("<a class=\"pnum\" href=\"#p1\" aria-label=\"Paragraph 1\">1</a>"));
    // The list of names needs no class on its links; the count keeps its spoken form.
    let aside = &page[page.find("<aside").expect("named in this source")..];
    let aside = &aside[aside.find("<ul>").unwrap()..aside.find("</ul>").unwrap()];
    let names = aside.matches("<li><a href=\"../../actors/").count();
    assert!(names > 2, "{aside}");
    assert_eq!(aside.matches(" times\">").count(), names, "{aside}");
    assert!(!aside.contains("class="), "{aside}");
    for (path, html) in pages(&d.out()) {
        assert!(!html.contains("class=\"actor actor-"), "{path}");
        assert!(!html.contains("class=\"mention\""), "{path}");
    }
}

#[test]
fn an_actor_page_groups_its_sentences_and_draws_its_map_in_few_bytes() {
    let d = Dossier::fixture();
    d.build();
    let page = d.page("actors/zelensky/index.html");
    let mentions = section(&page, "mentions");
    assert!(mentions.starts_with("<section id=\"mentions\" class=\"mentions\""));
    let groups = mentions
        .matches("<article><h3><a href=\"../../sources/")
        .count();
    assert!(groups > 0, "{mentions}");
    assert_eq!(
        mentions.matches("<ul><li><a href=\"../../sources/").count(),
        groups
    );
    assert!(
        mentions.contains("\">¶\u{a0}"),
        "paragraph links as ¶ and a no-break space"
    );
    assert!(!mentions.contains("&nbsp;") && !mentions.contains("class=\"kwic\""));
    let related = section(&page, "related");
    let svg = &related[related.find("<svg").expect("a map")..related.find("</svg>").unwrap()];
    // Spokes drawn as one path per width, numbers without a trailing ".0".
    assert!(
        svg.contains("<g class=\"edges\"><path stroke-width=\""),
        "{svg}"
    );
    assert!(
        !svg.contains("<line") && !svg.contains(".0\"") && !svg.contains(".0 "),
        "{svg}"
    );
    let spokes = svg.matches("M320 200L").count();
    assert_eq!(
        spokes,
        svg.matches("<a href=").count(),
        "a spoke per tie: {svg}"
    );
    // Every tie still has its link, its spoken name and its label.
    assert!(svg.contains("role=\"group\" aria-label=\"Volodymyr Zelensky and the "));
    assert_eq!(svg.matches("<title>").count(), spokes);
    assert_eq!(svg.matches("<text ").count(), spokes + 1);
    assert!(related.contains("<li><a href=\"../../actors/"));
    assert!(related.contains("</a> <small>"));
}

#[test]
fn the_coverage_table_carries_no_stacking_labels_it_does_not_stack() {
    let d = Dossier::fixture();
    d.build();
    let page = d.page("coverage/index.html");
    let cited = section(&page, "cited");
    assert!(cited.contains("<table class=\"sources-table\">"));
    assert!(cited.contains("<tr><th scope=\"row\"><a href=\"../sources/"));
    assert!(!cited.contains("data-label") && !cited.contains("class=\"v\""));
    assert!(cited.contains("%</td><td class=\"num\">"));
}

/// A list page's first body row, up to its `</tr>`.
fn first_row(page: &str) -> &str {
    let body = &page[page.find("<tbody>").expect("a table body")..];
    &body[..body.find("</tr>").expect("a row")]
}

#[test]
fn list_rows_wrap_only_the_cells_that_hold_several_things() {
    let d = Dossier::fixture();
    d.build();
    let index = d.page("sources/index.html");
    let row = first_row(&index);
    // Each cell keeps its label for the stacked (narrow) layout; one child needs no wrapper.
    assert_eq!(row.matches("<td data-label=\"").count(), 5, "{row}");
    assert!(!row.contains("class=\"v\""), "{row}");
    let commitments = d.page("commitments/index.html");
    let row = first_row(&commitments);
    assert_eq!(row.matches("<td data-label=\"").count(), 6, "{row}");
    // By, To and Categories may hold several links or tags: they stay one grid item;
    // so does Status, whose badge would otherwise stretch across its column.
    assert_eq!(row.matches("<span class=\"v\">").count(), 4, "{row}");
    assert!(
        row.contains("<span class=\"v\"><span class=\"status"),
        "{row}"
    );
    assert!(row.contains("class=\"num\""), "{row}");
}

/// A dossier's catalogue made from an older copy of the built-in one keeps building, and
/// its search hint is said by the script, in its words.
#[test]
fn a_catalogues_search_hint_is_said_by_the_script() {
    let d = Dossier::fixture();
    d.write(
        "templates/i18n/en.yaml",
        "search:\n  hint: \"Type to search; Enter opens the first result.\"\n",
    );
    d.build();
    let script = fs::read_to_string(d.out().join("assets/dossier.js")).unwrap();
    assert!(
        script.contains("hint.textContent = \"Type to search; Enter opens the first result.\""),
        "{script}"
    );
    assert!(!script.contains("Results appear below as you type"));
    assert!(!d
        .page("index.html")
        .contains("Type to search; Enter opens the first result."));
}
