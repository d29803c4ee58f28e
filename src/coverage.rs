//! Editorial aids, computed from the resolved dossier: how much of each source the
//! dossier quotes, the commitments that rest on a single source, and (found by
//! `suggest::names`) the capitalised names no actor covers. Shown by `check` and on
//! `coverage/`.

use std::collections::HashMap;

use rayon::prelude::*;

use serde::Serialize;

use std::sync::Arc;

use crate::model::{Dossier, Id, Source};
use crate::suggest::names::{self, Stems};
pub use crate::suggest::names::{Places, UnknownName};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SourceCoverage {
    pub source: Id,
    /// Share of the text's characters inside a quoted passage, 0–1.
    pub cited: f64,
    pub citations: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Coverage {
    pub unknown_names: Vec<UnknownName>,
    pub sources: Vec<SourceCoverage>,
    pub single_source_commitments: Vec<Id>,
}

/// One source's share of the coverage figures: where its uncovered names are
/// (paragraph index, byte range) and how much of it is quoted. Depends only on the
/// source and the actors' names, so a watch session keeps it while both are unchanged.
#[derive(Debug)]
pub struct SourcePart {
    /// Numbers, not sizes: at 100,000 sources they are millions.
    names: Vec<(u32, u32, u32)>,
    cited: f64,
}

pub fn compute(d: &Dossier) -> Coverage {
    compute_with(d, |_| None).0
}

/// [`compute`], taking each source's part from `kept` when it has it; returns the
/// parts too, by source id.
pub fn compute_with(
    d: &Dossier,
    kept: impl Fn(&Source) -> Option<Arc<SourcePart>> + Sync,
) -> (Coverage, HashMap<Id, Arc<SourcePart>>) {
    let stems = Stems::of(d);
    let parts: Vec<(&Source, Arc<SourcePart>)> = d
        .sources
        .par_iter()
        .map(|(_, s)| {
            (
                s,
                kept(s).unwrap_or_else(|| Arc::new(source_part(s, &stems))),
            )
        })
        .collect();
    let ids: Arc<[Id]> = parts.iter().map(|(s, _)| s.id.clone()).collect();
    let unknown_names = names::gather(
        ids,
        parts.iter().enumerate().flat_map(|(si, (s, part))| {
            part.names.iter().map(move |&(pi, start, end)| {
                let text = &s.paragraphs[pi as usize].text;
                (si as u32, pi + 1, &text[start as usize..end as usize])
            })
        }),
    );
    let sources = parts
        .iter()
        .map(|(s, part)| SourceCoverage {
            source: s.id.clone(),
            cited: part.cited,
            citations: s.citations.len(),
        })
        .collect();
    let single_source_commitments = d
        .commitments
        .values()
        .filter(|c| c.sources.len() == 1)
        .map(|c| c.id.clone())
        .collect();
    let coverage = Coverage {
        unknown_names,
        sources,
        single_source_commitments,
    };
    let parts = parts.into_iter().map(|(s, p)| (s.id.clone(), p)).collect();
    (coverage, parts)
}

/// One source's uncovered names and cited share.
fn source_part(s: &Source, stems: &Stems) -> SourcePart {
    let mut names: Vec<(u32, u32, u32)> = Vec::new();
    let mut total = 0;
    let mut cited = 0;
    names.extend(
        names::uncovered(s, stems)
            .into_iter()
            .map(|(pi, start, end)| (pi, start as u32, end as u32)),
    );
    for par in &s.paragraphs {
        total += par.text.chars().count();
        // The characters inside quoted passages, overlaps counted once.
        let mut spans: Vec<(usize, usize)> = par.quotes.iter().map(|q| (q.start, q.end)).collect();
        spans.sort_unstable();
        let mut spans = spans.into_iter().peekable();
        for (i, _) in par.text.char_indices() {
            while spans.next_if(|&(_, end)| end <= i).is_some() {}
            match spans.peek() {
                Some(&(start, _)) if start <= i => cited += 1,
                Some(_) => {}
                None => break,
            }
        }
    }
    SourcePart {
        names,
        cited: if total == 0 {
            0.0
        } else {
            cited as f64 / total as f64
        },
    }
}

/// The editorial warnings `check` adds to those of a build: commitments that rest on
/// one source, sources that nothing cites.
pub fn warnings(d: &Dossier, c: &Coverage) -> crate::diag::Diagnostics {
    use crate::diag::Diagnostic;
    let mut out = crate::diag::Diagnostics::default();
    for id in &c.single_source_commitments {
        let src = d
            .commitments
            .get(id)
            .and_then(|x| x.sources.first())
            .cloned()
            .unwrap_or_default();
        out.push(
            Diagnostic::warning(
                format!("content/commitments/{id}.yaml"),
                format!("this commitment rests on a single source (`{src}`)"),
            )
            .help("quote a second, independent source under `evidence` if one reports it"),
        );
    }
    for s in &c.sources {
        if s.citations == 0 {
            out.push(
                Diagnostic::warning(
                    format!("content/sources/{}.yaml", s.source),
                    "no evidence quotes this source",
                )
                .help("quote it where it supports a claim, or say in its summary why it is kept"),
            );
        }
    }
    out
}
