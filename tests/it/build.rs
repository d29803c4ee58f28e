//! What a reader sees in a built dossier.

use crate::support::*;

#[test]
fn every_page_kind_is_built() {
    let d = Dossier::fixture();
    d.build();
    for p in [
        "index.html",
        "actors/index.html",
        "actors/zelensky/index.html",
        "sources/index.html",
        "sources/alpha/index.html",
        "events/signing/index.html",
        "timeline/index.html",
        "commitments/index.html",
        "commitments/g7-security/index.html",
        "discrepancies/index.html",
        "discrepancies/signing-day/index.html",
        "about/index.html",
        "404.html",
        "dossier.json",
        "sitemap.xml",
        "assets/style.css",
    ] {
        assert!(d.out().join(p).is_file(), "missing {p}");
    }
    assert!(d
        .page("about/index.html")
        .contains("A fixture for the tests."));
}

#[test]
fn actor_pages_list_exactly_the_sources_that_name_them() {
    let d = Dossier::fixture();
    d.build();
    let linked = |actor: &str| -> Vec<String> {
        let page = d.page(&format!("actors/{actor}/index.html"));
        let mut v: Vec<String> = attrs(section(&page, "mentions"), "href")
            .into_iter()
            .filter(|h| h.ends_with("/index.html") && h.contains("/sources/"))
            .collect();
        v.dedup();
        v
    };
    // "Russian", "Russians" are not Russia; "Russia’s" is.
    assert_eq!(linked("russia"), vec!["../../sources/alpha/index.html"]);
    // Glued ("Zelenskycommitting") and alias ("Zelenski") mentions count.
    let mut z = linked("zelensky");
    z.sort();
    assert_eq!(
        z,
        vec![
            "../../sources/alpha/index.html",
            "../../sources/beta/index.html"
        ]
    );
    // Glued on both sides: "GeneralJens Stoltenbergaffirmed".
    assert_eq!(linked("stoltenberg"), vec!["../../sources/beta/index.html"]);
    // "NATO-Ukraine Council" is the council, not NATO and not Ukraine.
    assert_eq!(
        linked("nato-ukraine-council"),
        vec!["../../sources/beta/index.html"]
    );
    assert!(
        linked("nato").contains(&"../../sources/beta/index.html".to_string()),
        "NATO Secretary General"
    );
    let ukraine = d.page("actors/ukraine/index.html");
    assert!(
        !section(&ukraine, "mentions").contains("sources/beta/"),
        "beta names Ukraine only inside the council's name"
    );
    assert!(
        !section(&ukraine, "mentions").contains("sources/gamma/"),
        "gamma has only “Ukrainian”"
    );
}

#[test]
fn mention_context_is_the_sentence() {
    let d = Dossier::fixture();
    d.build();
    let page = d.page("actors/russia/index.html");
    let m = section(&page, "mentions");
    assert!(
        m.contains("Russian officials said the pact “attacked” <mark>Russia</mark>’s security."),
        "{m}"
    );
    assert!(
        m.contains("href=\"../../sources/alpha/index.html#p3\""),
        "{m}"
    );
}

#[test]
fn source_pages_link_mentions_and_mark_quotes() {
    let d = Dossier::fixture();
    d.build();
    let page = d.page("sources/alpha/index.html");
    assert!(page.contains("<p id=\"p2\">"));
    assert!(
        page.contains("<a href=\"../../actors/zelensky/index.html\">Volodymyr Zelensky</a>"),
        "glued mention is linked"
    );
    assert!(page.contains(
        "<a href=\"../../actors/united-states/index.html\" title=\"United States\">US</a>"
    ));
    assert!(
        page.contains("title=\"United States\">USA</a>"),
        "USA is its own alias, not US + A"
    );
    assert!(
        !page.contains(">Russian</a>"),
        "Russian is not linked to Russia"
    );
    // The quoted passage is marked and links to what cites it.
    assert!(page.contains("<mark class=\"quote\""));
    assert!(
        page.contains("href=\"../../commitments/g7-security/index.html#evidence-1\""),
        "quote links to its commitment"
    );
    assert!(
        page.contains("href=\"../../events/signing/index.html#evidence-1\""),
        "quote links to its event"
    );
}

