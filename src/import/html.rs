//! A web page → its article's text and metadata. Owns the page's encoding (BOM,
//! HTTP header, `<meta charset>`, else detection) and the main-text extraction, which
//! is `rs-trafilatura`'s (chosen by measuring: see `benches/extract_eval.py` and
//! `benches/snippet_eval.py`) with our own paragraphing and tidying (a "related"
//! block after the last sentence goes); metadata from Open Graph, `article:*`,
//! JSON-LD, canonical link and `<html lang>`. Touches no file and nothing of the build.

use encoding_rs::Encoding;

use super::{Document, Meta};

/// The page's text in UTF-8: from its BOM, else the HTTP header's charset (a fetched
/// page), else its `<meta charset>`, else valid UTF-8 as it is, else the encoding
/// `chardetng` guesses.
pub fn decode(bytes: &[u8], header_charset: Option<&str>) -> String {
    if let Some((enc, len)) = Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[len..])
            .0
            .into_owned();
    }
    let declared = header_charset
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .or_else(|| meta_charset(bytes));
    let enc = match declared {
        // A page that calls itself UTF-16 without a BOM is not (the HTML standard
        // reads it as UTF-8).
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            det.guess(None, chardetng::Utf8Detection::Allow)
        }
    };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// The charset a `<meta charset>` or `<meta http-equiv content="…; charset=…">` in
