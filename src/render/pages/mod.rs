//! Every page of the site, one file per page kind: its view types (the only thing
//! templates see as `page`) and the builder that makes them from the dossier through
//! [`Views`]. This file lists the pages ([`jobs`]) and makes each one's template
//! context; the rows all pages share are in [`rows`], `site` and `crumbs` in [`site`].

pub mod actor;
pub mod az;
pub mod commitment;
pub mod commitments;
pub mod corrections;
pub mod coverage;
pub mod discrepancy;
pub mod event;
pub mod groups;
pub mod map;
pub mod overview;
pub mod paging;
pub mod print;
pub mod rows;
pub mod site;
pub mod source;
pub mod timeline;

use serde::Serialize;

use crate::model::{Dossier, Kind};

use super::lookup::{Index, Views};
use super::reads::{every, key, Reads};
use super::reuse::{self, Changes, Kept};
use super::strings::Strings;
use super::urls;

/// Builds a page's view and puts it into the template context as `page`.
type BuildView<'a> = Box<dyn Fn(&Views, &mut tera::Context) + Sync + 'a>;

/// One page to render: where it goes, with which template, and its `page` view.
pub(super) struct Job<'a> {
    pub path: String,
    pub template: &'static str,
    title: String,
    section: Option<(&'static str, &'static str)>,
    /// The [`key`] of the entity or Markdown page this page is about: its title
    /// is read here, outside the view.
    owner: Option<u64>,
    build: BuildView<'a>,
    /// A long list, split into pages ([`paging`]).
    pub paging: Option<paging::Paging>,
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
        paging: None,
    }
}

impl Job<'_> {
    /// This page is about the entity or Markdown page `(kind, id)`.
    fn of(mut self, kind: Option<Kind>, id: &str) -> Self {
        self.owner = Some(key(kind, id));
        self
    }

    /// This page's list is split into pages when long.
    fn paged(mut self, p: paging::Paging) -> Self {
        self.paging = Some(p);
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

/// The sections an entity page is in: the catalogue key of its name, and its index.
const ACTORS: (&str, &str) = ("nav.actors", "actors/index.html");
const SOURCES: (&str, &str) = ("nav.sources", "sources/index.html");
const TIMELINE: (&str, &str) = ("nav.timeline", "timeline/index.html");
const COMMITMENTS: (&str, &str) = ("nav.commitments", "commitments/index.html");
const DISCREPANCIES: (&str, &str) = ("nav.discrepancies", "discrepancies/index.html");

pub(super) fn jobs<'a>(
    d: &'a Dossier,
    t: &Strings,
    changes: Option<&'a Changes>,
    kept_coverage: &'a Kept<'a, reuse::CoverageMemo>,
    kept_map: &'a Kept<'a, reuse::MapMemo>,
) -> Vec<Job<'a>> {
    let mut jobs = vec![
        job(
            "map/index.html".into(),
            "map.html",
            t.get("map.title"),
            None,
            |v| {
                let (graph, svg) = map::drawing(kept_map, v);
                map::map_page(v, graph, svg)
            },
        ),
        job(
            "coverage/index.html".into(),
            "coverage.html",
            t.get("coverage.title"),
            None,
            move |v| {
                let d = v.all(coverage::READS);
                coverage::coverage_page(v, &coverage::figures(kept_coverage, changes, d).0)
            },
        )
        .paged(paging::Paging {
            list: "sources",
            items: None,
            first_only: &["single", "unknown", "assistant"],
            last_only: &[],
            data: paging::Rows::None,
        }),
        job(
            "print/index.html".into(),
            "print.html",
            t.get("print.crumb"),
            None,
            |v| {
                let d = v.all(print::PRINT_READS);
                let inner = v.for_document(print::printed(d));
                let page = print::print_page(&inner);
                v.note(inner.reads());
                page
            },
        ),
        job(
            "index.html".into(),
            "index.html",
            &d.meta.title,
            None,
            overview::overview,
        ),
        job(
            "actors/index.html".into(),
            "actors.html",
            t.get("nav.actors"),
            None,
            |v| serde_json::json!({ "groups": groups::actor_groups(v) }),
        )
        .paged(paging::Paging {
            list: "groups",
            items: Some("actors"),
            first_only: &[],
            last_only: &[],
            data: paging::Rows::Html,
        }),
        job(
            "sources/index.html".into(),
            "sources.html",
            t.get("nav.sources"),
            None,
            |v| {
                let sources = v.sources_in_order(usize::MAX);
                let mut outlets: Vec<&str> =
                    sources.iter().filter_map(|s| s.outlet.as_deref()).collect();
                outlets.sort_unstable();
                outlets.dedup();
                serde_json::json!({ "outlets": outlets, "sources": sources })
            },
        )
        .paged(paging::Paging {
            list: "sources",
            items: None,
            first_only: &[],
            last_only: &[],
            // What filter.js shows of a row (its `sourceRow`).
            data: paging::Rows::Fields(&[
                "title",
                "href",
                "editors_title",
                "outlet",
                "published.iso",
                "published.human",
                "actors",
                "citations",
                "words",
            ]),
        }),
        job(
            "timeline/index.html".into(),
            "timeline.html",
            t.get("nav.timeline"),
            None,
            timeline::timeline,
        )
        .paged(paging::Paging {
            list: "days",
            items: Some("items"),
            first_only: &[],
            last_only: &["undated"],
            data: paging::Rows::None,
        }),
        job(
            "commitments/index.html".into(),
            "commitments.html",
            t.get("nav.commitments"),
            None,
            commitments::commitments_page,
        )
        .paged(paging::Paging {
            list: "commitments",
            items: None,
            first_only: &["totals"],
            last_only: &[],
            data: paging::Rows::Html,
        }),
        job(
            "discrepancies/index.html".into(),
            "discrepancies.html",
            t.get("nav.discrepancies"),
            None,
            |v| serde_json::json!({ "discrepancies": v.all(every::DISCREPANCY).discrepancies.values().map(|x| v.discrepancy(x)).collect::<Vec<_>>() }),
        ),
        job(
            "corrections/index.html".into(),
            "corrections.html",
            t.get("corrections.title"),
            None,
            corrections::corrections_page,
        ),
        job(
            "az/index.html".into(),
            "az.html",
            t.get("az.title"),
            None,
            az::az_page,
        )
        .paged(paging::Paging {
            list: "groups",
            items: Some("entries"),
            first_only: &[],
            last_only: &[],
            data: paging::Rows::None,
        }),
        job(
            "404.html".into(),
            "404.html",
            t.get("not_found.title"),
            None,
            |_| serde_json::json!({}),
        ),
    ];
    jobs.extend(d.actors.values().map(actor_job));
    jobs.extend(d.sources.values().map(source_job));
    jobs.extend(d.events.values().map(event_job));
    jobs.extend(d.commitments.values().map(commitment_job));
    jobs.extend(d.discrepancies.values().map(discrepancy_job));
    jobs.extend(d.pages.values().map(page_job));
    jobs
}

