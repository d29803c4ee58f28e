//! A discrepancy's page: what the sources disagree on, each account quoted.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::rows::*;

#[derive(Serialize)]
pub struct DiscrepancyPage {
    pub discrepancy: DiscrepancyRow,
    pub accounts: Vec<EvidenceView>,
    pub followed: Followed,
}

pub fn discrepancy_page(v: &Views, x: &Discrepancy) -> DiscrepancyPage {
    DiscrepancyPage {
        discrepancy: v.discrepancy(x),
        accounts: v.evidence_list(Kind::Discrepancy, &x.id, &x.accounts),
        followed: Followed::of(&x.corrections, &x.updated, v.t),
    }
}
