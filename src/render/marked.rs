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

/// One paragraph's `text` with `mentions` linked (a `title` with the actor's name where
/// the text says it otherwise) and `quotes` marked: one `<mark>` per
/// quoted passage, with the mention links inside it (overlapping passages share one,
/// closed only where a citation mark falls inside it).
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
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut in_mark = false;
    let mut link: Option<usize> = None;
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        if s == e {
            continue;
        }
        let quoted = quotes.iter().any(|q| q.start <= s && e <= q.end);
        let mention = mentions.iter().position(|m| m.start <= s && e <= m.end);
        if link.is_some() && (link != mention || quoted != in_mark) {
            out.push_str("</a>");
            link = None;
        }
        if in_mark && !quoted {
            out.push_str("</mark>");
            in_mark = false;
        }
        // An anchor for each quoted passage that starts here (`#c3`).
        for q in quotes.iter().filter(|q| q.start == s) {
            out.push_str("<span class=\"anchor\" id=\"");
            out.push_str(&q.anchor);
            out.push_str("\"></span>");
        }
        if quoted && !in_mark {
            out.push_str("<mark class=\"quote\">");
            in_mark = true;
        }
        if let (Some(i), None) = (mention, link) {
            let m = &mentions[i];
            out.push_str("<a href=\"");
            out.push_str(&m.href);
            // The full name as a tooltip, where the text is another form of it.
            if &text[m.start..m.end] != m.name {
                out.push_str("\" title=\"");
                escape_into(m.name, &mut out);
            }
            out.push_str("\">");
            link = Some(i);
        }
        escape_into(&text[s..e], &mut out);
        // Citation marks after each quote that ends here, outside the mark.
        let mut ends = quotes.iter().filter(|q| q.end == e).peekable();
        if ends.peek().is_some() {
            if link.take().is_some() {
                out.push_str("</a>");
            }
            if in_mark {
                out.push_str("</mark>");
                in_mark = false;
            }
        }
        for q in ends {
            out.push_str("<sup class=\"cite\"><a href=\"");
            out.push_str(&q.cited_by);
            out.push_str("\" title=\"");
            escape_into(cited_by, &mut out);
            out.push(' ');
            escape_into(q.cited_by_title, &mut out);
            out.push_str("\">[");
            out.push_str(&q.number.to_string());
            out.push_str("]</a></sup>");
        }
    }
    if link.is_some() {
        out.push_str("</a>");
    }
    if in_mark {
        out.push_str("</mark>");
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

/// Like [`with_marks`], cut to a keyword-in-context window: at most `reach` bytes of
/// `text` before the first mark and after the last, at word boundaries, an ellipsis
/// where it was cut.
pub fn kwic(text: &str, marks: &[(usize, usize)], reach: usize) -> String {
    let (Some(lo), Some(hi)) = (
        marks.iter().map(|m| m.0).min(),
        marks.iter().map(|m| m.1).max(),
    ) else {
        return with_marks(text, marks);
    };
    if hi > text.len() || lo > hi {
        return with_marks(text, marks);
    }
    let mut start = 0;
    if lo > reach {
        // The first word that starts at or after `lo - reach`.
        let mut from = lo - reach;
        while !text.is_char_boundary(from) {
            from += 1;
        }
        start = if text[..from].ends_with(char::is_whitespace) {
            from
        } else {
            text[from..lo]
                .find(char::is_whitespace)
                .map(|i| from + i)
                .map(|i| i + text[i..].chars().next().map_or(1, char::len_utf8))
                .unwrap_or(lo)
        };
    }
    let mut end = text.len();
    if text.len() - hi > reach {
        let mut to = hi + reach;
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        end = if text[to..].starts_with(char::is_whitespace) {
            to
        } else {
            text[hi..to]
                .rfind(char::is_whitespace)
                .map_or(hi, |i| hi + i)
        };
    }
    let shifted: Vec<(usize, usize)> = marks.iter().map(|&(s, e)| (s - start, e - start)).collect();
    let mut out = String::new();
    if start > 0 {
        out.push_str("… ");
    }
    out.push_str(&with_marks(text[start..end].trim_end(), &shifted));
    if end < text.len() {
        out.push_str(" …");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(start: usize, end: usize, number: usize) -> Quote<'static> {
        Quote {
            start,
            end,
            anchor: format!("c{number}"),
            number,
            cited_by: "../x.html".into(),
            cited_by_title: "X",
        }
    }

    #[test]
    fn one_mark_per_passage_with_the_links_inside() {
        let text = "Russia and Ukraine met today.";
        let mentions = [
            Mention {
                start: 0,
                end: 6,
                href: "r.html".into(),
                name: "Russia",
            },
            Mention {
                start: 11,
                end: 18,
                href: "u.html".into(),
                name: "Ukraine",
            },
        ];
        let html = paragraph(text, &mentions, &[quote(0, 22, 1)], "Cited by");
        assert_eq!(
            html,
            "<span class=\"anchor\" id=\"c1\"></span><mark class=\"quote\">\
             <a href=\"r.html\">Russia</a> and \
             <a href=\"u.html\">Ukraine</a> met\
             </mark><sup class=\"cite\"><a href=\"../x.html\" title=\"Cited by X\">[1]</a></sup> today."
        );
    }

    #[test]
    fn a_mention_across_the_end_of_a_passage_is_split_there() {
        let text = "said Kaja Kallas";
        let mentions = [Mention {
            start: 5,
            end: 16,
            href: "k.html".into(),
            name: "Kaja Kallas",
        }];
        let html = paragraph(text, &mentions, &[quote(0, 9, 1), quote(5, 9, 2)], "by");
        assert_eq!(html.matches("<mark").count(), 1, "{html}");
        assert_eq!(html.matches("<a href=\"k.html\"").count(), 2, "{html}");
        assert!(
            html.ends_with("[2]</a></sup><a href=\"k.html\"> Kallas</a>"),
            "{html}"
        );
    }

    #[test]
    fn kwic_cuts_long_sentences_at_words_around_the_marks() {
        let text = "One two three four five NAME six seven eight nine ten.";
        let at = text.find("NAME").unwrap();
        let m = [(at, at + 4)];
        assert_eq!(kwic(text, &m, 100), with_marks(text, &m));
        assert_eq!(
            kwic(text, &m, 10),
            "… four five <mark>NAME</mark> six seven …"
        );
        // Nothing is cut before a name at the start: no ellipsis there.
        assert_eq!(
            kwic("NAME said so.", &[(0, 4)], 5),
            "<mark>NAME</mark> said …"
        );
        // Multi-byte text is cut on characters, never inside one.
        let text = "ééééééééééé NAME ééééééééééé";
        let at = text.find("NAME").unwrap();
        let out = kwic(text, &[(at, at + 4)], 5);
        assert_eq!(out, "… <mark>NAME</mark> …");
    }
}
