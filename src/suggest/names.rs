//! Names in the seeds that no actor covers: capitalised phrases (with joiners such as
//! "of the"), less the words that open sentences, days, months and demonyms of the
//! actors' names. Read-only over the resolved dossier; `check`, the coverage figures
//! and `suggest` all take their list from here.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::model::{Dossier, Id, Source};

/// A capitalised phrase found in the seeds that no actor covers.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UnknownName {
    pub name: String,
    pub count: usize,
    /// (source id, 1-based paragraph) of each occurrence, in order.
    pub places: Places,
}

/// Where a name occurs: (source id, 1-based paragraph), in order. Held as numbers
/// into one list of source ids that every name shares: at 10,000 sources the names
/// occur half a million times, which as ids were half a million strings. Serialised
/// as `[[id, paragraph], …]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Places {
    pub(crate) sources: Arc<[Id]>,
    /// (index into `sources`, paragraph).
    pub(crate) at: Vec<(u32, u32)>,
}

impl Places {
    pub fn len(&self) -> usize {
        self.at.len()
    }

    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Id, usize)> + '_ {
        self.at
            .iter()
            .map(|&(s, p)| (&self.sources[s as usize], p as usize))
    }
}

impl Serialize for Places {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Words that open sentences, not actors (days, months, titles: `TRAILING`).
pub(crate) const NOT_NAMES: &[&str] = &[
    "A",
    "An",
    "The",
    "In",
    "On",
    "At",
    "Of",
    "For",
    "From",
    "To",
    "By",
    "With",
    "As",
    "And",
    "But",
    "Or",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "Although",
    "Asked",
    "Earlier",
    "Even",
    "Other",
    "Our",
    "Part",
    "So",
    "Some",
    "Such",
    "That",
    "These",
    "This",
    "Those",
    "Then",
    "There",
    "Therefore",
    "They",
    "We",
    "He",
    "She",
    "It",
    "His",
    "Her",
    "Its",
    "Their",
    "I",
    "In practice",
    "In general",
    "Specifically",
    "Without",
    "Of course",
    "According",
    "Today",
    "Yesterday",
    "What",
    "Why",
    "How",
    "Where",
    "Who",
    "Which",
    "Despite",
    "Because",
    "However",
    "Meanwhile",
    "Instead",
    "Also",
    "Now",
    "Here",
    "Yes",
    "No",
];

/// Lowercase words that may join the parts of a name ("Council of Europe").
const JOINERS: &[&str] = &[
    "of", "the", "for", "de", "von", "der", "van", "la", "le", "and",
];

/// Stems of the actors' one-word names (the name without its last character), to pass
/// over demonyms: "Ukrainian" from "Ukraine".
pub struct Stems<'d> {
    set: FxHashSet<&'d str>,
    /// The shortest and longest stem, in bytes.
    lengths: (usize, usize),
}

