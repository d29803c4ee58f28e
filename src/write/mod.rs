//! Site → output folder, façade of four parts: [`stage`] takes each file as it is
//! rendered and writes the changed ones into a staging folder; [`compare`] says which
//! are unchanged and what in the folder is someone else's; [`swap`] puts the new site
//! in place (one atomic swap of the whole folder where it can, else each file renamed
//! into place); [`lock`] lets one build at a time write into a folder. Files the tool
//! did not write are never deleted, nor overwritten without `--force`. When nothing
//! changed, nothing is touched at all.
//!
//! In a watch session the previous site is still in memory: [`write_changes`]
//! ([`changes`]) then compares in memory and replaces only the changed files in
//! place, each one atomically, after all of them are written.

mod changes;
mod compare;
mod lock;
mod stage;
mod swap;

use std::io;
use std::path::Path;

use rayon::prelude::*;

use crate::render::{Sink, Site};

pub use changes::{write_changes, write_changes_unchecked, write_first};
pub use stage::Writer;

/// Lists the files the last build wrote, so the next one knows which it may remove.
pub const MANIFEST: &str = ".dossier-manifest";

/// Staging folders made inside the output folder (for an in-place write) start so.
pub(crate) const INSIDE_PREFIX: &str = ".dossier-staging-";

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files whose bytes are new or changed.
    pub written: usize,
    pub unchanged: usize,
    /// Files of the previous build that the new one no longer has.
    pub removed: usize,
    /// Files in the output folder the tool did not write, kept as they were.
    pub foreign: usize,
    /// Files the tool did not write that the site replaced (only with `--force`).
    pub overwritten: Vec<String>,
    /// The site paths written (new or changed bytes), for `--verbose`.
    pub paths: Vec<String>,
}

impl WriteReport {
    /// Adds what a later write into the same folder did.
    pub fn add(&mut self, later: WriteReport) {
        // Files the later write left alone include those this one wrote.
        self.unchanged = later.unchanged.saturating_sub(self.written);
        self.written += later.written;
        self.removed += later.removed;
        self.foreign += later.foreign;
        self.overwritten.extend(later.overwritten);
        self.paths.extend(later.paths);
    }
}

/// Writes `site` into `out`, refusing to overwrite files the tool did not write.
pub fn write(site: &Site, out: &Path) -> io::Result<WriteReport> {
    write_with(site, out, false)
}

/// [`write`]; `force`: overwrite files the tool did not write.
pub fn write_with(site: &Site, out: &Path, force: bool) -> io::Result<WriteReport> {
    let writer = Writer::new(out, force)?;
    site.files
        .par_iter()
        .for_each(|(path, bytes)| writer.put(path, bytes.clone()));
    writer.finish()
}
