//! (&Dossier, &Templates) → [`Site`]: every page, `dossier.json`, `sitemap.xml` and
//! the assets, as bytes in memory. Pure: no file system, no clock.

pub mod data;
pub mod json;
pub mod labels;
pub mod lookup;
pub mod map;
pub mod marked;
pub mod pages;
pub mod reads;
pub mod reuse;
pub mod search;
pub mod strings;
pub mod templates;
pub mod urls;

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;

use rayon::prelude::*;

use crate::diag::Diagnostics;
use crate::model::{Dossier, Kind};
use pages::{context, jobs, Job};
use reads::Reads;
use reuse::Kept;
pub use reuse::{Changes, Memo, Previous};
pub use templates::Templates;

/// The rendered site: site path (`actors/x/index.html`) → bytes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Site {
    pub files: BTreeMap<String, Bytes>,
}

/// A file's bytes, shared: a watch session's next site keeps the unchanged ones
/// without copying them.
pub type Bytes = std::sync::Arc<Vec<u8>>;

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
    let (pages, data) = rayon::join(|| pages(d, t, None), || data(d, &t.strings, None));
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
    /// be held whole in memory). `write` may be called more than once; the sink
    /// buffers what it writes.
    fn put_written(&self, path: &str, write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>);
    /// The file that `make` makes: [`Sink::put`], unless the sink keeps nothing.
    fn put_made(&self, path: &str, make: &dyn Fn() -> Vec<u8>) {
        self.put(path, Bytes::new(make()));
    }
    /// Whether the sink keeps what it is given (files made only for it are not made
    /// otherwise).
    fn keeps(&self) -> bool {
        true
    }
}

/// A sink that keeps nothing: to render only for the errors. A file given by a
/// writer or a maker is not even made.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: Bytes) {}

    fn put_written(&self, _: &str, _: &dyn Fn(&mut dyn io::Write) -> io::Result<()>) {}

    fn put_made(&self, _: &str, _: &dyn Fn() -> Vec<u8>) {}

    fn keeps(&self) -> bool {
        false
    }
}

/// A [`Site`] in the making: its files as put, ordered once at the end (a map kept
/// in order under the lock held the other threads up: 145,000 files at 100k sources).
#[derive(Default)]
struct Collect(std::sync::Mutex<Vec<(String, Bytes)>>);

impl Sink for Collect {
    fn put(&self, path: &str, bytes: Bytes) {
        let path = path.to_string();
        let mut files = self.0.lock().unwrap_or_else(|p| p.into_inner());
        files.push((path, bytes));
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
        // Sorted, stable: a file put twice is the last one put, as in a map.
        Site {
            files: files.into_iter().collect(),
        }
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
        || sink.put_written(json::PATH, &|w| json::write_dossier(d, w)),
    );
    // The search index and the spreadsheets after the pages, not beside them: they
    // are large while made.
    if pages.is_ok() {
        if sink.keeps() {
            for (path, bytes) in search::files(d, &t.strings) {
                sink.put(&path, Bytes::new(bytes));
            }
        }
        for (path, bytes) in data::files(d, &t.strings) {
            sink.put(path, Bytes::new(bytes));
        }
    }
    // The coverage page is always rendered, so its figures are there; computed here
    // otherwise.
    pages.map(|memo| {
        memo.coverage.map_or_else(
            || std::sync::Arc::new(crate::coverage::compute(d)),
            |(figures, _)| figures,
        )
    })
}

