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

/// A correction, its number on its entry, and the entry: kind, id, title.
type Listed<'d> = (&'d Correction, usize, Kind, &'d Id, &'d str);

fn push<'d>(
    all: &mut Vec<Listed<'d>>,
    kind: Kind,
    id: &'d Id,
    title: &'d str,
    list: &'d [Correction],
) {
    all.extend(
        list.iter()
            .enumerate()
            .map(|(i, c)| (c, i, kind, id, title)),
    );
}

pub fn corrections_page(v: &Views) -> CorrectionsPage {
    let d = v.all(every::KIND);
    let mut all: Vec<Listed> = Vec::new();
    let mut add = |kind, id, title, list| push(&mut all, kind, id, title, list);
    for a in d.actors.values() {
        add(Kind::Actor, &a.id, &a.name, &a.corrections);
    }
    for s in d.sources.values() {
        add(Kind::Source, &s.id, &s.title, &s.corrections);
    }
    for e in d.events.values() {
        add(Kind::Event, &e.id, &e.title, &e.corrections);
    }
    for c in d.commitments.values() {
        add(Kind::Commitment, &c.id, &c.title, &c.corrections);
    }
    for x in d.discrepancies.values() {
        add(Kind::Discrepancy, &x.id, &x.title, &x.corrections);
    }
    // Newest first; one day's in the order of the entries.
    all.sort_by_key(|c| std::cmp::Reverse(c.0.date.sort_key()));
    CorrectionsPage {
        corrections: all
            .into_iter()
            .map(|(c, i, kind, id, title)| CorrectionEntry {
                date: DateView::new(&c.date, v.t),
                kind: kind.singular(),
                entry: LinkView {
                    title: title.to_string(),
                    href: v.href(&format!("{}#correction-{}", urls::entity(kind, id), i + 1)),
                },
                note_html: c.note.html.clone(),
            })
            .collect(),
    }
}
