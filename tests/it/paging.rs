//! Long index lists split into pages (`list_page_size` in `content/dossier.yaml`): the
//! bundled dossier built with pages of two rows, so that every list has several. Every
//! row is on exactly one page, the pagers' links resolve, a list that fits is left as
//! it was, and in a browser a filter on page 1 finds a row of a later page.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::{self, BUNDLED};

/// The bundled dossier, with `list_page_size` set if given.
fn bundled(page_size: Option<usize>) -> support::Dossier {
    let dir = tempfile::tempdir().expect("temp dir");
    for d in ["content", "seeds"] {
        support::copy_dir(&Path::new(BUNDLED).join(d), &dir.path().join(d));
    }
    let d = support::Dossier { dir };
    if let Some(n) = page_size {
        let meta = d.root().join("content/dossier.yaml");
        let mut yaml = fs::read_to_string(&meta).unwrap();
        yaml.push_str(&format!("list_page_size: {n}\n"));
        fs::write(meta, yaml).unwrap();
    }
    d.build_with(&["-q"]);
    d
}

/// The ids of the files in `content/<kind>/`.
fn ids(kind: &str) -> Vec<String> {
    let mut ids: Vec<String> = fs::read_dir(Path::new(BUNDLED).join("content").join(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

/// The pages of the list whose first page is `dir/index.html`, in order.
fn pages(d: &support::Dossier, dir: &str) -> Vec<(String, String)> {
    let mut out = vec![(
        format!("{dir}/index.html"),
        d.page(&format!("{dir}/index.html")),
    )];
    for n in 2.. {
        let path = format!("{dir}/page-{n}.html");
        if !d.out().join(&path).is_file() {
            break;
        }
        out.push((path.clone(), d.page(&path)));
    }
    out
}

/// How many times each link to `../<kind>/<id>/index.html` is in `html`'s `region`
/// (the text between its first `from` and the next `to`).
fn linked(html: &str, from: &str, to: &str, kind: &str, into: &mut BTreeMap<String, usize>) {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from:?}"));
    let end = start
        + html[start..]
            .find(to)
            .unwrap_or_else(|| panic!("no {to:?}"));
    let prefix = format!("../{kind}/");
    for href in support::attrs(&html[start..end], "href") {
        if let Some(id) = href
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix("/index.html"))
        {
            *into.entry(id.to_string()).or_default() += 1;
        }
    }
}

#[test]
fn long_lists_are_split_into_pages_with_every_row_on_exactly_one() {
    let d = bundled(Some(2));

    // Sources: five rows, three pages.
    let sources = pages(&d, "sources");
    assert_eq!(sources.len(), 3, "5 sources in pages of 2");
    let mut seen = BTreeMap::new();
    for (path, html) in &sources {
        linked(html, "<tbody>", "</tbody>", "sources", &mut seen);
        assert!(html.contains("<nav class=\"pager\""), "{path} has no pager");
    }
    let want: BTreeMap<String, usize> = ids("sources").into_iter().map(|i| (i, 1)).collect();
    assert_eq!(seen, want, "every source once across the pages");

    // The second page says where it is and links its neighbours.
    let (_, second) = &sources[1];
    assert!(second.contains("Page 2 of 3 · 3–4 of 5"), "{second}");
    assert!(second.contains("<a href=\"page-2.html\" aria-current=\"page\""));
    assert!(second.contains("<a href=\"index.html\" rel=\"prev\">"));
    assert!(second.contains("<a href=\"page-3.html\" rel=\"next\">"));
    assert!(second.contains("<title>Sources, page 2 of 3 · "));
    // Search engines are told of every page.
    let sitemap = fs::read_to_string(d.out().join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("sources/page-2.html</loc>")
            && sitemap.contains("sources/page-3.html</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("404.html"), "{sitemap}");
    // The first and last pages have no link back, no link on.
    assert!(sources[0]
        .1
        .contains("<span aria-disabled=\"true\">‹ Previous</span>"));
    assert!(sources[2]
        .1
        .contains("<span aria-disabled=\"true\">Next ›</span>"));

    // Actors: every actor's card once, with the kind filter offering every kind.
    let actors = pages(&d, "actors");
    let n_actors = ids("actors").len();
    assert_eq!(actors.len(), n_actors.div_ceil(2));
    let mut seen = BTreeMap::new();
    for (_, html) in &actors {
        linked(
            html,
            "<div id=\"list\">",
            "<nav class=\"pager\"",
            "actors",
            &mut seen,
        );
    }
    let want: BTreeMap<String, usize> = ids("actors").into_iter().map(|i| (i, 1)).collect();
    assert_eq!(seen, want, "every actor once across the pages");
    let first_kinds = support::attrs(&actors[0].1, "value").len();
    let last_kinds = support::attrs(&actors.last().unwrap().1, "value").len();
    assert_eq!(
        first_kinds, last_kinds,
        "the same choices of kind on every page"
    );

    // Commitments: every commitment's row once.
    let mut seen = BTreeMap::new();
    for (_, html) in pages(&d, "commitments") {
        linked(&html, "<tbody>", "</tbody>", "commitments", &mut seen);
    }
    let want: BTreeMap<String, usize> = ids("commitments").into_iter().map(|i| (i, 1)).collect();
    assert_eq!(seen, want, "every commitment once across the pages");

    // The timeline, A–Z and the coverage page's cited sources are paged too; the
    // coverage page's other sections are on its first page only.
    for list in ["timeline", "az", "coverage"] {
        assert!(pages(&d, list).len() > 1, "{list} is not paged");
    }
    let coverage = pages(&d, "coverage");
    assert!(coverage[0].1.contains("id=\"single-source\""));
    assert!(!coverage[1].1.contains("id=\"single-source\""));

    // A–Z: each letter's link goes to the page the letter starts on.
    let az = pages(&d, "az");
    let letters = support::attrs(&az.last().unwrap().1, "href")
        .into_iter()
        .filter(|h| h.contains("#letter-"))
        .collect::<Vec<_>>();
    assert!(
        letters.iter().any(|h| h.starts_with("index.html#")),
        "{letters:?}"
    );
    assert!(
        letters.iter().any(|h| h.starts_with("page-")),
        "{letters:?}"
    );

    // Every link of every page resolves, anchors included.
    let broken = support::broken_links(&d.out());
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_rows_script_holds_every_source_once() {
    let d = bundled(Some(2));
    let js = d.page("sources/rows.js");
    assert!(js.starts_with("dossierRows(["), "{js}");
    assert!(js.ends_with("]);\n"), "{js}");
    let rows: Vec<&str> = js.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(rows.len(), ids("sources").len(), "{js}");
    for id in ids("sources") {
        let href = format!("\"../sources/{id}/index.html\"");
        assert_eq!(js.matches(&href).count(), 1, "{id} in {js}");
    }
    // The pages ask for it by a relative address; lists without filters have none.
    assert!(d
        .page("sources/index.html")
        .contains(" data-rows=\"rows.js\""));
    assert!(!d.out().join("timeline/rows.js").exists());
    // The actors' and commitments' rows are their HTML as the unpaged page has it.
    for list in ["actors", "commitments"] {
        let js = d.page(&format!("{list}/rows.js"));
        assert!(js.starts_with("dossierRows([\""), "{js}");
        for id in ids(list) {
            let href = format!("href=\\\"../{list}/{id}/index.html\\\"");
            assert_eq!(js.matches(&href).count(), 1, "{id} in {list}/rows.js");
        }
    }
}

#[test]
fn a_list_that_fits_on_one_page_is_unchanged() {
    let default = bundled(None);
    let exact = bundled(Some(ids("sources").len()));
    for page in ["sources/index.html", "coverage/index.html"] {
        assert_eq!(default.page(page), exact.page(page), "{page}");
    }
    for d in [&default, &exact] {
        assert!(!d.out().join("sources/page-2.html").exists());
        assert!(!d.out().join("sources/rows.js").exists());
    }
    for page in [
        "sources/index.html",
        "actors/index.html",
        "timeline/index.html",
        "commitments/index.html",
        "az/index.html",
        "coverage/index.html",
    ] {
        let html = default.page(page);
        assert!(!html.contains("class=\"pager\""), "{page} has a pager");
        assert!(
            !html.contains("lists.css"),
            "{page} links the pager's style"
        );
    }
}

/// In Chromium (`tests/browser/paging.mjs`): on page 1 of the sources (and of the
/// actors), typing the title of a source on the last page (the name of an actor) shows
/// it, from file:// and over HTTP; clearing the filter brings the page back. Skipped like the other browser test when chromium
/// or the node modules are missing, unless `DOSSIER_BROWSER_TESTS=1`.
#[test]
fn filtering_page_one_finds_a_row_of_a_later_page_in_browser() {
    let browser_dir = Path::new(BUNDLED).join("tests/browser");
    let ready = Path::new("/usr/bin/chromium").is_file()
        && browser_dir.join("node_modules/playwright-core").is_dir();
    if !ready {
        assert_ne!(
            std::env::var("DOSSIER_BROWSER_TESTS").as_deref(),
            Ok("1"),
            "DOSSIER_BROWSER_TESTS=1 but chromium or tests/browser/node_modules is missing"
        );
        eprintln!("skipped: needs chromium and `npm ci --prefix tests/browser`");
        return;
    }
    let _heavy = support::heavy();
    let d = bundled(Some(2));
    // The last row of the last page of the sources and of the actors: rows a reader on
    // page 1 cannot see.
    let last = |list: &str, link: &str| {
        let (_, html) = pages(&d, list).pop().unwrap();
        let at = html.rfind(link).unwrap();
        let text = &html[at + link.len()..];
        let text = &text[text.find('>').unwrap() + 1..text.find("</a>").unwrap()];
        text.replace("&#39;", "'")
    };
    let source = last("sources", "class=\"title-cell\"><a href=\"");
    let actor = last("actors", "class=\"card-title\" href=\"");
    let run = Command::new("node")
        .arg(browser_dir.join("paging.mjs"))
        .arg(d.out())
        .args(["sources", "title", &source, "actors", "name", &actor])
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    println!("{stdout}");
    assert!(run.status.success(), "{stdout}{stderr}");
    for list in ["sources", "actors"] {
        assert!(
            stdout.contains(&format!("ok: {list}, http")),
            "{stdout}{stderr}"
        );
        assert!(
            stdout.contains(&format!("ok: {list}, file://")),
            "{stdout}{stderr}"
        );
    }
}

#[test]
fn a_page_size_of_zero_is_an_error_that_says_what_the_setting_is() {
    let d = support::Dossier::fixture();
    let meta = d.root().join("content/dossier.yaml");
    let yaml = fs::read_to_string(&meta).unwrap() + "list_page_size: 0\n";
    fs::write(meta, yaml).unwrap();
    let (code, err) = d.run(&["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("`list_page_size` is the number of rows a list page holds")
            && err.contains("content/dossier.yaml:")
            && err.contains("leave it out for 2000"),
        "{err}"
    );
}
