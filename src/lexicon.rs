//! A general English lexicon: the common lower-case words of four letters or more
//! (SCOWL size 35 as Debian's `wamerican-small` ships it, 39,579 words; licence and
//! origin in `lexicon/COPYING`, made by `benches/lexicon.py`). `suggest`'s variants ask
//! it whether a lower-case token is an ordinary word ("being") rather than a name spelt
//! otherwise ("kyiv"); PDF import whether a hyphen at a line's end joins two words of
//! their own ("well-known") or splits one ("impor-tant"). Decoded once, on first use.
//! Knows nothing of dossiers.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

/// Front-coded, sorted: each line is how many leading letters a word shares with the
/// one before ('0'-'9', then 'A' for 10, …) and the letters that follow.
const WORDS: &str = include_str!("lexicon/words.txt");

static LEXICON: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    let mut out = FxHashSet::default();
    let mut prev = String::new();
    for line in WORDS.lines() {
        let mut cs = line.chars();
        let keep = match cs.next() {
            Some(c @ '0'..='9') => c as usize - '0' as usize,
            Some(c @ 'A'..='Z') => c as usize - 'A' as usize + 10,
            _ => continue,
        };
        prev.truncate(keep.min(prev.len()));
        prev.push_str(cs.as_str());
        out.insert(prev.clone());
    }
    out
});

/// Whether `w` (as written: lower case) is a common English word.
pub fn is_common_word(w: &str) -> bool {
    LEXICON.contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_in_and_names_are_not() {
        assert_eq!(LEXICON.len(), 39_579);
        for w in [
            "aardvark", "being", "buying", "said", "turkey", "century", "zoos",
        ] {
            assert!(is_common_word(w), "{w}");
        }
        for w in ["kyiv", "kiev", "zelensky", "dmitri", "Being", "the"] {
            assert!(!is_common_word(w), "{w}");
        }
    }
}
