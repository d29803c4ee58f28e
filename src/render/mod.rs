//! (&Dossier, &Templates) → [`Site`]: every page, `dossier.json`, `sitemap.xml` and
//! the assets, as bytes in memory. Pure: no file system, no clock.

pub mod map;
pub mod marked;
pub mod search;
pub mod templates;
pub mod urls;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use crate::diag::Diagnostics;
use crate::model::{Dossier, Kind};
pub use templates::Templates;
use views::Views;

/// The rendered site: site path (`actors/x/index.html`) → bytes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Site {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Inserts a built view into a template context as `page`.
type InsertView<'a> = Box<dyn FnOnce(&mut tera::Context) + 'a>;

/// Builds a page's view: how to put it into the context, and (when the bool asks for
/// it) its fingerprint.
type BuildView<'a> = Box<dyn Fn(&Views, bool) -> (Option<u64>, InsertView<'a>) + Sync + 'a>;

/// What each page was rendered from, by site path: a hash of its template's name and
/// its whole context. A page whose fingerprint has not changed since the last render
/// with the same templates renders to the same bytes, so a watch session reuses them.
pub type Fingerprints = HashMap<String, u64>;

/// A hash of a value's JSON form, without building it.
fn fingerprint(h: &mut DefaultHasher, value: &impl Serialize) {
    struct HashWriter<'a>(&'a mut DefaultHasher);
    impl std::io::Write for HashWriter<'_> {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.write(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    serde_json::to_writer(HashWriter(h), value).expect("views serialise");
}

/// One page to render: where it goes, with which template, and its `page` view.
struct Job<'a> {
    path: String,
    template: &'static str,
    title: String,
    section: Option<(&'static str, &'static str)>,
    /// Inserts the page's view as `page` into the template context.
    build: BuildView<'a>,
}

fn job<'a, T: Serialize + 'a>(
    path: String,
    template: &'static str,
    title: &str,
    section: Option<(&'static str, &'static str)>,
    build: impl Fn(&Views) -> T + Sync + 'a,
) -> Job<'a> {
    Job {
        path,
        template,
        title: title.to_string(),
        section,
        build: Box::new(move |v, print| {
            let view = build(v);
            let print = print.then(|| {
                let mut h = DefaultHasher::new();
                fingerprint(&mut h, &view);
                h.finish()
            });
            (print, Box::new(move |ctx| ctx.insert("page", &view)))
        }),
    }
}

const ACTORS: (&str, &str) = ("Actors", "actors/index.html");
const SOURCES: (&str, &str) = ("Sources", "sources/index.html");
const TIMELINE: (&str, &str) = ("Timeline", "timeline/index.html");
const COMMITMENTS: (&str, &str) = ("Commitments", "commitments/index.html");
const DISCREPANCIES: (&str, &str) = ("Discrepancies", "discrepancies/index.html");

