//! An event's page: what happened, its evidence, and what rests on it.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::rows::*;

#[derive(Serialize)]
pub struct EventPage {
    pub event: EventRow,
    pub evidence: Vec<EvidenceView>,
    pub commitments: Vec<CommitmentRow>,
    pub discrepancies: Vec<DiscrepancyRow>,
    pub followed: Followed,
}

pub fn event_page(v: &Views, e: &Event) -> EventPage {
    EventPage {
        event: v.event(e),
        evidence: v.evidence_list(Kind::Event, &e.id, &e.evidence),
        commitments: v.commitments(&e.commitments),
        discrepancies: v.discrepancies(&e.discrepancies),
        followed: Followed::of(&e.corrections, &e.updated, v.t),
    }
}
