//! What templates see: small serialisable views of the dossier, with every link
//! already made relative to the page being rendered. Templates receive `site`,
//! `crumbs` and `page`; the README lists the fields of each.

use serde::Serialize;

use crate::model::*;

use super::{marked, urls};

/// A plain link.
#[derive(Serialize, Clone)]
pub struct LinkView {
    pub title: String,
    pub href: String,
}

#[derive(Serialize, Clone)]
pub struct DateView {
    pub iso: String,
    pub human: String,
}

impl From<&Date> for DateView {
    fn from(d: &Date) -> Self {
        DateView {
            iso: d.iso(),
            human: d.human(),
        }
    }
}

#[derive(Serialize, Clone)]
pub struct NavItem {
    pub title: String,
    pub href: String,
    pub current: bool,
}

/// What every page gets as `site`.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub language: &'a str,
    /// Leads from this page to the site root ("", "../", "../../").
    pub root: String,
    pub nav: Vec<NavItem>,
    pub pages: Vec<NavItem>,
    pub generator: &'static str,
    /// Hosts the Content-Security-Policy lets pages load images and media from.
    pub allowed_hosts: &'a [String],
}

/// Breadcrumbs; the last has no link.
#[derive(Serialize)]
pub struct Crumb {
    pub title: String,
    pub href: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct ActorRef {
    pub id: String,
    pub name: String,
    pub href: String,
    pub kind: &'static str,
    pub role: Option<String>,
}

#[derive(Serialize)]
pub struct EvidenceView {
    /// Anchor on the owner's page: `evidence-2`, `account-1`.
    pub anchor: String,
    pub number: usize,
    /// The passage verbatim from the seed.
    pub quote: String,
    pub source: LinkView,
    pub outlet: Option<String>,
    pub paragraph: usize,
    pub speaker: Option<ActorRef>,
    pub note_html: Option<String>,
    /// On lists of statements: the page that cites this evidence.
    pub cited_by: Option<LinkView>,
    pub cited_by_kind: Option<&'static str>,
}

#[derive(Serialize)]
pub struct CommitmentRow {
    pub id: String,
    pub title: String,
    pub href: String,
    pub by: Vec<ActorRef>,
    pub to: Vec<ActorRef>,
    pub date: Option<DateView>,
    pub status: Option<&'static str>,
    pub categories: Vec<String>,
    pub sources: usize,
    pub summary_html: Option<String>,
}

#[derive(Serialize)]
pub struct EventRow {
    pub id: String,
    pub title: String,
    pub href: String,
    pub date: DateView,
    pub end: Option<DateView>,
    pub place: Option<String>,
    pub actors: Vec<ActorRef>,
    pub summary_html: Option<String>,
}

#[derive(Serialize)]
pub struct SourceRow {
    pub id: String,
    pub title: String,
    pub href: String,
    pub editors_title: bool,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateView>,
    pub actors: usize,
    pub citations: usize,
    pub words: usize,
    pub summary_html: Option<String>,
}

#[derive(Serialize)]
pub struct DiscrepancyRow {
    pub id: String,
    pub title: String,
    pub href: String,
    pub about: Vec<LinkView>,
    pub accounts: usize,
    pub summary_html: Option<String>,
}

/// Builds views for one page, whose links must lead from `root`, and notes what of
/// the dossier the page read (see [`Reads`]).
pub struct Views<'a> {
    /// Read only through the accessors below, which note what is read.
    d: &'a Dossier,
    pub root: String,
    /// On the print page: the site pages the document holds; links to them become
    /// anchors in the document, links to the rest stay links to the site.
    pub in_document: Option<std::collections::HashSet<String>>,
    /// Whether references to actors carry their roles: only for the templates that
    /// may show them, so that the other pages do not depend on roles.
    pub ref_roles: bool,
    reads: std::cell::RefCell<Reads>,
    /// Actors and sources by id, hashed, when a render made one.
    index: Option<&'a Index<'a>>,
}

/// The actors and sources of a dossier by id, hashed: the pages of a 10k render look
/// them up hundreds of thousands of times, and a `BTreeMap` compares ids all the way
/// down.
pub struct Index<'a> {
    actors: rustc_hash::FxHashMap<&'a str, &'a Actor>,
    sources: rustc_hash::FxHashMap<&'a str, &'a Source>,
}

impl<'a> Index<'a> {
    pub fn new(d: &'a Dossier) -> Index<'a> {
        Index {
            actors: d.actors.iter().map(|(k, a)| (k.as_str(), a)).collect(),
            sources: d.sources.iter().map(|(k, s)| (k.as_str(), s)).collect(),
        }
    }
}

/// What a page's view read of the dossier: the entities and Markdown pages it looked
/// up (as [`key`]s), and the kinds it read all of. Besides these a page reads only
/// the site-wide data (`meta` and the pages' titles). A watch session re-renders a
/// page only when something it read has changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reads {
    /// Sorted, without repeats.
    pub keys: Vec<u64>,
    /// The kinds read all of, as [`every`] bits.
    pub kinds: u8,
}

/// The key of an actor's name alone, for pages that show only the name.
pub fn name_key(id: &str) -> u64 {
    hashed(("name", id))
}

/// The key of what an [`ActorRef`] shows of an actor: its name and kind.
pub fn ref_key(id: &str) -> u64 {
    hashed(("ref", id))
}

/// The key of an actor's role, as an [`ActorRef`] shows it on pages whose template
/// may show it ([`Views::ref_roles`]).
pub fn role_key(id: &str) -> u64 {
    hashed(("role", id))
}

fn hashed(x: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    x.hash(&mut h);
    h.finish()
}

/// Bits for [`Reads::kinds`]: all entities of a kind, the Markdown pages, or only the
/// actors' names and aliases.
pub mod every {
    pub const ACTOR: u8 = 1;
    pub const SOURCE: u8 = 2;
    pub const EVENT: u8 = 4;
    pub const COMMITMENT: u8 = 8;
    pub const DISCREPANCY: u8 = 16;
    pub const PAGE: u8 = 32;
    /// Which actors exist, their names, aliases and kinds, not the rest of them.
    pub const NAME: u8 = 64;
    /// Which sources, events, commitments, discrepancies and Markdown pages exist,
    /// and their titles, not the rest of them.
    pub const TITLE: u8 = 128;
    /// Everything.
    pub const KIND: u8 = 255;

