//! `feed.xml`: an Atom feed of what changed in the dossier — each correction, each
//! update and each source added (by its publication date) — newest first. Every date
//! comes from the content, never from the clock, so the same input gives the same feed.

use crate::html::escape;
use crate::model::*;

use super::super::strings::Strings;
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
    for f in d.tracked() {
        let path = urls::entity(f.kind, f.id);
        for (i, c) in f.corrections.iter().enumerate() {
            out.push(Entry {
                date: c.date,
                what: "correction",
                path: format!("{path}#correction-{}", i + 1),
                title: f.title,
                html: c.note.html.clone(),
            });
        }
        if let Some(u) = f.updated {
            out.push(Entry {
                date: *u,
                what: "update",
                path,
                title: f.title,
                html: String::new(),
            });
        }
    }
    for s in d.sources.values() {
        if let Some(p) = s.published {
            out.push(Entry {
                date: p,
                what: "source",
                path: urls::entity(Kind::Source, &s.id),
                title: &s.title,
                html: s
                    .outlet
                    .as_deref()
                    .map(|o| format!("<p>{}</p>", escape(o)))
                    .unwrap_or_default(),
            });
        }
    }
    out.sort_by(|a, b| {
        (b.date.sort_key(), &a.path, a.what).cmp(&(a.date.sort_key(), &b.path, b.what))
    });
    out.retain(|e| e.date != Date::Unknown);
    out
}

/// The feed.
pub fn feed(d: &Dossier, t: &Strings) -> Vec<u8> {
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
    out.push_str(&format!(
        "  <subtitle>{}</subtitle>\n",
        escape(t.get("feed.subtitle"))
    ));
    out.push_str(&format!(
        "  <id>{}</id>\n",
        escape(&base.map_or_else(
            || format!("urn:x-dossier:{}", crate::project::slugify(&d.meta.title)),
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
        let key = match e.what {
            "correction" => "feed.correction",
            "update" => "feed.update",
            _ => "feed.source",
        };
        let title = t.fill(key, &[("title", &e.title)]);
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
        let t = Strings::english();
        let feed = String::from_utf8(feed(&d, t)).unwrap();
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
            String::from_utf8(super::feed(&d, t)).unwrap(),
            "deterministic"
        );
    }
}