/// the first 4 KB names.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head: Vec<u8> = bytes
        .iter()
        .take(4096)
        .map(u8::to_ascii_lowercase)
        .collect();
    let mut from = 0;
    while let Some(i) = find(&head[from..], b"<meta") {
        let tag_start = from + i;
        let tag_end = head[tag_start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |e| tag_start + e);
        let tag = &head[tag_start..tag_end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = rest
                .iter()
                .position(|&b| !matches!(b, b' ' | b'=' | b'"' | b'\''))
                .map_or(&[][..], |s| &rest[s..]);
            let end = rest
                .iter()
                .position(|&b| {
                    !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
                })
                .unwrap_or(rest.len());
            if let Some(e) = Encoding::for_label(&rest[..end]) {
                return Some(e);
            }
        }
        from = tag_end;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The article of a page (already decoded). `None` when the page holds no text to
/// speak of (a page that is only a script, an empty shell).
pub fn extract(page: &str) -> Option<Document> {
    let options = rs_trafilatura::Options {
        include_tables: true,
        // Its default cuts the text at 1,000,000 bytes (and panics inside a
        // character); `import` refuses a text too long for a seed instead.
        max_extracted_len: usize::MAX,
        ..rs_trafilatura::Options::default()
    };
    let spaced = space_blocks(page);
    let run = |options: &rs_trafilatura::Options| {
        super::quietly(|| rs_trafilatura::extract_with_options(&spaced, options))?.ok()
    };
    let mut result = run(&options)?;
    // On a page it takes for a service page, the extractor may replace its text by a
    // "merge" of the page's biggest blocks: one run-together paragraph, menus and
    // related links included. Read as a category page, the page keeps its article.
    if result
        .warnings
        .iter()
        .any(|w| w.starts_with("Used multi-candidate merge"))
    {
        let options = rs_trafilatura::Options {
            page_type: Some(rs_trafilatura::page_type::PageType::Category),
            ..options.clone()
        };
        // Unless that reading is mostly short lines (a shop's or a menu's), not sentences.
        if let Some(again) = run(&options).filter(|r| mostly_prose(&r.content_text)) {
            result = again;
        }
    }
    let m = &result.metadata;
    let meta = Meta {
        title: m.title.as_deref().map(clean).filter(|t| !t.is_empty()),
        outlet: m.sitename.as_deref().map(clean).filter(|t| !t.is_empty()),
        author: m
            .author
            .as_deref()
            .map(|a| byline(&clean(a)))
            .filter(|t| !t.is_empty()),
        published: m
            .date
            .map(|d| d.format("%Y-%m-%d").to_string())
            .filter(|d| plausible(d))
            .or_else(|| published(page)),
        url: page_url(page)
            .or_else(|| m.url.as_deref().map(str::trim).map(str::to_string))
            .filter(|u| u.starts_with("https://") || u.starts_with("http://")),
        language: m
            .language
            .as_deref()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .or_else(|| html_lang(page)),
    };
    let paragraphs: Vec<String> = result
        .content_text
        .lines()
        .map(clean)
        .filter(|p| !p.is_empty())
        .collect();
    let paragraphs = tidy(meta.title.as_deref(), paragraphs);
    let publishers = |body: &str| tidy(meta.title.as_deref(), publisher_paragraphs(body));
    let paragraphs = match publisher_body(page) {
        Some(body) => {
            let kept = keep_in_body(paragraphs, &body);
            if garbled(&kept, &body) {
                publishers(&body)
            } else {
                kept
            }
        }
        // The page's own markup of its body replaces the extraction only when
        // that is garbled: the marked element can hold more, or less, than the article.
        None => match microdata_body(page) {
            Some(body) if garbled(&paragraphs, &body) => publishers(&body),
            _ => paragraphs,
        },
    };
    let paragraphs = match result.content_html.as_deref() {
        Some(html) => drop_trailing_links(paragraphs, &Marked::new(html)),
        None => paragraphs,
    };
    if paragraphs.iter().map(|p| p.len()).sum::<usize>() == 0 {
        return None;
    }
    Some(Document {
        meta,
        paragraphs,
        warnings: vec![],
    })
}

/// The extractor's own markup of the article, reduced to what tells furniture from
/// text: for each byte of its text without whitespace (and `|`), whether it is a
/// link's text and whether it is a heading's.
struct Marked {
    /// The text, whitespace (and `|`) left out.
    squeezed: String,
    /// Per byte of `squeezed`: bit 1 link text, bit 2 heading.
    flags: Vec<u8>,
}

const LINK: u8 = 1;
const HEADING: u8 = 2;

impl Marked {
    fn new(html: &str) -> Marked {
        fn walk(node: &dom_query::NodeRef, mut flag: u8, out: &mut Marked) {
            if node.is_text() {
                for c in node.text().chars().filter(|&c| !squeezed_out(c)) {
                    out.squeezed.push(c);
                    out.flags.extend(std::iter::repeat_n(flag, c.len_utf8()));
                }
                return;
            }
            if node.is_element() {
                match node.node_name().as_deref() {
                    Some("script" | "style") => return,
                    Some("a") => flag |= LINK,
                    Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6") => flag |= HEADING,
                    _ => {}
                }
            }
            for child in node.children_it(false) {
                walk(&child, flag, out);
            }
        }
        let doc = dom_query::Document::fragment(html);
        let mut out = Marked {
            squeezed: String::new(),
            flags: Vec::new(),
        };
        walk(&doc.root(), 0, &mut out);
        out
    }

    /// For each of the text's last paragraphs, as found in the markup from its end:
    /// the share of its text that is link text, and whether it is all heading.
    /// After 32 not found the rest count as neither (each search reads the text).
    fn read_tail(&self, paragraphs: &[String]) -> Vec<Option<(f64, bool)>> {
        let mut to = self.squeezed.len();
        let mut misses = 0;
        let mut read: Vec<Option<(f64, bool)>> = paragraphs
            .iter()
            .rev()
            .map(|p| {
                let p: String = p.chars().filter(|&c| !squeezed_out(c)).collect();
                if p.is_empty() || misses > 32 {
                    return None;
                }
                let Some(at) = self.squeezed[..to].rfind(&p) else {
                    misses += 1;
                    return None;
                };
                to = at;
                let flags = &self.flags[at..at + p.len()];
                let links = flags.iter().filter(|&&f| f & LINK != 0).count();
                let heading = flags.iter().all(|&f| f & HEADING != 0);
                Some((links as f64 / p.len() as f64, heading))
            })
            .collect();
        read.reverse();
        read
    }
}

/// Left out of [`Marked`]'s text and of the paragraphs looked up in it: whitespace,
/// and the `|` the extractor puts between a table's cells.
fn squeezed_out(c: char) -> bool {
    c.is_whitespace() || c == '|'
}

/// A paragraph of sentences, not a title, a link or a label: 25 words or more, or 6
/// or more ending as a sentence ends.
fn prose(p: &str) -> bool {
    const ENDS: &[char] = &[
        '.', '!', '?', '"', '”', '“', '»', '«', ')', '…', ':', ';', '’', '\'', '。', '！', '？',
    ];
    let p = p.trim();
    let words = p.split_whitespace().count();
    words >= 25 || (words >= 6 && p.ends_with(ENDS))
}

/// At least half of a text's characters are in paragraphs of sentences.
fn mostly_prose(text: &str) -> bool {
    let (all, prose) = text.lines().fold((0, 0), |(all, sentences), l| {
        (
            all + l.len(),
            sentences + if prose(l) { l.len() } else { 0 },
        )
    });
    prose * 2 >= all && all > 0
}

/// What follows the article's last sentence goes when it is a "related" block:
/// short lines only, at least one in five of them a link or a heading in the
/// extractor's markup (headings and link lists that trafilatura itself would
/// not keep at the end). A page that ends in a short list of its own, without
/// links, keeps it.
fn drop_trailing_links(mut paragraphs: Vec<String>, marked: &Marked) -> Vec<String> {
    let Some(last) = paragraphs.iter().rposition(|p| prose(p)) else {
        return paragraphs;
    };
    let tail = paragraphs.len() - last - 1;
    let total: usize = paragraphs.iter().map(String::len).sum();
    let kept: usize = paragraphs[..=last].iter().map(String::len).sum();
    if tail == 0 || kept * 3 <= total {
        return paragraphs;
    }
    let furniture = marked
        .read_tail(&paragraphs[last + 1..])
        .into_iter()
        .filter(|m| m.is_some_and(|(links, heading)| links >= 0.8 || heading))
        .count();
    if furniture * 5 >= tail {
        paragraphs.truncate(last + 1);
    }
    paragraphs
}

/// A line break after each block's end tag: the extractor's text runs blocks of a
/// minified page together ("…лікареньЛікарні…") where no whitespace separates them.
fn space_blocks(page: &str) -> String {
    const ENDS: [&str; 17] = [
        "</p>",
        "</h1>",
        "</h2>",
        "</h3>",
        "</h4>",
        "</h5>",
        "</h6>",
        "</li>",
        "</div>",
        "</blockquote>",
        "</tr>",
        "</dd>",
        "</dt>",
        "</figcaption>",
        "</section>",
        "</article>",
        "</header>",
    ];
    let bytes = page.as_bytes();
    let mut out = String::with_capacity(page.len() + page.len() / 50);
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = page[i..].find("</") {
        let at = i + off;
        i = at + 2;
        let end = ENDS.iter().find(|e| {
            bytes
                .get(at..at + e.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(e.as_bytes()))
        });
        if let Some(e) = end {
            let to = at + e.len();
            out.push_str(&page[last..to]);
            out.push('\n');
            last = to;
            i = to;
        }
    }
    out.push_str(&page[last..]);
    out
}

/// The article's text as its publisher gives it in JSON-LD (`articleBody`), when it
/// is the whole text (not a teaser cut with "…").
fn publisher_body(page: &str) -> Option<String> {
    fn find(v: &serde_json::Value) -> Option<&str> {
        match v {
            serde_json::Value::Object(m) => m
                .get("articleBody")
                .and_then(|b| b.as_str())
                .or_else(|| m.values().find_map(find)),
            serde_json::Value::Array(a) => a.iter().find_map(find),
            _ => None,
        }
    }
    let lower = page.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("application/ld+json") {
        let at = from + i;
        let start = at + lower[at..].find('>')? + 1;
        let end = start + lower[start..].find("</script")?;
        from = end;
        let json = page[start..end].trim();
        let json = json
            .strip_prefix("<![CDATA[")
            .and_then(|j| j.strip_suffix("]]>"))
            .unwrap_or(json);
        let Ok(v) = serde_json::from_str::<serde_json::Value>(json) else {
            continue;
        };
        if let Some(body) = find(&v) {
            let body = strip_tags(body);
            let body = body.trim();
            let words = body.split_whitespace().count();
            if words >= 150 && !body.ends_with("...") && !body.ends_with('…') {
                return Some(body.to_string());
            }
        }
    }
    None
}

/// The article's text as the page marks it up itself (schema.org microdata: the
/// element with `itemprop="articleBody"`), one line per innermost paragraph, heading,
/// list item or block quote.
fn microdata_body(page: &str) -> Option<String> {
    const MARK: &str = r#"itemprop="articleBody""#;
    if !page.contains(MARK) {
        return None;
    }
    const BLOCKS: &str = "p, h2, h3, h4, li, blockquote";
    let doc = dom_query::Document::from(page);
    let body = doc.select(r#"[itemprop="articleBody"]"#).first();
    body.select("script, style, noscript, template").remove();
    let lines: Vec<String> = body
        .select(BLOCKS)
        .iter()
        .filter(|b| !b.select(BLOCKS).exists())
        .map(|b| clean(&b.text()))
        .filter(|l| !l.is_empty())
        .collect();
    // Its blocks must hold most of its text: some pages mark paragraphs up as
    // `<div>`s, and a handful of `<p>`s among them is not the article.
    let all = body.text().split_whitespace().count();
    let text = lines.join("\n");
    let words = text.split_whitespace().count();
    (words >= 150 && words * 5 >= all * 4).then_some(text)
}

/// The extractor's paragraphs are not the article as its publisher gives it: the
/// same text several times over (a page that nests its body), or a text of many
/// paragraphs run into a few lines, sentences glued ("Biden.Morrison").
fn garbled(kept: &[String], body: &str) -> bool {
    let kept_len: usize = kept.iter().map(String::len).sum();
    let body_paragraphs = body.lines().filter(|l| !l.trim().is_empty()).count();
    kept_len * 2 > body.len() * 3 || (body_paragraphs >= 8 && kept.len() * 4 < body_paragraphs)
}

/// The publisher's text as paragraphs, one per line of [`publisher_body`].
fn publisher_paragraphs(body: &str) -> Vec<String> {
    body.lines()
        .map(|l| clean(&decode_entities(l)))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Text without its tags (some publishers put HTML in `articleBody`); a block
/// tag (`<p>`, `<br>`, a heading, a list item) ends a line.
fn strip_tags(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    const BLOCKS: [&str; 13] = [
        "p",
        "/p",
        "br",
        "br/",
        "div",
        "/div",
        "li",
        "/li",
        "h2",
        "/h2",
        "h3",
        "/h3",
        "blockquote",
    ];
    let mut out = String::with_capacity(s.len());
    let mut tag: Option<String> = None;
    for c in s.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(t), '>') => {
                let name = t
                    .split(|c: char| c.is_whitespace())
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                out.push(if BLOCKS.contains(&name.as_str()) {
                    '\n'
                } else {
                    ' '
                });
                tag = None;
            }
            (Some(t), c) => t.push(c),
            (None, c) => out.push(c),
        }
    }
    out
}