#[test]
fn commitments_link_each_quote_to_its_paragraph() {
    let d = Dossier::fixture();
    d.build();
    let page = d.page("commitments/g7-security/index.html");
    let ev = section(&page, "evidence");
    // The verbatim seed text is shown, with its curly apostrophe, though the editor typed a straight one.
    assert!(
        ev.contains("committing to ensure Ukraine’s long-term security"),
        "{ev}"
    );
    assert!(
        ev.contains("href=\"../../sources/alpha/index.html#p2\""),
        "{ev}"
    );
    assert!(
        ev.contains("href=\"../../sources/beta/index.html#p2\""),
        "{ev}"
    );
    assert!(
        ev.contains("href=\"../../actors/zelensky/index.html\""),
        "the speaker is linked"
    );
    let index = d.page("commitments/index.html");
    assert!(
        index.contains("G7 commits to Ukraine’s long-term security")
            || index.contains("G7 commits to Ukraine&#39;s long-term security")
    );
}

#[test]
fn a_discrepancy_shows_both_accounts() {
    let d = Dossier::fixture();
    d.build();
    let page = d.page("discrepancies/signing-day/index.html");
    let acc = section(&page, "accounts");
    assert!(acc.contains("id=\"account-1\"") && acc.contains("id=\"account-2\""));
    assert!(
        acc.contains("signed today a statement") && acc.contains("the pact was signed on Tuesday")
    );
    assert!(
        acc.contains("Signed on Tuesday."),
        "each account's note is shown"
    );
    assert!(
        page.contains("href=\"../../events/signing/index.html\""),
        "links what it is about"
    );
    assert!(
        d.page("events/signing/index.html")
            .contains("../../discrepancies/signing-day/index.html"),
        "and is linked back"
    );
}

#[test]
fn actor_pages_have_stable_sections() {
    let d = Dossier::fixture();
    d.build();
    let page = d.page("actors/zelensky/index.html");
    for id in [
        "mentions",
        "commitments",
        "statements",
        "events",
        "discrepancies",
        "related",
    ] {
        section(&page, id);
    }
    assert!(
        section(&page, "statements").contains("very positive"),
        "his quoted words are his statements"
    );
    assert!(section(&page, "events").contains("../../events/signing/index.html"));
    assert!(section(&page, "related").contains("../../actors/ukraine/index.html"));
    let g7 = d.page("actors/g7/index.html");
    assert!(section(&g7, "commitments").contains("../../commitments/g7-security/index.html"));
}

#[test]
fn the_overview_counts_everything_it_caps() {
    let d = Dossier::fixture();
    for i in 0..12 {
        d.write(
            &format!("content/commitments/extra-{i:02}.yaml"),
            "title: Extra\nby: [g7]\n",
        );
    }
    d.build();
    let page = d.page("index.html");
    assert!(
        page.contains("All 13 commitments"),
        "the link counts all commitments, not the rows shown"
    );
    assert_eq!(
        page.matches("href=\"commitments/extra-").count(),
        7,
        "the overview shows the 8 best-attested"
    );
}

#[test]
fn timeline_orders_days_and_keeps_undated_events() {
    let d = Dossier::fixture();
    d.build();
    let page = d.page("timeline/index.html");
    let day = page.find("12 July 2023").expect("the day is listed");
    let undated = page
        .find("Date unknown")
        .expect("undated events are listed");
    assert!(day < undated);
    assert!(page.contains("The war goes on"));
}

#[test]
fn every_internal_link_resolves() {
    let d = Dossier::fixture();
    d.build();
    assert_eq!(broken_links(&d.out()), Vec::<String>::new());
}

