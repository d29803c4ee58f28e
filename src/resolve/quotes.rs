//! Quote verification: an evidence quote must appear in its seed once both are
//! normalised (typographic quotes and dashes folded, whitespace collapsed). Maps a
//! match back to byte offsets of the original seed text.

/// A normalised text, and where in the original text each of its bytes came from.
pub struct Normalized {
    pub text: String,
    /// The normalised text in pieces, in order, each mapped to the original as a whole
    /// (most of a text is one piece between two collapsed spaces or folded characters).
    pieces: Vec<Piece>,
    orig_len: usize,
}

/// Bytes of the normalised text from `at` up to the next piece's `at`.
#[derive(Debug, Clone, Copy)]
struct Piece {
    at: u32,
    /// The original offset of the piece's first byte.
    from: u32,
    /// All its bytes came from the one character at `from` (a character that is not
    /// ASCII, or that folded to several); else its bytes are the original's, one for one.
    one_char: bool,
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
        let mut n = Normalized {
            text: String::with_capacity(s.len()),
            pieces: Vec::new(),
            orig_len: s.trim_end().len(),
        };
        let mut pending_space: Option<usize> = None;
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                if !n.text.is_empty() && pending_space.is_none() {
                    pending_space = Some(i);
                }
                continue;
            }
            if let Some(sp) = pending_space.take() {
                n.push(" ", sp);
            }
            let mut buf = [0; 4];
            n.push(fold(c).unwrap_or_else(|| c.encode_utf8(&mut buf)), i);
        }
        n
    }

    /// Appends `out`, made from the character at original offset `from`.
    fn push(&mut self, out: &str, from: usize) {
        let at = self.text.len();
        self.text.push_str(out);
        if out.len() == 1 {
            let continues = self
                .pieces
                .last()
                .is_some_and(|p| !p.one_char && p.from as usize + (at - p.at as usize) == from);
            if continues {
                return;
            }
        }
        self.pieces.push(Piece {
            at: at as u32,
            from: from as u32,
            one_char: out.len() > 1,
        });
    }

    /// The piece holding normalised byte `k` (< `text.len()`).
    fn piece(&self, k: usize) -> (usize, &Piece) {
        let i = self.pieces.partition_point(|p| p.at as usize <= k) - 1;
        (i, &self.pieces[i])
    }

    /// The original offset of the character normalised byte `k` came from.
    fn offset(&self, k: usize) -> usize {
        match self.piece(k).1 {
            p if p.one_char => p.from as usize,
            p => p.from as usize + (k - p.at as usize),
        }
    }

    /// Original byte range of the normalised range `start..end`. A range that ends
    /// inside a folded character ("…" became "...") takes in the whole character.
    fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.offset(start);
        let mut k = end;
        if k > 0 && k < self.text.len() {
            let (i, p) = self.piece(k);
            if p.one_char && (p.at as usize) < k {
                k = self
                    .pieces
                    .get(i + 1)
                    .map_or(self.text.len(), |next| next.at as usize);
            }
        }
        // The original text up to the character the next normalised byte came from
        // (for a collapsed space: up to the first whitespace after the match).
        let e = if k < self.text.len() {
            self.offset(k)
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

    /// The map the pieces stand for: each normalised byte's original offset, as the
    /// folding loop gives it byte by byte.
    fn byte_offsets(s: &str) -> Vec<usize> {
        let mut map = Vec::new();
        let mut pending_space: Option<usize> = None;
        for (i, c) in s.char_indices() {
            if c.is_whitespace() {
                if !map.is_empty() && pending_space.is_none() {
                    pending_space = Some(i);
                }
                continue;
            }
            if let Some(sp) = pending_space.take() {
                map.push(sp);
            }
            let len = fold(c).map_or(c.len_utf8(), str::len);
            map.extend(std::iter::repeat_n(i, len));
        }
        map
    }

    #[test]
    fn every_normalised_byte_maps_back_to_its_character() {
        for seed in [
            SEED,
            "the text…",
            "  a\u{a0} b\t\n«c» — d’s `e´ Ünïcödé…”x  ",
            "",
            "…",
            "ab  cd",
        ] {
            let n = Normalized::new(seed);
            let map = byte_offsets(seed);
            assert_eq!(n.text.len(), map.len(), "{seed:?}");
            for (k, &want) in map.iter().enumerate() {
                assert_eq!(n.offset(k), want, "byte {k} of {:?}", n.text);
            }
            // And a range's original, as read from that map.
            let original = |start: usize, end: usize| {
                let mut k = end;
                while k > 0 && k < map.len() && map[k] == map[k - 1] {
                    k += 1;
                }
                let e = map.get(k).copied().unwrap_or(seed.trim_end().len());
                (map[start], e.max(map[start]))
            };
            for start in 0..map.len() {
                for end in start + 1..=map.len() {
                    assert_eq!(
                        n.original(start, end),
                        original(start, end),
                        "{start}..{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn case_matters() {
        let n = Normalized::new(SEED);
        assert!(find(&n, "the g7 will continue").is_err());
    }
}