/// The paragraphs found in the publisher's own text (most of their words, in
/// order): what the page shows around the article goes.
fn keep_in_body(paragraphs: Vec<String>, body: &str) -> Vec<String> {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let body_words = words(body);
    let trigrams: std::collections::HashSet<&[String]> = body_words.windows(3).collect();
    let kept: Vec<String> = paragraphs
        .iter()
        .filter(|p| {
            let w = words(p);
            if w.len() < 3 {
                return w.iter().all(|x| body_words.contains(x));
            }
            let inside = w.windows(3).filter(|t| trigrams.contains(t)).count();
            inside * 2 >= w.len() - 2
        })
        .cloned()
        .collect();
    // When the two disagree on most of the text, trust the page.
    let kept_len: usize = kept.iter().map(String::len).sum();
    if kept_len * 10 < body.len() * 7 {
        return paragraphs;
    }
    kept
}

/// Headings that open what follows an article: related links, tags, comments.
const TAIL_HEADINGS: &[&str] = &[
    "related",
    "related articles",
    "related stories",
    "related posts",
    "related news",
    "related content",
    "related coverage",
    "read more",
    "read also",
    "see also",
    "you may also like",
    "you may also be interested in",
    "you might also like",
    "more stories",
    "more from",
    "more in",
    "more news",
    "most read",
    "most popular",
    "recommended",
    "recommended for you",
    "also on",
    "tags",
    "topics",
    "comments",
    "leave a comment",
    "leave a reply",
    "share this",
    "share this article",
    "trending",
    "what to read next",
    "further reading",
    "sponsored",
    "sponsored links",
    "leia também",
    "veja também",
    "lesen sie auch",
    "mehr zum thema",
    "à lire aussi",
    "lire aussi",
    "leer más",
    "te puede interesar",
    "читайте также",
    "читайте також",
    "по теме",
    "関連記事",
];