#[test]
fn the_bundled_dossier_builds_clean_and_every_link_resolves() {
    let out = tempfile::tempdir().unwrap();
    let res = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root", BUNDLED, "--out"])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert!(res.status.success(), "{stderr}");
    assert!(
        !stderr.contains("warning"),
        "the bundled dossier builds without warnings:\n{stderr}"
    );
    assert_eq!(broken_links(&out.path().join("site")), Vec::<String>::new());
}

#[test]
fn two_builds_are_byte_identical() {
    let a = Dossier::fixture();
    let b = Dossier::fixture();
    a.build();
    b.build();
    let (sa, sb) = (snapshot(&a.out()), snapshot(&b.out()));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(v == &sb[k], "{} differs between builds", k.display());
    }
}

/// A template of the dossier's that loops over an object's fields gets them in the
/// order of the view, every build (Tera 2's maps are hash maps unless told otherwise).
#[test]
fn a_loop_over_fields_keeps_their_order() {
    let d = Dossier::fixture();
    d.write(
        "templates/source.html",
        "{% extends \"default/source.html\" %}{% block content %}<p id=\"keys\">{% for k, v in page.source %}{{ k }} {% endfor %}</p>{% endblock content %}",
    );
    d.build();
    let page = d.page("sources/alpha/index.html");
    assert!(
        page.contains("<p id=\"keys\">id title href editors_title outlet author published actors citations words summary_html </p>"),
        "{page}"
    );
}

/// A component of the dossier's own, in a file of its own, called by an override
/// together with a built-in one.
#[test]
fn a_template_calls_its_own_components_and_the_built_in_ones() {
    let d = Dossier::fixture();
    d.write(
        "templates/cards.html",
        "{% component my.card(title, n=1) %}<aside class=\"card\">{{ title }} ({{ n }})</aside>{% endcomponent my.card %}",
    );
    d.write(
        "templates/source.html",
        "{% extends \"default/source.html\" %}{% block content %}{{ <my.card title={page.source.title} n={page.paragraphs | length}/> }}{{ <m.date d={page.source.published}/> }}{{ super() }}{% endblock content %}",
    );
    d.build();
    let page = d.page("sources/beta/index.html");
    let n = page.matches("class=\"pnum\"").count();
    assert!(n > 0, "{page}");
    assert!(
        page.contains(&format!(
            "<aside class=\"card\">Stoltenberg on the council ({n})</aside><time datetime=\"2023-07-12\">"
        )),
        "{page}"
    );
    assert!(
        page.contains("<h2 id=\"h-text\">The text</h2>"),
        "super() keeps the page"
    );
}

/// What a source does not say shows as a dash (its outlet) or the dossier's own
/// (its language).
#[test]
fn a_source_without_outlet_or_language_shows_the_defaults() {
    let d = Dossier::fixture();
    d.build();
    let index = d.page("sources/index.html");
    let beta = &index[index.find("sources/beta/").expect("beta is listed")..];
    let row = &beta[..beta.find("</tr>").unwrap()];
    assert!(row.contains("<td data-label=\"Outlet\">—</td>"), "{row}");
    assert!(d
        .page("sources/beta/index.html")
        .contains("<div class=\"text\" lang=\"en\">"));
}