fn jobs<'a>(
    d: &'a Dossier,
    coverage: &'a crate::coverage::Coverage,
    graph: &'a map::Graph,
) -> Vec<Job<'a>> {
    let mut jobs = vec![
        job(
            "map/index.html".into(),
            "map.html",
            "Relationship map",
            None,
            move |v| views::map_page(v, graph),
        ),
        job(
            "coverage/index.html".into(),
            "coverage.html",
            "Coverage",
            None,
            move |v| views::coverage_page(v, coverage),
        ),
        job(
            "print/index.html".into(),
            "print.html",
            "The whole dossier",
            None,
            |v| {
                views::print_page(&Views {
                    d: v.d,
                    root: v.root.clone(),
                    in_document: Some(views::printed(v.d)),
                })
            },
        ),
        job(
            "index.html".into(),
            "index.html",
            &d.meta.title,
            None,
            views::overview,
        ),
        job(
            "actors/index.html".into(),
            "actors.html",
            "Actors",
            None,
            |v| serde_json::json!({ "groups": views::actor_groups(v) }),
        ),
        job(
            "sources/index.html".into(),
            "sources.html",
            "Sources",
            None,
            |v| serde_json::json!({ "sources": v.sources_in_order(usize::MAX) }),
        ),
        job(
            "timeline/index.html".into(),
            "timeline.html",
            "Timeline",
            None,
            views::timeline,
        ),
        job(
            "commitments/index.html".into(),
            "commitments.html",
            "Commitments",
            None,
            |v| serde_json::json!({ "commitments": v.key_commitments(usize::MAX) }),
        ),
        job(
            "discrepancies/index.html".into(),
            "discrepancies.html",
            "Discrepancies",
            None,
            |v| serde_json::json!({ "discrepancies": v.d.discrepancies.values().map(|x| v.discrepancy(x)).collect::<Vec<_>>() }),
        ),
        job(
            "az/index.html".into(),
            "az.html",
            "A–Z",
            None,
            views::az_page,
        ),
        job(
            "404.html".into(),
            "404.html",
            "Page not found",
            None,
            |_| serde_json::json!({}),
        ),
    ];
    for a in d.actors.values() {
        jobs.push(job(
            urls::entity(Kind::Actor, &a.id),
            "actor.html",
            &a.name,
            Some(ACTORS),
            move |v| views::actor_page(v, a),
        ));
    }
    for s in d.sources.values() {
        jobs.push(job(
            urls::entity(Kind::Source, &s.id),
            "source.html",
            &s.title,
            Some(SOURCES),
            move |v| views::source_page(v, s),
        ));
    }
    for e in d.events.values() {
        jobs.push(job(
            urls::entity(Kind::Event, &e.id),
            "event.html",
            &e.title,
            Some(TIMELINE),
            move |v| views::event_page(v, e),
        ));
    }
    for c in d.commitments.values() {
        jobs.push(job(
            urls::entity(Kind::Commitment, &c.id),
            "commitment.html",
            &c.title,
            Some(COMMITMENTS),
            move |v| views::commitment_page(v, c),
        ));
    }
    for x in d.discrepancies.values() {
        jobs.push(job(
            urls::entity(Kind::Discrepancy, &x.id),
            "discrepancy.html",
            &x.title,
            Some(DISCREPANCIES),
            move |v| views::discrepancy_page(v, x),
        ));
    }
    for p in d.pages.values() {
        jobs.push(job(urls::page(&p.slug), "page.html", &p.title, None, move |_| {
            serde_json::json!({ "title": p.title, "summary": p.summary, "html": p.body.html })
        }));
    }
    jobs
}

/// Renders the whole site. Template errors are returned as diagnostics.
pub fn render(d: &Dossier, t: &Templates) -> Result<Site, Diagnostics> {
    render_reusing(d, t, None, false).map(|(site, _)| site)
}

/// The last render with the same templates: its site and the pages' fingerprints.
pub type Previous<'a> = (&'a Site, &'a Fingerprints);

