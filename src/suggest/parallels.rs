//! Parallels: sentences of two different sources that report the same thing in other
//! words (another translation, a reworded quote, another figure or name). Sentences
//! become sets of content-word stems; candidates come from an inverted index that skips
//! stems common to many sentences, so the work grows with the text, not with its
//! square. Identical sentences are one text (they differ in no word).

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::model::{Dossier, Id, Ref, Source};
use crate::resolve::text::Sentences;

/// One side of a parallel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    pub source: Id,
    pub paragraph: usize,
    /// The sentence, verbatim.
    pub quote: String,
    /// What already quotes this passage (evidence owners), if anything.
    pub cited: Vec<Ref>,
}

/// A run of words that differs between the two sides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub a: String,
    pub b: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parallel {
    pub a: Passage,
    pub b: Passage,
    /// 0–1: the weighted share of content words the two have in common.
    pub similarity: f32,
    /// The words that differ, run by run, in order.
    pub differs: Vec<Difference>,
}

/// How similar two sentences must be to be proposed.
const THRESHOLD: f32 = 0.26;
/// Stems in more sentences than this do not propose candidates (they still count).
const COMMON: usize = 48;
/// Content words two sentences must share, however short they are.
const MIN_SHARED: usize = 4;
/// Candidates kept per sentence.
const PER_SENTENCE: usize = 3;

const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "as",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "that",
    "this",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "our",
    "us",
    "them",
    "him",
    "has",
    "have",
    "had",
    "will",
    "would",
    "shall",
    "can",
    "could",
    "may",
    "might",
    "must",
    "not",
    "no",
    "so",
    "than",
    "then",
    "there",
    "which",
    "who",
    "whom",
    "what",
    "when",
    "where",
    "also",
    "said",
    "says",
    "say",
    "about",
    "into",
    "after",
    "before",
    "over",
    "such",
    "some",
    "any",
    "all",
    "each",
    "other",
    "more",
    "most",
    "very",
    "do",
    "does",
    "did",
    "if",
    "up",
    "out",
    "now",
    "today",
    "according",
    "told",
    "added",
    "noted",
    "s",
];

/// A sentence's content stems, sorted and distinct.
fn stems(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
        .map(|w| {
            // A crude stem: the first six characters (guarantee/guarantees/guaranteed).
            match w.char_indices().nth(6) {
                Some((i, _)) => w[..i].to_string(),
                None => w,
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// One distinct sentence text and where it occurs.
struct Unit {
    stems: Vec<u32>,
    /// (source index, paragraph index, byte range), first occurrence first.
    at: Vec<(u32, u32, usize, usize)>,
}

/// The parallels between the dossier's sources (or between `only` and the others),
/// most similar first.
pub fn find(d: &Dossier, only: Option<&str>) -> Vec<Parallel> {
    let sources: Vec<&Source> = d.sources.values().collect();
    // Distinct sentences and their stems.
    let mut vocab: FxHashMap<String, u32> = FxHashMap::default();
    let mut units: Vec<Unit> = Vec::new();
    let mut by_text: FxHashMap<&str, usize> = FxHashMap::default();
    for (si, s) in sources.iter().enumerate() {
        for (pi, par) in s.paragraphs.iter().enumerate() {
            let text = &*par.text;
            let sentences = Sentences::of(text);
            for (ss, se) in sentences.all() {
                let sentence = &text[ss..se];
                let place = (si as u32, pi as u32, ss, se);
                if let Some(&u) = by_text.get(sentence) {
                    units[u].at.push(place);
                    continue;
                }
                let st = stems(sentence);
                if st.len() < 4 {
                    continue;
                }
                let mut ids: Vec<u32> = st
                    .into_iter()
                    .map(|w| {
                        let n = vocab.len() as u32;
                        *vocab.entry(w).or_insert(n)
                    })
                    .collect();
                ids.sort_unstable();
                by_text.insert(sentence, units.len());
                units.push(Unit {
                    stems: ids,
                    at: vec![place],
                });
            }
        }
    }
    // Inverted index and weights.
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); vocab.len()];
    for (u, unit) in units.iter().enumerate() {
        for &w in &unit.stems {
            postings[w as usize].push(u as u32);
        }
    }
    let n = units.len().max(1) as f32;
    let idf: Vec<f32> = postings
        .iter()
        .map(|p| (1.0 + n / p.len().max(1) as f32).ln())
        .collect();
    let weight = |u: &Unit| u.stems.iter().map(|&w| idf[w as usize]).sum::<f32>();
    let only_si = only.and_then(|o| sources.iter().position(|s| s.id == o));
    let mut pairs: FxHashSet<(u32, u32)> = FxHashSet::default();
    let mut found: Vec<(f32, u32, u32)> = Vec::new();
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for (u, unit) in units.iter().enumerate() {
        if let Some(o) = only_si {
            if !unit.at.iter().any(|p| p.0 as usize == o) {
                continue;
            }
        }
        counts.clear();
        for &w in &unit.stems {
            let p = &postings[w as usize];
            if p.len() > COMMON {
                continue;
            }
            for &v in p {
                if v as usize != u {
                    *counts.entry(v).or_default() += 1;
                }
            }
        }
        let wu = weight(unit);
        let mut best: Vec<(f32, u32)> = counts
            .iter()
            .filter(|&(_, &c)| c >= 2)
            .filter_map(|(&v, _)| {
                let other = &units[v as usize];
                // Two different sources.
                if !other.at.iter().any(|p| p.0 != unit.at[0].0) {
                    return None;
                }
                let (n, shared) = intersect(&unit.stems, &other.stems)
                    .fold((0, 0.0), |(n, s), w| (n + 1, s + idf[w as usize]));
                let sim = 2.0 * shared / (wu + weight(other));
                (sim >= THRESHOLD && n >= MIN_SHARED).then_some((sim, v))
            })
            .collect();
        best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (sim, v) in best.into_iter().take(PER_SENTENCE) {
            let key = (u.min(v as usize) as u32, u.max(v as usize) as u32);
            if pairs.insert(key) {
                found.push((sim, key.0, key.1));
            }
        }
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    found
        .into_iter()
        .filter_map(|(sim, a, b)| {
            let (ua, ub) = (&units[a as usize], &units[b as usize]);
            let pa = ua.at[0];
            let pb = *ub.at.iter().find(|p| p.0 != pa.0)?;
            let pa_text = passage(d, &sources, pa);
            let pb_text = passage(d, &sources, pb);
            let differs = diff(&pa_text.quote, &pb_text.quote);
            Some(Parallel {
                a: pa_text,
                b: pb_text,
                similarity: (sim * 100.0).round() / 100.0,
                differs,
            })
        })
        .collect()
}

fn intersect<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    return Some(a[i - 1]);
                }
            }
        }
        None
    })
}

