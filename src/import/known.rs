//! What the dossier already holds, for `import` to recognise a document again: the
//! sha256 of each source's original, and every seed's text with its five-word
//! passages (same text, or mostly the same). Reads `content/sources/` and `seeds/`;
//! writes nothing.

use std::collections::HashMap;
use std::fs;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashSet, FxHasher};

use super::ext_of;
use crate::project::{self, Project};

/// Lowercase words, single spaces: what "the same text" compares.
pub fn normalise(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs of five words, hashed.
pub fn shingles(norm: &str) -> FxHashSet<u64> {
    let words: Vec<&str> = norm.split(' ').collect();
    words
        .windows(5.min(words.len().max(1)))
        .map(|w| {
            let mut h = FxHasher::default();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// The share of the shorter text's passages the other has too.
pub fn overlap(a: &FxHashSet<u64>, b: &FxHashSet<u64>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    small.iter().filter(|h| large.contains(h)).count() as f64 / small.len() as f64
}

/// From this share of shared passages on, a text is "mostly the same".
pub const NEAR_DUPLICATE: f64 = 0.6;

/// What the dossier already holds.
pub struct Known {
    /// sha256 of originals → source id.
    pub by_sha: HashMap<String, String>,
    pub seeds: Vec<KnownSeed>,
    /// Ids of source files.
    pub sources: FxHashSet<String>,
}

pub struct KnownSeed {
    /// File name in seeds/.
    pub file: String,
    /// The source that names it, if one does.
    pub source: Option<String>,
    pub norm: String,
    pub shingles: FxHashSet<u64>,
}

impl KnownSeed {
    pub fn owner(&self) -> String {
        self.source
            .clone()
            .unwrap_or_else(|| format!("seeds/{}", self.file))
    }
}

impl Known {
    /// Reads the source files' `seed:` and `sha256:` lines and every seed.
    pub fn scan(project: &Project) -> Known {
        let mut by_sha = HashMap::new();
        let mut seed_owner: HashMap<String, String> = HashMap::new();
        let mut sources = FxHashSet::default();
        for path in project::files_in(&project.content().join("sources")).unwrap_or_default() {
            if !matches!(ext_of(&path).as_str(), "yaml" | "yml") {
                continue;
            }
            let Some(id) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            sources.insert(id.to_string());
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            for line in text.lines() {
                if let Some(v) = line.strip_prefix("seed:") {
                    seed_owner.insert(unquote(v), id.to_string());
                } else if let Some(v) = line.trim_start().strip_prefix("sha256:") {
                    by_sha.insert(unquote(v).to_ascii_lowercase(), id.to_string());
                }
            }
        }
        let seeds = project::files_in(&project.seeds())
            .unwrap_or_default()
            .into_iter()
            .filter_map(|path| {
                let file = path.file_name()?.to_str()?.to_string();
                let text = fs::read_to_string(&path).ok()?;
                let norm = normalise(&text);
                Some(KnownSeed {
                    source: seed_owner.get(&file).cloned(),
                    shingles: shingles(&norm),
                    file,
                    norm,
                })
            })
            .collect();
        Known {
            by_sha,
            seeds,
            sources,
        }
    }

    pub fn taken(&self, project: &Project, id: &str) -> bool {
        self.sources.contains(id)
            || project.seeds().join(format!("{id}.txt")).exists()
            || project
                .content()
                .join("sources")
                .join(format!("{id}.yaml"))
                .exists()
    }
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    v.strip_prefix('\'')
        .and_then(|x| x.strip_suffix('\''))
        .or_else(|| v.strip_prefix('"').and_then(|x| x.strip_suffix('"')))
        .unwrap_or(v)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_duplicates_share_most_passages() {
        let a = normalise("The minister said on Monday that the new aid package would arrive before winter, officials confirmed.");
        let b = normalise("KYIV (Wire) - The minister said on Monday that the new aid package would arrive before winter, officials confirmed.");
        assert!(overlap(&shingles(&a), &shingles(&b)) >= NEAR_DUPLICATE);
        let c = normalise("A completely different story about the weather in the mountains this spring and summer.");
        assert!(overlap(&shingles(&a), &shingles(&c)) < 0.1);
    }
}