    /// The bits of an entity kind (`None`: Markdown pages); an actor's include `NAME`.
    pub fn of(kind: Option<crate::model::Kind>) -> u8 {
        use crate::model::Kind;
        match kind {
            Some(Kind::Actor) => ACTOR | NAME,
            Some(Kind::Source) => SOURCE,
            Some(Kind::Event) => EVENT,
            Some(Kind::Commitment) => COMMITMENT,
            Some(Kind::Discrepancy) => DISCREPANCY,
            None => PAGE,
        }
    }
}

/// The key of an entity (`Some(kind)`) or a Markdown page (`None`) in [`Reads`].
pub fn key(kind: Option<Kind>, id: &str) -> u64 {
    hashed((kind, id))
}

pub fn evidence_anchor(owner: Kind, index: usize) -> String {
    match owner {
        Kind::Discrepancy => format!("account-{}", index + 1),
        _ => format!("evidence-{}", index + 1),
    }
}

fn html_of(m: &Option<Markdown>) -> Option<String> {
    m.as_ref().map(|m| m.html.clone())
}

impl<'a> Views<'a> {
    pub fn new(d: &'a Dossier, path: &str) -> Views<'a> {
        Views::with_root(d, urls::root_from(path), None)
    }

    pub fn with_root(
        d: &'a Dossier,
        root: String,
        in_document: Option<std::collections::HashSet<String>>,
    ) -> Views<'a> {
        Views {
            d,
            root,
            in_document,
            ref_roles: true,
            reads: Default::default(),
            index: None,
        }
    }

