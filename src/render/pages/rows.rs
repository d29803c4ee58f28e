//! The rows every page shares: links, dates, references to actors, evidence with its
//! citation, and the one-line views of commitments, events, sources and
//! discrepancies that lists and pages are made of.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::super::reads::{every, ref_key, role_key};
use super::super::strings::Strings;
use super::super::urls::{self, evidence_anchor};

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

impl DateView {
    /// `d`, written for readers in the words of `t`.
    pub fn new(d: &Date, t: &Strings) -> DateView {
        DateView {
            iso: d.iso(),
            human: t.date(d),
        }
    }
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
    /// Where the status comes in `Status::ALL` (no status last): its sort key.
    pub status_rank: usize,
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

pub(crate) fn html_of(m: &Option<Markdown>) -> Option<String> {
    m.as_ref().map(|m| m.html.clone())
}

/// What the editors corrected in an entry, and when they last updated it.
#[derive(Serialize)]
pub struct Followed {
    pub corrections: Vec<CorrectionView>,
    pub updated: Option<DateView>,
}

#[derive(Serialize)]
pub struct CorrectionView {
    /// `correction-1`, …: the feed links here.
    pub anchor: String,
    pub date: DateView,
    pub note_html: String,
}

impl Followed {
    pub fn of(corrections: &[Correction], updated: &Option<Date>, t: &Strings) -> Followed {
        Followed {
            corrections: corrections
                .iter()
                .enumerate()
                .map(|(i, c)| CorrectionView {
                    anchor: format!("correction-{}", i + 1),
                    date: DateView::new(&c.date, t),
                    note_html: c.note.html.clone(),
                })
                .collect(),
            updated: updated.as_ref().map(|d| DateView::new(d, t)),
        }
    }
}

/// A number with its thousands grouped: `1,500,000,000`, `2.5`.
pub fn grouped(x: f64) -> String {
    let s = crate::render::data::csv::number(x);
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let digits = int.trim_start_matches('-');
    let mut out = String::with_capacity(s.len() + digits.len() / 3);
    if int.starts_with('-') {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

impl<'a> Views<'a> {
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
            date: c.date.as_ref().map(|d| DateView::new(d, self.t)),
            status: c.status.map(Status::name),
            status_rank: c.status.map_or(Status::ALL.len(), |s| {
                Status::ALL.iter().position(|(_, x)| *x == s).unwrap_or(0)
            }),
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
            date: DateView::new(&e.date, self.t),
            end: e.end.as_ref().map(|d| DateView::new(d, self.t)),
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
            published: s.published.as_ref().map(|d| DateView::new(d, self.t)),
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