/// Lines that are page furniture wherever they stand.
const FURNITURE: &[&str] = &[
    "advertisement",
    "advert",
    "ad",
    "sponsored",
    "sponsored links",
    "share",
    "share this",
    "print",
    "print this article",
    "like this story? share it with a friend!",
    "this slideshow requires javascript.",
    "tell us what you think...",
    "source:",
    "breaking news",
    "listen",
    "email",
    "facebook",
    "twitter",
    "whatsapp",
    "comments",
    "close",
    "continue reading",
    "continue reading below",
    "story continues below advertisement",
    "order reprints",
    "print article",
    "text size",
    "реклама",
];

/// Our own pass over the extractor's paragraphs: the headline repeated, page
/// furniture (ads, share buttons), photo credits and captions, datelines alone on a
/// line, and a trailing "related" / tags / comments section go.
fn tidy(title: Option<&str>, paragraphs: Vec<String>) -> Vec<String> {
    let key = |s: &str| {
        s.to_lowercase()
            .trim_end_matches(['.', ':', '…'])
            .trim_end_matches("...")
            .trim()
            .to_string()
    };
    let title = title.map(key);
    let total: usize = paragraphs.iter().map(|p| p.len()).sum();
    let mut out: Vec<String> = Vec::new();
    let mut seen = 0;
    for (i, p) in paragraphs.iter().enumerate() {
        let k = key(p);
        seen += p.len();
        let words = p.split_whitespace().count();
        let heading_like =
            words <= 8 && (!p.ends_with('.') || p.ends_with("...") || p.ends_with('…'));
        // A "related" heading in the last part of the text, followed by short
        // lines only (links), ends the article.
        if heading_like
            && seen * 3 > total
            && TAIL_HEADINGS
                .iter()
                .any(|h| k == *h || k.starts_with(&format!("{h} ")))
            && paragraphs[i + 1..]
                .iter()
                .all(|q| q.split_whitespace().count() <= 30)
        {
            break;
        }
        if FURNITURE.contains(&k.as_str()) || Some(&k) == title.as_ref() {
            continue;
        }
        let credit = p.contains('©')
            || ["photo:", "image:", "credit:", "foto:"]
                .iter()
                .any(|c| k.starts_with(c));
        if words <= 25 && credit {
            continue;
        }
        if words <= 6 && is_dateline(p) {
            continue;
        }
        out.push(p.clone());
    }
    // A trailing run of short lines with bylines among them: other stories' teasers.
    let link_like = |p: &String| {
        p.split_whitespace().count() <= 14
            && !p
                .trim_end_matches(['"', '”', '’', ')'])
                .ends_with(['.', '!', '?', ':'])
    };
    let run = out.iter().rev().take_while(|p| link_like(p)).count();
    let bylines = out[out.len() - run..]
        .iter()
        .filter(|p| p.to_lowercase().starts_with("by "))
        .count();
    if run >= 4 && bylines >= 2 && run < out.len() {
        out.truncate(out.len() - run);
    }
    out
}

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "am",
    "pm",
    "a",
    "m",
    "p",
];

