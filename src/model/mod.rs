//! The resolved dossier: every id checked, every quote located, every backlink
//! computed. Pure data, ordered (BTreeMap) so that output is deterministic. Built only
//! by `resolve`; read by `render`. Its serde shape is `dossier.json` (see README).

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

pub type Id = String;

/// Markdown as the editor wrote it, and its sanitised HTML.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Markdown {
    pub markdown: String,
    pub html: String,
}

mod date;
mod text;

pub use date::{Date, MONTHS};
pub use text::Text;

/// The kinds of entity, each with its folder in `content/` and in the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Actor,
    Source,
    Event,
    Commitment,
    Discrepancy,
}

impl Kind {
    pub fn dir(self) -> &'static str {
        match self {
            Kind::Actor => "actors",
            Kind::Source => "sources",
            Kind::Event => "events",
            Kind::Commitment => "commitments",
            Kind::Discrepancy => "discrepancies",
        }
    }

    pub fn from_dir(s: &str) -> Option<Kind> {
        [
            Kind::Actor,
            Kind::Source,
            Kind::Event,
            Kind::Commitment,
            Kind::Discrepancy,
        ]
        .into_iter()
        .find(|k| k.dir() == s)
    }

    /// "actor", "source", …
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Actor => "actor",
            Kind::Source => "source",
            Kind::Event => "event",
            Kind::Commitment => "commitment",
            Kind::Discrepancy => "discrepancy",
        }
    }
}

/// A reference to one entity, written `actors/zelensky` in content and JSON.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ref {
    pub kind: Kind,
    pub id: Id,
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.dir(), self.id)
    }
}

impl Serialize for Ref {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    pub title: String,
    pub description: Option<Markdown>,
    pub language: String,
    /// Without a trailing slash.
    pub base_url: Option<String>,
    /// Hosts pages may load images and media from (`allowed_hosts`), lowercase.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_hosts: Vec<String>,
    /// Rows per page of a long index list (`list_page_size`); not in `dossier.json`.
    #[serde(skip)]
    pub list_page_size: usize,
}

/// Rows per page of a long index list unless `dossier.yaml` says otherwise: a page of
/// 2,000 source rows is ~1.2 MB and loads in well under a second.
pub const LIST_PAGE_SIZE: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Person,
    Organization,
    Country,
    Group,
}

impl ActorKind {
    pub const ALL: [ActorKind; 4] = [
        ActorKind::Person,
        ActorKind::Organization,
        ActorKind::Country,
        ActorKind::Group,
    ];
    pub fn name(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Organization => "organization",
            ActorKind::Country => "country",
            ActorKind::Group => "group",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A sentence of a source that mentions an actor, with the mentions marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Context {
    /// 1-based paragraph number (`#p3`).
    pub paragraph: usize,
    /// Byte range of the sentence within the paragraph's text.
    pub start: usize,
    pub end: usize,
    /// Byte ranges of the mentions within the sentence.
    pub marks: Vec<(usize, usize)>,
}

/// The mentions of one actor in one source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceMentions {
    pub source: Id,
    pub count: usize,
    /// Shared with the mentions found in the seed (a watch session keeps them). Not
    /// in `dossier.json`: the sentences around the source's mention spans.
    #[serde(skip)]
    pub contexts: std::sync::Arc<[Context]>,
}

/// Why two actors are related, and how strongly. Not in `dossier.json`: a reader
/// derives it from affiliations, commitments, events and mentions (see the README).
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// The other actor's number: its place among the dossier's actors, in id order
    /// (20,000 actors have millions of ties: a number each, not an id).
    pub actor: u32,
    /// One of them lists the other among its affiliations.
    pub affiliated: bool,
    /// Commitments, events and sources the two share.
    pub commitments: u32,
    pub events: u32,
    pub sources: u32,
    pub weight: u32,
}

