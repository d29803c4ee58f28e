//! A source's page: the seed text by paragraph, mentions linked and quotes marked,
//! with what cites each quote and which actors it names.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::super::marked::{self, Mention, Quote};
use super::super::urls;
use super::rows::*;

#[derive(Serialize)]
pub struct ParagraphView {
    pub number: usize,
    /// Its anchor: `p3`, or `source-s-p3` on the print page.
    pub id: String,
    pub html: String,
}

#[derive(Serialize)]
pub struct CitationView {
    pub number: usize,
    pub paragraph: usize,
    pub quote: String,
    pub by: LinkView,
    pub by_kind: &'static str,
}

#[derive(Serialize)]
pub struct MentionedView {
    pub actor: ActorRef,
    pub count: usize,
}

#[derive(Serialize)]
pub struct SourcePage {
    pub source: SourceRow,
    pub seed: String,
    pub url: Option<String>,
    pub language: Option<String>,
    pub paragraphs: Vec<ParagraphView>,
    pub citations: Vec<CitationView>,
    pub mentioned: Vec<MentionedView>,
    pub followed: Followed,
}

pub fn source_page(v: &Views, s: &Source) -> SourcePage {
    SourcePage {
        source: v.source(s),
        seed: s.seed.clone(),
        url: s.url.clone(),
        language: s.language.clone(),
        paragraphs: s
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| ParagraphView {
                number: i + 1,
                id: v.anchor(Kind::Source, &s.id, &format!("p{}", i + 1)),
                html: paragraph_html(v, s, p),
            })
            .collect(),
        citations: s
            .citations
            .iter()
            .filter_map(|c| {
                let e = v.evidence_of(&c.by)?;
                let view = v.evidence(&c.by.owner, c.by.index, e, true);
                Some(CitationView {
                    number: c.number,
                    paragraph: c.paragraph,
                    quote: e.quote.clone(),
                    by: view.cited_by?,
                    by_kind: c.by.owner.kind.singular(),
                })
            })
            .collect(),
        mentioned: s
            .mentioned
            .iter()
            .filter_map(|(a, n)| {
                Some(MentionedView {
                    actor: v.actor(a)?,
                    count: *n,
                })
            })
            .collect(),
        followed: Followed::of(&s.corrections, &s.updated, v.t),
    }
}

/// Paragraph `par` of `s` as HTML: each mention a link to its actor, each cited quote
/// marked and followed by a link to what cites it.
fn paragraph_html(v: &Views, s: &Source, par: &Paragraph) -> String {
    let mentions: Vec<Mention> = par
        .mentions
        .iter()
        .map(|m| Mention {
            start: m.start,
            end: m.end,
            href: v.href(&urls::entity(Kind::Actor, &m.actor)),
            name: v.name_of(&m.actor).unwrap_or(""),
        })
        .collect();
    let quotes: Vec<Quote> = par
        .quotes
        .iter()
        .map(|q| {
            let c = &s.citations[q.citation];
            let anchor = urls::evidence_anchor(c.by.owner.kind, c.by.index);
            Quote {
                start: q.start,
                end: q.end,
                anchor: v.anchor(Kind::Source, &s.id, &format!("c{}", c.number)),
                number: c.number,
                cited_by: v.href(&format!("{}#{anchor}", urls::of(&c.by.owner))),
                cited_by_title: v.title_of(&c.by.owner).unwrap_or(""),
            }
        })
        .collect();
    marked::paragraph(
        &par.text,
        &mentions,
        &quotes,
        v.t.get("source.cited_by_mark"),
    )
}