/// A line that is only a date or time ("2019-04-10", "20 Nov, 2019 05:47",
/// "Updated at 1:23 p.m.").
fn is_dateline(p: &str) -> bool {
    let lower = p.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let year = words.iter().any(|w| {
        w.len() == 4 && (w.starts_with("19") || w.starts_with("20")) && w.parse::<u32>().is_ok()
    });
    let time = p.contains(':') && p.chars().filter(char::is_ascii_digit).count() >= 3;
    let others = words
        .iter()
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()) && !MONTHS.contains(w))
        .count();
    let lead = ["updated", "published", "posted", "at", "on"];
    let others_besides_lead = words
        .iter()
        .filter(|w| {
            !w.chars().all(|c| c.is_ascii_digit()) && !MONTHS.contains(w) && !lead.contains(w)
        })
        .count();
    (year || time) && (others == 0 || (others_besides_lead == 0 && lead.contains(&words[0])))
}

/// An author's name without the byline's "By " ("By Jamelle Bouie").
fn byline(a: &str) -> String {
    match a.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => a[3..].trim().to_string(),
        _ => a.to_string(),
    }
}

/// The publication date the page states, when the extractor found none:
/// `article:published_time` (or `datePublished` microdata) in a meta tag, else the
/// first `"datePublished"` of its JSON-LD. Only the day is kept.
fn published(page: &str) -> Option<String> {
    let head = &page[..floor(page, 1 << 20)];
    let day = |v: &str| {
        let d = v.trim().get(..10)?;
        let b = d.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10))
            .then(|| d.to_string())
            .filter(|d| plausible(d))
    };
    let meta = tags(head, "meta").find_map(|tag| {
        let p = attr(tag, "property")
            .or_else(|| attr(tag, "name"))
            .or_else(|| attr(tag, "itemprop"))
            .unwrap_or_default()
            .to_ascii_lowercase();
        let dated = ["article:published_time", "datepublished", "pubdate"];
        dated
            .contains(&p.as_str())
            .then(|| attr(tag, "content"))
            .flatten()
            .and_then(|c| day(&c))
    });
    meta.or_else(|| {
        let key = "\"datePublished\"";
        let at = head.find(key)? + key.len();
        let rest = head[at..].trim_start().strip_prefix(':')?.trim_start();
        day(rest.strip_prefix('"')?)
    })
}

/// A publication day, not a placeholder ("0001-01-01", as some pages' JSON-LD has).
fn plausible(day: &str) -> bool {
    day.get(..4)
        .and_then(|y| y.parse::<u32>().ok())
        .is_some_and(|y| (1900..2100).contains(&y))
}

/// Whitespace collapsed to single spaces, ends trimmed.
pub fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's own address: `<link rel=canonical>`, else `og:url`, else the address
/// a browser noted when saving it (`<!-- saved from url=(0042)https://… -->`).
fn page_url(page: &str) -> Option<String> {
    let head = &page[..floor(page, 262_144)];
    let abs = |u: String| (u.starts_with("https://") || u.starts_with("http://")).then_some(u);
    let mut canonical = None;
    let mut og = None;
    for tag in tags(head, "link") {
        let rel = attr(tag, "rel").unwrap_or_default().to_ascii_lowercase();
        if rel.split_whitespace().any(|r| r == "canonical") && canonical.is_none() {
            canonical = attr(tag, "href").and_then(abs);
        }
    }
    for tag in tags(head, "meta") {
        let p = attr(tag, "property")
            .or_else(|| attr(tag, "name"))
            .unwrap_or_default()
            .to_ascii_lowercase();
        if p == "og:url" && og.is_none() {
            og = attr(tag, "content").and_then(abs);
        }
    }
    let saved = head.find("<!-- saved from url=(").and_then(|i| {
        let rest = &head[i + 21..];
        let rest = &rest[rest.find(')')? + 1..];
        let end = rest.find(" -->").or_else(|| rest.find("-->"))?;
        abs(rest[..end].trim().to_string())
    });
    // A canonical link to another site (syndicated copy: MSN → CNN) names the
    // original, not this page: the page's og:url wins then.
    let chosen = match (canonical, og) {
        (Some(c), Some(o)) if site(&c) != site(&o) => Some(o),
        (c, o) => c.or(o),
    };
    chosen.or(saved).map(|u| decode_entities(&u))
}

/// The last two labels of an address's host: `techcrunch.com`.
fn site(url: &str) -> String {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or("")
        .split(['/', '?', '#', ':'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let labels: Vec<&str> = host.rsplit('.').take(2).collect();
    labels.into_iter().rev().collect::<Vec<_>>().join(".")
}

/// The largest char boundary at or below `n`.
fn floor(s: &str, n: usize) -> usize {
    let mut n = n.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// The text of each `<name …>` tag (without the brackets).
fn tags<'a>(html: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&open) {
        let at = from + i;
        let after = lower
            .as_bytes()
            .get(at + open.len())
            .copied()
            .unwrap_or(b'>');
        if after.is_ascii_whitespace() || after == b'/' || after == b'>' {
            let end = lower[at..].find('>').map_or(lower.len(), |e| at + e);
            starts.push((at + open.len(), end));
            from = end;
        } else {
            from = at + open.len();
        }
    }
    starts.into_iter().map(move |(a, b)| &html[a..b])
}

/// The value of attribute `name` in a tag's text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before = lower[..at].chars().next_back().unwrap_or(' ');
        if !(before.is_whitespace() || before == '"' || before == '\'') {
            continue;
        }
        let rest = lower[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let value_at = tag.len() - rest.trim_start().len();
        let v = &tag[value_at..];
        let value = match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or(""),
            _ => v
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        return Some(value.trim().to_string());
    }
    None
}

