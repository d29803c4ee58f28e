//! The search documents: one per actor, source, event, commitment, discrepancy and
//! page, with the text each is found by and what a result and a link's preview show.
//! [`shards`] writes them as the index under `assets/search/`: scripts, not JSON, so
//! that they load from `file://` too.

pub mod shards;

use serde::Serialize;

use crate::html::{plain, truncate_words};
use crate::model::{Dossier, Evidence, Kind, Markdown};

use super::strings::Strings;
use super::urls;

/// What a search result and a preview show of one document. Short keys: the file
/// holds one per entity.
#[derive(Debug, Serialize, PartialEq, Eq, Hash)]
pub struct Doc {
    /// Site path of the page.
    pub u: String,
    /// Kind, singular: `actor`, `source`, …, `page`.
    pub k: &'static str,
    /// Name or title.
    pub t: String,
    /// One line under the title: role, outlet and date, who → whom.
    pub m: String,
    /// The summary's plain text, shortened.
    pub s: String,
    /// Counts: "named in 3 sources · 2 commitments".
    pub c: String,
}

/// Fields of the index, in order; the browser boosts `title` and `aliases` over `body`.
pub const FIELDS: [&str; 3] = ["title", "aliases", "body"];

/// Preview summaries are cut to about this many bytes.
const SUMMARY_MAX: usize = 220;

fn summary(m: &Option<Markdown>) -> String {
    m.as_ref().map(|m| plain(&m.markdown)).unwrap_or_default()
}