/// Where an evidence item lives: the entity that cites it and its index there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EvidenceRef {
    pub owner: Ref,
    pub index: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    pub id: Id,
    pub name: String,
    pub kind: ActorKind,
    pub aliases: Vec<String>,
    pub role: Option<String>,
    pub affiliations: Vec<Id>,
    pub summary: Option<Markdown>,
    pub links: Vec<Link>,
    /// What the editors corrected, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    // Computed:
    /// Actors that list this one among their affiliations.
    pub members: Vec<Id>,
    /// Sources that mention this actor, most mentions first.
    pub mentions: Vec<SourceMentions>,
    pub commitments_made: Vec<Id>,
    pub commitments_received: Vec<Id>,
    /// Evidence items this actor is the speaker of.
    pub statements: Vec<EvidenceRef>,
    pub events: Vec<Id>,
    pub discrepancies: Vec<Id>,
    #[serde(skip)]
    pub related: Vec<Related>,
}

/// A marked range of a paragraph: an actor mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionSpan {
    pub start: usize,
    pub end: usize,
    pub actor: Id,
}

/// A marked range of a paragraph: a cited quote (index into `Source::citations`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteSpan {
    pub start: usize,
    pub end: usize,
    pub citation: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    /// A range of the seed's text, shared with its other paragraphs and the loaded
    /// seed (a watch session keeps it between builds).
    pub text: Text,
    /// Byte offset of the paragraph in the seed text.
    #[serde(skip)]
    pub offset: usize,
    /// Shared like `contexts` in [`SourceMentions`].
    pub mentions: std::sync::Arc<[MentionSpan]>,
    pub quotes: Vec<QuoteSpan>,
}

/// One quoted passage of a source and what cites it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    /// 1-based number of the passage within its source, in text order.
    pub number: usize,
    pub by: EvidenceRef,
    /// 1-based paragraph where the quote starts.
    pub paragraph: usize,
}

/// The document a seed was imported from, kept under `seeds/originals/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Original {
    /// Relative to `seeds/`: `originals/<id>.<ext>`.
    pub file: String,
    /// Lowercase hex of the original's bytes.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub id: Id,
    pub seed: String,
    pub title: String,
    pub editors_title: bool,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub published: Option<Date>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub summary: Option<Markdown>,
    /// What the editors corrected, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// The document the seed was imported from (`dossier import`); never published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original: Option<Original>,
    /// When the document was retrieved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<Date>,
    pub paragraphs: Vec<Paragraph>,
    /// Actors mentioned, with counts, most first. Shared like `contexts` in
    /// [`SourceMentions`].
    pub mentioned: std::sync::Arc<[(Id, usize)]>,
    pub citations: Vec<Citation>,
    pub words: usize,
}

/// A verified quote from a source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub source: Id,
    pub quote: String,
    pub speaker: Option<Id>,
    pub note: Option<Markdown>,
    /// 1-based paragraph of the source where the quote starts.
    pub paragraph: usize,
    /// The number of this passage among the source's citations.
    pub citation: usize,
    /// Byte range of the quote in the seed text.
    #[serde(skip)]
    pub span: (usize, usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Announced,
    InProgress,
    Fulfilled,
    Broken,
    Withdrawn,
}

