//! A commitment's page: who pledged what to whom, its evidence, its dated history and
//! amounts, its discrepancies and corrections.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::rows::*;

#[derive(Serialize)]
pub struct CommitmentPage {
    pub commitment: CommitmentRow,
    pub event: Option<LinkView>,
    pub evidence: Vec<EvidenceView>,
    /// Oldest first; the last step's status is the commitment's.
    pub history: Vec<StepView>,
    pub amounts: Vec<AmountView>,
    pub discrepancies: Vec<DiscrepancyRow>,
    pub followed: Followed,
}

#[derive(Serialize)]
pub struct StepView {
    pub date: DateView,
    pub status: &'static str,
    pub note_html: Option<String>,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Serialize)]
pub struct AmountView {
    /// Thousands grouped: `1,500,000,000`.
    pub value: String,
    pub currency: String,
    /// pledged | delivered
    pub kind: &'static str,
    pub date: Option<DateView>,
    pub note_html: Option<String>,
    pub evidence: Vec<EvidenceView>,
}

pub fn commitment_page(v: &Views, c: &Commitment) -> CommitmentPage {
    let owner = Ref {
        kind: Kind::Commitment,
        id: c.id.clone(),
    };
    // Steps' and amounts' evidence is numbered after the commitment's own.
    let cited = |from: usize, list: &[Evidence]| -> Vec<EvidenceView> {
        list.iter()
            .enumerate()
            .map(|(i, e)| v.evidence(&owner, from + i, e, false))
            .collect()
    };
    CommitmentPage {
        commitment: v.commitment(c),
        event: c.event.as_ref().and_then(|e| {
            v.link(&Ref {
                kind: Kind::Event,
                id: e.clone(),
            })
        }),
        evidence: v.evidence_list(Kind::Commitment, &c.id, &c.evidence),
        history: c
            .history
            .iter()
            .zip(c.step_offsets())
            .map(|(s, from)| StepView {
                date: DateView::new(&s.date, v.t),
                status: s.status.name(),
                note_html: s.note.as_ref().map(|m| m.html.clone()),
                evidence: cited(from, &s.evidence),
            })
            .collect(),
        amounts: c
            .amounts
            .iter()
            .zip(c.amount_offsets())
            .map(|(a, from)| AmountView {
                value: grouped(a.value),
                currency: a.currency.clone(),
                kind: a.kind.name(),
                date: a.date.as_ref().map(|d| DateView::new(d, v.t)),
                note_html: a.note.as_ref().map(|m| m.html.clone()),
                evidence: cited(from, &a.evidence),
            })
            .collect(),
        discrepancies: v.discrepancies(&c.discrepancies),
        followed: Followed::of(&c.corrections, &c.updated, v.t),
    }
}