impl<'d> Stems<'d> {
    pub fn of(d: &'d Dossier) -> Stems<'d> {
        let set: FxHashSet<&str> = d
            .actors
            .values()
            .flat_map(|a| std::iter::once(&a.name).chain(&a.aliases))
            .filter(|n| !n.contains(' ') && n.chars().count() > 3)
            .filter_map(|n| n.char_indices().last().map(|(i, _)| &n[..i]))
            .collect();
        let lengths = set.iter().fold((usize::MAX, 0), |(lo, hi), s| {
            (lo.min(s.len()), hi.max(s.len()))
        });
        Stems { set, lengths }
    }

    /// Whether the one-word `w` is a stem followed by at least two more bytes.
    fn demonym(&self, w: &str) -> bool {
        let (lo, hi) = self.lengths;
        !w.contains(' ')
            && (lo..=hi.min(w.len().saturating_sub(2)))
                .any(|i| w.is_char_boundary(i) && self.set.contains(&w[..i]))
    }
}

/// Whether a capitalised phrase is a word that opens sentences or names a day or month.
fn not_a_name(w: &str) -> bool {
    // One letter ("S" of a split initialism), or a contraction ("We’re", "Don’t").
    if w.chars().nth(1).is_none() || contraction(w) {
        return true;
    }
    static WORDS: std::sync::LazyLock<FxHashSet<&str>> = std::sync::LazyLock::new(|| {
        NOT_NAMES
            .iter()
            .chain(TRAILING)
            .chain(&crate::model::MONTHS)
            .copied()
            .collect()
    });
    WORDS.contains(w)
}

/// Days, titles and month abbreviations (full months: `model::MONTHS`): no name, and
/// no part of one when they end a run of capitalised words.
const TRAILING: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

/// Whether a word that ends a run is no part of the name: a day, a month, a title, a
/// letter ("Argus Leader Monday", "Despite Mr").
fn trails(w: &str) -> bool {
    w.chars().nth(1).is_none() || TRAILING.contains(&w) || crate::model::MONTHS.contains(&w)
}

/// Whether a one-word phrase ends as an English contraction does ("We’re", "Can't").
fn contraction(w: &str) -> bool {
    !w.contains(' ')
        && ["re", "ll", "ve", "m", "d", "t"].iter().any(|end| {
            w.strip_suffix(end)
                .is_some_and(|rest| rest.ends_with(['’', '\'']) && rest.len() > 1)
        })
}

/// Byte ranges of runs of capitalised words (with joiners inside), e.g.
/// "Member Action Plan", "National Security Council of the White House".
pub(crate) fn capitalised_phrases(text: &str) -> Vec<(usize, usize)> {
    phrases_in(text, true)
}

/// [`capitalised_phrases`]; with `skip`, the words between one run and the next
/// capital are passed over without being split (the same phrases, in a third of the
/// time: most words are not capitalised).
fn phrases_in(text: &str, skip: bool) -> Vec<(usize, usize)> {
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let mut out = Vec::new();
    let mut words = Words { text, at: 0 };
    // The word looked at after a run, which may start the next one.
    let mut peeked: Option<(usize, usize)> = None;
    while let Some((s, e)) = peeked.take().or_else(|| words.next()) {
        if !cap(&text[s..e]) {
            if skip {
                words.at = next_capital(text, words.at);
            }
            continue;
        }
        // The run goes on over capitalised words and joiners; it ends at its last
        // capitalised word. The word that breaks it may start the next one.
        let (mut end, mut previous_end) = (e, e);
        let mut second: Option<usize> = None;
        for (ws, we) in words.by_ref() {
            let w = &text[ws..we];
            // A run breaks at punctuation between words.
            if !text[previous_end..ws].bytes().all(|b| b == b' ')
                || !(cap(w) || JOINERS.contains(&w))
            {
                peeked = Some((ws, we));
                break;
            }
            if cap(w) {
                end = we;
            }
            second.get_or_insert(ws);
            previous_end = we;
        }
        // "The Kremlin", "In Vilnius": a sentence's first word is not part of the name.
        let mut start = match second {
            Some(second) if end > e && NOT_NAMES.contains(&&text[s..e]) => second,
            _ => s,
        };
        // "Argus Leader Monday", "Despite Mr": a day, a month or a title that ends a
        // run is not part of the name either.
        while let Some((rest, last)) = text[start..end].rsplit_once(' ') {
            if !trails(last) {
                break;
            }
            end = start + rest.len();
        }
        // "Of the U.S.": nor are the joiners after it.
        while let Some((w, _)) = text[start..end].split_once(' ') {
            if !JOINERS.contains(&w) {
                break;
            }
            start += w.len() + 1;
        }
        out.push((start, end));
    }
    out
}

/// Where the next word that [`Words`] would start with a capital letter starts, from
/// byte `from` (where a word ended, or any place outside a word); the end if none.
fn next_capital(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 && !b.is_ascii_uppercase() {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_uppercase() && starts_word(text, i) {
            return i;
        }
        i += c.len_utf8();
    }
    text.len()
}

/// Whether a word of [`Words`] starts at byte `i` (a letter or digit there): no letter
/// or digit before it, nor a hyphen or apostrophe that follows one ("well-Known").
fn starts_word(text: &str, i: usize) -> bool {
    let mut before = text[..i].chars().rev();
    match before.next() {
        None => true,
        Some(p) if word_char(p) => false,
        Some('-' | '\'' | '’') => !before.next().is_some_and(word_char),
        Some(_) => true,
    }
}

/// The words of a text, as byte ranges: letters, digits, and hyphens and apostrophes
/// inside a word. A possessive "’s" is not part of a word.
pub(crate) struct Words<'t> {
    pub(crate) text: &'t str,
    /// Where the next word is looked for.
    pub(crate) at: usize,
}

impl Words<'_> {
    /// The character at byte `i` and its length; ASCII without decoding.
    fn char_at(&self, i: usize) -> Option<(char, usize)> {
        match *self.text.as_bytes().get(i)? {
            b if b < 0x80 => Some((b as char, 1)),
            _ => self.text[i..].chars().next().map(|c| (c, c.len_utf8())),
        }
    }
}

/// Whether `w` is capital letters with a dot between each: "U", "U.S".
fn initialism(w: &str) -> bool {
    w.bytes().enumerate().all(|(i, b)| {
        if i % 2 == 0 {
            b.is_ascii_uppercase()
        } else {
            b == b'.'
        }
    }) && w.len() % 2 == 1
}

/// `char::is_alphanumeric`, without its Unicode tables for ASCII.
pub(crate) fn word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

