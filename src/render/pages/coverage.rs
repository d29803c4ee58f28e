//! The coverage page, for editors: how much of each source is cited, commitments
//! resting on one source, and names no actor covers.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::super::reads::{every, key};
use super::super::reuse::{self, Changes, Kept};
use super::super::urls;
use super::rows::*;

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
                        title: v.t.fill("coverage.place", &[("source", src), ("n", &p)]),
                        href: v.href(&urls::paragraph(src, p)),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// What the coverage page shows is computed from the sources, the commitments and
/// the actors' names only.
pub const READS: u8 = every::SOURCE | every::COMMITMENT | every::NAME;

/// The coverage figures: the last render's when their inputs did not change, or
/// computed again from the last render's parts of the sources that did not change.
pub(super) fn figures<'k>(
    kept: &'k Kept<reuse::CoverageMemo>,
    changes: Option<&Changes>,
    d: &Dossier,
) -> &'k reuse::CoverageMemo {
    kept.get(|last| {
        let last = last.zip(changes);
        if let Some((memo, _)) = last.filter(|(_, c)| !c.any_of(READS)) {
            return memo.clone();
        }
        // A source's part stands while it and the actors' names are unchanged.
        let last = last.filter(|(_, c)| !c.any_of(every::NAME));
        let (figures, parts) = crate::coverage::compute_with(d, |s| {
            let (memo, changes) = last?;
            if changes.changed(key(Some(Kind::Source), &s.id)) {
                return None;
            }
            memo.1.get(&s.id).cloned()
        });
        (std::sync::Arc::new(figures), std::sync::Arc::new(parts))
    })
}