fn decode_entities(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&#38;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// `<html lang="uk">` → `uk`.
fn html_lang(page: &str) -> Option<String> {
    let lower = page.get(..page.len().min(8192))?.to_ascii_lowercase();
    let at = lower.find("<html")?;
    let tag = &lower[at..at + lower[at..].find('>')?];
    let l = tag.find("lang=")?;
    let v = tag[l + 5..].trim_start_matches(['"', '\'']);
    let v: String = v
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    (!v.is_empty()).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_from_bom_header_meta_or_guess() {
        // "Київ" in windows-1251, declared.
        let page = b"<html><head><meta charset=\"windows-1251\"></head><body>\xca\xe8\xbf\xe2</body></html>";
        assert!(decode(page, None).contains("Київ"));
        // The HTTP header wins over a wrong <meta>.
        let page =
            b"<html><head><meta charset=\"utf-8\"></head><body>\xca\xe8\xbf\xe2</body></html>";
        assert!(decode(page, Some("windows-1251")).contains("Київ"));
        // http-equiv form.
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-u\"><p>\xeb\xc9\xa7\xd7</p>";
        assert!(decode(page, None).contains("Київ"));
        // A BOM wins over all.
        assert!(decode("\u{feff}<p>Київ</p>".as_bytes(), Some("latin1")).contains("Київ"));
        // Undeclared Cyrillic in windows-1251 is guessed.
        let text = "<p>Президент України заявив, що Київ отримає нову допомогу від партнерів.</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
        assert_eq!(decode(&bytes, None), text);
    }

    #[test]
    fn furniture_captions_and_related_links_go() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let got = tidy(
            Some("Headline"),
            p(&[
                "Headline",
                "20 Nov, 2019 05:47",
                "The minister said the aid would arrive before winter, officials confirmed on Monday.",
                "ADVERTISEMENT",
                "A cyclist rides past the plant. © Reuters / David Mercado",
                "The second paragraph of the article says more about the aid and the winter.",
                "You may also like...",
                "Another story entirely",
            ]),
        );
        assert_eq!(
            got,
            p(&[
                "The minister said the aid would arrive before winter, officials confirmed on Monday.",
                "The second paragraph of the article says more about the aid and the winter.",
            ])
        );
    }

    #[test]
    fn blocks_of_a_minified_page_stay_apart() {
        assert_eq!(
            space_blocks("<h1>A</h1><P>b</P><p>c</p>"),
            "<h1>A</h1>\n<P>b</P>\n<p>c</p>\n"
        );
        let doc = extract("<html><body><article><h1>Генератори для лікарень</h1><p>Лікарні області отримали перші генератори, повідомила обласна адміністрація у вівторок, і це добре.</p><p>Наступна партія прибуде до кінця місяця, якщо дороги залишаться відкритими для колон.</p></article></body></html>").unwrap();
        assert_eq!(doc.paragraphs.len(), 2, "{:?}", doc.paragraphs);
    }

    #[test]
    fn a_long_text_is_not_cut() {
        // Over the extractor's default limit of 1,000,000 bytes, in two-byte letters.
        let para = "<p>Колона з генераторами прибула до міста у вівторок увечері, повідомили волонтери.</p>\n";
        let page = format!(
            "<html><body><article><h1>Довгий текст</h1>{}<p>Останній абзац.</p></article></body></html>",
            para.repeat(8000)
        );
        let doc = extract(&page).unwrap();
        assert!(doc.paragraphs.iter().map(String::len).sum::<usize>() > 1_000_000);
        assert_eq!(doc.paragraphs.last().unwrap(), "Останній абзац.");
    }

    #[test]
    fn the_publishers_article_body_keeps_only_its_paragraphs() {
        let sentence =
            "The convoy reached the northern districts on Tuesday after two days at the border. ";
        let body = sentence.repeat(12);
        let page = format!(
            r#"<script type="application/ld+json">{{"@graph":[{{"@type":"NewsArticle","articleBody":"<p>{body}</p>"}}]}}</script>"#
        );
        let got = publisher_body(&page).unwrap();
        assert!(got.contains("The convoy reached") && !got.contains("<p>"));
        let paragraphs = vec![
            sentence.repeat(6).trim().to_string(),
            "Sign up for our newsletter and get the best stories every morning.".to_string(),
            sentence.repeat(6).trim().to_string(),
        ];
        let kept = keep_in_body(paragraphs.clone(), &got);
        assert_eq!(kept, vec![paragraphs[0].clone(), paragraphs[2].clone()]);
        // A teaser is not the article: nothing is filtered by it.
        let teaser = page.replace("</p>", "…");
        assert_eq!(publisher_body(&teaser), None);
    }

    #[test]
    fn a_garbled_extraction_gives_way_to_the_publishers_own_paragraphs() {
        let para = |i: usize| {
            format!("Paragraph {i} tells what the committee heard on Tuesday about the hold on the aid, and who asked for it.")
        };
        let html_body: String = (1..=10).map(|i| format!("<p>{}</p>", para(i))).collect();
        let body = strip_tags(&html_body);
        let lines = publisher_paragraphs(&body);
        assert_eq!(lines.len(), 10);
        assert_eq!(lines[2], para(3));
        // The same text three times over, or ten paragraphs run into one line.
        let all: Vec<String> = (1..=10).map(para).collect();
        let thrice = [all.clone(), all.clone(), all.clone()].concat();
        assert!(garbled(&thrice, &body));
        assert!(garbled(&[all.join("")], &body));
        assert!(!garbled(&all, &body));

        // Microdata: the blocks of the marked element, scripts left out...
        let sentence =
            "The minister said the plan would be put to parliament before the summer recess. ";
        let marked = format!(
            r#"<div itemprop="articleBody"><p>{}</p><script>var ad = 1;</script><ul><li><p>{}</p></li></ul></div>"#,
            sentence.repeat(10),
            sentence.repeat(6)
        );
        let got = microdata_body(&marked).unwrap();
        assert_eq!(got.lines().count(), 2);
        assert!(!got.contains("var ad"));
        // ...but not when its paragraphs are `<div>`s and only a few `<p>`s are blocks.
        let divs = format!(
            r#"<div itemprop="articleBody"><div>{}</div><p>{}</p></div>"#,
            sentence.repeat(30),
            sentence.repeat(12)
        );
        assert_eq!(microdata_body(&divs), None);
    }

    /// An article page: a headline, `body` (markup), then `after` (markup).
    fn page(body: &str, after: &str) -> String {
        format!(
            "<html><head><title>Neue Brücke</title></head><body><nav><a href=\"/\">Start</a></nav>\
             <article><h1>Neue Brücke über den Fluss eröffnet</h1>{body}{after}</article>\
             <footer>Impressum</footer></body></html>"
        )
    }

    const ARTICLE: &str =
        "<p>Die neue Brücke über den Fluss wurde am Montag nach zwei Jahren Bauzeit \
        für den Verkehr freigegeben, teilte die Stadtverwaltung mit.</p>\
        <p>Der Bürgermeister sprach bei der Eröffnung von einem wichtigen Tag für die Region, \
        weil die Pendler nun zwanzig Minuten früher in der Stadt sind.</p>\
        <p>Die Kosten lagen mit zwölf Millionen Euro unter der Planung, sagte der Bauleiter, \
        und die alte Fähre bleibt für Radfahrer bis zum Herbst in Betrieb.</p>";

    #[test]
    fn a_related_block_after_the_last_sentence_goes() {
        // A heading no list names, then links to other stories.
        let related = "<h3>Aus der Region</h3><ul>\
            <li><a href=\"/a\">Stadtrat tagt am Montag</a></li>\
            <li><a href=\"/b\">Neues Freibad öffnet im Juni</a></li>\
            <li><a href=\"/c\">Bahnhof wird umgebaut</a></li></ul>";
        let doc = extract(&page(ARTICLE, related)).unwrap();
        let text = doc.paragraphs.join("\n");
        assert!(text.contains("alte Fähre bleibt"), "{text}");
        assert!(!text.contains("Aus der Region"), "{text}");
        assert!(!text.contains("Freibad"), "{text}");
    }

    #[test]
    fn the_markup_tells_links_and_headings() {
        let marked = Marked::new(
            "<p>Ein Satz mit <a href=x>Link</a>.</p><h3>Mehr</h3>\
             <table><tr><td>1</td><td>Mai</td></tr></table><p><a>Alles</a></p>",
        );
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let read = marked.read_tail(&p(&["Ein Satz mit Link.", "Mehr", "1 | Mai", "Alles"]));
        assert_eq!(
            read[0].map(|(l, h)| ((l * 100.0) as u32, h)),
            Some((26, false))
        );
        assert_eq!(read[1], Some((0.0, true)));
        assert_eq!(read[2], Some((0.0, false)));
        assert_eq!(read[3], Some((1.0, false)));
        // Paragraphs not in the markup: after 32 of them the search stops.
        let mut many = p(&["Alles"]);
        many.extend((0..40).map(|i| format!("Nicht da {i}")));
        let read = marked.read_tail(&many);
        assert_eq!(read[0], None);
        assert_eq!(read.len(), 41);
    }

    #[test]
    fn a_short_list_of_the_articles_own_stays() {
        // Short lines after the last sentence, but neither links nor a heading.
        let own = "<ul><li>Länge: 420 Meter</li><li>Breite: 18 Meter</li>\
            <li>Bauzeit: zwei Jahre</li></ul>";
        let doc = extract(&page(ARTICLE, own)).unwrap();
        let text = doc.paragraphs.join("\n");
        assert!(text.contains("Breite: 18 Meter"), "{text}");
        assert!(text.contains("Bauzeit: zwei Jahre"), "{text}");
    }

    #[test]
    fn a_merged_page_keeps_its_article_in_paragraphs() {
        // Other stories' teasers in a row of boxes, more text than the article: the
        // extractor's "merge" of the page's biggest blocks ran them and the
        // article together, one line for all three paragraphs.
        let teasers: String = [
            "Im Nachbarort wurde am Wochenende ein Fest gefeiert, zu dem viele Besucher kamen.",
            "Der Schwimmverein sucht neue Trainer für die Kinder, die ab Oktober wieder üben.",
            "Auf der Landstraße zwischen Hof und Mühle gilt wegen Bauarbeiten eine Sperrung.",
            "Die Bibliothek verlängert ihre Öffnungszeiten und bietet samstags eine Lesestunde an.",
            "Ein Bäcker aus der Altstadt gewann den Preis für das beste Brot des Landkreises.",
            "Feuerwehrleute übten am Freitagabend mit zwei Löschzügen an der alten Schule.",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| format!("<div class=\"col\"><p>{t}</p><p>Meldung {i}</p></div>"))
        .collect();
        let page = format!(
            "<html><head><title>Neue Brücke</title></head><body>\
             <div class=\"wrapper--single-article\"><article>\
             <h1>Neue Brücke über den Fluss eröffnet</h1>{ARTICLE}</article></div>\
             <div class=\"row\">{teasers}</div></body></html>"
        );
        let doc = extract(&page).unwrap();
        let text = doc.paragraphs.join("\n");
        assert!(!text.contains("Schwimmverein"), "{text}");
        // A second reading of short lines only is no better than the merge.
        assert!(mostly_prose(&ARTICLE.replace("</p>", "\n")));
        assert!(!mostly_prose(
            "In den Warenkorb\n8,99 €\nJetzt zubereiten\n0,75 l\nEin Satz, der kurz ist."
        ));
        assert!(
            doc.paragraphs
                .iter()
                .any(|p| p.starts_with("Der Bürgermeister") && p.ends_with("Stadt sind.")),
            "{text}"
        );
    }

    #[test]
    fn an_author_loses_the_bylines_by() {
        assert_eq!(byline("By Jamelle Bouie"), "Jamelle Bouie");
        assert_eq!(byline("BY LISA MASCARO"), "LISA MASCARO");
        assert_eq!(byline("Byron Tau"), "Byron Tau");
        assert_eq!(byline("Stefan Becket"), "Stefan Becket");
    }

    #[test]
    fn the_publication_day_comes_from_meta_tags_or_json_ld() {
        let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished" : "2019-11-20T06:07:01+0000"}</script>"#;
        assert_eq!(published(ld).as_deref(), Some("2019-11-20"));
        let meta = r#"<meta property="article:published_time" content="2023-07-12T10:00:00Z">"#;
        assert_eq!(published(meta).as_deref(), Some("2023-07-12"));
        assert_eq!(
            published(r#"<meta itemprop="datePublished" content="2020-02-29">"#).as_deref(),
            Some("2020-02-29")
        );
        assert_eq!(published(r#"{"datePublished":"yesterday"}"#), None);
        assert_eq!(
            published(r#"{"datePublished": "0001-01-01T00:00:00Z"}"#),
            None
        );
        assert_eq!(published("<p>No date here.</p>"), None);
    }

    #[test]
    fn datelines() {
        for d in [
            "2019-04-10",
            "20 Nov, 2019 05:47",
            "Updated at 1:23 p.m.",
            "11/20/2019 01:14 PM",
        ] {
            assert!(is_dateline(d), "{d}");
        }
        for d in [
            "2018.04.05 ~ OPEN RUN",
            "02-751-1500",
            "VIP: 60,000₩",
            "Inquiry",
        ] {
            assert!(!is_dateline(d), "{d}");
        }
    }

    #[test]
    fn the_page_address_prefers_the_canonical_link() {
        let page = r#"<html><head><meta property="og:url" content="http://social.example.com/a">
            <LINK REL="canonical" href='https://example.com/a?x=1&amp;y=2'></head>"#;
        assert_eq!(
            page_url(page).as_deref(),
            Some("https://example.com/a?x=1&y=2")
        );
        let page = r#"<meta property="og:url" content="https://example.com/b"><link rel="canonical" href="/b">"#;
        assert_eq!(page_url(page).as_deref(), Some("https://example.com/b"));
        let page = r#"<meta property="og:url" content="https://www.msn.com/x"><link rel="canonical" href="https://edition.cnn.com/x">"#;
        assert_eq!(page_url(page).as_deref(), Some("https://www.msn.com/x"));
        let page = "<!-- saved from url=(0025)https://example.com/c -->\n<html>";
        assert_eq!(page_url(page).as_deref(), Some("https://example.com/c"));
        assert_eq!(page_url("<html><link rel=stylesheet href=x.css>"), None);
    }

    #[test]
    fn the_html_lang_is_read() {
        assert_eq!(
            html_lang("<!doctype html><HTML Lang='uk-UA'>").as_deref(),
            Some("uk-ua")
        );
        assert_eq!(html_lang("<html><body>"), None);
    }
}