    /// These views, looking actors and sources up in `index` (of the same dossier).
    pub fn with_index(mut self, index: &'a Index<'a>) -> Views<'a> {
        self.index = Some(index);
        self
    }

    /// Views for the print page's document, holding the site pages `printed`: the
    /// same root, roles and index as these.
    pub fn for_document(&self, printed: std::collections::HashSet<String>) -> Views<'a> {
        Views {
            ref_roles: self.ref_roles,
            index: self.index,
            ..Views::with_root(self.d, self.root.clone(), Some(printed))
        }
    }

    fn actor_by_id(&self, id: &str) -> Option<&'a Actor> {
        match self.index {
            Some(i) => i.actors.get(id).copied(),
            None => self.d.actors.get(id),
        }
    }

    /// What this page read so far.
    pub fn reads(&self) -> Reads {
        let mut r = self.reads.borrow().clone();
        r.keys.sort_unstable();
        r.keys.dedup();
        r
    }

    fn read(&self, kind: Option<Kind>, id: &str) {
        self.read_key(every::of(kind) & !every::NAME, || key(kind, id));
    }

    /// Notes `key`, unless the page reads all of a kind in `covered_by`.
    fn read_key(&self, covered_by: u8, key: impl FnOnce() -> u64) {
        let mut r = self.reads.borrow_mut();
        if r.kinds & covered_by == 0 {
            r.keys.push(key());
        }
    }

    /// The dossier, for a page that reads all entities of the `kinds` ([`every`]
    /// bits) and looks up any other through the accessors below.
    pub fn all(&self, kinds: u8) -> &'a Dossier {
        self.reads.borrow_mut().kinds |= kinds;
        self.d
    }

    /// Adds what another view (of the same page) read.
    pub fn note(&self, other: Reads) {
        let mut r = self.reads.borrow_mut();
        r.kinds |= other.kinds;
        r.keys.extend(other.keys);
    }

    /// The whole dossier, for pages that list or count all of it.
    pub fn whole(&self) -> &'a Dossier {
        self.all(every::KIND)
    }

    /// The entity `id` of `kind` in `all` (one of the dossier's maps), read by key.
    fn entity<T>(
        &self,
        kind: Kind,
        all: &'a std::collections::BTreeMap<Id, T>,
        id: &str,
    ) -> Option<&'a T> {
        self.read(Some(kind), id);
        all.get(id)
    }

    pub fn actor_of(&self, id: &str) -> Option<&'a Actor> {
        self.read(Some(Kind::Actor), id);
        self.actor_by_id(id)
    }

    /// An actor's name, for a page that shows nothing else of it.
    pub fn name_of(&self, id: &str) -> Option<&'a str> {
        self.read_key(every::ACTOR | every::NAME, || name_key(id));
        self.actor_by_id(id).map(|a| a.name.as_str())
    }

    pub fn source_of(&self, id: &str) -> Option<&'a Source> {
        self.read(Some(Kind::Source), id);
        match self.index {
            Some(i) => i.sources.get(id).copied(),
            None => self.d.sources.get(id),
        }
    }

    pub fn event_of(&self, id: &str) -> Option<&'a Event> {
        self.entity(Kind::Event, &self.d.events, id)
    }

    pub fn commitment_of(&self, id: &str) -> Option<&'a Commitment> {
        self.entity(Kind::Commitment, &self.d.commitments, id)
    }

    pub fn discrepancy_of(&self, id: &str) -> Option<&'a Discrepancy> {
        self.entity(Kind::Discrepancy, &self.d.discrepancies, id)
    }

    pub fn evidence_of(&self, r: &EvidenceRef) -> Option<&'a Evidence> {
        self.read(Some(r.owner.kind), &r.owner.id);
        self.d.evidence(r)
    }

    pub fn title_of(&self, r: &Ref) -> Option<&'a str> {
        self.read(Some(r.kind), &r.id);
        self.d.title_of(r)
    }

    pub fn href(&self, site_path: &str) -> String {
        if let Some(printed) = &self.in_document {
            if printed.contains(site_path.split('#').next().unwrap_or(site_path)) {
                return urls::in_document(site_path);
            }
        }
        [self.root.as_str(), site_path].concat()
    }

    /// The id an anchor `name` of entity `kind/id` gets on this page: `name` on the
    /// entity's own page, `source-s-p3` on the print page.
    pub fn anchor(&self, kind: Kind, id: &str, name: &str) -> String {
        if self.in_document.is_some() {
            return urls::in_document(&format!("{}#{name}", urls::entity(kind, id)))[1..]
                .to_string();
        }
        name.to_string()
    }

    pub fn site(&self, current: &str) -> SiteView<'a> {
        let nav = [
            ("Overview", "index.html"),
            ("Actors", "actors/index.html"),
            ("Sources", "sources/index.html"),
            ("Timeline", "timeline/index.html"),
            ("Commitments", "commitments/index.html"),
            ("Discrepancies", "discrepancies/index.html"),
            ("Map", "map/index.html"),
        ]
        .into_iter()
        .map(|(t, p)| NavItem {
            title: t.into(),
            href: self.href(p),
            current: current == p,
        })
        .collect();
        let pages = nav_pages(self.d)
            .into_iter()
            .map(|p| {
                let path = urls::page(&p.slug);
                NavItem {
                    title: p.title.clone(),
                    current: current == path,
                    href: self.href(&path),
                }
            })
            .collect();
        SiteView {
            title: &self.d.meta.title,
            language: &self.d.meta.language,
            root: self.root.clone(),
            nav,
            pages,
            generator: concat!("dossier ", env!("CARGO_PKG_VERSION")),
            allowed_hosts: &self.d.meta.allowed_hosts,
        }
    }

    /// Home › section › this page.
    pub fn crumbs(&self, section: Option<(&str, &str)>, title: &str) -> Vec<Crumb> {
        let mut v = vec![Crumb {
            title: "Overview".into(),
            href: Some(self.href("index.html")),
        }];
        if let Some((t, p)) = section {
            v.push(Crumb {
                title: t.into(),
                href: Some(self.href(p)),
            });
        }
        v.push(Crumb {
            title: title.into(),
            href: None,
        });
        v
    }

    /// A reference to an actor: only its name and kind are read, and its role on pages
    /// whose template may show it ([`Views::ref_roles`]).
    pub fn actor(&self, id: &str) -> Option<ActorRef> {
        self.read_key(every::ACTOR, || ref_key(id));
        if self.ref_roles {
            self.read_key(every::ACTOR, || role_key(id));
        }
        Some(self.ref_of(self.actor_by_id(id)?, self.ref_roles))
    }

    /// A page's own actor, role included: the page reads all of it.
    pub fn own_actor(&self, a: &Actor) -> ActorRef {
        self.read(Some(Kind::Actor), &a.id);
        self.ref_of(a, true)
    }

    fn ref_of(&self, a: &Actor, role: bool) -> ActorRef {
        ActorRef {
            id: a.id.clone(),
            name: a.name.clone(),
            href: self.href(&urls::entity(Kind::Actor, &a.id)),
            kind: a.kind.name(),
            role: a.role.clone().filter(|_| role),
        }
    }

    pub fn actors(&self, ids: &[Id]) -> Vec<ActorRef> {
        ids.iter().filter_map(|i| self.actor(i)).collect()
    }

    pub fn link(&self, r: &Ref) -> Option<LinkView> {
        Some(LinkView {
            title: self.title_of(r)?.to_string(),
            href: self.href(&urls::of(r)),
        })
    }

    pub fn evidence(
        &self,
        owner: &Ref,
        index: usize,
        e: &Evidence,
        with_owner: bool,
    ) -> EvidenceView {
        let src = self.source_of(&e.source);
        EvidenceView {
            anchor: self.anchor(owner.kind, &owner.id, &evidence_anchor(owner.kind, index)),
            number: index + 1,
            quote: e.quote.clone(),
            source: LinkView {
                title: src.map_or_else(|| e.source.clone(), |s| s.title.clone()),
                href: self.href(&urls::paragraph(&e.source, e.paragraph)),
            },
            outlet: src.and_then(|s| s.outlet.clone()),
            paragraph: e.paragraph,
            speaker: e.speaker.as_deref().and_then(|s| self.actor(s)),
            note_html: html_of(&e.note),
            cited_by: with_owner.then(|| LinkView {
                title: self.title_of(owner).unwrap_or_default().to_string(),
                href: format!(
                    "{}#{}",
                    self.href(&urls::of(owner)),
                    evidence_anchor(owner.kind, index)
                ),
            }),
            cited_by_kind: with_owner.then(|| owner.kind.singular()),
        }
    }

    pub fn evidence_list(&self, kind: Kind, id: &str, list: &[Evidence]) -> Vec<EvidenceView> {
        let owner = Ref {
            kind,
            id: id.to_string(),
        };
        list.iter()
            .enumerate()
            .map(|(i, e)| self.evidence(&owner, i, e, false))
            .collect()
    }

    pub fn commitment(&self, c: &Commitment) -> CommitmentRow {
        CommitmentRow {
            id: c.id.clone(),
            title: c.title.clone(),
            href: self.href(&urls::entity(Kind::Commitment, &c.id)),
            by: self.actors(&c.by),
            to: self.actors(&c.to),
            date: c.date.as_ref().map(DateView::from),
            status: c.status.map(Status::name),
            categories: c.categories.clone(),
            sources: c.sources.len(),
            summary_html: html_of(&c.summary),
        }
    }

    pub fn commitments(&self, ids: &[Id]) -> Vec<CommitmentRow> {
        ids.iter()
            .filter_map(|i| self.commitment_of(i))
            .map(|c| self.commitment(c))
            .collect()
    }

    pub fn event(&self, e: &Event) -> EventRow {
        EventRow {
            id: e.id.clone(),
            title: e.title.clone(),
            href: self.href(&urls::entity(Kind::Event, &e.id)),
            date: (&e.date).into(),
            end: e.end.as_ref().map(DateView::from),
            place: e.place.clone(),
            actors: self.actors(&e.actors),
            summary_html: html_of(&e.summary),
        }
    }

    /// Events by id, in timeline order.
    pub fn events(&self, ids: &[Id]) -> Vec<EventRow> {
        let mut es: Vec<&Event> = ids.iter().filter_map(|i| self.event_of(i)).collect();
        es.sort_by(|a, b| (a.date.sort_key(), &a.id).cmp(&(b.date.sort_key(), &b.id)));
        es.into_iter().map(|e| self.event(e)).collect()
    }

    pub fn source(&self, s: &Source) -> SourceRow {
        SourceRow {
            id: s.id.clone(),
            title: s.title.clone(),
            href: self.href(&urls::entity(Kind::Source, &s.id)),
            editors_title: s.editors_title,
            outlet: s.outlet.clone(),
            author: s.author.clone(),
            published: s.published.as_ref().map(DateView::from),
            actors: s.mentioned.len(),
            citations: s.citations.len(),
            words: s.words,
            summary_html: html_of(&s.summary),
        }
    }

    /// Sources in reading order: by publication date, then title.
    pub fn sources_in_order(&self, max: usize) -> Vec<SourceRow> {
        self.all(every::SOURCE)
            .sources_in_reading_order()
            .into_iter()
            .take(max)
            .map(|s| self.source(s))
            .collect()
    }

    pub fn discrepancy(&self, x: &Discrepancy) -> DiscrepancyRow {
        DiscrepancyRow {
            id: x.id.clone(),
            title: x.title.clone(),
            href: self.href(&urls::entity(Kind::Discrepancy, &x.id)),
            about: x.about.iter().filter_map(|r| self.link(r)).collect(),
            accounts: x.accounts.len(),
            summary_html: html_of(&x.summary),
        }
    }

    pub fn discrepancies(&self, ids: &[Id]) -> Vec<DiscrepancyRow> {
        ids.iter()
            .filter_map(|i| self.discrepancy_of(i))
            .map(|x| self.discrepancy(x))
            .collect()
    }

    /// The first `max` commitments, best-attested first.
    pub fn key_commitments(&self, max: usize) -> Vec<CommitmentRow> {
        self.all(every::COMMITMENT)
            .commitments_by_attestation()
            .into_iter()
            .take(max)
            .map(|c| self.commitment(c))
            .collect()
    }
}

