//! What a watch session remembers between builds — the files read, what the seeds
//! resolved to, the last site, its dossier and what each page read — and the two
//! steps that use it: loading and resolving only what changed (patching the last
//! dossier where it can), and keeping a finished build for the next.

use std::sync::Arc;

use crate::build::{Built, Failure, Timings};
use crate::diag::Diagnostics;
use crate::model::{Dossier, Kind};
use crate::render::{self, Site};
use crate::{load, resolve, write};

use super::Session;

/// What a session remembers between builds besides the last site: the files read
/// (to reread only those that changed) and what the seeds resolved to.
#[derive(Default)]
pub(super) struct Memory {
    pub(super) files: load::cache::Cache,
    pub(super) resolved: resolve::Memo,
    /// The files that may read differently since the last build that succeeded.
    pub(super) touched: Vec<std::path::PathBuf>,
}

/// What a session keeps of its last build.
pub(super) struct Last {
    /// The site as last written.
    pub(super) site: Arc<Site>,
    /// What its pages read.
    pub(super) memo: render::Memo,
    /// What they were rendered from.
    pub(super) dossier: Arc<Dossier>,
    /// What resolving it reported.
    pub(super) resolve_diags: Diagnostics,
}

/// A rebuild's dossier, and what loading and resolving it reported.
pub(super) struct Resolved {
    /// Resolved anew, or the last one patched in place.
    pub(super) dossier: Arc<Dossier>,
    /// The patch applied to the last dossier, to apply again (undo) if the render fails.
    pub(super) patch: Option<resolve::Patch>,
    /// Every diagnostic so far, and those of resolving alone.
    pub(super) diags: Diagnostics,
    pub(super) resolve_diags: Diagnostics,
    pub(super) timings: Timings,
    /// The entities whose own files changed since the last build (see [`edited`]):
    /// their pages are written first.
    pub(super) edited: Vec<(Option<Kind>, String)>,
}

/// At most this many edited entities have their pages written before the others: a
/// bulk change (a branch checked out) waits for the whole rebuild instead.
const FIRST_PAGES_AT_MOST: usize = 16;

/// The entities (by kind and id; Markdown pages by slug, with no kind) read from the
/// `files` named (relative to the root): those of a content file, and the sources of
/// a seed. Empty when there are more than [`FIRST_PAGES_AT_MOST`].
fn edited(raw: &load::Raw, files: &resolve::Touched) -> Vec<(Option<Kind>, String)> {
    if files.is_empty() {
        return Vec::new();
    }
    fn of<'a, T>(
        kind: Option<Kind>,
        all: &'a [load::Loaded<T>],
        files: &'a resolve::Touched<'a>,
    ) -> impl Iterator<Item = (Option<Kind>, String)> + 'a {
        all.iter()
            .filter(|l| files.contains(l.path.as_os_str()))
            .map(move |l| (kind, l.id.clone()))
    }
    let seeds: rustc_hash::FxHashSet<&str> = raw
        .seeds
        .iter()
        .filter(|s| files.contains(s.path.as_os_str()))
        .map(|s| s.name.as_str())
        .collect();
    let of_seeds = raw
        .sources
        .iter()
        .filter(|s| !seeds.is_empty() && seeds.contains(s.data.seed.as_str()))
        .map(|s| (Some(Kind::Source), s.id.clone()));
    let mut edited: Vec<_> = of(Some(Kind::Actor), &raw.actors, files)
        .chain(of(Some(Kind::Source), &raw.sources, files))
        .chain(of_seeds)
        .chain(of(Some(Kind::Event), &raw.events, files))
        .chain(of(Some(Kind::Commitment), &raw.commitments, files))
        .chain(of(Some(Kind::Discrepancy), &raw.discrepancies, files))
        .chain(of(None, &raw.pages, files))
        .take(FIRST_PAGES_AT_MOST + 1)
        .collect();
    edited.sort_unstable();
    edited.dedup();
    if edited.len() > FIRST_PAGES_AT_MOST {
        edited.clear();
    }
    edited
}

impl Session {
    /// Loads what changed and resolves it: by patching the last dossier in place when
    /// only its entities' own fields changed (see [`resolve::patch`]), else
    /// anew. Fails on any error so far.
    pub(super) fn load_and_resolve(&mut self) -> Result<Resolved, Failure> {
        let mut timings = Timings::default();
        let mut diags = self.template_diags.clone();
        let t = std::time::Instant::now();
        let raw = load::load_with(&self.project, &mut diags, &mut self.memory.files)
            .map_err(|e| Failure::CannotRun(e.0))?;
        timings.load = t.elapsed();
        let t = std::time::Instant::now();
        let touched = self.memory.files.take_touched();
        self.memory.touched.extend(touched);
        let relative: resolve::Touched = self
            .memory
            .touched
            .iter()
            .filter_map(|p| p.strip_prefix(&self.project.root).ok())
            .map(|p| p.as_os_str())
            .collect();
        let edited = match &self.last {
            Some(_) => edited(&raw, &relative),
            None => Vec::new(),
        };
        let patchable = resolve::PATCHABLE.map(|dir| self.project.content().join(dir));
        let patched = match &self.last {
            Some(last)
                if !diags.has_errors()
                    && self.templates.is_some()
                    && self
                        .memory
                        .touched
                        .iter()
                        .all(|p| patchable.iter().any(|dir| p.starts_with(dir))) =>
            {
                resolve::patch(&raw, &last.dossier, &last.resolve_diags, Some(&relative))
            }
            _ => None,
        };
        // A patch has no errors: nothing below fails once it is applied.
        let (dossier, patch, resolve_diags) = match (patched, self.last.as_mut()) {
            (Some((mut p, resolve_diags)), Some(last)) => {
                p.apply(Arc::make_mut(&mut last.dossier));
                (last.dossier.clone(), Some(p), resolve_diags)
            }
            _ => {
                let mut d = Diagnostics::default();
                let dossier = resolve::resolve_with(&raw, &mut d, &mut self.memory.resolved);
                (Arc::new(dossier), None, d)
            }
        };
        drop(raw);
        diags.extend(resolve_diags.clone());
        timings.resolve = t.elapsed();
        timings.patched = patch.is_some();
        if diags.has_errors() {
            return Err(Failure::Content(diags));
        }
        Ok(Resolved {
            dossier,
            patch,
            diags,
            resolve_diags,
            timings,
            edited,
        })
    }

    /// Remembers a build as the last one, and reports it.
    pub(super) fn keep(
        &mut self,
        r: Resolved,
        site: Arc<Site>,
        memo: render::Memo,
        written: write::WriteReport,
    ) -> (Built, Arc<Site>) {
        self.last = Some(Last {
            site: site.clone(),
            memo,
            dossier: r.dossier.clone(),
            resolve_diags: r.resolve_diags,
        });
        self.memory.touched.clear();
        let built = Built {
            diagnostics: r.diags,
            timings: r.timings,
            written,
            dossier: r.dossier,
        };
        (built, site)
    }
}
