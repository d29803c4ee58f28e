//! Seed text as HTML: escaped, with actor mentions linked and cited quotes marked,
//! each quote followed by numbered links to what cites it.

use crate::html::escape_into;

/// An actor named in a paragraph: its byte range, the link to its page and its name.
pub struct Mention<'a> {
    pub start: usize,
    pub end: usize,
    pub href: String,
    pub name: &'a str,
}

/// A quoted passage: its byte range, the id of the anchor where it starts, and the
/// citation mark after it (its number, a link to what cites it and that one's title).
pub struct Quote<'a> {
    pub start: usize,
    pub end: usize,
    pub anchor: String,
    pub number: usize,
    pub cited_by: String,
    pub cited_by_title: &'a str,
}

/// One paragraph's `text` with `mentions` linked and `quotes` marked.
pub fn paragraph(text: &str, mentions: &[Mention], quotes: &[Quote], cited_by: &str) -> String {
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for m in mentions {
        cuts.extend([m.start, m.end]);
    }
    for q in quotes {
        cuts.extend([q.start, q.end]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(text.len() * 2);
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        if s == e {
            continue;
        }
        let quoted = quotes.iter().any(|q| q.start <= s && e <= q.end);
        let mention = mentions.iter().find(|m| m.start <= s && e <= m.end);
        // An anchor for each quoted passage that starts here (`#c3`).
        for q in quotes.iter().filter(|q| q.start == s) {
            out.push_str(&format!(
                "<span class=\"anchor\" id=\"{}\"></span>",
                q.anchor
            ));
        }
        if quoted {
            out.push_str("<mark class=\"quote\">");
        }
        if let Some(m) = mention {
            out.push_str("<a class=\"mention\" href=\"");
            out.push_str(&m.href);
            out.push_str("\" title=\"");
            escape_into(m.name, &mut out);
            out.push_str("\">");
        }
        escape_into(&text[s..e], &mut out);
        if mention.is_some() {
            out.push_str("</a>");
        }
        if quoted {
            out.push_str("</mark>");
        }
        // Citation marks after each quote that ends here.
        for q in quotes.iter().filter(|q| q.end == e) {
            out.push_str(&format!(
                "<sup class=\"cite\"><a href=\"{}\" title=\"",
                q.cited_by
            ));
            escape_into(cited_by, &mut out);
            out.push(' ');
            escape_into(q.cited_by_title, &mut out);
            out.push_str(&format!("\">[{}]</a></sup>", q.number));
        }
    }
    out
}

/// A sentence with byte ranges marked (for keyword-in-context lists).
pub fn with_marks(text: &str, marks: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut at = 0;
    let mut marks = marks.to_vec();
    marks.sort_unstable();
    for (s, e) in marks {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        escape_into(&text[at..s], &mut out);
        out.push_str("<mark>");
        escape_into(&text[s..e], &mut out);
        out.push_str("</mark>");
        at = e;
    }
    escape_into(&text[at..], &mut out);
    out
}