// ---- page views ---------------------------------------------------------------

#[derive(Serialize)]
pub struct ActorCard {
    pub actor: ActorRef,
    pub sources: usize,
    pub mentions: usize,
    pub commitments: usize,
}

#[derive(Serialize)]
pub struct ActorGroup {
    pub kind: &'static str,
    pub label: &'static str,
    pub actors: Vec<ActorCard>,
}

/// Every actor, by kind, in name order.
pub fn actor_groups(v: &Views) -> Vec<ActorGroup> {
    v.all(every::ACTOR);
    actor_groups_of(v, |_| true)
}

/// The actors `keep` selects, by kind, in name order. Which actors exist and their
/// kinds and names are read as [`every::NAME`]; each one kept is read by key. `keep`
/// must decide by what the caller has read all of (mention counts: sources).
fn actor_groups_of(v: &Views, keep: impl Fn(&Actor) -> bool) -> Vec<ActorGroup> {
    let d = v.all(every::NAME);
    ActorKind::ALL
        .into_iter()
        .map(|k| {
            let mut actors: Vec<&Actor> = d
                .actors
                .values()
                .filter(|a| a.kind == k && keep(a))
                .collect();
            actors.sort_by(|a, b| {
                a.name
                    .to_lowercase()
                    .cmp(&b.name.to_lowercase())
                    .then(a.id.cmp(&b.id))
            });
            ActorGroup {
                kind: k.name(),
                label: match k {
                    ActorKind::Person => "People",
                    ActorKind::Organization => "Organizations",
                    ActorKind::Country => "Countries",
                    ActorKind::Group => "Groups",
                },
                actors: actors
                    .into_iter()
                    .filter_map(|a| {
                        let a = v.actor_of(&a.id)?;
                        Some(ActorCard {
                            actor: v.actor(&a.id)?,
                            sources: a.mentions.len(),
                            mentions: a.mentions.iter().map(|m| m.count).sum(),
                            commitments: a.commitments_made.len() + a.commitments_received.len(),
                        })
                    })
                    .collect(),
            }
        })
        .filter(|g| !g.actors.is_empty())
        .collect()
}

#[derive(Serialize)]
pub struct Counts {
    pub actors: usize,
    pub sources: usize,
    pub events: usize,
    pub commitments: usize,
    pub discrepancies: usize,
    pub quotes: usize,
}

#[derive(Serialize)]
pub struct OverviewPage {
    pub description_html: Option<String>,
    pub counts: Counts,
    pub commitments: Vec<CommitmentRow>,
    pub events: Vec<EventRow>,
    pub actor_groups: Vec<ActorGroup>,
    pub sources: Vec<SourceRow>,
    pub discrepancies: Vec<DiscrepancyRow>,
}

/// How many rows each list of the overview shows; the full lists have pages of their own.
const OVERVIEW_COMMITMENTS: usize = 10;
const OVERVIEW_EVENTS: usize = 20;
const OVERVIEW_SOURCES: usize = 20;
const OVERVIEW_DISCREPANCIES: usize = 12;
const OVERVIEW_ACTORS_PER_KIND: usize = 40;

/// What the overview reads all of: it counts everything, lists the first events,
/// sources, commitments and discrepancies, and picks actors by how often sources name
/// them.
const OVERVIEW_READS: u8 =
    every::SOURCE | every::EVENT | every::COMMITMENT | every::DISCREPANCY | every::NAME;

/// How often the sources name an actor (a count the sources decide).
fn mention_count(a: &Actor) -> usize {
    a.mentions.iter().map(|m| m.count).sum()
}

