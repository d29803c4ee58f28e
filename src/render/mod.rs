//! (&Dossier, &Templates) → [`Site`]: every page, `dossier.json`, `sitemap.xml` and
//! the assets, as bytes in memory. Pure: no file system, no clock.

pub mod json;
pub mod map;
pub mod marked;
pub mod reuse;
pub mod search;
pub mod templates;
pub mod urls;
pub mod views;

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;

use rayon::prelude::*;
use serde::Serialize;

use crate::diag::Diagnostics;
use crate::model::{Dossier, Kind};
pub use reuse::{Changes, Memo, Previous};
pub use templates::Templates;
use views::{every, Reads, Views};

/// The rendered site: site path (`actors/x/index.html`) → bytes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Site {
    pub files: BTreeMap<String, Bytes>,
}

/// A file's bytes, shared: a watch session's next site keeps the unchanged ones
/// without copying them.
pub type Bytes = std::sync::Arc<Vec<u8>>;

/// Builds a page's view and puts it into the template context as `page`.
type BuildView<'a> = Box<dyn Fn(&Views, &mut tera::Context) + Sync + 'a>;

/// One page to render: where it goes, with which template, and its `page` view.
struct Job<'a> {
    path: String,
    template: &'static str,
    title: String,
    section: Option<(&'static str, &'static str)>,
    /// The [`views::key`] of the entity or Markdown page this page is about: its title
    /// is read here, outside the view.
    owner: Option<u64>,
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
        owner: None,
        build: Box::new(move |v, ctx| ctx.insert("page", &build(v))),
    }
}

impl Job<'_> {
    /// This page is about the entity or Markdown page `(kind, id)`.
    fn of(mut self, kind: Option<Kind>, id: &str) -> Self {
        self.owner = Some(views::key(kind, id));
        self
    }
}

/// The page of one entity.
fn entity_job<'a, T: Serialize + 'a>(
    kind: Kind,
    id: &str,
    template: &'static str,
    title: &str,
    section: (&'static str, &'static str),
    build: impl Fn(&Views) -> T + Sync + 'a,
) -> Job<'a> {
    job(
        urls::entity(kind, id),
        template,
        title,
        Some(section),
        build,
    )
    .of(Some(kind), id)
}

const ACTORS: (&str, &str) = ("Actors", "actors/index.html");
const SOURCES: (&str, &str) = ("Sources", "sources/index.html");
const TIMELINE: (&str, &str) = ("Timeline", "timeline/index.html");
const COMMITMENTS: (&str, &str) = ("Commitments", "commitments/index.html");
const DISCREPANCIES: (&str, &str) = ("Discrepancies", "discrepancies/index.html");

/// What the coverage page shows is computed from the sources, the commitments and
/// the actors' names only.
const COVERAGE_READS: u8 = every::SOURCE | every::COMMITMENT | every::NAME;

/// Something a page's job computes and the next render may reuse (the coverage
/// figures, the map's drawing): made at most once per render, from the last render's.
struct Kept<'a, T> {
    last: Option<&'a T>,
    made: std::sync::OnceLock<T>,
}

impl<'a, T: Clone> Kept<'a, T> {
    fn new(last: Option<&'a T>) -> Self {
        Kept {
            last,
            made: Default::default(),
        }
    }

    fn get(&self, make: impl FnOnce(Option<&'a T>) -> T) -> &T {
        self.made.get_or_init(|| make(self.last))
    }

    /// For the next render: what this one made, or else the last one's (the page was
    /// not rendered again, so nothing it read changed).
    fn next(&self) -> Option<T> {
        self.made.get().or(self.last).cloned()
    }
}

/// The coverage figures: the last render's when their inputs did not change, or
/// computed again from the last render's parts of the sources that did not change.
fn coverage<'k>(
    kept: &'k Kept<reuse::CoverageMemo>,
    changes: Option<&Changes>,
    d: &Dossier,
) -> &'k reuse::CoverageMemo {
    kept.get(|last| {
        let last = last.zip(changes);
        if let Some((memo, _)) = last.filter(|(_, c)| !c.any_of(COVERAGE_READS)) {
            return memo.clone();
        }
        // A source's part stands while it and the actors' names are unchanged.
        let last = last.filter(|(_, c)| !c.any_of(every::NAME));
        let (figures, parts) = crate::coverage::compute_with(d, |s| {
            let (memo, changes) = last?;
            if changes.changed(views::key(Some(Kind::Source), &s.id)) {
                return None;
            }
            memo.1.get(&s.id).cloned()
        });
        (std::sync::Arc::new(figures), std::sync::Arc::new(parts))
    })
}

