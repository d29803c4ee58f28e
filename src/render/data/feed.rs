//! `feed.xml`: an Atom feed of what changed in the dossier — each correction, each
//! update and each source added (by its publication date) — newest first. Every date
//! comes from the content, never from the clock, so the same input gives the same feed.

use crate::html::escape;
use crate::model::*;

use super::super::urls;

pub const PATH: &str = "feed.xml";

/// The most entries the feed holds: the newest. Readers poll it; the whole record is
/// on the corrections page and in `data/`.
pub const MAX_ENTRIES: usize = 200;

/// One entry: when, what kind, the entity's page (and anchor), its title, and HTML.
struct Entry<'a> {
    date: Date,
    what: &'static str,
    path: String,
    title: &'a str,
    html: String,
}

/// A date as Atom writes it (RFC 3339), at midnight UTC; a month or year as its
/// first day.
fn timestamp(d: &Date) -> String {
    let (y, m, day) = match *d {
        Date::Day(y, m, day) => (y, m, day),
        Date::Month(y, m) => (y, m, 1),
        Date::Year(y) => (y, 1, 1),
        Date::Unknown => (1970, 1, 1),
    };
    format!("{y:04}-{m:02}-{day:02}T00:00:00Z")
}

/// Every entity's corrections and updates, and every dated source.
fn entries(d: &Dossier) -> Vec<Entry<'_>> {
    let mut out = Vec::new();
    let mut followed = |kind: Kind, id: &Id, corrections: &[Correction], updated: &Option<Date>| {
        let path = urls::entity(kind, id);
        for (i, c) in corrections.iter().enumerate() {
            out.push(Entry {
                date: c.date,
                what: "correction",
                path: format!("{path}#correction-{}", i + 1),
                title: "",
                html: c.note.html.clone(),
            });
        }
        if let Some(u) = updated {
            out.push(Entry {
                date: *u,
                what: "update",
                path: path.clone(),
                title: "",
                html: String::new(),
            });
        }
    };
    for a in d.actors.values() {
        followed(Kind::Actor, &a.id, &a.corrections, &a.updated);
    }
    for s in d.sources.values() {
        followed(Kind::Source, &s.id, &s.corrections, &s.updated);
    }
    for e in d.events.values() {
        followed(Kind::Event, &e.id, &e.corrections, &e.updated);
    }
    for c in d.commitments.values() {
        followed(Kind::Commitment, &c.id, &c.corrections, &c.updated);
    }
    for x in d.discrepancies.values() {
        followed(Kind::Discrepancy, &x.id, &x.corrections, &x.updated);
    }
    for s in d.sources.values() {
        if let Some(p) = s.published {
            out.push(Entry {
                date: p,
                what: "source",
                path: urls::entity(Kind::Source, &s.id),
                title: "",
                html: s
                    .outlet
                    .as_deref()
                    .map(|o| format!("<p>{}</p>", escape(o)))
                    .unwrap_or_default(),
            });
        }
    }
    // Each entry's title is its entity's.
    for e in &mut out {
        let (dir, rest) = e.path.split_once('/').unwrap_or_default();
        let id = rest.split('/').next().unwrap_or_default();
        let r = Kind::from_dir(dir).map(|kind| Ref {
            kind,
            id: id.to_string(),
        });
        e.title = r.as_ref().and_then(|r| d.title_of(r)).unwrap_or_default();
    }
    out.sort_by(|a, b| {
        (b.date.sort_key(), &a.path, a.what).cmp(&(a.date.sort_key(), &b.path, b.what))
    });
    out.retain(|e| e.date != Date::Unknown);
    out
}

/// The feed.
pub fn feed(d: &Dossier, t: &crate::render::strings::Strings) -> Vec<u8> {
    let base = d.meta.base_url.as_deref();
    let at = |path: &str| urls::public(base, path);
    // An entry's id never changes: the page, the kind of change and its date.
    let id_of = |path: &str, what: &str, date: &Date| match base {
        Some(b) => format!("{b}/{path}?{what}={}", date.iso()),
        None => format!("urn:x-dossier:{}:{what}:{}", path, date.iso()),
    };
    let entries = entries(d);
    let updated = entries
        .first()
        .map(|e| timestamp(&e.date))
        .unwrap_or_else(|| timestamp(&Date::Unknown));
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    out.push_str(&format!(" xml:lang=\"{}\">\n", escape(&d.meta.language)));
    out.push_str(&format!("  <title>{}</title>\n", escape(&d.meta.title)));
    out.push_str("  <subtitle>Corrections, updates and sources added</subtitle>\n");
    out.push_str(&format!(
        "  <id>{}</id>\n",
        escape(&base.map_or_else(
            || format!("urn:x-dossier:{}", slug(&d.meta.title)),
            |b| format!("{b}/")
        ))
    ));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&at("index.html"))
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&at(PATH))
    ));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n  <generator>dossier {}</generator>\n",
        escape(&d.meta.title),
        env!("CARGO_PKG_VERSION")
    ));
    for e in entries.iter().take(MAX_ENTRIES) {
        let title = match e.what {
            "correction" => t.fill("feed.correction", &[("title", &e.title)]),
            "update" => t.fill("feed.update", &[("title", &e.title)]),
            _ => t.fill("feed.source_added", &[("title", &e.title)]),
        };
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", escape(&title)));
        out.push_str(&format!(
            "    <id>{}</id>\n",
            escape(&id_of(&e.path, e.what, &e.date))
        ));
        out.push_str(&format!("    <updated>{}</updated>\n", timestamp(&e.date)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape(&at(&e.path))
        ));
        out.push_str(&format!("    <category term=\"{}\"/>\n", e.what));
        if !e.html.is_empty() {
            out.push_str(&format!(
                "    <content type=\"html\">{}</content>\n",
                escape(&e.html)
            ));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out.into_bytes()
}

/// A title as an id-like word: lowercase letters and digits joined by dashes.
fn slug(title: &str) -> String {
    let mut s = String::new();
    for w in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !s.is_empty() {
            s.push('-');
        }
        s.extend(w.chars().flat_map(char::to_lowercase));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc_3339() {
        assert_eq!(timestamp(&Date::Day(2023, 7, 12)), "2023-07-12T00:00:00Z");
        assert_eq!(timestamp(&Date::Month(2023, 7)), "2023-07-01T00:00:00Z");
        assert_eq!(timestamp(&Date::Year(2023)), "2023-01-01T00:00:00Z");
    }

    #[test]
    fn the_fixture_feed_lists_its_sources_newest_first() {
        let d = crate::fixture_dossier();
        let feed = String::from_utf8(feed(&d, crate::render::strings::Strings::english())).unwrap();
        assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""));
        let dated: Vec<&Source> = d
            .sources
            .values()
            .filter(|s| s.published.is_some())
            .collect();
        assert_eq!(feed.matches("<entry>").count(), dated.len());
        let stamps: Vec<&str> = feed
            .match_indices("<updated>")
            .skip(1)
            .map(|(i, _)| &feed[i + 9..i + 29])
            .collect();
        let mut sorted = stamps.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(stamps, sorted, "newest first");
        assert_eq!(
            feed,
            String::from_utf8(super::feed(&d, crate::render::strings::Strings::english())).unwrap(),
            "deterministic"
        );
    }
}
