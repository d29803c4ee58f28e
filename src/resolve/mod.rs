//! Raw → [`Dossier`]: every check lives here. Ids are looked up (with the nearest
//! existing one suggested), dates parsed, quotes verified against their seeds,
//! mentions found, backlinks computed. Later stages never see unchecked data.

mod actors;
pub mod backlinks;
mod checks;
mod claims;
pub mod mentions;
mod pages;
mod patch;
pub mod quotes;
pub mod remote;
mod sources;
pub mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::diag::{suggest, Diagnostic, Diagnostics, Pos};
use crate::html;
use crate::load::raw::*;
use crate::load::{locate, Loaded, Raw, RawPage, Seed};
use crate::model::*;

use checks::{ids_of, Ids};
pub use patch::{patch, Patch, Touched, PATCHABLE};
use sources::{Found, Prepared, SeedText};

/// Folder names at the top of the site: a page slug may not take one.
pub const RESERVED_SLUGS: &[&str] = &[
    "actors",
    "sources",
    "events",
    "timeline",
    "commitments",
    "discrepancies",
    "map",
    "print",
    "coverage",
    "corrections",
    "data",
    "search",
    "assets",
    "index",
    "404",
];

/// Resolves everything loaded; problems go to `diags`. The dossier is returned even
/// when there are errors (without the broken parts), so that `check` can report all.
pub fn resolve(raw: &Raw, diags: &mut Diagnostics) -> Dossier {
    resolve_with(raw, diags, &mut Memo::default())
}

/// What resolving leaves for the next resolve of the same dossier (in a watch
/// session): each seed's prepared text, and the mentions found in it, reused while
/// the seed is the same (the same loaded [`Seed`]) and, for mentions, while the
/// actors and their names are the same.
#[derive(Default)]
pub struct Memo {
    /// By seed file name.
    seeds: FxHashMap<String, SeedMemo>,
    /// A hash of the actors' ids and names the mentions were found with.
    names: u64,
    /// The names compiled, once a seed needed them, while they are those of `names`.
    finder: Option<mentions::Finder>,
}

/// What one loaded seed resolved to.
struct SeedMemo {
    seed: Arc<Seed>,
    prepared: Arc<Prepared>,
    /// Its mentions, while the actors' names are those of [`Memo::names`].
    found: Option<Arc<Found>>,
}

/// [`resolve`], reusing and then updating `memo`.
pub fn resolve_with(raw: &Raw, diags: &mut Diagnostics, memo: &mut Memo) -> Dossier {
    let mut r = Resolver {
        raw,
        diags,
        norm: FxHashMap::default(),
        memo,
    };
    let meta = r.meta();
    let mut actors = r.actors();
    let mut sources = r.sources();
    r.find_mentions(&mut actors, &mut sources);
    let ids = Ids::of(raw);
    r.normalise_quoted();
    let events = r.events(&ids);
    let commitments = r.commitments(&ids);
    let discrepancies = r.discrepancies(&ids);
    let pages = r.pages();
    let mut d = Dossier {
        meta,
        actors,
        sources,
        events,
        commitments,
        discrepancies,
        pages,
    };
    backlinks::compute(&mut d);
    r.warnings(&d);
    remote::check(raw, &d.meta.allowed_hosts, r.diags);
    d
}

struct Resolver<'a> {
    raw: &'a Raw,
    diags: &'a mut Diagnostics,
    /// Each source's seed, prepared, by source id, for quote checks.
    norm: FxHashMap<String, SeedText>,
    memo: &'a mut Memo,
}

/// Counts how often each key has been met in one file, to locate the n-th.
#[derive(Default)]
struct KeyCount(HashMap<&'static str, usize>);

impl KeyCount {
    fn next(&mut self, key: &'static str) -> usize {
        let n = self.0.entry(key).or_default();
        *n += 1;
        *n - 1
    }
}

fn md(s: &Option<String>) -> Option<Markdown> {
    s.as_ref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| Markdown {
            markdown: s.clone(),
            html: html::markdown(s),
        })
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}