/// The map's graph and drawing; the last render's drawing while the graph is the
/// same (the layout is the costly part).
fn map_drawing<'k>(kept: &'k Kept<reuse::MapMemo>, v: &Views) -> &'k reuse::MapMemo {
    kept.get(|last| {
        let g = map::graph(v.all(every::ACTOR), map::MAX_NODES);
        match last.filter(|(last, _)| **last == g) {
            Some(same) => same.clone(),
            None => {
                let svg = map::svg(&g, v);
                (std::sync::Arc::new(g), svg.into())
            }
        }
    })
}

fn jobs<'a>(
    d: &'a Dossier,
    changes: Option<&'a Changes>,
    kept_coverage: &'a Kept<'a, reuse::CoverageMemo>,
    kept_map: &'a Kept<'a, reuse::MapMemo>,
) -> Vec<Job<'a>> {
    let mut jobs = vec![
        job(
            "map/index.html".into(),
            "map.html",
            "Relationship map",
            None,
            |v| {
                let (graph, svg) = map_drawing(kept_map, v);
                views::map_page(v, graph, svg)
            },
        ),
        job(
            "coverage/index.html".into(),
            "coverage.html",
            "Coverage",
            None,
            move |v| {
                let d = v.all(COVERAGE_READS);
                views::coverage_page(v, &coverage(kept_coverage, changes, d).0)
            },
        ),
        job(
            "print/index.html".into(),
            "print.html",
            "The whole dossier",
            None,
            |v| {
                let d = v.all(views::PRINT_READS);
                let inner = v.for_document(views::printed(d));
                let page = views::print_page(&inner);
                v.note(inner.reads());
                page
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
            |v| serde_json::json!({ "discrepancies": v.all(every::DISCREPANCY).discrepancies.values().map(|x| v.discrepancy(x)).collect::<Vec<_>>() }),
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
        jobs.push(entity_job(
            Kind::Actor,
            &a.id,
            "actor.html",
            &a.name,
            ACTORS,
            move |v| views::actor_page(v, a),
        ));
    }
    for s in d.sources.values() {
        jobs.push(entity_job(
            Kind::Source,
            &s.id,
            "source.html",
            &s.title,
            SOURCES,
            move |v| views::source_page(v, s),
        ));
    }
    for e in d.events.values() {
        jobs.push(entity_job(
            Kind::Event,
            &e.id,
            "event.html",
            &e.title,
            TIMELINE,
            move |v| views::event_page(v, e),
        ));
    }
    for c in d.commitments.values() {
        jobs.push(entity_job(
            Kind::Commitment,
            &c.id,
            "commitment.html",
            &c.title,
            COMMITMENTS,
            move |v| views::commitment_page(v, c),
        ));
    }
    for x in d.discrepancies.values() {
        jobs.push(entity_job(
            Kind::Discrepancy,
            &x.id,
            "discrepancy.html",
            &x.title,
            DISCREPANCIES,
            move |v| views::discrepancy_page(v, x),
        ));
    }
    for p in d.pages.values() {
        jobs.push(
            job(urls::page(&p.slug), "page.html", &p.title, None, move |_| {
                serde_json::json!({ "title": p.title, "summary": p.summary, "html": p.body.html })
            })
            .of(None, &p.slug),
        );
    }
    jobs
}

/// Renders the whole site, as [`render_into`] makes it for `build`. Template errors are
/// returned as diagnostics.
pub fn render(d: &Dossier, t: &Templates) -> Result<Site, Diagnostics> {
    let site = Collect::default();
    render_into(d, t, &site)?;
    Ok(site.site())
}

/// [`render`], also returning what the next render can reuse (a watch session's first
/// build; later ones call [`pages`] and [`data`] with the last render).
pub fn render_remembering(d: &Dossier, t: &Templates) -> Result<(Site, Memo), Diagnostics> {
    // The pages in parallel; meanwhile the two big data files.
    let (pages, data) = rayon::join(|| pages(d, t, None), || data(d, None));
    let (mut site, mut memo) = pages?;
    data.add_to(&mut site, &mut memo);
    Ok((site, memo))
}

/// Where the files of a site go as soon as each is made. Called from many threads at
/// once.
pub trait Sink: Sync {
    /// The file at site path `path`.
    fn put(&self, path: &str, bytes: Bytes);
    /// A large file, which `write` writes into what it is given (so that it need not
    /// be held whole in memory). `write` may be called more than once, and buffers
    /// its writes.
    fn put_written(&self, path: &str, write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>);
    /// The file that `make` makes: [`Sink::put`], unless the sink keeps nothing.
    fn put_made(&self, path: &str, make: &dyn Fn() -> Vec<u8>) {
        self.put(path, Bytes::new(make()));
    }
}

/// A sink that keeps nothing: to render only for the errors. A file given by a
/// writer or a maker is not even made.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: Bytes) {}

    fn put_written(&self, _: &str, _: &dyn Fn(&mut dyn io::Write) -> io::Result<()>) {}

    fn put_made(&self, _: &str, _: &dyn Fn() -> Vec<u8>) {}
}