pub fn overview(v: &Views) -> OverviewPage {
    let d = v.all(OVERVIEW_READS);
    // The timeline at a glance: the first dated events (and undated ones last).
    let ids: Vec<Id> = d
        .events_by_date()
        .into_iter()
        .take(OVERVIEW_EVENTS)
        .map(|e| e.id.clone())
        .collect();
    // Per kind, the most named first when there are more than the overview shows.
    let mut chosen = std::collections::HashSet::new();
    let mut cut = Vec::new();
    for k in ActorKind::ALL {
        let mut of_kind: Vec<&Actor> = d.actors.values().filter(|a| a.kind == k).collect();
        if of_kind.len() > OVERVIEW_ACTORS_PER_KIND {
            of_kind.sort_by(|a, b| {
                (std::cmp::Reverse(mention_count(a)), &a.name, &a.id).cmp(&(
                    std::cmp::Reverse(mention_count(b)),
                    &b.name,
                    &b.id,
                ))
            });
            of_kind.truncate(OVERVIEW_ACTORS_PER_KIND);
            cut.push(k.name());
        }
        chosen.extend(of_kind.into_iter().map(|a| a.id.as_str()));
    }
    let mut actor_groups = actor_groups_of(v, |a| chosen.contains(a.id.as_str()));
    for g in actor_groups.iter_mut().filter(|g| cut.contains(&g.kind)) {
        g.actors.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then(a.actor.name.cmp(&b.actor.name))
        });
    }
    OverviewPage {
        description_html: html_of(&d.meta.description),
        counts: Counts {
            actors: d.actors.len(),
            sources: d.sources.len(),
            events: d.events.len(),
            commitments: d.commitments.len(),
            discrepancies: d.discrepancies.len(),
            quotes: d.sources.values().map(|s| s.citations.len()).sum(),
        },
        commitments: v.key_commitments(OVERVIEW_COMMITMENTS),
        events: v.events(&ids),
        actor_groups,
        sources: v.sources_in_order(OVERVIEW_SOURCES),
        discrepancies: d
            .discrepancies
            .values()
            .take(OVERVIEW_DISCREPANCIES)
            .map(|x| v.discrepancy(x))
            .collect(),
    }
}

#[derive(Serialize)]
pub struct ContextView {
    pub paragraph: usize,
    pub href: String,
    pub html: String,
}

#[derive(Serialize)]
pub struct MentionGroupView {
    pub source: LinkView,
    pub count: usize,
    /// The sentences (none in `more_mentions`).
    pub contexts: Vec<ContextView>,
}

/// An actor page quotes the sentences of this many sources; the rest are listed by
/// title with their counts, each a link to the source page where the name is marked.
pub const MENTION_SOURCES_SHOWN: usize = 50;

/// An actor page lists this many related actors with reasons (the strongest ties).
pub const RELATED_SHOWN: usize = 40;

#[derive(Serialize)]
pub struct RelatedView {
    pub actor: ActorRef,
    pub reasons: Vec<String>,
}

#[derive(Serialize)]
pub struct ActorPage {
    pub actor: ActorRef,
    pub aliases: Vec<String>,
    pub affiliations: Vec<ActorRef>,
    pub members: Vec<ActorRef>,
    pub summary_html: Option<String>,
    pub links: Vec<LinkView>,
    pub mention_total: usize,
    /// The first sources that name the actor, with the sentences that do.
    pub mentions: Vec<MentionGroupView>,
    /// The rest, without sentences.
    pub more_mentions: Vec<MentionGroupView>,
    pub made: Vec<CommitmentRow>,
    pub received: Vec<CommitmentRow>,
    pub statements: Vec<EvidenceView>,
    pub events: Vec<EventRow>,
    pub discrepancies: Vec<DiscrepancyRow>,
    pub related: Vec<RelatedView>,
    /// Related actors not listed (weaker ties).
    pub related_more: usize,
    /// A small map of the strongest ties (SVG markup), if any.
    pub neighbourhood_svg: Option<String>,
}

/// The sentence of `s` that context `c` stands for.
fn sentence<'a>(s: &'a Source, c: &Context) -> &'a str {
    s.paragraphs
        .get(c.paragraph.wrapping_sub(1))
        .and_then(|p| p.text.get(c.start..c.end))
        .unwrap_or_default()
}

fn mention_groups(v: &Views, list: &[SourceMentions], sentences: bool) -> Vec<MentionGroupView> {
    list.iter()
        .filter_map(|m| {
            let s = v.source_of(&m.source)?;
            Some(MentionGroupView {
                source: LinkView {
                    title: s.title.clone(),
                    href: v.href(&urls::entity(Kind::Source, &s.id)),
                },
                count: m.count,
                contexts: if !sentences {
                    Vec::new()
                } else {
                    m.contexts
                        .iter()
                        .map(|c| ContextView {
                            paragraph: c.paragraph,
                            href: v.href(&urls::paragraph(&s.id, c.paragraph)),
                            html: marked::with_marks(sentence(s, c), &c.marks),
                        })
                        .collect()
                },
            })
        })
        .collect()
}

pub fn actor_page(v: &Views, a: &Actor) -> ActorPage {
    let (shown, rest) = a
        .mentions
        .split_at(a.mentions.len().min(MENTION_SOURCES_SHOWN));
    ActorPage {
        actor: v.own_actor(a),
        aliases: a.aliases.clone(),
        affiliations: v.actors(&a.affiliations),
        members: v.actors(&a.members),
        summary_html: html_of(&a.summary),
        links: a
            .links
            .iter()
            .map(|l| LinkView {
                title: l.title.clone(),
                href: l.url.clone(),
            })
            .collect(),
        mention_total: a.mentions.iter().map(|m| m.count).sum(),
        mentions: mention_groups(v, shown, true),
        more_mentions: mention_groups(v, rest, false),
        made: v.commitments(&a.commitments_made),
        received: v.commitments(&a.commitments_received),
        statements: a
            .statements
            .iter()
            .filter_map(|r| Some(v.evidence(&r.owner, r.index, v.evidence_of(r)?, true)))
            .collect(),
        events: v.events(&a.events),
        discrepancies: v.discrepancies(&a.discrepancies),
        related_more: a.related.len().saturating_sub(RELATED_SHOWN),
        related: a
            .related
            .iter()
            .take(RELATED_SHOWN)
            .filter_map(|r| {
                Some(RelatedView {
                    actor: v.actor(&r.actor)?,
                    reasons: r.reasons(),
                })
            })
            .collect(),
        neighbourhood_svg: super::map::neighbourhood_svg(&a.id, v, 12),
    }
}

#[derive(Serialize)]
pub struct ParagraphView {
    pub number: usize,
    /// Its anchor: `p3`, or `source-s-p3` on the print page.
    pub id: String,
    pub html: String,
}

#[derive(Serialize)]
pub struct CitationView {
    pub number: usize,
    pub paragraph: usize,
    pub quote: String,
    pub by: LinkView,
    pub by_kind: &'static str,
}

#[derive(Serialize)]
pub struct MentionedView {
    pub actor: ActorRef,
    pub count: usize,
}

