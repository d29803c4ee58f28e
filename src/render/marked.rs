//! Seed text as HTML: escaped, with actor mentions linked and cited quotes marked,
//! each quote followed by numbered links to what cites it.

use crate::html::escape_into;
use crate::model::{Kind, Paragraph, Source};

use super::urls;
use super::views::Views;

/// One paragraph of `src` with mentions and quotes marked, linked as `v` links.
pub fn paragraph(v: &Views, src: &Source, par: &Paragraph) -> String {
    let text = &par.text;
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for m in par.mentions.iter() {
        cuts.extend([m.start, m.end]);
    }
    for q in &par.quotes {
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
        let quotes: Vec<usize> = (0..par.quotes.len())
            .filter(|&i| par.quotes[i].start <= s && e <= par.quotes[i].end)
            .collect();
        let mention = par.mentions.iter().find(|m| m.start <= s && e <= m.end);
        // An anchor for each quoted passage that starts here (`#c3`).
        for q in par.quotes.iter().filter(|q| q.start == s) {
            let id = v.anchor(
                Kind::Source,
                &src.id,
                &format!("c{}", src.citations[q.citation].number),
            );
            out.push_str(&format!("<span class=\"anchor\" id=\"{id}\"></span>"));
        }
        if !quotes.is_empty() {
            out.push_str("<mark class=\"quote\">");
        }
        if let Some(m) = mention {
            let name = v.name_of(&m.actor).unwrap_or("");
            out.push_str("<a class=\"mention\" href=\"");
            out.push_str(&v.href(&urls::entity(Kind::Actor, &m.actor)));
            out.push_str("\" title=\"");
            escape_into(name, &mut out);
            out.push_str("\">");
        }
        escape_into(&text[s..e], &mut out);
        if mention.is_some() {
            out.push_str("</a>");
        }
        if !quotes.is_empty() {
            out.push_str("</mark>");
        }
        // Citation marks after each quote that ends here.
        for q in par.quotes.iter().filter(|q| q.end == e) {
            let c = &src.citations[q.citation];
            let title = v.title_of(&c.by.owner).unwrap_or("");
            let anchor = super::views::evidence_anchor(c.by.owner.kind, c.by.index);
            out.push_str(&format!(
                "<sup class=\"cite\"><a href=\"{}\" title=\"Cited by: ",
                v.href(&format!("{}#{anchor}", urls::of(&c.by.owner)))
            ));
            escape_into(title, &mut out);
            out.push_str(&format!("\">[{}]</a></sup>", c.number));
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
