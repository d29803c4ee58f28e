//! The corrections page: every correction the editors made to any entry, newest first,
//! each linked to the notice on the entry's page (the feed links there too).

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::super::reads::every;
use super::super::urls;
use super::rows::*;

#[derive(Serialize)]
pub struct CorrectionEntry {
    pub date: DateView,
    /// actor | source | event | commitment | discrepancy
    pub kind: &'static str,
    /// The entry, linked to its correction's anchor.
    pub entry: LinkView,
    pub note_html: String,
}

#[derive(Serialize)]
pub struct CorrectionsPage {
    pub corrections: Vec<CorrectionEntry>,
}

pub fn corrections_page(v: &Views) -> CorrectionsPage {
    let d = v.all(every::KIND);
    // Each correction, its number on its entry, and the entry.
    let mut all: Vec<(&Correction, usize, Tracked)> = Vec::new();
    for f in d.tracked() {
        for (i, c) in f.corrections.iter().enumerate() {
            all.push((c, i, f));
        }
    }
    // Newest first; one day's in the order of the entries.
    all.sort_by_key(|c| std::cmp::Reverse(c.0.date.sort_key()));
    CorrectionsPage {
        corrections: all
            .into_iter()
            .map(|(c, i, f)| CorrectionEntry {
                date: DateView::new(&c.date, v.t),
                kind: f.kind.singular(),
                entry: LinkView {
                    title: f.title.to_string(),
                    href: v.href(&format!(
                        "{}#correction-{}",
                        urls::entity(f.kind, f.id),
                        i + 1
                    )),
                },
                note_html: c.note.html.clone(),
            })
            .collect(),
    }
}