impl Status {
    pub const ALL: [(&'static str, Status); 5] = [
        ("announced", Status::Announced),
        ("in-progress", Status::InProgress),
        ("fulfilled", Status::Fulfilled),
        ("broken", Status::Broken),
        ("withdrawn", Status::Withdrawn),
    ];
    pub fn name(self) -> &'static str {
        Status::ALL
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("", |(n, _)| n)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub id: Id,
    pub title: String,
    pub date: Date,
    pub end: Option<Date>,
    pub place: Option<String>,
    pub actors: Vec<Id>,
    pub summary: Option<Markdown>,
    pub evidence: Vec<Evidence>,
    /// What the editors corrected, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    // Computed:
    pub commitments: Vec<Id>,
    pub discrepancies: Vec<Id>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commitment {
    pub id: Id,
    pub title: String,
    pub by: Vec<Id>,
    pub to: Vec<Id>,
    pub date: Option<Date>,
    pub event: Option<Id>,
    pub status: Option<Status>,
    pub categories: Vec<String>,
    pub summary: Option<Markdown>,
    pub evidence: Vec<Evidence>,
    /// Dated steps, oldest first; the last one's status is `status`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Step>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub amounts: Vec<Amount>,
    /// What the editors corrected, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    // Computed:
    /// Distinct sources of the evidence (its steps' and amounts' too), in order of first
    /// use.
    pub sources: Vec<Id>,
    pub discrepancies: Vec<Id>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Discrepancy {
    pub id: Id,
    pub title: String,
    pub summary: Option<Markdown>,
    pub about: Vec<Ref>,
    pub accounts: Vec<Evidence>,
    /// What the editors corrected, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<Correction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
}

/// Entities whose own fields a watch session swapped in place (`resolve::Patch`), as
/// they were: what the render compares the patched dossier with.
#[derive(Clone, Copy)]
pub struct Replaced<'a> {
    pub actors: &'a [Actor],
    pub sources: &'a [Source],
    pub events: &'a [Event],
    pub commitments: &'a [Commitment],
    pub discrepancies: &'a [Discrepancy],
}

impl<'a> Replaced<'a> {
    /// Each entity's kind, id and title (an actor's name).
    pub fn entities(&self) -> impl Iterator<Item = (Kind, &'a Id, &'a str)> {
        let Replaced {
            actors,
            sources,
            events,
            commitments,
            discrepancies,
        } = *self;
        let actors = actors.iter().map(|a| (Kind::Actor, &a.id, &*a.name));
        let sources = sources.iter().map(|s| (Kind::Source, &s.id, &*s.title));
        let events = events.iter().map(|e| (Kind::Event, &e.id, &*e.title));
        let commitments = commitments
            .iter()
            .map(|c| (Kind::Commitment, &c.id, &*c.title));
        let discrepancies = discrepancies
            .iter()
            .map(|x| (Kind::Discrepancy, &x.id, &*x.title));
        actors
            .chain(sources)
            .chain(events)
            .chain(commitments)
            .chain(discrepancies)
    }
}

/// An entity as [`Dossier::tracked`] gives it.
#[derive(Clone, Copy)]
pub struct Tracked<'d> {
    pub kind: Kind,
    pub id: &'d Id,
    pub title: &'d str,
    pub corrections: &'d [Correction],
    pub updated: &'d Option<Date>,
}

/// What the editors corrected in an entry, and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correction {
    pub date: Date,
    pub note: Markdown,
}

/// One dated step of a commitment's history: its status from then on, and the
/// evidence for it (none: the editors' judgement).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub date: Date,
    pub status: Status,
    pub note: Option<Markdown>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AmountKind {
    Pledged,
    Delivered,
}

impl AmountKind {
    pub const ALL: [(&'static str, AmountKind); 2] = [
        ("pledged", AmountKind::Pledged),
        ("delivered", AmountKind::Delivered),
    ];
    pub fn name(self) -> &'static str {
        match self {
            AmountKind::Pledged => "pledged",
            AmountKind::Delivered => "delivered",
        }
    }
}

/// A sum a commitment pledged or delivered, in one currency (ISO 4217 code as written,
/// upper-cased).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Amount {
    pub value: f64,
    pub currency: String,
    pub kind: AmountKind,
    pub date: Option<Date>,
    pub note: Option<Markdown>,
    pub evidence: Vec<Evidence>,
}

impl Commitment {
    /// Every evidence item, numbered as [`EvidenceRef::index`] numbers them: its own
    /// first, then each history step's, then each amount's.
    pub fn all_evidence(&self) -> impl Iterator<Item = &Evidence> {
        self.evidence
            .iter()
            .chain(self.history.iter().flat_map(|s| &s.evidence))
            .chain(self.amounts.iter().flat_map(|a| &a.evidence))
    }

    /// [`Commitment::all_evidence`], mutable.
    pub fn all_evidence_mut(&mut self) -> impl Iterator<Item = &mut Evidence> {
        self.evidence
            .iter_mut()
            .chain(self.history.iter_mut().flat_map(|s| &mut s.evidence))
            .chain(self.amounts.iter_mut().flat_map(|a| &mut a.evidence))
    }

    /// Where each history step's evidence starts in [`Commitment::all_evidence`].
    pub fn step_offsets(&self) -> Vec<usize> {
        let mut at = self.evidence.len();
        self.history
            .iter()
            .map(|s| {
                let o = at;
                at += s.evidence.len();
                o
            })
            .collect()
    }

