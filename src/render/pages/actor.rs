//! An actor's page: who it is, the sources that name it (with the sentences that
//! do), its commitments, statements, events, discrepancies and related actors.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::super::map::{self, Tie};
use super::super::strings::Strings;
use super::super::{marked, urls};
use super::rows::*;

#[derive(Serialize)]
pub struct ContextView {
    pub paragraph: usize,
    pub href: String,
    pub html: String,
}

#[derive(Serialize)]
pub struct MentionGroupView {
    pub source: LinkView,
    pub count: usize,
    /// The sentences (none in `more_mentions`).
    pub contexts: Vec<ContextView>,
}

/// An actor page quotes the sentences of this many sources; the rest are listed by
/// title with their counts, each a link to the source page where the name is marked.
pub const MENTION_SOURCES_SHOWN: usize = 50;

/// An actor page lists this many related actors with reasons (the strongest ties).
pub const RELATED_SHOWN: usize = 40;
/// How much of a sentence a mention's context keeps on either side of the name, in
/// bytes (a news sentence of average length is kept whole).
const KWIC_REACH: usize = 160;

#[derive(Serialize)]
pub struct RelatedView {
    pub actor: ActorRef,
    pub reasons: Vec<String>,
}

#[derive(Serialize)]
pub struct ActorPage {
    pub actor: ActorRef,
    pub aliases: Vec<String>,
    pub affiliations: Vec<ActorRef>,
    pub members: Vec<ActorRef>,
    pub summary_html: Option<String>,
    pub links: Vec<LinkView>,
    pub mention_total: usize,
    /// The first sources that name the actor, with the sentences that do.
    pub mentions: Vec<MentionGroupView>,
    /// The rest, without sentences.
    pub more_mentions: Vec<MentionGroupView>,
    pub made: Vec<CommitmentRow>,
    pub received: Vec<CommitmentRow>,
    pub statements: Vec<EvidenceView>,
    pub events: Vec<EventRow>,
    pub discrepancies: Vec<DiscrepancyRow>,
    pub related: Vec<RelatedView>,
    /// Related actors not listed (weaker ties).
    pub related_more: usize,
    /// A small map of the strongest ties (SVG markup), if any.
    pub neighbourhood_svg: Option<String>,
    pub followed: Followed,
}

/// The sentence of `s` that context `c` stands for.
fn sentence<'a>(s: &'a Source, c: &Context) -> &'a str {
    s.paragraphs
        .get(c.paragraph.wrapping_sub(1))
        .and_then(|p| p.text.get(c.start..c.end))
        .unwrap_or_default()
}

fn mention_groups(v: &Views, list: &[SourceMentions], sentences: bool) -> Vec<MentionGroupView> {
    list.iter()
        .filter_map(|m| {
            let s = v.source_of(&m.source)?;
            Some(MentionGroupView {
                source: LinkView {
                    title: s.title.clone(),
                    href: v.href(&urls::entity(Kind::Source, &s.id)),
                },
                count: m.count,
                contexts: if !sentences {
                    Vec::new()
                } else {
                    m.contexts
                        .iter()
                        .map(|c| ContextView {
                            paragraph: c.paragraph,
                            href: v.href(&urls::paragraph(&s.id, c.paragraph)),
                            html: marked::kwic(sentence(s, c), &c.marks, KWIC_REACH),
                        })
                        .collect()
                },
            })
        })
        .collect()
}

pub fn actor_page(v: &Views, a: &Actor) -> ActorPage {
    let (shown, rest) = a
        .mentions
        .split_at(a.mentions.len().min(MENTION_SOURCES_SHOWN));
    ActorPage {
        actor: v.own_actor(a),
        aliases: a.aliases.clone(),
        affiliations: v.actors(&a.affiliations),
        members: v.actors(&a.members),
        summary_html: html_of(&a.summary),
        links: a
            .links
            .iter()
            .map(|l| LinkView {
                title: l.title.clone(),
                href: l.url.clone(),
            })
            .collect(),
        mention_total: a.mentions.iter().map(|m| m.count).sum(),
        mentions: mention_groups(v, shown, true),
        more_mentions: mention_groups(v, rest, false),
        made: v.commitments(&a.commitments_made),
        received: v.commitments(&a.commitments_received),
        statements: a
            .statements
            .iter()
            .filter_map(|r| Some(v.evidence(&r.owner, r.index, v.evidence_of(r)?, true)))
            .collect(),
        events: v.events(&a.events),
        discrepancies: v.discrepancies(&a.discrepancies),
        related_more: a.related.len().saturating_sub(RELATED_SHOWN),
        related: a
            .related
            .iter()
            .take(RELATED_SHOWN)
            .filter_map(|r| {
                Some(RelatedView {
                    actor: v.actor(v.actor_id(r.actor)?)?,
                    reasons: reasons(v.t, r),
                })
            })
            .collect(),
        neighbourhood_svg: neighbourhood(v, a),
        followed: Followed::of(&a.corrections, &a.updated, v.t),
    }
}

/// How many ties the small map on an actor's page shows.
const NEIGHBOURHOOD_TIES: usize = 12;

/// The small map of `a`'s strongest ties.
fn neighbourhood(v: &Views, a: &Actor) -> Option<String> {
    let a = v.actor_of(&a.id)?;
    let ties: Vec<(&Related, ActorRef)> = a
        .related
        .iter()
        .take(NEIGHBOURHOOD_TIES)
        .filter_map(|r| Some((r, v.actor(v.actor_id(r.actor)?)?)))
        .collect();
    let ties: Vec<Tie> = ties
        .iter()
        .map(|(r, other)| Tie {
            name: &other.name,
            kind: other.kind,
            href: &other.href,
            weight: r.weight as usize,
            reasons: reasons(v.t, r).join(", "),
        })
        .collect();
    map::neighbourhood_svg(&a.name, a.kind.name(), &ties, v.t)
}

/// Why two actors are related, in the words of `t`: "affiliated", "3 shared
/// commitments", "named together in 2 sources" (`dossier.json` keeps
/// [`Related::reasons`], in English, as data).
fn reasons(t: &Strings, r: &Related) -> Vec<String> {
    let mut out = Vec::new();
    if r.affiliated {
        out.push(t.get("related.affiliated").to_string());
    }
    for (n, key) in [
        (r.commitments, "related.commitments"),
        (r.events, "related.events"),
        (r.sources, "related.sources"),
    ] {
        if n > 0 {
            out.push(t.plural(key, n.into(), &[]));
        }
    }
    out
}
