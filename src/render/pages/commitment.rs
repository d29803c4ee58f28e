//! A commitment's page: who pledged what to whom, its evidence and discrepancies.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::rows::*;

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