#[test]
fn a_rebuild_writes_only_what_changed_and_keeps_foreign_files() {
    let d = Dossier::fixture();
    d.build();
    std::fs::write(d.out().join("CNAME"), "dossier.example.org\n").unwrap();
    let err = d.build();
    assert!(err.contains("0 written"), "{err}");
    d.edit(
        "content/actors/russia.yaml",
        "kind: country",
        "kind: country\nrole: Aggressor state",
    );
    let err = d.build();
    assert!(!err.contains(" 0 written"), "{err}");
    assert!(d
        .page("actors/russia/index.html")
        .contains("Aggressor state"));
    assert!(d.page("dossier.json").contains("Aggressor state"));
    // --verbose names every file a build writes.
    d.edit("content/actors/russia.yaml", "Aggressor state", "Aggressor");
    let err = d.build_with(&["-v"]);
    assert!(
        err.contains("wrote actors/russia/index.html")
            && !err.contains("wrote actors/g7/index.html"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(d.out().join("CNAME")).unwrap(),
        "dossier.example.org\n",
        "a file the tool did not write is kept"
    );
    // A removed actor's page goes; nothing else of the user's does.
    std::fs::remove_file(d.root().join("content/actors/united-states.yaml")).unwrap();
    d.build();
    assert!(!d.out().join("actors/united-states/index.html").exists());
    assert!(d.out().join("CNAME").exists());
}

#[test]
fn json_and_sitemap() {
    let d = Dossier::fixture();
    d.write(
        "content/dossier.yaml",
        "title: Mini\nbase_url: https://example.org/mini/\n",
    );
    d.build();
    let json: serde_json::Value = serde_json::from_str(&d.page("dossier.json")).unwrap();
    assert_eq!(json["format"], "dossier/1");
    assert_eq!(
        json["commitments"]["g7-security"]["evidence"][0]["paragraph"],
        2
    );
    assert_eq!(json["actors"]["russia"]["mentions"][0]["source"], "alpha");
    let sitemap = d.page("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/mini/actors/russia/</loc>"),
        "{sitemap}"
    );
    assert!(
        d.page("404.html")
            .contains("href=\"https://example.org/mini/index.html\""),
        "404 links absolutely when base_url is set"
    );
}

#[test]
fn markdown_and_text_cannot_inject_script() {
    let d = Dossier::fixture();
    d.edit("content/actors/russia.yaml", "kind: country", "kind: country\nrole: <script>alert(1)</script>\nsummary: \"<img src=x onerror=alert(1)> [x](javascript:alert(1))\"");
    d.write(
        "seeds/alpha.txt",
        &(std::fs::read_to_string(d.root().join("seeds/alpha.txt")).unwrap()
            + "\n<script>alert(2)</script> Russia\n"),
    );
    d.build();
    for p in [
        "actors/russia/index.html",
        "sources/alpha/index.html",
        "actors/index.html",
    ] {
        let page = d.page(p);
        let own = ["assets/dossier.js\"", "assets/filter.js\""]
            .iter()
            .map(|s| {
                page.matches(&format!("{s} ")).count() + page.matches(&format!("{s}>")).count()
            })
            .sum::<usize>();
        assert_eq!(page.matches("<script").count(), own, "{p} has a script");
        assert!(
            page.contains("assets/dossier.js\" data-root="),
            "only the site's own: {p}"
        );
        assert!(!page.contains("onerror"), "{p} has a handler");
        assert!(!page.contains("javascript:"), "{p} has a javascript: link");
    }
}

#[test]
fn the_print_page_holds_the_whole_dossier_with_in_document_links() {
    let d = Dossier::fixture();
    d.build();
    let page = d.page("print/index.html");
    let start = page
        .find("<article class=\"print-document\"")
        .expect("the document");
    let doc = &page[start
        ..page[start..]
            .find("</main>")
            .map_or(page.len(), |e| start + e)];
    for id in [
        "timeline",
        "events",
        "commitments",
        "discrepancies",
        "actors",
        "sources",
        "page-about",
    ] {
        assert!(doc.contains(&format!("id=\"{id}\"")), "section #{id}");
    }
    // Each entity once, with its text, under its anchor.
    for id in [
        "actor-zelensky",
        "source-alpha",
        "source-alpha-p2",
        "commitment-g7-security",
        "commitment-g7-security-evidence-1",
        "event-signing",
        "discrepancy-signing-day-account-2",
    ] {
        assert!(doc.contains(&format!("id=\"{id}\"")), "#{id}");
    }
    let text: String = scraper::Html::parse_fragment(doc)
        .root_element()
        .text()
        .collect();
    assert!(
        text.contains("President Volodymyr Zelenskycommitting to ensure"),
        "the sources' text is there, verbatim"
    );
    assert!(
        doc.contains("id=\"source-alpha-c1\""),
        "quote anchors are the source's own"
    );
    let ids: std::collections::BTreeSet<String> = attrs(doc, "id").into_iter().collect();
    for href in attrs(doc, "href") {
        if href.starts_with("http") {
            continue;
        }
        let anchor = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{href} leaves the document"));
        assert!(
            ids.contains(anchor),
            "#{anchor} does not resolve in the print page"
        );
    }
}

