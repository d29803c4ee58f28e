//! The one place where untrusted text becomes HTML: escaping plain text, and
//! rendering Markdown through pulldown-cmark and then ammonia, so that no seed or
//! content file can put a script, an event handler or a `javascript:` URL on a page.

use std::sync::LazyLock;

use pulldown_cmark::{html, Options, Parser};

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(s, &mut out);
    out
}

pub fn escape_into(s: &str, out: &mut String) {
    escape_pieces(s, |piece| out.push_str(piece));
}

/// Tera's escape function: [`escape`] written to `w`.
pub fn escape_to(s: &str, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut written = Ok(());
    escape_pieces(s, |piece| {
        if written.is_ok() {
            written = w.write_all(piece.as_bytes());
        }
    });
    written
}

/// `s` escaped, in pieces: runs of `s` and entities.
fn escape_pieces(s: &str, mut push: impl FnMut(&str)) {
    // The characters to escape are ASCII, so the runs between them are whole UTF-8:
    // copied at once. Eight bytes are looked at together, and one by one only when
    // one of them may be to escape (escaping is a few % of a 10k build's CPU).
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut at = |i: usize, push: &mut dyn FnMut(&str)| {
        if let Some(entity) = entity(bytes[i]) {
            push(&s[copied..i]);
            push(entity);
            copied = i + 1;
        }
    };
    let mut i = 0;
    while let Some(word) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        if may_hold_special(word) {
            (i..i + 8).for_each(|j| at(j, &mut push));
        }
        i += 8;
    }
    (i..bytes.len()).for_each(|j| at(j, &mut push));
    push(&s[copied..]);
}

/// The entity of a byte that must be escaped.
fn entity(b: u8) -> Option<&'static str> {
    Some(match b {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        b'\'' => "&#39;",
        _ => return None,
    })
}

/// Whether any byte of `word` may be one that must be escaped: never false when one
/// is (a byte equal to one of them is a zero byte after the xor, which the classic
/// test finds; it may also flag a byte above a zero byte).
fn may_hold_special(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    [b'&', b'<', b'>', b'"', b'\'']
        .iter()
        .fold(0, |any, &b| any | zero_byte(word ^ (ONES * b as u64)))
        != 0
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(["http", "https", "mailto"].into_iter().collect());
    b.link_rel(Some("noopener noreferrer"));
    b
});

/// Markdown → sanitised HTML.
pub fn markdown(md: &str) -> String {
    let raw = unsanitised(md);
    if plain_prose(md) {
        // As ammonia writes them: `<br>`, not `<br />` (text has no `<` to confuse).
        return raw.replace(" />", ">");
    }
    SANITIZER.clean(&raw).to_string()
}

fn unsanitised(md: &str) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_SMART_PUNCTUATION);
    let mut raw = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(md, opts));
    raw
}

/// Whether Markdown can only become text in plain tags (p, em, strong, lists, …): no
/// raw HTML or autolinks (`<`), no link or image targets (`](`, `]:`), no footnotes,
/// tables or fenced code (which carry attributes). pulldown-cmark escapes all text, so
/// such Markdown needs no sanitising: most summaries are prose, and ammonia is the
/// slowest step of rendering them.
fn plain_prose(md: &str) -> bool {
    !md.contains(['<', '|', '`', '~'])
        && !md.contains("](")
        && !md.contains("]:")
        && !md.contains("[^")
}

/// Markdown → its plain text (for the search index and previews): the words, with
/// paragraphs joined by a space and no markup.
pub fn plain(md: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut out = String::with_capacity(md.len());
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item)
                if !out.ends_with(' ') =>
            {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// At most about `max` bytes of `text`, cut at a word boundary, with "…" if cut.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind(char::is_whitespace).unwrap_or(end);
    format!("{}…", text[..cut].trim_end_matches([',', ';', ':', ' ']))
}

/// Whether a URL an editor gave may be linked: only web and mail addresses.
pub fn is_safe_url(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    (u.starts_with("https://") || u.starts_with("http://") || u.starts_with("mailto:"))
        && !u.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_skips_the_sanitiser_with_the_same_result() {
        for md in [
            "Plain *words* and **more**, \"quoted\" & so on.\n\n- a list\n- of items\n\n> a quote",
            "# Heading\n\n1. one\n2. two\n\nA [bracket] and a ] alone, 3 > 2 & x = \"y\".",
            "Entities: &amp; &lt;script&gt; &#60;b&#62; and a line  \nbreak.",
        ] {
            assert!(plain_prose(md), "{md}");
            assert_eq!(
                markdown(md),
                SANITIZER.clean(&unsanitised(md)).to_string(),
                "{md}"
            );
        }
        for md in [
            "<b>x</b>",
            "[x](javascript:alert(1))",
            "[x]\n\n[x]: javascript:y",
            "<http://x>",
            "a | b\n-|-\n1 | 2",
            "x[^1]\n\n[^1]: y",
            "```js\nx\n```",
        ] {
            assert!(!plain_prose(md), "{md}");
        }
    }

    #[test]
    fn escapes_a_special_byte_at_any_place_in_a_word_of_eight() {
        let naive = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect()
        };
        for len in 1..20 {
            for place in 0..len {
                for special in ['&', '<', '>', '"', '\''] {
                    let mut text: Vec<char> = "abcdéfghijklmnopqrstu".chars().take(len).collect();
                    text[place] = special;
                    let text: String = text.into_iter().collect();
                    assert_eq!(escape(&text), naive(&text), "{text:?}");
                }
            }
        }
        // Every ASCII byte (the special ones' neighbours too), and some that are not.
        let all: String = (0x00u8..0x80)
            .map(char::from)
            .chain("€ü\u{7ff}".chars())
            .collect();
        assert_eq!(escape(&all), naive(&all));
        assert_eq!(escape(&all.repeat(3)), naive(&all.repeat(3)));
    }

    #[test]
    fn escapes_everything_that_matters() {
        assert_eq!(
            escape(r#"<a href="x" onclick='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
        // Text around and between them, in any script, is kept as it is.
        assert_eq!(escape("Київ <б>ü&é"), "Київ &lt;б&gt;ü&amp;é");
        assert_eq!(escape("<<"), "&lt;&lt;");
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn markdown_is_sanitised() {
        let html = markdown("Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> [d](data:text/html,hi)\n\n**bold**");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains("<strong>bold</strong>"));
    }

    #[test]
    fn urls() {
        assert!(is_safe_url("https://example.org/a"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url(" JavaScript:alert(1)"));
        assert!(!is_safe_url("data:text/html,x"));
    }
}
