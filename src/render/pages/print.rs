//! The print page: the whole dossier in reading order, links to the pages it holds
//! turned into anchors in the document.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::super::reads::every;
use super::super::urls;
use super::commitment::{commitment_page, AmountView, StepView};
use super::groups::actor_groups_of;
use super::overview::{mention_count, overview, Counts, OVERVIEW_READS};
use super::rows::*;
use super::site::nav_pages;
use super::source::{source_page, SourcePage};
use super::timeline::{timeline, TimelinePage};

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
    pub history: Vec<StepView>,
    pub amounts: Vec<AmountView>,
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
    pub actor_groups: Vec<(String, Vec<PrintActor>)>,
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
            left_out.push(v.t.plural(what, (n - max) as i128, &[]));
        }
    };
    note(d.events.len(), PRINT_MAX, "print.left_out_events");
    note(d.commitments.len(), PRINT_MAX, "print.left_out_commitments");
    note(
        d.discrepancies.len(),
        PRINT_MAX,
        "print.left_out_discrepancies",
    );
    note(d.actors.len(), PRINT_MAX, "print.left_out_actors");
    note(d.sources.len(), PRINT_MAX_SOURCES, "print.left_out_sources");
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
                history: page.history,
                amounts: page.amounts,
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