#[test]
fn the_map_draws_every_actor_as_a_link() {
    let d = Dossier::fixture();
    d.build();
    let page = d.page("map/index.html");
    let svg = &page[page.find("<svg class=\"map\"").expect("an SVG map")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    for a in [
        "zelensky",
        "stoltenberg",
        "russia",
        "ukraine",
        "g7",
        "nato",
        "nato-ukraine-council",
        "united-states",
    ] {
        assert!(
            svg.contains(&format!(
                "<a href=\"../actors/{a}/index.html\" class=\"node"
            )),
            "{a} is a node linking to its page"
        );
    }
    assert!(
        svg.contains("<title id=\"map-title\">") && svg.contains("<line "),
        "titled, with ties drawn"
    );
    // Each actor page shows its neighbourhood.
    let z = d.page("actors/zelensky/index.html");
    assert!(section(&z, "related").contains("<svg class=\"map map-small\""));
    // The same input draws the same map.
    let d2 = Dossier::fixture();
    d2.build();
    assert_eq!(d2.page("map/index.html"), page);
}

#[test]
fn a_large_dossier_prints_a_capped_briefing_whose_links_all_resolve() {
    // 120 sources: more than the print page holds with their text.
    let d = Dossier::fixture();
    for s in 0..120 {
        d.write(&format!("seeds/x{s:03}.txt"), "Russia and the G7 met.\n");
        d.write(
            &format!("content/sources/x{s:03}.yaml"),
            &format!("seed: x{s:03}.txt\ntitle: Extra {s}\n"),
        );
    }
    d.build();
    let page = d.page("print/index.html");
    assert!(
        page.contains("left out here are 23 sources"),
        "it says what it leaves out"
    );
    assert_eq!(
        page.matches("class=\"print-entry print-source\"").count(),
        100
    );
    assert_eq!(
        broken_links(&d.out()),
        Vec::<String>::new(),
        "links to what is not printed lead to the site"
    );
}

/// An actor named in many sources: the page quotes sentences from the first 50, lists
/// the rest by title (each a link), and lists 40 related actors with "and N more".
#[test]
fn a_much_named_actor_page_caps_its_lists() {
    let d = big_dossier(200, "Role");
    d.build();
    let page = d.page("actors/russia/index.html");
    let mentions = section(&page, "mentions");
    // Every generated source names Russia, and so does the fixture.
    let named_in: usize = mentions
        .split(" mentions in ")
        .nth(1)
        .and_then(|r| r.split(' ').next()?.parse().ok())
        .expect("the sources counted");
    assert!(named_in > 200, "{named_in}");
    assert_eq!(mentions.matches("<article><h3>").count(), 50);
    let more = &mentions[mentions
        .find("id=\"more-mentions\"")
        .expect("the rest listed")..];
    assert!(more.contains(&format!(">{} more sources name Russia</h3>", named_in - 50)));
    assert_eq!(
        more.matches("<li><a href=\"../../sources/").count(),
        named_in - 50
    );
    assert_eq!(more.matches("<q>").count(), 0, "no sentences for the rest");
    let related = section(&page, "related");
    assert_eq!(related.matches("<li><a href=\"../../actors/").count(), 40);
    let rest: usize = related
        .split("<p class=\"muted\">And ")
        .nth(1)
        .and_then(|r| r.split(' ').next()?.parse().ok())
        .expect("the rest counted");
    assert!(rest > 0);
    assert!(
        related.contains("<a href=\"#mentions\">Every tie comes from the sources, commitments and events listed above.</a>"),
        "the capped list says where the rest are"
    );
    // The contents count everything, shown or not.
    assert!(page.contains(&format!("<a href=\"#mentions\">Mentions ({named_in})</a>")));
    assert!(page.contains(&format!("<a href=\"#related\">Related ({})</a>", 40 + rest)));
}
