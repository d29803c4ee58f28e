//! Hostile input: pages built from payload-laden seeds and metadata are parsed with an
//! HTML5 parser (as a browser would) and must hold no script, no event handler and no
//! script URL; and a build killed at any moment leaves the old site or the new one.

use std::process::Command;
use std::time::Duration;

use crate::support::*;

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"><svg onload=alert(1)>",
    "'><iframe src=javascript:alert(1)></iframe>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "{{ site.title }}{% raw %}",
];

/// A YAML double-quoted scalar.
fn yq(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn hostile_dossier() -> Dossier {
    let d = Dossier::fixture();
    let all = PAYLOADS.join(" ");
    let md = PAYLOADS.join("\n\n");
    // A seed made of payloads, one a paragraph, naming an actor whose alias is a payload too.
    d.write(
        "seeds/evil.txt",
        &(PAYLOADS
            .iter()
            .map(|p| format!("Russia said {p} today."))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"),
    );
    d.write(
        "content/sources/evil.yaml",
        &format!(
            "seed: evil.txt\ntitle: {}\noutlet: {}\nauthor: {}\nsummary: {}\n",
            yq(&all),
            yq(PAYLOADS[1]),
            yq(PAYLOADS[2]),
            yq(&md)
        ),
    );
    d.write(
        "content/actors/evil.yaml",
        &format!(
            "name: {}\nkind: group\naliases: [{}]\nrole: {}\nsummary: {}\nlinks:\n  - {{title: {}, url: \"https://example.org/?q=\\\"><script>alert(1)</script>\"}}\n",
            yq(PAYLOADS[2]),
            yq("<script>alert(1)</script>"),
            yq(PAYLOADS[4]),
            yq(&md),
            yq(PAYLOADS[0])
        ),
    );
    d.write(
        "content/commitments/evil.yaml",
        &format!(
            "title: {}\nby: [evil]\nto: [russia]\ncategories: [{}]\nsummary: {}\nevidence:\n  - source: evil\n    quote: {}\n    speaker: evil\n    note: {}\n",
            yq(&all),
            yq(PAYLOADS[1]),
            yq(&md),
            yq(&format!("Russia said {} today.", PAYLOADS[0])),
            yq(&md)
        ),
    );
    d.write(
        "content/events/evil.yaml",
        &format!(
            "title: {}\ndate: 2023-07-12\nplace: {}\nactors: [evil]\nsummary: {}\n",
            yq(&all),
            yq(PAYLOADS[3]),
            yq(&md)
        ),
    );
    d.write(
        "content/discrepancies/evil.yaml",
        &format!(
            "title: {}\nsummary: {}\nabout: [actors/evil]\naccounts:\n  - {{source: evil, quote: {}, note: {}}}\n  - {{source: evil, quote: {}, note: {}}}\n",
            yq(&all),
            yq(&md),
            yq(&format!("Russia said {} today.", PAYLOADS[1])),
            yq(PAYLOADS[2]),
            yq(&format!("Russia said {} today.", PAYLOADS[4])),
            yq(PAYLOADS[5])
        ),
    );
    d.write(
        "content/pages/evil.md",
        &format!(
            "---\ntitle: {}\nsummary: {}\n---\n{md}\n",
            yq(&all),
            yq(PAYLOADS[6])
        ),
    );
    d.write(
        "content/dossier.yaml",
        &format!(
            "title: {}\ndescription: {}\nlanguage: en\n",
            yq(PAYLOADS[5]),
            yq(&md)
        ),
    );
    d
}

/// Whether an element of a given tag is one of the site's own.
type IsOwn = fn(&scraper::node::Element) -> bool;

/// `el`'s `attr` is the site's own `path`, from any depth (`../assets/…`).
fn own_path(el: &scraper::node::Element, attr: &str, path: &str) -> bool {
    el.attr(attr)
        .is_some_and(|v| v.trim_start_matches("../") == path)
}

/// What in a parsed page could run script; empty if nothing.
fn dangers(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let mut out = Vec::new();
    // The site's own elements, allowed once each: base.html's script and search form,
    // an index page's filter script and form. (Its policy `meta` is checked below.)
    let own: [(&str, IsOwn); 4] = [
        ("script", |el| own_path(el, "src", "assets/dossier.js")),
        ("script", |el| own_path(el, "src", "assets/filter.js")),
        ("form", |el| {
            el.attr("class") == Some("search") && own_path(el, "action", "az/index.html")
        }),
        ("form", |el| {
            el.attr("class") == Some("filters") && el.attr("action").is_none()
        }),
    ];
    let mut seen = [0; 4];
    let mut own_csp = 0;
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let name = el.name();
        let empty = node.children().next().is_none();
        let mine = own
            .iter()
            .position(|(tag, is)| *tag == name && is(el) && (name != "script" || empty));
        if let Some(i) = mine {
            seen[i] += 1;
            if seen[i] == 1 {
                continue;
            }
        }
        if matches!(
            name,
            "script" | "iframe" | "object" | "embed" | "base" | "form" | "frame" | "frameset"
        ) {
            out.push(format!("<{name}> element"));
        }
        // The page's own Content-Security-Policy, once, is the one `http-equiv` allowed.
        if name == "meta" && el.attr("http-equiv").is_some() {
            own_csp += 1;
            let csp = el
                .attr("http-equiv")
                .is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy"));
            if !(csp && own_csp == 1) {
                out.push("<meta http-equiv>".into());
            }
        }
        for (attr, value) in el.attrs() {
            let v: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if attr.to_ascii_lowercase().starts_with("on") {
                out.push(format!("<{name} {attr}=…> event handler"));
            }
            if [
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
                "data",
                "srcdoc",
                "poster",
                "cite",
            ]
            .contains(&attr)
                && (v.starts_with("javascript:")
                    || v.starts_with("vbscript:")
                    || v.starts_with("data:"))
            {
                out.push(format!("<{name} {attr}={value:?}>"));
            }
            if attr == "style" && (v.contains("javascript:") || v.contains("expression(")) {
                out.push(format!("<{name} style={value:?}>"));
            }
        }
    }
    out
}

#[test]
fn no_input_puts_a_script_on_a_page() {
    let d = hostile_dossier();
    let (code, err) = d.run(&["build"]);
    assert_eq!(code, 0, "the payloads are text, and build:\n{err}");
    let mut pages = 0;
    let mut found = Vec::new();
    for e in walkdir::WalkDir::new(d.out()) {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "html") {
            pages += 1;
            let html = std::fs::read_to_string(e.path()).unwrap();
            for x in dangers(&html) {
                found.push(format!(
                    "{}: {x}",
                    e.path().strip_prefix(d.out()).unwrap().display()
                ));
            }
        }
    }
    assert!(pages > 25);
    assert!(found.is_empty(), "script could run:\n{}", found.join("\n"));
    // The payloads are kept, as visible text, where they are the seed's words.
    let src = scraper::Html::parse_document(&d.page("sources/evil/index.html"));
    let text: String = src.root_element().text().collect();
    assert!(
        text.contains("Russia said <script>alert(1)</script> today."),
        "seed text is shown verbatim, escaped"
    );
    // The checker itself finds what it looks for.
    assert_eq!(
        dangers("<p onclick=x><a href=' JaVaScRiPt:x'>a</a><script></script></p>").len(),
        3
    );
    let own = r#"<script src="../assets/dossier.js"></script><form class="search" action="../az/index.html"></form>"#;
    assert_eq!(dangers(own).len(), 0, "the site's own script and form");
    assert_eq!(dangers(&own.repeat(2)).len(), 2, "but only once each");
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let _heavy = heavy();
    // Old site: built from roles "Old". New site: every actor page changes.
    let d = big_dossier(200, "Old");
    d.build();
    let old = snapshot(&d.out());
    let fresh = big_dossier(200, "New");
    let t = std::time::Instant::now();
    fresh.build();
    // How long a build takes here and now: machines and load vary.
    let took = t.elapsed().as_millis() as u64;
    let new = snapshot(&fresh.out());
    assert!(old != new);
    for a in 0..200 / 5 {
        d.edit(
            &format!("content/actors/p{a:04}.yaml"),
            "role: Old",
            "role: New",
        );
    }
    let old_copy = tempfile::tempdir().unwrap();
    for (p, bytes) in &old {
        let path = old_copy.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let (mut saw_old, mut saw_new, mut mid_build) = (0, 0, 0);
    for pct in [0u64, 10, 20, 35, 50, 65, 80, 90, 100, 400] {
        let delay_ms = took * pct / 100;
        // Back to the old site, then a build that is killed after `delay_ms`.
        std::fs::remove_dir_all(d.out()).unwrap();
        copy_dir(old_copy.path(), &d.out());
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "-q", "--root"])
            .arg(d.root())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            mid_build += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&d.out());
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            let differ: Vec<_> = now
                .keys()
                .filter(|k| old.get(*k) != now.get(*k))
                .take(5)
                .collect();
            panic!("killed after {delay_ms} ms, public/ is neither the old site nor the new one (e.g. {differ:?})");
        }
        // Nothing is left behind beside it but what the next build cleans up.
        d.build();
        assert!(snapshot(&d.out()) == new);
    }
    assert!(
        mid_build >= 3,
        "some kills must hit a running build ({mid_build}; a build takes {took} ms)"
    );
    assert!(saw_old > 0, "{saw_old} old, {saw_new} new");
}
