//! The coverage page, for editors: how much of each source is cited, commitments
//! resting on one source, names no actor covers, and what the curation assistant
//! proposes (claims no evidence quotes yet, parallel passages, spelling variants),
//! each linked to its paragraph.

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
    /// What `dossier suggest` proposes; `None` above [`ASSISTANT_MAX_SOURCES`].
    pub assistant: Option<AssistantView>,
    /// How many sources the dossier has, for the note when `assistant` is `None`.
    pub source_count: usize,
}

/// The assistant's lists, each shortened to what a page can hold (the counts say
/// how many there are; `dossier suggest` lists them all).
#[derive(Serialize)]
pub struct AssistantView {
    pub claims: Vec<ClaimView>,
    pub claims_total: usize,
    pub parallels: Vec<ParallelView>,
    pub parallels_total: usize,
    pub variants: Vec<VariantView>,
    pub variants_total: usize,
}

#[derive(Serialize)]
pub struct ClaimView {
    pub place: PlaceView,
    pub quote: String,
    pub kind: &'static str,
    pub cue: String,
    pub by: Vec<ActorRef>,
    pub to: Vec<ActorRef>,
}

#[derive(Serialize)]
pub struct PassageView {
    pub place: PlaceView,
    pub quote: String,
    /// What already cites this passage.
    pub cited: Vec<LinkView>,
}

#[derive(Serialize)]
pub struct ParallelView {
    pub a: PassageView,
    pub b: PassageView,
    pub percent: u32,
    /// The words that differ, side by side.
    pub differs: Vec<(String, String)>,
}

#[derive(Serialize)]
pub struct VariantView {
    pub names: Vec<String>,
    pub actor: Option<ActorRef>,
    pub places: Vec<PlaceView>,
}

/// Up to this many sources the coverage page carries the assistant's lists (about
/// 0.7 s of CPU per 1,000 synthetic sources, more than a whole build of them); a larger
/// dossier's page says to run `dossier suggest` instead.
pub const ASSISTANT_MAX_SOURCES: usize = 250;
/// How many of each list the page shows.
const ASSISTANT_SHOWN: usize = 100;

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
        assistant: (v.all(every::SOURCE).sources.len() <= ASSISTANT_MAX_SOURCES)
            .then(|| assistant(v)),
        source_count: v.all(every::SOURCE).sources.len(),
    }
}

/// A link to paragraph `p` of source `src`, titled as the coverage page titles places.
fn place(v: &Views, src: &str, p: usize) -> PlaceView {
    PlaceView {
        title: v.t.fill("coverage.place", &[("source", &src), ("n", &p)]),
        href: v.href(&urls::paragraph(src, p)),
    }
}

/// The assistant's proposals, linked.
fn assistant(v: &Views) -> AssistantView {
    use crate::suggest;
    // Claims and parallels read the sources' text and citations, and what cites them.
    let d = v.all(READS | every::TITLE);
    let (claims, (parallels, variants)) = rayon::join(
        || suggest::claims::find(d, None),
        || {
            rayon::join(
                || suggest::parallels::find(d, None),
                || suggest::variants::find(d, None),
            )
        },
    );
    let passage = |p: &suggest::parallels::Passage| PassageView {
        place: place(v, &p.source, p.paragraph),
        quote: p.quote.clone(),
        cited: p.cited.iter().filter_map(|r| v.link(r)).collect(),
    };
    AssistantView {
        claims_total: claims.len(),
        claims: claims
            .iter()
            .take(ASSISTANT_SHOWN)
            .map(|c| ClaimView {
                place: place(v, &c.source, c.paragraph),
                quote: c.quote.clone(),
                kind: c.kind.name(),
                cue: c.cue.clone(),
                by: v.actors(&c.by),
                to: v.actors(&c.to),
            })
            .collect(),
        parallels_total: parallels.len(),
        parallels: parallels
            .iter()
            .take(ASSISTANT_SHOWN)
            .map(|p| ParallelView {
                a: passage(&p.a),
                b: passage(&p.b),
                percent: (p.similarity * 100.0).round() as u32,
                differs: p
                    .differs
                    .iter()
                    .map(|x| (x.a.clone(), x.b.clone()))
                    .collect(),
            })
            .collect(),
        variants_total: variants.len(),
        variants: variants
            .iter()
            .take(ASSISTANT_SHOWN)
            .map(|x| VariantView {
                names: x.names.clone(),
                actor: x.actor.as_deref().and_then(|a| v.actor(a)),
                places: x
                    .places
                    .iter()
                    .take(COVERAGE_PLACES)
                    .map(|(s, p)| place(v, s, *p))
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
