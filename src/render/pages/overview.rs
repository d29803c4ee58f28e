//! The overview (`index.html`): counts, and the first of each list.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::super::reads::every;
use super::groups::{actor_groups_of, ActorGroup};
use super::rows::*;

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
pub const OVERVIEW_READS: u8 =
    every::SOURCE | every::EVENT | every::COMMITMENT | every::DISCREPANCY | every::NAME;

/// How often the sources name an actor (a count the sources decide).
pub fn mention_count(a: &Actor) -> usize {
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