/// The data files: `dossier.json`, the search index, the spreadsheets and the feed.
/// Made from the dossier alone, they cannot fail; a watch session writes them after
/// the pages.
pub struct Data {
    json: (Bytes, json::Spans),
    search: (u64, Vec<(String, Bytes)>),
    files: Vec<(&'static str, Vec<u8>)>,
}

/// Whether `path` is one of the [`Data`] files.
pub fn is_data_file(path: &str) -> bool {
    path == json::PATH || path.starts_with(search::shards::DIR) || data::paths().any(|p| p == path)
}

impl Data {
    /// Puts the files into `site` and what the next render can reuse into `memo`.
    pub fn add_to(self, site: &mut Site, memo: &mut Memo) {
        let ((json, spans), (print, index)) = (self.json, self.search);
        memo.json = spans;
        memo.search = Some(print);
        site.files.insert(json::PATH.into(), json);
        // The index may have fewer files than the last one.
        site.files
            .retain(|path, _| !path.starts_with(search::shards::DIR));
        site.files.extend(index);
        for (path, bytes) in self.files {
            site.files.insert(path.into(), Bytes::new(bytes));
        }
    }
}

/// [`Data`], reusing from `previous` what did not change.
pub fn data(d: &Dossier, t: &strings::Strings, previous: Option<Previous>) -> Data {
    let (json, (search, files)) = rayon::join(
        || json::dossier_json(d, previous),
        || (search_index(d, t, previous), data::files(d, t)),
    );
    Data {
        json,
        search,
        files,
    }
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
    let jobs = jobs(d, &t.strings, changes, &kept_coverage, &kept_map);
    let rendered = render_pages(d, t, &jobs, previous, sink, remember);
    let mut memo = Memo {
        reads: rustc_hash::FxHashMap::with_capacity_and_hasher(rendered.len(), Default::default()),
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
    let script = t.strings.script(templates::SCRIPT);
    for (path, text) in [
        ("assets/dossier.js", script.as_str()),
        ("assets/filter.js", templates::FILTER_SCRIPT),
        ("assets/lists.css", templates::LISTS_STYLE),
        ("assets/favicon.svg", templates::FAVICON),
        ("assets/search.js", templates::SEARCH),
    ] {
        sink.put(path, Bytes::new(text.as_bytes().to_vec()));
    }
    paths.sort_unstable();
    sink.put("sitemap.xml", Bytes::new(sitemap(d, &paths)));
    Ok(memo)
}

/// The pages of the entities named (by kind and id; a Markdown page by its slug, with
/// no kind), as [`pages`] makes them: a watch session writes these before rendering
/// the others, so that an edit shows at once. `None` if one does not render (the full
/// render says why).
pub fn own_pages(
    d: &Dossier,
    t: &Templates,
    owners: &[(Option<Kind>, &str)],
) -> Option<Vec<(String, Bytes)>> {
    // A few pages: looked up without building an index of the whole dossier.
    pages::own_jobs(d, owners)
        .iter()
        .map(|j| {
            let (ctx, _) = context(d, None, &t.strings, j, t.shows_ref_roles(j.template), false);
            let mut html = Vec::with_capacity(2000);
            t.tera.render_to(j.template, &ctx, &mut html).ok()?;
            Some((j.path.clone(), Bytes::new(html)))
        })
        .collect()
}

/// The search index and a hash of its documents; the previous files when those are
/// unchanged (the indexing is the costly part).
fn search_index(
    d: &Dossier,
    t: &strings::Strings,
    previous: Option<Previous>,
) -> (u64, Vec<(String, Bytes)>) {
    let docs = search::documents(d, t);
    let mut h = DefaultHasher::new();
    docs.hash(&mut h);
    let print = h.finish();
    let files = match previous.filter(|p| p.memo.search == Some(print)) {
        Some(p) => p
            .site
            .files
            .range(search::shards::DIR.to_string()..)
            .take_while(|(path, _)| path.starts_with(search::shards::DIR))
            .map(|(path, b)| (path.clone(), b.clone()))
            .collect(),
        None => search::shards::files(&docs)
            .into_iter()
            .map(|(path, b)| (path, Bytes::new(b)))
            .collect(),
    };
    (print, files)
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
    let index = lookup::Index::new(d);
    let render = |j: &Job| -> Vec<Rendered> {
        // A paged list is kept whole or made again whole (its number of pages may change).
        if let Some((bytes, reads)) = previous.and_then(|p| p.page(&j.path)) {
            let later = match (&j.paging, previous) {
                (Some(_), Some(p)) => p.later_pages(&j.path),
                _ => Some(Vec::new()),
            };
            if let Some(later) = later {
                sink.put(&j.path, bytes.clone());
                let mut kept = vec![(j.path.clone(), reads.clone(), Ok(()))];
                for (path, bytes) in later {
                    sink.put(&path, bytes.clone());
                    kept.push((path, reads.clone(), Ok(())));
                }
                return kept;
            }
        }
        let (ctx, reads) = context(
            d,
            Some(&index),
            &t.strings,
            j,
            t.shows_ref_roles(j.template),
            track,
        );
        let reads = std::sync::Arc::new(reads);
        if let Some(p) = &j.paging {
            return pages::paging::render(d, t, j, p, ctx, sink)
                .into_iter()
                .map(|(path, done)| (path, reads.clone(), done))
                .collect();
        }
        // Into bytes: `render` would check them again to make a String.
        let mut html = Vec::with_capacity(2000);
        let rendered = t.tera.render_to(j.template, &ctx, &mut html);
        drop(ctx);
        let done = rendered.map(|()| sink.put(&j.path, Bytes::new(html)));
        vec![(j.path.clone(), reads, done)]
    };
    // One job per task: the few site-wide pages (print, coverage, the indexes) are
    // long, and must not end up in one thread's share while the other idles. In a
    // full render they go one after another beside the others: each holds a view of
    // the whole dossier (at 100,000 sources two at once took ~0.4 GB more).
    let (wide, each): (Vec<_>, Vec<_>) = jobs
        .iter()
        .enumerate()
        .partition(|(_, j)| previous.is_none() && j.path.matches('/').count() <= 1);
    let (mut done, each) = rayon::join(
        || {
            wide.iter()
                .map(|&(i, j)| (i, render(j)))
                .collect::<Vec<_>>()
        },
        || {
            each.par_iter()
                .with_max_len(1)
                .map(|&(i, j)| (i, render(j)))
                .collect::<Vec<_>>()
        },
    );
    done.extend(each);
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().flat_map(|(_, r)| r).collect()
}

/// The sitemap of the pages at `paths` (sorted).
fn sitemap(d: &Dossier, paths: &[String]) -> Vec<u8> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for path in paths
        .iter()
        .filter(|p| p.ends_with("index.html") || pages::paging::is_later_page(p))
    {
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
    let index = lookup::Index::new(d);
    jobs(
        d,
        strings::Strings::english(),
        None,
        &Kept::new(None),
        &Kept::new(None),
    )
    .iter()
    .map(|j| {
        let (ctx, reads) = context(d, Some(&index), strings::Strings::english(), j, true, true);
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
        let index = lookup::Index::new(&d);
        let render = |j: &Job, roles: bool| {
            t.tera
                .render(
                    j.template,
                    &context(
                        &d,
                        Some(&index),
                        strings::Strings::english(),
                        j,
                        roles,
                        true,
                    )
                    .0,
                )
                .unwrap()
        };
        let mut differ = Vec::new();
        for j in jobs(
            &d,
            strings::Strings::english(),
            None,
            &Kept::new(None),
            &Kept::new(None),
        ) {
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