/// [`render`], reusing the bytes of each page whose fingerprint is unchanged since
/// `previous` (rendered with the same templates); returns the new fingerprints when
/// `fingerprints` asks for them (a one-shot build does not need them; without them
/// nothing is reused).
pub fn render_reusing(
    d: &Dossier,
    t: &Templates,
    previous: Option<Previous>,
    fingerprints: bool,
) -> Result<(Site, Fingerprints), Diagnostics> {
    let coverage = crate::coverage::compute(d);
    let graph = map::graph(d, map::MAX_NODES);
    let jobs = jobs(d, &coverage, &graph);
    // The pages in parallel; meanwhile the two big data files.
    let (rendered, (json, index)) = rayon::join(
        || render_pages(d, t, &jobs, previous, fingerprints),
        || rayon::join(|| dossier_json(d), || search_index(d, previous)),
    );
    let mut site = Site::default();
    let mut prints = Fingerprints::with_capacity(rendered.len());
    let mut diags = Diagnostics::default();
    for (path, print, r) in rendered {
        match r {
            Ok(html) => {
                if let Some(print) = print {
                    prints.insert(path.clone(), print);
                }
                site.files.insert(path, html);
            }
            Err(e) => diags.push(t.diagnostic(&e, Some(&path))),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    site.files
        .insert("assets/style.css".into(), t.style.clone().into_bytes());
    site.files.insert("dossier.json".into(), json);
    prints.insert(SEARCH_INDEX.into(), index.0);
    site.files.insert(SEARCH_INDEX.into(), index.1);
    for (path, text) in [
        ("assets/dossier.js", templates::SCRIPT),
        ("assets/favicon.svg", templates::FAVICON),
        ("assets/elasticlunr.min.js", templates::ELASTICLUNR),
    ] {
        site.files.insert(path.into(), text.as_bytes().to_vec());
    }
    let sitemap = sitemap(d, &site);
    site.files.insert("sitemap.xml".into(), sitemap);
    Ok((site, prints))
}

const SEARCH_INDEX: &str = "assets/search-index.js";

/// The search index and the fingerprint of its documents; the previous bytes when
/// those are unchanged (the indexing is the costly part).
fn search_index(d: &Dossier, previous: Option<Previous>) -> (u64, Vec<u8>) {
    let docs = search::documents(d);
    let mut h = DefaultHasher::new();
    docs.hash(&mut h);
    let print = h.finish();
    match reusable(previous, SEARCH_INDEX, print) {
        Some(bytes) => (print, bytes.clone()),
        None => (print, search::index_js_of(&docs)),
    }
}

/// The bytes `previous` has at `path`, if they were made from the same fingerprint.
fn reusable<'a>(previous: Option<Previous<'a>>, path: &str, print: u64) -> Option<&'a Vec<u8>> {
    let (site, prints) = previous?;
    (prints.get(path) == Some(&print)).then(|| site.files.get(path))?
}

/// One rendered page: its site path, its fingerprint if asked for, its HTML or the error.
type Rendered = (String, Option<u64>, Result<Vec<u8>, tera::Error>);

/// Every page through its template, in parallel; a page whose fingerprint matches
/// `previous` keeps its bytes.
fn render_pages(
    d: &Dossier,
    t: &Templates,
    jobs: &[Job],
    previous: Option<Previous>,
    fingerprints: bool,
) -> Vec<Rendered> {
    jobs.par_iter()
        .map(|j| {
            // 404.html is served at any depth: link from the root (absolute with a base URL).
            let v = if j.path == "404.html" {
                Views {
                    d,
                    root: d
                        .meta
                        .base_url
                        .as_ref()
                        .map(|b| format!("{b}/"))
                        .unwrap_or_default(),
                    in_document: None,
                }
            } else {
                Views::new(d, &j.path)
            };
            let site = v.site(&j.path);
            let crumbs = v.crumbs(j.section, &j.title);
            let (page, insert) = (j.build)(&v, fingerprints);
            let print = page.map(|page| {
                let mut h = DefaultHasher::new();
                j.template.hash(&mut h);
                page.hash(&mut h);
                fingerprint(&mut h, &site);
                fingerprint(&mut h, &crumbs);
                h.finish()
            });
            if let Some(bytes) = print.and_then(|p| reusable(previous, &j.path, p)) {
                return (j.path.clone(), print, Ok(bytes.clone()));
            }
            let mut ctx = tera::Context::new();
            ctx.insert("site", &site);
            ctx.insert("crumbs", &crumbs);
            insert(&mut ctx);
            let html = t.tera.render(j.template, &ctx).map(String::into_bytes);
            (j.path.clone(), print, html)
        })
        .collect()
}

/// `dossier.json`: the resolved dossier with a format marker (shape: README).
pub fn dossier_json(d: &Dossier) -> Vec<u8> {
    #[derive(Serialize)]
    struct Out<'a> {
        format: &'static str,
        generator: &'static str,
        #[serde(flatten)]
        dossier: &'a Dossier,
    }
    let mut v = serde_json::to_vec(&Out {
        format: "dossier/1",
        generator: concat!("dossier ", env!("CARGO_PKG_VERSION")),
        dossier: d,
    })
    .expect("dossier serialises");
    v.push(b'\n');
    v
}

fn sitemap(d: &Dossier, site: &Site) -> Vec<u8> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in site.files.keys().filter(|p| p.ends_with("index.html")) {
        out.push_str("  <url><loc>");
        crate::html::escape_into(&urls::public(d.meta.base_url.as_deref(), path), &mut out);
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}