fn passage(d: &Dossier, sources: &[&Source], (si, pi, s, e): (u32, u32, usize, usize)) -> Passage {
    let src = sources[si as usize];
    let par = &src.paragraphs[pi as usize];
    let mut cited: Vec<Ref> = par
        .quotes
        .iter()
        .filter(|q| q.start < e && s < q.end)
        .filter_map(|q| src.citations.get(q.citation))
        .map(|c| c.by.owner.clone())
        .collect();
    cited.sort();
    cited.dedup();
    let _ = d;
    Passage {
        source: src.id.clone(),
        paragraph: pi as usize + 1,
        quote: par.text[s..e].to_string(),
        cited,
    }
}

/// The runs of words that differ between two sentences (a word diff by longest common
/// subsequence, case and punctuation ignored when comparing).
pub fn diff(a: &str, b: &str) -> Vec<Difference> {
    let wa: Vec<&str> = a.split_whitespace().collect();
    let wb: Vec<&str> = b.split_whitespace().collect();
    let key = |w: &str| {
        w.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let ka: Vec<String> = wa.iter().map(|w| key(w)).collect();
    let kb: Vec<String> = wb.iter().map(|w| key(w)).collect();
    let (n, m) = (ka.len(), kb.len());
    if n * m > 40_000 {
        return Vec::new();
    }
    let mut l = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            l[i][j] = if ka[i] == kb[j] {
                l[i + 1][j + 1] + 1
            } else {
                l[i + 1][j].max(l[i][j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    let (mut ra, mut rb): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let mut flush = |ra: &mut Vec<&str>, rb: &mut Vec<&str>| {
        if !ra.is_empty() || !rb.is_empty() {
            out.push(Difference {
                a: ra.join(" "),
                b: rb.join(" "),
            });
            ra.clear();
            rb.clear();
        }
    };
    while i < n || j < m {
        if i < n && j < m && ka[i] == kb[j] {
            flush(&mut ra, &mut rb);
            i += 1;
            j += 1;
        } else if j >= m || (i < n && l[i + 1][j] >= l[i][j + 1]) {
            ra.push(wa[i]);
            i += 1;
        } else {
            rb.push(wb[j]);
            j += 1;
        }
    }
    flush(&mut ra, &mut rb);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_diff_marks_the_runs_that_differ() {
        let d = diff(
            "an invitation would have been “better”, he said",
            "an invitation would have been optimal, he said",
        );
        assert_eq!(
            d,
            vec![Difference {
                a: "“better”,".into(),
                b: "optimal,".into()
            }]
        );
    }
}
