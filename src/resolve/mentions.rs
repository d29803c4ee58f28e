//! Finds actor mentions in seed text: every name and alias, in one pass per text
//! (aho-corasick), with the boundary rules the seeds need: short all-capital names
//! match case-sensitively, others ignore ASCII case; a name glued to the next word
//! ("Zelenskycommitting") counts, a name that only starts a longer word ("Russian")
//! does not; where names overlap the longer wins.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

/// The most memory a DFA of names may take.
const DFA_MEMORY: usize = 128 << 20;

/// One found mention: byte range in the text searched, and the actor's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub actor: usize,
}

struct Pattern {
    actor: usize,
    /// The name as written, for case-sensitive patterns.
    text: String,
    case_sensitive: bool,
}

/// A compiled set of names.
pub struct Finder {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
}

/// Endings that make a name into another word (a demonym, plural or adjective):
/// "Russia"+"n", "Japan"+"ese". Any other glued lowercase tail of three or more
/// letters is taken as a missing space.
const SUFFIXES: &[&str] = &[
    "n", "ns", "an", "ans", "ian", "ians", "ean", "eans", "ese", "s", "es", "i", "is", "ish", "ic",
    "ics", "ism", "isms", "ist", "ists", "ite", "ites", "er", "ers", "ern", "erns", "ness", "ly",
    "ed", "ing", "ization", "isation", "ize", "ise", "ized", "ised",
];

/// Whether a name is matched case-sensitively: it has no lowercase letter (US, EU, G7).
pub fn is_case_sensitive(name: &str) -> bool {
    !name.chars().any(char::is_lowercase)
}

impl Finder {
    /// `names`: for each actor index, its name and aliases.
    pub fn new<'a>(names: impl IntoIterator<Item = (usize, &'a str)>) -> Finder {
        let mut patterns: Vec<Pattern> = Vec::new();
        // Each actor's patterns so far: a name repeated within one actor is one pattern
        // (compared exactly if it is all capitals, else ignoring ASCII case). Sets, not
        // a scan of the actor's list: 128k aliases took 47 s so.
        let mut exact: std::collections::HashSet<(usize, String)> = Default::default();
        let mut folded: std::collections::HashSet<(usize, String)> = Default::default();
        for (actor, name) in names {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            let case_sensitive = is_case_sensitive(name);
            let new = if case_sensitive {
                exact.insert((actor, name.to_string()))
            } else {
                folded.insert((actor, name.to_ascii_lowercase()))
            };
            if new {
                patterns.push(Pattern {
                    actor,
                    text: name.to_string(),
                    case_sensitive,
                });
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            let build = |kind| {
                AhoCorasickBuilder::new()
                    .kind(kind)
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(patterns.iter().map(|p| p.text.as_str()))
            };
            // A DFA finds in under half the time of the default NFA (11,381 texts of a
            // 2,000-source dossier: 128 M instructions against 313 M), for more memory
            // (46 MB for the 40,000 names of 20,000 actors); past that size, or if it
            // cannot be built, the default.
            Some(
                build(Some(AhoCorasickKind::DFA))
                    .ok()
                    .filter(|ac| ac.memory_usage() <= DFA_MEMORY)
                    .unwrap_or_else(|| build(None).expect("names form a valid automaton")),
            )
        };
        Finder { ac, patterns }
    }

    /// All mentions in `text`, in order, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut cands: Vec<Hit> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let p = &self.patterns[m.pattern().as_usize()];
            let (s, e) = (m.start(), m.end());
            if p.case_sensitive && text[s..e] != p.text {
                continue;
            }
            if !boundaries_ok(text, s, e) {
                continue;
            }
            cands.push(Hit {
                start: s,
                end: e,
                actor: p.actor,
            });
        }
        // Leftmost, then longest; drop what overlaps an earlier pick.
        cands.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(b.end.cmp(&a.end))
                .then(a.actor.cmp(&b.actor))
        });
        let mut out: Vec<Hit> = Vec::new();
        for c in cands {
            // A name shared by two actors credits both (same span, another actor).
            let shared = out
                .last()
                .is_some_and(|l| l.start == c.start && l.end == c.end && l.actor != c.actor);
            if shared || out.last().is_none_or(|l| c.start >= l.end) {
                out.push(c);
            }
        }
        out
    }
}

