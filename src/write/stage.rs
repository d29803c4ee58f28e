//! Staging: [`Writer`] takes each file of a new site as it is rendered, keeps the
//! unchanged ones out of the way and writes the changed ones into a staging folder,
//! then hands the result to [`super::swap`]. Holds the output's [`super::lock`] from
//! start to end.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use super::compare::{same_bytes, same_written, OldTree};
use super::lock::{self, clean_leftovers, remove_tree};
use super::swap::{self, Target};
use super::INSIDE_PREFIX;
use super::{WriteReport, MANIFEST};
use crate::render::{Bytes, Sink};

/// A new site written into `out` file by file, as each is made (`dossier build` hands
/// each page over as soon as it is rendered, and keeps none in memory). A changed file
/// goes straight into the staging folder; an unchanged one is hard-linked there at
/// [`Writer::finish`], which swaps the staging folder in (or, where the folder cannot
/// be swapped, moves each changed file into place). When no file changed, no staging
/// folder is ever made. [`Writer::abandon`] leaves `out` as it was.
pub struct Writer {
    target: Target,
    /// Overwrite files the tool did not write.
    force: bool,
    /// The whole folder is swapped (else each file is moved into place).
    swap: bool,
    old: OldTree,
    staging: PathBuf,
    made: OnceLock<()>,
    state: Mutex<Written>,
    _lock: lock::Lock,
}

/// What a [`Writer`] has been given so far.
#[derive(Default)]
struct Written {
    /// Paths whose bytes are in the staging folder, and those the same as in `out`.
    changed: Vec<String>,
    unchanged: Vec<String>,
    /// The first failure; nothing more is written after it.
    error: Option<io::Error>,
}

impl Writer {
    /// Waits for any other build into the same folder to finish (see [`lock`]), then
    /// starts. `force`: overwrite files in `out` that the tool did not write.
    pub fn new(out: &Path, force: bool) -> io::Result<Writer> {
        let target = Target::resolve(out)?;
        fs::create_dir_all(&target.parent)?;
        let lock = lock::lock(&target.parent)?;
        // Re-read: another build may have made the folder while this one waited.
        let target = Target::resolve(out)?;
        target.check_writable()?;
        clean_leftovers(&target.parent, &target.name, &target.dir);
        let old = OldTree::read(&target.dir)?;
        for tmp in &old.leftover_tmps {
            let _ = fs::remove_file(tmp);
        }
        let foreign = !old.foreign(&BTreeSet::new()).is_empty();
        let swap = target.can_swap(foreign);
        let tag = std::process::id();
        let staging = if swap {
            target
                .parent
                .join(format!(".{}.staging-{tag}", target.name))
        } else {
            target.dir.join(format!("{INSIDE_PREFIX}{tag}"))
        };
        Ok(Writer {
            target,
            force,
            swap,
            old,
            staging,
            made: OnceLock::new(),
            state: Mutex::default(),
            _lock: lock,
        })
    }

    fn out(&self) -> &Path {
        &self.target.dir
    }