impl Iterator for Words<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        // Runs of ASCII that is no letter or digit are skipped bytewise.
        let bytes = self.text.as_bytes();
        while bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii() && !b.is_ascii_alphanumeric())
        {
            self.at += 1;
        }
        let start = loop {
            let (c, n) = self.char_at(self.at)?;
            self.at += n;
            if word_char(c) {
                break self.at - n;
            }
        };
        while let Some((c, n)) = self.char_at(self.at) {
            if word_char(c) {
                self.at += n;
                continue;
            }
            // "U.S.", "E.U.": an initialism is one word, its last dot included.
            if c == '.' && initialism(&self.text[start..self.at]) {
                let bytes = self.text.as_bytes();
                let letter = bytes.get(self.at + 1).is_some_and(u8::is_ascii_uppercase);
                if letter && bytes.get(self.at + 2) == Some(&b'.') {
                    self.at += 1;
                    continue;
                }
                if self.at - start >= 3 {
                    self.at += 1;
                }
                break;
            }
            let inner = matches!(c, '-' | '\'' | '’')
                && self
                    .char_at(self.at + n)
                    .is_some_and(|(next, _)| word_char(next));
            if !inner {
                break;
            }
            self.at += n;
        }
        let w = &self.text[start..self.at];
        let end = match w.strip_suffix("’s").or_else(|| w.strip_suffix("'s")) {
            Some(stem) if !stem.is_empty() => start + stem.len(),
            _ => self.at,
        };
        Some((start, end))
    }
}

/// The names of a source that no actor covers, in order: (paragraph index, start, end)
/// byte ranges. A capitalised word that opens a sentence is passed over when the source
/// also has it in lower case ("Meth is cheap" beside "crystal meth").
pub fn uncovered(source: &Source, stems: &Stems) -> Vec<(u32, usize, usize)> {
    let mut openers = Openers::of(source);
    let mut out = Vec::new();
    for (pi, par) in source.paragraphs.iter().enumerate() {
        for (start, end) in capitalised_phrases(&par.text) {
            let covered = par.mentions.iter().any(|m| m.start < end && start < m.end);
            let name = &par.text[start..end];
            if covered || not_a_name(name) || stems.demonym(name) {
                continue;
            }
            if !name.contains(' ') && openers.only_opens(&par.text, start, name) {
                continue;
            }
            out.push((pi as u32, start, end));
        }
    }
    out
}

/// Tells a capitalised word that only opens a sentence ("Meth is cheap" in a source
/// that also writes "crystal meth") from a name, remembering each word looked up.
pub(crate) struct Openers<'s> {
    source: &'s Source,
    /// Words looked up, lowercased: whether the source writes them so.
    seen: Vec<(String, bool)>,
}

impl<'s> Openers<'s> {
    pub(crate) fn of(source: &'s Source) -> Openers<'s> {
        Openers {
            source,
            seen: Vec::new(),
        }
    }

    /// Whether `word`, at byte `at` of `text`, opens a sentence and the source also
    /// writes it in lower case.
    pub(crate) fn only_opens(&mut self, text: &str, at: usize, word: &str) -> bool {
        if !opens_sentence(text, at) {
            return false;
        }
        let lower = word.to_lowercase();
        if let Some(&(_, written)) = self.seen.iter().find(|(w, _)| *w == lower) {
            return written;
        }
        let written = written_as(self.source, &lower);
        self.seen.push((lower, written));
        written
    }
}

/// Whether the word at byte `at` opens its paragraph or follows a sentence's end
/// (with opening quotes or brackets between).
fn opens_sentence(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '“' | '"' | '‘' | '\'' | '(' | '[' | '«' | '„')
    });
    let before = before.trim_end_matches(['”', '"', '’', '\'', ')', '»']);
    before.is_empty() || before.ends_with(['.', '!', '?', '…', ':'])
}

/// Whether a source has `word` as a word of its own, exactly so written.
fn written_as(source: &Source, word: &str) -> bool {
    source.paragraphs.iter().any(|p| {
        let text: &str = &p.text;
        text.match_indices(word).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            !before.is_some_and(word_char) && !after.is_some_and(word_char)
        })
    })
}