fn boundaries_ok(text: &str, s: usize, e: usize) -> bool {
    let first = text[s..].chars().next().unwrap_or(' ');
    let last = text[..e].chars().next_back().unwrap_or(' ');
    if let Some(prev) = text[..s].chars().next_back() {
        // "GeneralJens": a capital right after a lowercase letter is a lost space.
        let camel = prev.is_lowercase() && first.is_uppercase();
        if prev.is_alphanumeric() && !camel {
            return false;
        }
    }
    let tail: &str = {
        let rest = &text[e..];
        let n = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        &rest[..n]
    };
    if tail.is_empty() {
        return true;
    }
    let t0 = tail.chars().next().unwrap_or(' ');
    if t0.is_numeric() {
        return false; // "G7" is not in "G77"
    }
    if t0.is_uppercase() {
        // "ZelenskyThey" is a lost space; "USA" is not "US".
        return last.is_lowercase();
    }
    // A lowercase tail: a lost space unless it is a word ending.
    tail.chars().all(char::is_lowercase) && tail.chars().count() >= 3 && !SUFFIXES.contains(&tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, actors: &[&[&str]]) -> Vec<(usize, String)> {
        let f = Finder::new(
            actors
                .iter()
                .enumerate()
                .flat_map(|(i, ns)| ns.iter().map(move |n| (i, *n))),
        );
        f.find(text)
            .into_iter()
            .map(|h| (h.actor, text[h.start..h.end].to_string()))
            .collect()
    }

    #[test]
    fn glued_words_still_count() {
        let t = "with President Volodymyr Zelenskycommitting to; NATO Secretary GeneralJens Stoltenbergaffirmed today; to Ukrainebut the";
        assert_eq!(
            names(
                t,
                &[
                    &["Volodymyr Zelensky", "Zelensky"],
                    &["Jens Stoltenberg", "Stoltenberg"],
                    &["Ukraine"]
                ]
            ),
            vec![
                (0, "Volodymyr Zelensky".into()),
                (1, "Jens Stoltenberg".into()),
                (2, "Ukraine".into())
            ]
        );
    }

    #[test]
    fn longer_words_on_the_left_do_not() {
        let t = "Russian forces; Russians; the Ukrainian flag; Japanese; Prussia; Russia’s war.";
        assert_eq!(
            names(t, &[&["Russia"], &["Ukraine"], &["Japan"]]),
            vec![(0, "Russia".into())]
        );
    }

    #[test]
    fn possessives_count() {
        let t = "Ukraine’s path and the G7’s aid and NATO's role";
        assert_eq!(
            names(t, &[&["Ukraine"], &["G7"], &["NATO"]]),
            vec![(0, "Ukraine".into()), (1, "G7".into()), (2, "NATO".into())]
        );
    }

    #[test]
    fn short_capitals_are_case_sensitive() {
        let t = "Let us see: the US and the EU, not eu or Us; USA; G77.";
        assert_eq!(
            names(t, &[&["US"], &["EU"], &["G7"]]),
            vec![(0, "US".into()), (1, "EU".into())]
        );
    }

    #[test]
    fn other_names_ignore_case() {
        assert_eq!(
            names("coordinate with kyiv and KIEV", &[&["Kyiv", "Kiev"]]).len(),
            2
        );
    }

    #[test]
    fn the_longer_name_wins() {
        let t = "a new NATO-Ukraine council, and NATO itself";
        assert_eq!(
            names(t, &[&["NATO"], &["NATO-Ukraine Council"], &["Ukraine"]]),
            vec![(1, "NATO-Ukraine council".into()), (0, "NATO".into())]
        );
    }

    #[test]
    fn a_shared_name_credits_both() {
        assert_eq!(
            names(
                "Biden said",
                &[&["Joe Biden", "Biden"], &["Hunter Biden", "Biden"]]
            ),
            vec![(0, "Biden".into()), (1, "Biden".into())]
        );
    }

    #[test]
    fn unicode_names() {
        let t = "Зеленський сказав; Zelensky’s; Zélensky";
        assert_eq!(names(t, &[&["Зеленський", "Zelensky"]]).len(), 2);
    }
}