/// The page of each kind of entity: `fn name(entity) -> Job`, with the template, the
/// field that titles it, the section it is in and what builds its view.
macro_rules! entity_jobs {
    ($($name:ident($ty:ident, $template:literal, $title:ident, $section:ident, $view:path);)+) => {
        $(fn $name(x: &crate::model::$ty) -> Job<'_> {
            entity_job(Kind::$ty, &x.id, $template, &x.$title, $section, move |v| $view(v, x))
        })+
    };
}

entity_jobs! {
    actor_job(Actor, "actor.html", name, ACTORS, actor::actor_page);
    source_job(Source, "source.html", title, SOURCES, source::source_page);
    event_job(Event, "event.html", title, TIMELINE, event::event_page);
    commitment_job(Commitment, "commitment.html", title, COMMITMENTS, commitment::commitment_page);
    discrepancy_job(Discrepancy, "discrepancy.html", title, DISCREPANCIES, discrepancy::discrepancy_page);
}

fn page_job(p: &crate::model::Page) -> Job<'_> {
    job(
        urls::page(&p.slug),
        "page.html",
        &p.title,
        None,
        move |_| serde_json::json!({ "title": p.title, "summary": p.summary, "html": p.body.html }),
    )
    .of(None, &p.slug)
}

/// The jobs (those of [`jobs`]) of the pages of the entities named, by kind and id
/// (a Markdown page: no kind, its slug), for a watch session to render them before
/// the others. Those no longer in `d` have none.
pub(super) fn own_jobs<'a>(d: &'a Dossier, owners: &[(Option<Kind>, &str)]) -> Vec<Job<'a>> {
    owners
        .iter()
        .filter_map(|&(kind, id)| match kind {
            Some(Kind::Actor) => d.actors.get(id).map(actor_job),
            Some(Kind::Source) => d.sources.get(id).map(source_job),
            Some(Kind::Event) => d.events.get(id).map(event_job),
            Some(Kind::Commitment) => d.commitments.get(id).map(commitment_job),
            Some(Kind::Discrepancy) => d.discrepancies.get(id).map(discrepancy_job),
            None => d.pages.get(id).map(page_job),
        })
        .collect()
}

/// A page's template context (`site`, `crumbs` and its `page` view), and what it read
/// if `track` (else it is said to read everything). References to actors carry their
/// roles if `ref_roles`.
pub(super) fn context(
    d: &Dossier,
    index: Option<&Index>,
    t: &Strings,
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
    .with_strings(t);
    if let Some(index) = index {
        v = v.with_index(index);
    }
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