fn quotes(list: &[Evidence]) -> String {
    list.iter()
        .map(|e| e.quote.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `n` of something in the words of the plural entry `key`; nothing for none.
fn count(t: &Strings, n: usize, key: &str) -> Option<String> {
    (n > 0).then(|| t.plural(key, n as i128, &[]))
}

fn counts(parts: impl IntoIterator<Item = Option<String>>) -> String {
    parts.into_iter().flatten().collect::<Vec<_>>().join(" · ")
}

fn names(d: &Dossier, ids: &[String]) -> String {
    ids.iter()
        .filter_map(|i| d.actors.get(i).map(|a| a.name.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text as a reader types it: straight apostrophes and quotation marks, so that
/// "Ukraine's" finds the seed's "Ukraine’s".
fn typed(text: &str) -> String {
    text.replace(['‘', '’'], "'").replace(['“', '”'], "\"")
}

/// "a, b": the parts that are there.
fn joined(parts: impl IntoIterator<Item = Option<String>>) -> String {
    parts.into_iter().flatten().collect::<Vec<_>>().join(", ")
}

/// One document before indexing: what a result shows, and the text it is found by.
#[derive(Default)]
struct Entry<'a> {
    url: String,
    kind: &'static str,
    title: &'a str,
    meta: String,
    /// The whole summary (the preview shows its start).
    summary: String,
    counts: String,
    aliases: String,
    body: String,
}

impl Entry<'_> {
    fn indexed(self) -> (Doc, [String; 3]) {
        let fields = [self.title, &self.aliases, &self.body].map(typed);
        let doc = Doc {
            u: self.url,
            k: self.kind,
            t: self.title.to_string(),
            m: self.meta,
            s: truncate_words(&self.summary, SUMMARY_MAX),
            c: self.counts,
        };
        (doc, fields)
    }
}

/// Every document with its three indexed fields, in a fixed order.
pub fn documents(d: &Dossier, t: &Strings) -> Vec<(Doc, [String; 3])> {
    let mut out = Vec::new();
    for a in d.actors.values() {
        let summary = summary(&a.summary);
        out.push(Entry {
            url: urls::entity(Kind::Actor, &a.id),
            kind: Kind::Actor.singular(),
            title: &a.name,
            meta: a
                .role
                .clone()
                .unwrap_or_else(|| t.get(&format!("kinds.{}", a.kind.name())).to_string()),
            body: format!("{} {summary}", a.role.as_deref().unwrap_or_default()),
            counts: counts([
                count(t, a.mentions.len(), "search.named_in"),
                count(
                    t,
                    a.commitments_made.len() + a.commitments_received.len(),
                    "search.commitments",
                ),
                count(t, a.events.len(), "search.events"),
            ]),
            aliases: a.aliases.join(" "),
            summary,
        });
    }
    for src in d.sources.values() {
        let summary = summary(&src.summary);
        out.push(Entry {
            url: urls::entity(Kind::Source, &src.id),
            kind: Kind::Source.singular(),
            title: &src.title,
            meta: joined([
                src.outlet.clone(),
                src.published.as_ref().map(|p| t.date(p)),
            ]),
            body: format!(
                "{} {} {summary}",
                src.outlet.as_deref().unwrap_or_default(),
                src.author.as_deref().unwrap_or_default()
            ),
            counts: counts([
                count(t, src.mentioned.len(), "search.actors_named"),
                count(t, src.citations.len(), "search.passages_cited"),
            ]),
            summary,
            ..Default::default()
        });
    }
    for e in d.events.values() {
        let summary = summary(&e.summary);
        out.push(Entry {
            url: urls::entity(Kind::Event, &e.id),
            kind: Kind::Event.singular(),
            title: &e.title,
            meta: joined([Some(t.date(&e.date)), e.place.clone()]),
            body: format!("{summary} {}", quotes(&e.evidence)),
            counts: counts([
                count(t, e.actors.len(), "search.actors"),
                count(t, e.evidence.len(), "search.quotes"),
            ]),
            summary,
            ..Default::default()
        });
    }
    for cm in d.commitments.values() {
        let summary = summary(&cm.summary);
        out.push(Entry {
            url: urls::entity(Kind::Commitment, &cm.id),
            kind: Kind::Commitment.singular(),
            title: &cm.title,
            meta: match (names(d, &cm.by), names(d, &cm.to)) {
                (by, to) if to.is_empty() => by,
                (by, to) => t.fill("search.by_to", &[("by", &by), ("to", &to)]),
            },
            body: format!("{summary} {}", quotes(&cm.evidence)),
            counts: counts([
                count(t, cm.sources.len(), "search.sources"),
                count(t, cm.evidence.len(), "search.quotes"),
            ]),
            summary,
            ..Default::default()
        });
    }
    for x in d.discrepancies.values() {
        let summary = summary(&x.summary);
        out.push(Entry {
            url: urls::entity(Kind::Discrepancy, &x.id),
            kind: Kind::Discrepancy.singular(),
            title: &x.title,
            body: format!("{summary} {}", quotes(&x.accounts)),
            counts: counts([count(t, x.accounts.len(), "search.accounts")]),
            summary,
            ..Default::default()
        });
    }
    for p in d.pages.values() {
        let summary = p.summary.clone().unwrap_or_default();
        out.push(Entry {
            url: urls::page(&p.slug),
            kind: "page",
            title: &p.title,
            body: format!("{summary} {}", plain(&p.body.markdown)),
            summary,
            ..Default::default()
        });
    }
    out.into_iter().map(Entry::indexed).collect()
}

/// Every file of the search index (see [`shards`]), by site path.
pub fn files(d: &Dossier, t: &Strings) -> Vec<(String, Vec<u8>)> {
    shards::files(&documents(d, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc<'a>(docs: &'a [(Doc, [String; 3])], url: &str) -> &'a (Doc, [String; 3]) {
        docs.iter()
            .find(|(d, _)| d.u == url)
            .unwrap_or_else(|| panic!("no document for {url}"))
    }

    #[test]
    fn every_entity_and_page_is_a_document() {
        let d = crate::fixture_dossier();
        let docs = documents(&d, Strings::english());
        let n = d.actors.len()
            + d.sources.len()
            + d.events.len()
            + d.commitments.len()
            + d.discrepancies.len()
            + d.pages.len();
        assert_eq!(docs.len(), n);
        let (zelensky, fields) = doc(&docs, "actors/zelensky/index.html");
        assert_eq!(zelensky.k, "actor");
        assert_eq!(zelensky.t, "Volodymyr Zelensky");
        assert_eq!(zelensky.m, "President of Ukraine");
        assert_eq!(
            fields[1], "Zelensky Zelenski",
            "aliases are their own field"
        );
        assert!(zelensky.c.starts_with("named in "), "{}", zelensky.c);
        // Quoted text is searchable through the commitment that quotes it.
        let (g7, fields) = doc(&docs, "commitments/g7-security/index.html");
        assert_eq!(g7.m, "G7 → Ukraine");
        assert!(fields[2].contains("committing to ensure Ukraine's long-term security"));
        assert!(g7.c.contains("2 sources"), "{}", g7.c);
        assert_eq!(doc(&docs, "about/index.html").0.k, "page");
    }

    #[test]
    fn previews_are_short() {
        assert_eq!(truncate_words("short", 10), "short");
        let long = "word ".repeat(100);
        let cut = truncate_words(&long, SUMMARY_MAX);
        assert!(
            cut.len() <= SUMMARY_MAX + "…".len() && cut.ends_with("word…"),
            "{cut}"
        );
        assert_eq!(plain("A *b* [c](http://x).\n\nD"), "A b c. D");
    }
}
