//! Quote verification: an evidence quote must appear in its seed once both are
//! normalised (typographic quotes and dashes folded, whitespace collapsed). Maps a
//! match back to byte offsets of the original seed text.

/// A normalised text and, for each of its bytes, the offset in the original text of
/// the character it came from.
pub struct Normalized {
    pub text: String,
    map: Vec<u32>,
    orig_len: usize,
}

/// Folds one character; `None` for whitespace (collapsed separately).
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        '‘' | '’' | '‚' | '‛' | '′' | '`' | '´' => "'",
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => "\"",
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => "-",
        '…' => "...",
        _ => return None,
    })
}

impl Normalized {
    pub fn new(s: &str) -> Normalized {
        let mut text = String::with_capacity(s.len());
        let mut map = Vec::with_capacity(s.len());
        let mut pending_space: Option<usize> = None;
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                if !text.is_empty() && pending_space.is_none() {
                    pending_space = Some(i);
                }
                continue;
            }
            if let Some(sp) = pending_space.take() {
                text.push(' ');
                map.push(sp as u32);
            }
            let before = text.len();
            match fold(c) {
                Some(f) => text.push_str(f),
                None => text.push(c),
            }
            map.extend(std::iter::repeat_n(i as u32, text.len() - before));
        }
        let orig_len = s.trim_end().len();
        Normalized {
            text,
            map,
            orig_len,
        }
    }

    /// Original byte range of the normalised range `start..end`. A range that ends
    /// inside a folded character ("…" became "...") takes in the whole character.
    fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.map[start] as usize;
        let mut k = end;
        while k > 0 && k < self.map.len() && self.map[k] == self.map[k - 1] {
            k += 1;
        }
        // The original text up to the character the next normalised byte came from
        // (for a collapsed space: up to the first whitespace after the match).
        let e = if k < self.map.len() {
            self.map[k] as usize
        } else {
            self.orig_len
        };
        (s, e.max(s))
    }
}

/// The normalised form of a quote as an editor typed it.
pub fn normalize(s: &str) -> String {
    Normalized::new(s).text
}

/// Why a quote was not found, for the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// How many characters of the (normalised) quote do appear in the seed.
    pub matched_chars: usize,
    /// What the seed says where the quote goes astray (a short excerpt).
    pub seed_has: Option<String>,
    /// What the quote says there.
    pub quote_has: String,
}

/// Finds `quote` in the normalised seed; returns the original byte range of the first
/// occurrence, or why it is not there.
pub fn find(seed: &Normalized, quote: &str) -> Result<(usize, usize), Miss> {
    let q = normalize(quote);
    if q.is_empty() {
        return Err(Miss {
            matched_chars: 0,
            seed_has: None,
            quote_has: String::new(),
        });
    }
    if let Some(i) = seed.text.find(&q) {
        return Ok(seed.original(i, i + q.len()));
    }
    // The longest prefix of the quote that occurs: binary search, as occurrence of a
    // prefix implies occurrence of every shorter one.
    let bounds: Vec<usize> = q
        .char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .chain([q.len()])
        .collect();
    let (mut lo, mut hi) = (0usize, bounds.len()); // bounds[..lo] known to occur
    while lo < hi {
        let mid = (lo + hi) / 2;
        if seed.text.contains(&q[..bounds[mid]]) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let ok_len = if lo == 0 { 0 } else { bounds[lo - 1] };
    // Show the difference from the start of the word where it begins.
    let ok_len = match q[..ok_len].rfind(' ') {
        Some(sp) if ok_len < q.len() => sp + 1,
        _ => ok_len,
    };
    let excerpt = |s: &str| -> String { s.chars().take(40).collect() };
    let seed_has = if ok_len >= 8 {
        seed.text
            .find(&q[..ok_len])
            .map(|i| excerpt(&seed.text[i + ok_len..]))
    } else {
        None
    };
    Err(Miss {
        matched_chars: q[..ok_len].chars().count(),
        seed_has,
        quote_has: excerpt(&q[ok_len..]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "The G7 will continue to support Ukraine. Our solidarity will never waver,” Kishida promised,\nin an event.\n\nZelensky assured that the G7 statement provides “security guarantees” to Ukrainebut the text…";

    fn found(q: &str) -> &'static str {
        let n = Normalized::new(SEED);
        let (s, e) = find(&n, q).unwrap_or_else(|m| panic!("{q:?} not found: {m:?}"));
        &SEED[s..e]
    }

    #[test]
    fn straight_quotes_match_curly_ones() {
        assert_eq!(
            found("provides \"security guarantees\" to"),
            "provides “security guarantees” to"
        );
        assert_eq!(
            found("will never waver,\" Kishida"),
            "will never waver,” Kishida"
        );
    }

    #[test]
    fn whitespace_and_newlines_collapse() {
        assert_eq!(
            found("Kishida promised, in an   event."),
            "Kishida promised,\nin an event."
        );
        assert_eq!(found("Kishida\u{a0}promised"), "Kishida promised");
        assert_eq!(
            found("  in an event. Zelensky "),
            "in an event.\n\nZelensky"
        );
    }

    #[test]
    fn typos_must_be_kept() {
        assert_eq!(
            found("to Ukrainebut the text..."),
            "to Ukrainebut the text…"
        );
        let n = Normalized::new(SEED);
        assert!(find(&n, "to Ukraine but the text").is_err());
    }

    #[test]
    fn a_miss_says_where_it_goes_astray() {
        let n = Normalized::new(SEED);
        let m = find(&n, "The G7 will continue to back Ukraine").unwrap_err();
        assert_eq!(m.matched_chars, "The G7 will continue to ".len());
        assert_eq!(
            m.seed_has.as_deref(),
            Some("support Ukraine. Our solidarity will nev")
        );
        assert_eq!(m.quote_has, "back Ukraine");
        let m = find(&n, "The G7 will continue to sustain Ukraine").unwrap_err();
        assert_eq!(
            m.quote_has, "sustain Ukraine",
            "the difference is shown from the word's start"
        );
        assert!(find(&n, "").is_err());
        assert!(find(&n, "zzzz").unwrap_err().seed_has.is_none());
    }

    #[test]
    fn a_quote_ending_inside_an_ellipsis_takes_it_in() {
        let seed = "the text…";
        let n = Normalized::new(seed);
        assert_eq!(find(&n, "text.").map(|(s, e)| &seed[s..e]), Ok("text…"));
        assert_eq!(find(&n, ".").map(|(s, e)| &seed[s..e]), Ok("…"));
    }

    #[test]
    fn case_matters() {
        let n = Normalized::new(SEED);
        assert!(find(&n, "the g7 will continue").is_err());
    }
}