/// The names worth an editor's look, most frequent first, from every uncovered
/// occurrence: (index into `sources`, 1-based paragraph, the name), in source order.
/// A name is kept when it recurs or spans several words.
pub fn gather<'a>(
    sources: Arc<[Id]>,
    found: impl IntoIterator<Item = (u32, u32, &'a str)>,
) -> Vec<UnknownName> {
    // Places by name, in source order: most names are met once and dropped.
    let mut names: FxHashMap<&str, Vec<(u32, u32)>> = FxHashMap::default();
    for (si, pi, name) in found {
        names.entry(name).or_default().push((si, pi));
    }
    let mut out: Vec<UnknownName> = names
        .into_iter()
        .filter(|(name, places)| places.len() >= 2 || name.contains(' '))
        .map(|(name, at)| UnknownName {
            name: name.to_string(),
            count: at.len(),
            places: Places {
                sources: sources.clone(),
                at,
            },
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    out
}

/// The names no actor covers in the whole dossier (or in the sources `keep` keeps).
pub fn unknown(d: &Dossier, keep: impl Fn(&Id) -> bool + Sync) -> Vec<UnknownName> {
    let stems = Stems::of(d);
    let srcs: Vec<_> = d.sources.values().filter(|s| keep(&s.id)).collect();
    let found: Vec<Vec<(u32, usize, usize)>> =
        srcs.par_iter().map(|s| uncovered(s, &stems)).collect();
    let ids: Arc<[Id]> = srcs.iter().map(|s| s.id.clone()).collect();
    gather(
        ids,
        srcs.iter()
            .zip(&found)
            .enumerate()
            .flat_map(|(si, (s, f))| {
                f.iter().map(move |&(pi, a, b)| {
                    (si as u32, pi + 1, &s.paragraphs[pi as usize].text[a..b])
                })
            }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(t: &str) -> Vec<&str> {
        capitalised_phrases(t)
            .into_iter()
            .map(|(s, e)| &t[s..e])
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Passing over the words between capitals finds the same phrases as
        /// splitting every word.
        #[test]
        fn skipping_to_capitals_finds_the_same_phrases(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "B", "of", "the", "The", "Mr", "Monday", "U.S.", "E.U", "x.Y", "9", "Ü",
                "é", "Зе", "зе", "’s", "'s", "’", "'", "-", ".", " ", "  ", ",", "«", "\u{a0}",
                "d’Artagnan", "well-Known", "foo-", "-Bar", "We’re", "I",
            ]), 0..30)
        ) {
            let t = pieces.concat();
            proptest::prop_assert_eq!(phrases_in(&t, true), phrases_in(&t, false), "{:?}", t);
        }
    }

    #[test]
    fn splits_words_at_anything_but_letters_digits_and_inner_marks() {
        let t = "Stoltenberg’s well-known 'quote', d’Artagnan's G7 — Zelenskycommitting; Kyiv- Ü-2 «Élysée»";
        let words: Vec<&str> = Words { text: t, at: 0 }.map(|(s, e)| &t[s..e]).collect();
        assert_eq!(
            words,
            vec![
                "Stoltenberg",
                "well-known",
                "quote",
                "d’Artagnan",
                "G7",
                "Zelenskycommitting",
                "Kyiv",
                "Ü-2",
                "Élysée"
            ]
        );
    }

    #[test]
    fn initialisms_are_one_word_with_their_last_dot() {
        let t = "U.S. aid, the E.U.-led talks and J.R.R. Tolkien. I. A.B";
        let words: Vec<&str> = Words { text: t, at: 0 }.map(|(s, e)| &t[s..e]).collect();
        assert_eq!(
            words,
            vec![
                "U.S.", "aid", "the", "E.U.", "led", "talks", "and", "J.R.R.", "Tolkien", "I", "A",
                "B"
            ]
        );
    }

    #[test]
    fn sentence_openers_and_contractions_are_not_names() {
        assert!(opens_sentence("Meth is cheap.", 0));
        assert!(opens_sentence("It is. “Meth is", 10));
        assert!(!opens_sentence("the Meth Lab", 4));
        assert!(contraction("We’re") && contraction("Don't") && contraction("I’ll"));
        assert!(!contraction("O’Neill") && !contraction("D’Artagnan"));
        assert!(not_a_name("S") && !not_a_name("EU"));
    }

    #[test]
    fn finds_multiword_names() {
        assert_eq!(
            phrases("the director for Europe of the National Security Council of the White House, Amanda Sloat, said"),
            vec!["Europe of the National Security Council of the White House", "Amanda Sloat"]
        );
        assert_eq!(
            phrases("the Member Action Plan (MAP)."),
            vec!["Member Action Plan", "MAP"]
        );
        assert_eq!(phrases("Ukraine’s path"), vec!["Ukraine"]);
        assert_eq!(phrases("Of the U.S. allies"), vec!["U.S."]);
        assert_eq!(
            phrases("the Argus Leader Monday. Despite Mr. Kim"),
            vec!["Argus Leader", "Mr", "Kim"]
        );
        assert_eq!(
            phrases("The Ukrainian delegation. In Vilnius"),
            vec!["Ukrainian", "Vilnius"]
        );
    }
}