/// A [`Site`] in the making.
#[derive(Default)]
struct Collect(std::sync::Mutex<BTreeMap<String, Bytes>>);

impl Sink for Collect {
    fn put(&self, path: &str, bytes: Bytes) {
        let mut files = self.0.lock().unwrap_or_else(|p| p.into_inner());
        files.insert(path.to_string(), bytes);
    }

    fn put_written(&self, path: &str, write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>) {
        let mut bytes = Vec::new();
        write(&mut bytes).expect("writing into memory does not fail");
        self.put(path, Bytes::new(bytes));
    }
}

impl Collect {
    fn site(self) -> Site {
        let files = self.0.into_inner().unwrap_or_else(|p| p.into_inner());
        Site { files }
    }
}

/// Renders the whole site, handing each file to `sink` as soon as it is made and
/// keeping none: `dossier build` writes each page while others render, and never holds
/// the whole site in memory. On a template error some files may already have been put.
/// Returns the coverage figures the coverage page showed.
pub fn render_into(
    d: &Dossier,
    t: &Templates,
    sink: &dyn Sink,
) -> Result<std::sync::Arc<crate::coverage::Coverage>, Diagnostics> {
    let (pages, _) = rayon::join(
        || pages_into(d, t, None, sink, false),
        || {
            rayon::join(
                || sink.put_written(json::PATH, &|w| json::write_dossier(d, w)),
                || sink.put_made(SEARCH_INDEX, &|| search::index_js(d)),
            )
        },
    );
    // The coverage page is always rendered, so its figures are there; computed here
    // otherwise.
    pages.map(|memo| {
        memo.coverage.map_or_else(
            || std::sync::Arc::new(crate::coverage::compute(d)),
            |(figures, _)| figures,
        )
    })
}

/// The data files: `dossier.json` and the search index. Made from the dossier alone,
/// they cannot fail; a watch session writes them after the pages.
pub struct Data {
    json: (Bytes, json::Spans),
    search: (u64, Bytes),
}

/// The site paths of the [`Data`] files.
pub const DATA_FILES: [&str; 2] = [json::PATH, SEARCH_INDEX];

impl Data {
    /// Puts the files into `site` and what the next render can reuse into `memo`.
    pub fn add_to(self, site: &mut Site, memo: &mut Memo) {
        let ((json, spans), (print, index)) = (self.json, self.search);
        memo.json = spans;
        memo.search = Some(print);
        site.files.insert(json::PATH.into(), json);
        site.files.insert(SEARCH_INDEX.into(), index);
    }
}

