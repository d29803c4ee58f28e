//! Variants: names in the seeds that look like spellings of one another ("Zelensky" /
//! "Zelenskyy", "Dmitry" / "Dmitri", "Kiev" / "kyiv", "Secretary-General" / "Secretary
//! General"), grouped by a spelling key (case, accents, y/i, doubled letters and
//! hyphens folded) and by their consonants, with the actor each belongs to. Buckets by
//! key: no comparison of every name with every other.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::lexicon;
use crate::model::{Dossier, Id, Source};
use crate::suggest::names::{Openers, Words};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    /// The spellings, most frequent first.
    pub names: Vec<String>,
    /// The actor they belong to, when one covers any of them.
    pub actor: Option<Id>,
    /// Spellings that no actor's name or alias has: candidate aliases.
    pub not_aliases: Vec<String>,
    /// (source, paragraph) of every occurrence, in source order.
    pub places: Vec<(Id, usize)>,
}

/// Folds case, common accents, y to i, doubled letters, hyphens and spaces.
fn fold(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for c in w.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ě' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'y' | 'ý' | 'j' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ů' => 'u',
            'ç' | 'č' | 'ć' => 'c',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ñ' | 'ń' => 'n',
            'ł' => 'l',
            '-' | ' ' | '\'' | '’' | '.' => continue,
            c => c,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The bucket of a folded name: its first letter and its consonants.
fn skeleton(f: &str) -> String {
    let mut cs = f.chars();
    let first = cs.next().unwrap_or(' ');
    std::iter::once(first)
        .chain(cs.filter(|c| !"aeiou".contains(*c)))
        .collect()
}

/// Spelling variants among the names of the seeds (of `only`'s names against all).
pub fn find(d: &Dossier, only: Option<&str>) -> Vec<Variant> {
    // Surface form -> places. Capitalised words, hyphenated or not.
    let sources: Vec<&Source> = d.sources.values().collect();
    let mut forms: FxHashMap<&str, Vec<(u32, u32)>> = FxHashMap::default();
    let mut lower: FxHashMap<&str, Vec<(u32, u32)>> = FxHashMap::default();
    let mut hyphenated: FxHashSet<String> = FxHashSet::default();
    let mut pairs: Vec<(&str, (u32, u32))> = Vec::new();
    for (si, s) in sources.iter().enumerate() {
        let mut openers = Openers::of(s);
        for (pi, par) in s.paragraphs.iter().enumerate() {
            let text = &*par.text;
            let mut prev: Option<(usize, usize)> = None;
            for (a, b) in (Words { text, at: 0 }) {
                let w = &text[a..b];
                let at = (si as u32, pi as u32 + 1);
                let cap = w.chars().next().is_some_and(char::is_uppercase);
                // "Still" opening a sentence of a source that also writes "still".
                let long = w.chars().count() >= 4;
                if cap && long && !openers.only_opens(text, a, w) {
                    forms.entry(w).or_default().push(at);
                    if w.contains('-') {
                        hyphenated.insert(fold(w));
                    }
                } else if !cap && long {
                    lower.entry(w).or_default().push(at);
                }
                // Two capitalised words with one space between: "Secretary General".
                if let Some((pa, pb)) = prev {
                    if cap && &text[pb..a] == " " {
                        pairs.push((&text[pa..b], at));
                    }
                }
                prev = cap.then_some((a, b));
            }
        }
    }
    for (w, at) in pairs {
        if hyphenated.contains(&fold(w)) {
            forms.entry(w).or_default().push(at);
        }
    }
    // The words of the actors' names and aliases.
    let mut owner: FxHashMap<String, &Id> = FxHashMap::default();
    let mut alias_forms: FxHashSet<String> = FxHashSet::default();
    for a in d.actors.values() {
        for n in std::iter::once(&a.name).chain(&a.aliases) {
            alias_forms.insert(n.to_string());
            for w in n.split_whitespace() {
                alias_forms.insert(w.to_string());
                owner.entry(fold(w)).or_insert(&a.id);
            }
            owner.entry(fold(n)).or_insert(&a.id);
        }
    }
    // A lowercase word joins when it is an actor's name spelt otherwise ("kyiv"), and
    // not when it is a common English word ("being" by "Boeing") other than the name
    // itself in lower case.
    let mut cap_lower: FxHashSet<String> = FxHashSet::default();
    for w in forms.keys() {
        cap_lower.insert(w.to_lowercase());
    }
    let name_lower: FxHashSet<String> = alias_forms.iter().map(|n| n.to_lowercase()).collect();
    let owner_skeletons: FxHashSet<String> = owner
        .keys()
        .filter(|o| o.len() >= 4)
        .map(|o| skeleton(o))
        .collect();
    for (w, at) in lower {
        if !cap_lower.contains(w)
            && owner_skeletons.contains(&skeleton(&fold(w)))
            && (name_lower.contains(w) || !lexicon::is_common_word(w))
        {
            forms.insert(w, at);
        }
    }
    // Buckets by skeleton, then groups of forms close enough within a bucket.
    let mut buckets: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for w in forms.keys() {
        buckets.entry(skeleton(&fold(w))).or_default().push(w);
    }
    let only_si = only.and_then(|o| sources.iter().position(|s| s.id == o));
    let mut out = Vec::new();
    for (_, mut ws) in buckets {
        if ws.len() < 2 {
            continue;
        }
        ws.sort_by_key(|w| (std::cmp::Reverse(forms[w].len()), *w));
        // Each form joins the first group with a member close to it.
        let mut groups: Vec<Vec<&str>> = Vec::new();
        for w in ws {
            let f = fold(w);
            match groups.iter_mut().find(|g| {
                g.iter().any(|x| {
                    let fx = fold(x);
                    let (n, short) = (
                        strsim::damerau_levenshtein(&fx, &f),
                        fx.chars().count().min(f.chars().count()),
                    );
                    fx == f || n <= 1 && short >= 3 || n <= 2 && short >= 6
                })
            }) {
                Some(g) => g.push(w),
                None => groups.push(vec![w]),
            }
        }
        for g in groups.into_iter().filter(|g| g.len() >= 2) {
            // Forms that are the same word in another case at a sentence's start are
            // not variants: a capitalised form and its lowercase twin are kept only
            // for an actor's name.
            let mut places: Vec<(u32, u32)> =
                g.iter().flat_map(|w| forms[w].iter().copied()).collect();
            if let Some(o) = only_si {
                if !places.iter().any(|p| p.0 as usize == o) {
                    continue;
                }
            }
            places.sort_unstable();
            places.dedup();
            let actor = g
                .iter()
                .find_map(|w| owner.get(&fold(w)).map(|a| (*a).clone()));
            let not_aliases: Vec<String> = if actor.is_some() {
                g.iter()
                    .filter(|w| !alias_forms.contains(**w))
                    .map(|w| w.to_string())
                    .collect()
            } else {
                Vec::new()
            };
            out.push(Variant {
                names: g.iter().map(|w| w.to_string()).collect(),
                actor,
                not_aliases,
                places: places
                    .into_iter()
                    .map(|(s, p)| (sources[s as usize].id.clone(), p as usize))
                    .collect(),
            });
        }
    }
    out.sort_by(|a, b| {
        b.actor
            .is_some()
            .cmp(&a.actor.is_some())
            .then(b.places.len().cmp(&a.places.len()))
            .then(a.names.cmp(&b.names))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_fold_to_one_bucket() {
        let k = |w: &str| skeleton(&fold(w));
        assert_eq!(fold("Zelenskyy"), fold("Zelenski"));
        assert_eq!(fold("Dmitry"), fold("Dmitri"));
        assert_eq!(fold("Secretary-General"), fold("Secretary General"));
        assert_eq!(k("Kiev"), k("kyiv"));
        assert_ne!(k("Rome"), k("Rose"));
        assert_ne!(k("Russia"), k("Russian"));
    }
}