    /// Records `path` as unchanged if `same`, else writes it into the staging folder
    /// with `write`.
    fn take(&self, path: &str, same: bool, write: impl FnOnce(&Path) -> io::Result<()>) {
        if self.state().error.is_some() {
            return;
        }
        if same {
            self.state().unchanged.push(path.to_string());
            return;
        }
        let staged = self.make_staging().and_then(|()| {
            let to = self.staging.join(path);
            // Each file's folder is made beside its write, in parallel: made one by
            // one first, 13,500 folders took 0.4 s at 10k sources.
            if let Some(dir) = to.parent() {
                fs::create_dir_all(dir)?;
            }
            write(&to)
        });
        match staged {
            Ok(()) => self.state().changed.push(path.to_string()),
            Err(e) => {
                self.state().error.get_or_insert(e);
            }
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, Written> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Makes the staging folder once (a killed build's is removed by the next).
    fn make_staging(&self) -> io::Result<()> {
        if self.made.get().is_some() {
            return Ok(());
        }
        // Racing threads may both get here: making the folder twice is harmless.
        fs::create_dir_all(&self.staging)?;
        let _ = self.made.set(());
        Ok(())
    }

    /// Completes the new site and puts it in place; leaves `out` alone when nothing
    /// changed.
    pub fn finish(self) -> io::Result<WriteReport> {
        let result = self.complete();
        if result.is_err() {
            self.abandon_staging();
        }
        result
    }

    /// Drops what was written: `out` stays as it was.
    pub fn abandon(self) {
        self.abandon_staging();
    }

    fn abandon_staging(&self) {
        if self.made.get().is_some() {
            let _ = remove_tree(&self.staging);
        }
    }

    fn complete(&self) -> io::Result<WriteReport> {
        let mut state = self.state();
        if let Some(e) = state.error.take() {
            return Err(e);
        }
        let Written {
            changed, unchanged, ..
        } = &mut *state;
        changed.sort_unstable();
        unchanged.sort_unstable();
        let out = self.out();
        let old = &self.old;
        let new_manifest: BTreeSet<&str> = changed
            .iter()
            .chain(unchanged.iter())
            .map(String::as_str)
            .collect();
        let overwritten = self.check_overwrites(changed)?;
        let foreign = old.foreign(&new_manifest);
        let removed: Vec<&String> = old
            .ours()
            .filter(|f| !new_manifest.contains(f.as_str()))
            .collect();
        let manifest_text: String = new_manifest.iter().map(|p| format!("{p}\n")).collect();
        let manifest_same =
            fs::read_to_string(out.join(MANIFEST)).is_ok_and(|t| t == manifest_text);
        let report = WriteReport {
            written: changed.len(),
            unchanged: unchanged.len(),
            removed: removed.len(),
            foreign: foreign.len(),
            overwritten,
            paths: Vec::new(),
        };
        if report.written == 0 && report.removed == 0 && manifest_same {
            return Ok(report);
        }
        self.make_staging()?;
        let staging = &self.staging;
        if self.swap {
            // The unchanged files are carried over as they are.
            unchanged.par_iter().try_for_each(|path| {
                let (from, to) = (out.join(path), staging.join(path));
                if let Some(dir) = to.parent() {
                    fs::create_dir_all(dir)?;
                }
                fs::hard_link(&from, &to).or_else(|_| fs::copy(&from, &to).map(|_| ()))
            })?;
            fs::write(staging.join(MANIFEST), &manifest_text)?;
            swap::keep_modes(staging, old);
            swap::swap_in(staging, out)?;
        } else {
            swap::in_place(
                staging,
                out,
                changed,
                &removed,
                &old.manifest,
                &manifest_text,
            )?;
        }
        Ok(WriteReport {
            paths: std::mem::take(changed),
            ..report
        })
    }

    /// Refuses to replace what the tool did not write: a folder or special file at a
    /// page's path always, a file unless `force`. Returns the files `force` lets it
    /// overwrite.
    fn check_overwrites(&self, changed: &[String]) -> io::Result<Vec<String>> {
        let old = &self.old;
        let theirs = |p: &&String| !old.manifest.contains(*p);
        let special: Vec<&String> = changed
            .iter()
            .filter(|p| old.dirs.contains_key(*p) || old.entries.get(*p).is_some_and(|file| !file))
            .collect();
        if let Some(first) = old.blocked(changed) {
            return Err(io::Error::other(format!(
                "a file the site did not write is where {} needs a folder; move it away",
                self.out().join(first).display()
            )));
        }
        if let Some(first) = special.first() {
            return Err(io::Error::other(format!(
                "{} is a folder or special file the site needs for a page; move it away",
                self.out().join(first).display()
            )));
        }
        let files: Vec<&String> = changed
            .iter()
            .filter(|p| old.entries.contains_key(*p))
            .filter(theirs)
            .collect();
        if let (Some(first), false) = (files.first(), self.force) {
            return Err(io::Error::other(format!(
                "the site would overwrite {}, which dossier did not write{}; move it away, or add --force to overwrite it (nothing was changed)",
                self.out().join(first).display(),
                match files.len() {
                    1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                }
            )));
        }
        Ok(files.into_iter().cloned().collect())
    }
}

/// Takes each file as it comes; called from many threads at once.
impl Sink for Writer {
    fn put(&self, path: &str, bytes: Bytes) {
        let same = self.target.exists && same_bytes(&self.out().join(path), &bytes);
        self.take(path, same, |to| fs::write(to, bytes.as_slice()));
    }

    /// `write` runs twice if the old file in `out` turns out to differ: once to
    /// compare, once to keep. It is given the file itself, unbuffered.
    fn put_written(&self, path: &str, write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>) {
        let same = self.target.exists && same_written(&self.out().join(path), write);
        self.take(path, same, |to| {
            // Buffered here: a writer may hand over a byte at a time (a list's `rows.js`
            // came as 290,000 one-byte writes at 10,000 sources).
            let mut file = io::BufWriter::with_capacity(1 << 16, fs::File::create(to)?);
            write(&mut file)?;
            io::Write::flush(&mut file)
        });
    }
}