/// [`Data`], reusing from `previous` what did not change.
pub fn data(d: &Dossier, previous: Option<Previous>) -> Data {
    let (json, search) = rayon::join(
        || json::dossier_json(d, previous),
        || search_index(d, previous),
    );
    Data { json, search }
}

/// Everything but the [`Data`] files: the pages through their templates (reusing
/// from `previous` the bytes of each page none of whose reads changed), the assets
/// and the sitemap. Template errors are returned as diagnostics.
pub fn pages(
    d: &Dossier,
    t: &Templates,
    previous: Option<Previous>,
) -> Result<(Site, Memo), Diagnostics> {
    let site = Collect::default();
    let memo = pages_into(d, t, previous, &site, true)?;
    Ok((site.site(), memo))
}

/// [`pages`], each file handed to `sink` as soon as it is made. Unless `remember`, what
/// each page read is not tracked (the memo is for no next render).
fn pages_into(
    d: &Dossier,
    t: &Templates,
    previous: Option<Previous>,
    sink: &dyn Sink,
    remember: bool,
) -> Result<Memo, Diagnostics> {
    let kept_coverage = Kept::new(previous.and_then(|p| p.memo.coverage.as_ref()));
    let kept_map = Kept::new(previous.and_then(|p| p.memo.map.as_ref()));
    let changes = previous.map(|p| p.changes);
    let jobs = jobs(d, changes, &kept_coverage, &kept_map);
    let rendered = render_pages(d, t, &jobs, previous, sink, remember);
    let mut memo = Memo {
        reads: std::collections::HashMap::with_capacity(rendered.len()),
        ..Memo::default()
    };
    let mut diags = Diagnostics::default();
    let mut paths = Vec::with_capacity(rendered.len());
    for (path, reads, r) in rendered {
        match r {
            Ok(()) => {
                if remember {
                    memo.reads.insert(path.clone(), reads);
                }
                paths.push(path);
            }
            Err(e) => diags.push(t.diagnostic(&e, Some(&path))),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    memo.coverage = kept_coverage.next();
    memo.map = kept_map.next();
    sink.put("assets/style.css", Bytes::new(t.style.clone().into_bytes()));
    for (path, text) in [
        ("assets/dossier.js", templates::SCRIPT),
        ("assets/favicon.svg", templates::FAVICON),
        ("assets/elasticlunr.min.js", templates::ELASTICLUNR),
    ] {
        sink.put(path, Bytes::new(text.as_bytes().to_vec()));
    }
    paths.sort_unstable();
    sink.put("sitemap.xml", Bytes::new(sitemap(d, &paths)));
    Ok(memo)
}

const SEARCH_INDEX: &str = "assets/search-index.js";

/// The search index and a hash of its documents; the previous bytes when those are
/// unchanged (the indexing is the costly part).
fn search_index(d: &Dossier, previous: Option<Previous>) -> (u64, Bytes) {
    let docs = search::documents(d);
    let mut h = DefaultHasher::new();
    docs.hash(&mut h);
    let print = h.finish();
    let kept = previous
        .filter(|p| p.memo.search == Some(print))
        .and_then(|p| p.site.files.get(SEARCH_INDEX));
    let bytes = kept
        .cloned()
        .unwrap_or_else(|| Bytes::new(search::index_js_of(&docs)));
    (print, bytes)
}

/// One rendered page: its site path, what it read, and whether it rendered.
type Rendered = (String, std::sync::Arc<Reads>, Result<(), tera::Error>);

/// Every page through its template, in parallel, each handed to `sink` when made; a
/// page none of whose reads changed since `previous` keeps its bytes.
fn render_pages(
    d: &Dossier,
    t: &Templates,
    jobs: &[Job],
    previous: Option<Previous>,
    sink: &dyn Sink,
    track: bool,
) -> Vec<Rendered> {
    let index = views::Index::new(d);
    // One job per task: the few site-wide pages (print, coverage, the indexes) are
    // long, and must not end up in one thread's share while the other idles.
    jobs.par_iter()
        .with_max_len(1)
        .map(|j| {
            if let Some((bytes, reads)) = previous.and_then(|p| p.page(&j.path)) {
                sink.put(&j.path, bytes.clone());
                return (j.path.clone(), reads.clone(), Ok(()));
            }
            let (ctx, reads) = context(d, &index, j, t.shows_ref_roles(j.template), track);
            // Into bytes: `render` would check them again to make a String.
            let mut html = Vec::with_capacity(2000);
            let rendered = t.tera.render_to(j.template, &ctx, &mut html);
            drop(ctx);
            let done = rendered.map(|()| sink.put(&j.path, Bytes::new(html)));
            (j.path.clone(), std::sync::Arc::new(reads), done)
        })
        .collect()
}

/// A page's template context (`site`, `crumbs` and its `page` view), and what it read
/// if `track` (else it is said to read everything). References to actors carry their
/// roles if `ref_roles`.
fn context(
    d: &Dossier,
    index: &views::Index,
    j: &Job,
    ref_roles: bool,
    track: bool,
) -> (tera::Context, Reads) {
    // 404.html is served at any depth: link from the root (absolute with a base URL).
    let mut v = if j.path == "404.html" {
        let root = d
            .meta
            .base_url
            .as_ref()
            .map(|b| format!("{b}/"))
            .unwrap_or_default();
        Views::with_root(d, root, None)
    } else {
        Views::new(d, &j.path)
    }
    .with_index(index);
    v.ref_roles = ref_roles;
    if !track {
        // Noting each lookup costs a hash; nothing will read what was noted.
        v.whole();
    }
    let mut ctx = tera::Context::new();
    ctx.insert("site", &v.site(&j.path));
    ctx.insert("crumbs", &v.crumbs(j.section, &j.title));
    (j.build)(&v, &mut ctx);
    let mut reads = v.reads();
    // The page's title (in `crumbs`) is its owner's.
    if let Some(k) = j.owner {
        if let Err(i) = reads.keys.binary_search(&k) {
            reads.keys.insert(i, k);
        }
    }
    (ctx, reads)
}

/// The sitemap of the pages at `paths` (sorted).
fn sitemap(d: &Dossier, paths: &[String]) -> Vec<u8> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in paths.iter().filter(|p| p.ends_with("index.html")) {
        out.push_str("  <url><loc>");
        crate::html::escape_into(&urls::public(d.meta.base_url.as_deref(), path), &mut out);
        out.push_str("</loc></url>\n");
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

/// Every page's view (with `site` and `crumbs`) as JSON, and what it read.
#[cfg(test)]
pub(crate) fn page_views(d: &Dossier) -> Vec<(String, serde_json::Value, Reads)> {
    let index = views::Index::new(d);
    jobs(d, None, &Kept::new(None), &Kept::new(None))
        .iter()
        .map(|j| {
            let (ctx, reads) = context(d, &index, j, true, true);
            let json = ["site", "crumbs", "page"]
                .into_iter()
                .filter_map(|k| Some((k.to_string(), serde_json::to_value(ctx.get(k)?).ok()?)))
                .collect();
            (j.path.clone(), serde_json::Value::Object(json), reads)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in templates said not to show the roles of the actors a page refers
    /// to ([`templates::SHOWS_REF_ROLES`]) do not: their pages are the same with and
    /// without them. (Their pages then need not be rendered again when a role changes.)
    #[test]
    fn only_the_templates_said_to_show_referred_roles_do() {
        let d = crate::fixture_dossier();
        let none = std::path::Path::new("/nonexistent");
        let t = Templates::load(none, none, &mut Diagnostics::default()).unwrap();
        let index = views::Index::new(&d);
        let render = |j: &Job, roles: bool| {
            t.tera
                .render(j.template, &context(&d, &index, j, roles, true).0)
                .unwrap()
        };
        let mut differ = Vec::new();
        for j in jobs(&d, None, &Kept::new(None), &Kept::new(None)) {
            let same = render(&j, true) == render(&j, false);
            assert!(
                same || t.shows_ref_roles(j.template),
                "{} shows roles",
                j.path
            );
            if !same {
                differ.push(j.template);
            }
        }
        differ.sort();
        differ.dedup();
        assert_eq!(differ, templates::SHOWS_REF_ROLES, "each of these does");
    }
}