    /// Where each amount's evidence starts in [`Commitment::all_evidence`].
    pub fn amount_offsets(&self) -> Vec<usize> {
        let mut at =
            self.evidence.len() + self.history.iter().map(|s| s.evidence.len()).sum::<usize>();
        self.amounts
            .iter()
            .map(|a| {
                let o = at;
                at += a.evidence.len();
                o
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    pub slug: Id,
    pub title: String,
    pub summary: Option<String>,
    pub weight: i64,
    pub body: Markdown,
}

/// The whole resolved dossier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dossier {
    pub meta: Meta,
    pub actors: BTreeMap<Id, Actor>,
    pub sources: BTreeMap<Id, Source>,
    pub events: BTreeMap<Id, Event>,
    pub commitments: BTreeMap<Id, Commitment>,
    pub discrepancies: BTreeMap<Id, Discrepancy>,
    pub pages: BTreeMap<Id, Page>,
}

impl Dossier {
    /// The evidence item a reference points to.
    pub fn evidence(&self, r: &EvidenceRef) -> Option<&Evidence> {
        let list = match r.owner.kind {
            Kind::Event => &self.events.get(&r.owner.id)?.evidence,
            Kind::Commitment => {
                return self
                    .commitments
                    .get(&r.owner.id)?
                    .all_evidence()
                    .nth(r.index)
            }
            Kind::Discrepancy => &self.discrepancies.get(&r.owner.id)?.accounts,
            _ => return None,
        };
        list.get(r.index)
    }

    /// The display title of any entity.
    pub fn title_of(&self, r: &Ref) -> Option<&str> {
        Some(match r.kind {
            Kind::Actor => &self.actors.get(&r.id)?.name,
            Kind::Source => &self.sources.get(&r.id)?.title,
            Kind::Event => &self.events.get(&r.id)?.title,
            Kind::Commitment => &self.commitments.get(&r.id)?.title,
            Kind::Discrepancy => &self.discrepancies.get(&r.id)?.title,
        })
    }

    /// Sources in reading order: by publication date (undated first), then title.
    pub fn sources_in_reading_order(&self) -> Vec<&Source> {
        let mut v: Vec<&Source> = self.sources.values().collect();
        v.sort_by(|a, b| {
            (a.published.map(|d| d.sort_key()), &a.title)
                .cmp(&(b.published.map(|d| d.sort_key()), &b.title))
        });
        v
    }

    /// Commitments best-attested first (most sources), then by date and id.
    pub fn commitments_by_attestation(&self) -> Vec<&Commitment> {
        let mut cs: Vec<&Commitment> = self.commitments.values().collect();
        cs.sort_by(|a, b| {
            b.sources.len().cmp(&a.sources.len()).then(
                (a.date.map(|d| d.sort_key()), &a.id).cmp(&(b.date.map(|d| d.sort_key()), &b.id)),
            )
        });
        cs
    }

    /// Every entity with what the editors corrected in it and when they last updated
    /// it: its kind, id, title, corrections and update, kind by kind in id order.
    pub fn tracked(&self) -> Vec<Tracked<'_>> {
        fn of<'d, T>(
            kind: Kind,
            all: &'d BTreeMap<Id, T>,
            parts: impl Fn(&'d T) -> (&'d str, &'d [Correction], &'d Option<Date>),
        ) -> impl Iterator<Item = Tracked<'d>> {
            all.iter().map(move |(id, x)| {
                let (title, corrections, updated) = parts(x);
                Tracked {
                    kind,
                    id,
                    title,
                    corrections,
                    updated,
                }
            })
        }
        of(Kind::Actor, &self.actors, |a| {
            (&a.name, &a.corrections, &a.updated)
        })
        .chain(of(Kind::Source, &self.sources, |s| {
            (&s.title, &s.corrections, &s.updated)
        }))
        .chain(of(Kind::Event, &self.events, |e| {
            (&e.title, &e.corrections, &e.updated)
        }))
        .chain(of(Kind::Commitment, &self.commitments, |c| {
            (&c.title, &c.corrections, &c.updated)
        }))
        .chain(of(Kind::Discrepancy, &self.discrepancies, |x| {
            (&x.title, &x.corrections, &x.updated)
        }))
        .collect()
    }

    /// Events in timeline order (date, then id).
    pub fn events_by_date(&self) -> Vec<&Event> {
        let mut v: Vec<&Event> = self.events.values().collect();
        v.sort_by(|a, b| (a.date.sort_key(), &a.id).cmp(&(b.date.sort_key(), &b.id)));
        v
    }
}