#[derive(Serialize)]
pub struct SourcePage {
    pub source: SourceRow,
    pub seed: String,
    pub url: Option<String>,
    pub language: Option<String>,
    pub paragraphs: Vec<ParagraphView>,
    pub citations: Vec<CitationView>,
    pub mentioned: Vec<MentionedView>,
}

pub fn source_page(v: &Views, s: &Source) -> SourcePage {
    SourcePage {
        source: v.source(s),
        seed: s.seed.clone(),
        url: s.url.clone(),
        language: s.language.clone(),
        paragraphs: s
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| ParagraphView {
                number: i + 1,
                id: v.anchor(Kind::Source, &s.id, &format!("p{}", i + 1)),
                html: marked::paragraph(v, s, p),
            })
            .collect(),
        citations: s
            .citations
            .iter()
            .filter_map(|c| {
                let e = v.evidence_of(&c.by)?;
                let view = v.evidence(&c.by.owner, c.by.index, e, true);
                Some(CitationView {
                    number: c.number,
                    paragraph: c.paragraph,
                    quote: e.quote.clone(),
                    by: view.cited_by?,
                    by_kind: c.by.owner.kind.singular(),
                })
            })
            .collect(),
        mentioned: s
            .mentioned
            .iter()
            .filter_map(|(a, n)| {
                Some(MentionedView {
                    actor: v.actor(a)?,
                    count: *n,
                })
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct EventPage {
    pub event: EventRow,
    pub evidence: Vec<EvidenceView>,
    pub commitments: Vec<CommitmentRow>,
    pub discrepancies: Vec<DiscrepancyRow>,
}

pub fn event_page(v: &Views, e: &Event) -> EventPage {
    EventPage {
        event: v.event(e),
        evidence: v.evidence_list(Kind::Event, &e.id, &e.evidence),
        commitments: v.commitments(&e.commitments),
        discrepancies: v.discrepancies(&e.discrepancies),
    }
}

#[derive(Serialize)]
pub struct CommitmentPage {
    pub commitment: CommitmentRow,
    pub event: Option<LinkView>,
    pub evidence: Vec<EvidenceView>,
    pub discrepancies: Vec<DiscrepancyRow>,
}

pub fn commitment_page(v: &Views, c: &Commitment) -> CommitmentPage {
    CommitmentPage {
        commitment: v.commitment(c),
        event: c.event.as_ref().and_then(|e| {
            v.link(&Ref {
                kind: Kind::Event,
                id: e.clone(),
            })
        }),
        evidence: v.evidence_list(Kind::Commitment, &c.id, &c.evidence),
        discrepancies: v.discrepancies(&c.discrepancies),
    }
}

#[derive(Serialize)]
pub struct DiscrepancyPage {
    pub discrepancy: DiscrepancyRow,
    pub accounts: Vec<EvidenceView>,
}

pub fn discrepancy_page(v: &Views, x: &Discrepancy) -> DiscrepancyPage {
    DiscrepancyPage {
        discrepancy: v.discrepancy(x),
        accounts: v.evidence_list(Kind::Discrepancy, &x.id, &x.accounts),
    }
}

#[derive(Serialize)]
pub struct TimelineItem {
    /// event | commitment | source
    pub kind: &'static str,
    pub title: String,
    pub href: String,
    pub detail: Option<String>,
}

#[derive(Serialize)]
pub struct TimelineDay {
    pub date: DateView,
    pub items: Vec<TimelineItem>,
}

#[derive(Serialize)]
pub struct TimelinePage {
    pub days: Vec<TimelineDay>,
    pub undated: Vec<TimelineItem>,
}

pub fn timeline(v: &Views) -> TimelinePage {
    let d = v.all(every::EVENT | every::COMMITMENT | every::SOURCE);
    let mut dated: Vec<(Date, u8, String, TimelineItem)> = Vec::new();
    let mut undated = Vec::new();
    for e in d.events.values() {
        let detail = match (&e.end, &e.place) {
            (Some(end), Some(p)) => Some(format!("until {} · {p}", end.human())),
            (Some(end), None) => Some(format!("until {}", end.human())),
            (None, Some(p)) => Some(p.clone()),
            (None, None) => None,
        };
        let item = TimelineItem {
            kind: "event",
            title: e.title.clone(),
            href: v.href(&urls::entity(Kind::Event, &e.id)),
            detail,
        };
        if e.date == Date::Unknown {
            undated.push(item);
        } else {
            dated.push((e.date, 0, e.id.clone(), item));
        }
    }
    for c in d.commitments.values() {
        if let Some(date) = c.date {
            let by: Vec<&str> = c.by.iter().filter_map(|a| v.name_of(a)).collect();
            dated.push((
                date,
                1,
                c.id.clone(),
                TimelineItem {
                    kind: "commitment",
                    title: c.title.clone(),
                    href: v.href(&urls::entity(Kind::Commitment, &c.id)),
                    detail: Some(format!("by {}", by.join(", "))),
                },
            ));
        }
    }
    for s in d.sources.values() {
        if let Some(date) = s.published {
            dated.push((
                date,
                2,
                s.id.clone(),
                TimelineItem {
                    kind: "source",
                    title: s.title.clone(),
                    href: v.href(&urls::entity(Kind::Source, &s.id)),
                    detail: Some(match &s.outlet {
                        Some(o) => format!("published · {o}"),
                        None => "published".into(),
                    }),
                },
            ));
        }
    }
    dated.sort_by(|a, b| (a.0.sort_key(), a.1, &a.2).cmp(&(b.0.sort_key(), b.1, &b.2)));
    let mut days: Vec<TimelineDay> = Vec::new();
    for (date, _, _, item) in dated {
        match days.last_mut() {
            Some(day) if day.date.iso == date.iso() => day.items.push(item),
            _ => days.push(TimelineDay {
                date: (&date).into(),
                items: vec![item],
            }),
        }
    }
    TimelinePage { days, undated }
}

#[derive(Serialize)]
pub struct CoverageSourceView {
    pub source: SourceRow,
    pub percent: u32,
    pub citations: usize,
}

#[derive(Serialize)]
pub struct PlaceView {
    pub title: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct UnknownNameView {
    pub name: String,
    pub count: usize,
    pub places: Vec<PlaceView>,
}

#[derive(Serialize)]
pub struct CoveragePage {
    pub sources: Vec<CoverageSourceView>,
    pub single: Vec<CommitmentRow>,
    pub unknown: Vec<UnknownNameView>,
}

/// How many names the coverage page lists, and places per name.
const COVERAGE_NAMES: usize = 200;
const COVERAGE_PLACES: usize = 12;

pub fn coverage_page(v: &Views, c: &crate::coverage::Coverage) -> CoveragePage {
    CoveragePage {
        sources: c
            .sources
            .iter()
            .filter_map(|s| {
                Some(CoverageSourceView {
                    source: v.source(v.all(every::SOURCE).sources.get(&s.source)?),
                    percent: (s.cited * 100.0).round() as u32,
                    citations: s.citations,
                })
            })
            .collect(),
        single: v.commitments(&c.single_source_commitments),
        unknown: c
            .unknown_names
            .iter()
            .take(COVERAGE_NAMES)
            .map(|n| UnknownNameView {
                name: n.name.clone(),
                count: n.count,
                places: n
                    .places
                    .iter()
                    .take(COVERAGE_PLACES)
                    .map(|(src, p)| PlaceView {
                        title: format!("{src} ¶{p}"),
                        href: v.href(&urls::paragraph(src, p)),
                    })
                    .collect(),
            })
            .collect(),
    }
}

// ---- the print page: the whole dossier in reading order --------------------------

#[derive(Serialize)]
pub struct PrintEvent {
    pub anchor: String,
    pub event: EventRow,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Serialize)]
pub struct PrintCommitment {
    pub anchor: String,
    pub commitment: CommitmentRow,
    pub event: Option<LinkView>,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Serialize)]
pub struct PrintDiscrepancy {
    pub anchor: String,
    pub discrepancy: DiscrepancyRow,
    pub accounts: Vec<EvidenceView>,
}

#[derive(Serialize)]
pub struct PrintActor {
    pub anchor: String,
    pub actor: ActorRef,
    pub aliases: Vec<String>,
    pub affiliations: Vec<ActorRef>,
    pub summary_html: Option<String>,
    pub named_in: Vec<MentionedInView>,
}

#[derive(Serialize)]
pub struct MentionedInView {
    pub source: LinkView,
    pub count: usize,
}

#[derive(Serialize)]
pub struct PrintSource {
    pub anchor: String,
    pub page: SourcePage,
}

#[derive(Serialize)]
pub struct PrintPage {
    pub description_html: Option<String>,
    pub counts: Counts,
    pub timeline: TimelinePage,
    pub events: Vec<PrintEvent>,
    pub commitments: Vec<PrintCommitment>,
    pub discrepancies: Vec<PrintDiscrepancy>,
    pub actor_groups: Vec<(&'static str, Vec<PrintActor>)>,
    pub sources: Vec<PrintSource>,
    pub pages: Vec<(String, String, String)>,
    /// What a large dossier's print page leaves out, e.g. "1,700 actors".
    pub left_out: Vec<String>,
}

/// The print page holds everything up to these sizes; a larger dossier prints its most
/// attested commitments, most named actors and first sources, and says what it left out.
const PRINT_MAX: usize = 300;
const PRINT_MAX_SOURCES: usize = 100;

/// The site pages the print page holds (so that links to them become anchors).
pub fn printed(d: &Dossier) -> std::collections::HashSet<String> {
    let mut set: std::collections::HashSet<String> = [
        "index.html",
        "timeline/index.html",
        "commitments/index.html",
        "discrepancies/index.html",
        "actors/index.html",
        "sources/index.html",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    set.extend(
        d.events_by_date()
            .into_iter()
            .take(PRINT_MAX)
            .map(|e| urls::entity(Kind::Event, &e.id)),
    );
    set.extend(
        print_commitments(d)
            .into_iter()
            .map(|c| urls::entity(Kind::Commitment, &c.id)),
    );
    set.extend(
        d.discrepancies
            .values()
            .take(PRINT_MAX)
            .map(|x| urls::entity(Kind::Discrepancy, &x.id)),
    );
    set.extend(
        print_actors(d)
            .into_iter()
            .map(|id| urls::entity(Kind::Actor, id)),
    );
    set.extend(
        print_sources(d)
            .into_iter()
            .map(|s| urls::entity(Kind::Source, &s.id)),
    );
    set.extend(d.pages.keys().map(|slug| urls::page(slug)));
    set
}

fn print_commitments(d: &Dossier) -> Vec<&Commitment> {
    let mut cs = d.commitments_by_attestation();
    cs.truncate(PRINT_MAX);
    cs
}

/// The most named actors.
fn print_actors(d: &Dossier) -> std::collections::BTreeSet<&str> {
    let mut all: Vec<&Actor> = d.actors.values().collect();
    all.sort_by_key(|a| (std::cmp::Reverse(mention_count(a)), a.id.as_str()));
    all.into_iter()
        .take(PRINT_MAX)
        .map(|a| a.id.as_str())
        .collect()
}

fn print_sources(d: &Dossier) -> Vec<&Source> {
    let mut sources = d.sources_in_reading_order();
    sources.truncate(PRINT_MAX_SOURCES);
    sources
}

/// What the print page reads all of: the overview's reads, and the Markdown pages.
pub const PRINT_READS: u8 = OVERVIEW_READS | every::PAGE;

/// Everything, in reading order; `v` must link in-document (see [`printed`]).
pub fn print_page(v: &Views) -> PrintPage {
    let d = v.all(PRINT_READS);
    let anchor = |kind: Kind, id: &str| v.href(&urls::entity(kind, id))[1..].to_string();
    let overview = overview(v);
    let mut left_out = Vec::new();
    let mut note = |n: usize, max: usize, what: &str| {
        if n > max {
            left_out.push(format!("{} {what}", n - max));
        }
    };
    note(d.events.len(), PRINT_MAX, "events");
    note(d.commitments.len(), PRINT_MAX, "commitments");
    note(d.discrepancies.len(), PRINT_MAX, "discrepancies");
    note(d.actors.len(), PRINT_MAX, "actors");
    note(d.sources.len(), PRINT_MAX_SOURCES, "sources");
    let events = d
        .events_by_date()
        .into_iter()
        .take(PRINT_MAX)
        .map(|e| PrintEvent {
            anchor: anchor(Kind::Event, &e.id),
            event: v.event(e),
            evidence: v.evidence_list(Kind::Event, &e.id, &e.evidence),
        })
        .collect();
    let commitments = print_commitments(d)
        .into_iter()
        .map(|c| {
            let page = commitment_page(v, c);
            PrintCommitment {
                anchor: anchor(Kind::Commitment, &c.id),
                commitment: page.commitment,
                event: page.event,
                evidence: page.evidence,
            }
        })
        .collect();
    let discrepancies = d
        .discrepancies
        .values()
        .take(PRINT_MAX)
        .map(|x| PrintDiscrepancy {
            anchor: anchor(Kind::Discrepancy, &x.id),
            discrepancy: v.discrepancy(x),
            accounts: v.evidence_list(Kind::Discrepancy, &x.id, &x.accounts),
        })
        .collect();
    let shown_actors = print_actors(d);
    let actor_groups = actor_groups_of(v, |a| shown_actors.contains(a.id.as_str()))
        .into_iter()
        .map(|g| {
            let actors = g
                .actors
                .iter()
                .filter_map(|c| Some((c, v.actor_of(&c.actor.id)?)))
                .map(|(c, a)| PrintActor {
                    anchor: anchor(Kind::Actor, &a.id),
                    actor: c.actor.clone(),
                    aliases: a.aliases.clone(),
                    affiliations: v.actors(&a.affiliations),
                    summary_html: html_of(&a.summary),
                    named_in: a
                        .mentions
                        .iter()
                        .filter_map(|m| {
                            Some(MentionedInView {
                                source: v.link(&Ref {
                                    kind: Kind::Source,
                                    id: m.source.clone(),
                                })?,
                                count: m.count,
                            })
                        })
                        .collect(),
                })
                .collect();
            (g.label, actors)
        })
        .collect();
    let sources = print_sources(d)
        .into_iter()
        .map(|s| PrintSource {
            anchor: anchor(Kind::Source, &s.id),
            page: source_page(v, s),
        })
        .collect();
    let pages = nav_pages(d);
    PrintPage {
        description_html: overview.description_html,
        counts: overview.counts,
        timeline: timeline(v),
        events,
        commitments,
        discrepancies,
        actor_groups,
        sources,
        pages: pages
            .into_iter()
            .map(|p| {
                (
                    v.href(&urls::page(&p.slug))[1..].to_string(),
                    p.title.clone(),
                    p.body.html.clone(),
                )
            })
            .collect(),
        left_out,
    }
}

#[derive(Serialize)]
pub struct MapPage {
    pub svg: String,
    pub shown: usize,
    pub left_out: usize,
    pub kinds: Vec<&'static str>,
    pub groups: Vec<ActorGroup>,
}

pub fn map_page(v: &Views, g: &super::map::Graph, svg: &str) -> MapPage {
    MapPage {
        svg: svg.to_string(),
        shown: g.nodes.len(),
        left_out: g.left_out,
        kinds: ActorKind::ALL.iter().map(|k| k.name()).collect(),
        groups: actor_groups(v),
    }
}

/// One line of the A–Z index: a page, or an alias that points to one.
#[derive(Serialize)]
pub struct AzEntry {
    pub name: String,
    pub href: String,
    pub kind: &'static str,
    /// For an alias: the name it stands for.
    pub see: Option<String>,
}

#[derive(Serialize)]
pub struct AzGroup {
    pub letter: String,
    pub entries: Vec<AzEntry>,
}

#[derive(Serialize)]
pub struct AzPage {
    pub groups: Vec<AzGroup>,
    pub total: usize,
}

/// The letter a name files under: its first letter or digit, upper-cased ("#" for
/// anything else).
fn az_letter(name: &str) -> String {
    match name.chars().find(|c| c.is_alphanumeric()) {
        Some(c) if c.is_ascii_digit() => "0–9".into(),
        Some(c) => c.to_uppercase().collect(),
        None => "#".into(),
    }
}

/// Every name in the dossier, A to Z: the page search falls back to without JavaScript.
pub fn az_page(v: &Views) -> AzPage {
    let d = v.all(every::NAME | every::TITLE);
    let mut entries: Vec<AzEntry> = Vec::new();
    let mut add = |name: &str, path: String, kind: &'static str, see: Option<&str>| {
        entries.push(AzEntry {
            name: name.to_string(),
            href: v.href(&path),
            kind,
            see: see.map(str::to_string),
        })
    };
    for a in d.actors.values() {
        let path = urls::entity(Kind::Actor, &a.id);
        add(&a.name, path.clone(), "actor", None);
        for alias in &a.aliases {
            add(alias, path.clone(), "actor", Some(&a.name));
        }
    }
    for s in d.sources.values() {
        add(&s.title, urls::entity(Kind::Source, &s.id), "source", None);
    }
    for e in d.events.values() {
        add(&e.title, urls::entity(Kind::Event, &e.id), "event", None);
    }
    for c in d.commitments.values() {
        add(
            &c.title,
            urls::entity(Kind::Commitment, &c.id),
            "commitment",
            None,
        );
    }
    for x in d.discrepancies.values() {
        add(
            &x.title,
            urls::entity(Kind::Discrepancy, &x.id),
            "discrepancy",
            None,
        );
    }
    for p in d.pages.values() {
        add(&p.title, urls::page(&p.slug), "page", None);
    }
    let key = |e: &AzEntry| (az_letter(&e.name), e.name.to_lowercase());
    entries.sort_by_cached_key(|e| (key(e), e.see.is_some(), e.href.clone()));
    let total = entries.len();
    let mut groups: Vec<AzGroup> = Vec::new();
    for e in entries {
        let letter = az_letter(&e.name);
        match groups.last_mut() {
            Some(g) if g.letter == letter => g.entries.push(e),
            _ => groups.push(AzGroup {
                letter,
                entries: vec![e],
            }),
        }
    }
    AzPage { groups, total }
}

/// The Markdown pages in navigation order (weight, then title).
pub fn nav_pages(d: &Dossier) -> Vec<&Page> {
    let mut pages: Vec<&Page> = d.pages.values().collect();
    pages.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
    pages
}
