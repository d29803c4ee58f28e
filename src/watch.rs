//! File-system events → change sets. [`classify`] (pure, table-tested) decides which
//! paths matter; [`Watcher`] debounces notify's events so that an editor's atomic
//! save or a `git checkout` of many files becomes one rebuild. No build logic here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::project::{self, Project};

/// How long the files must be quiet before a rebuild starts: long enough to take in
/// an editor's write-rename dance or a checkout, short enough not to be noticed.
pub const QUIET: Duration = Duration::from_millis(10);

/// Whether a changed path can affect the site. `root` is the dossier's root, `out`
/// the output folder; both absolute or both relative like `path`.
pub fn classify(root: &Path, out: &Path, path: &Path) -> bool {
    if path.starts_with(out) || project::is_editor_temp(path) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let top = parts.next().unwrap_or_default();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    // A folder created may hold content (a removed one reports its files).
    let dir_like = path.is_dir();
    match top.as_ref() {
        "content" => matches!(ext, "yaml" | "yml" | "md") || dir_like,
        "seeds" => !ext.is_empty() || dir_like,
        "templates" => matches!(ext, "html" | "css") || dir_like,
        _ => false,
    }
}

/// What changed in the files a build reads.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Relative to the root.
    pub paths: Vec<PathBuf>,
    /// Whether these are all the changes since the last batch (false when the
    /// system may have dropped some: every file must then be looked at).
    pub complete: bool,
}

/// Watches `content/`, `seeds/` and `templates/` of a project.
pub struct Watcher {
    _debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    rx: Receiver<DebounceEventResult>,
    root: PathBuf,
    out: PathBuf,
}

impl Watcher {
    pub fn new(project: &Project) -> notify::Result<Watcher> {
        let root = project
            .root
            .canonicalize()
            .unwrap_or_else(|_| project.root.clone());
        let out = project
            .out
            .canonicalize()
            .unwrap_or_else(|_| project.out.clone());
        let (tx, rx) = channel();
        let mut debouncer = new_debouncer(QUIET, Some(QUIET / 4), tx)?;
        // The root itself (not recursively) so that a `templates/` or `seeds/` created
        // later is noticed; each folder that exists, recursively.
        debouncer.watch(&root, RecursiveMode::NonRecursive)?;
        for dir in ["content", "seeds", "templates"] {
            let d = root.join(dir);
            if d.is_dir() {
                debouncer.watch(&d, RecursiveMode::Recursive)?;
            }
        }
        Ok(Watcher {
            _debouncer: debouncer,
            rx,
            root,
            out,
        })
    }

    /// The next set of relevant changes, waiting at most `timeout`; `None` on
    /// timeout. Batches that arrive while one is being taken are merged into it.
    pub fn next(&mut self, timeout: Duration) -> Option<Batch> {
        let first = match self.rx.recv_timeout(timeout) {
            Ok(b) => b,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => return None,
        };
        let mut changed = BTreeSet::new();
        let mut complete = self.take(first, &mut changed);
        while let Ok(more) = self.rx.try_recv() {
            complete &= self.take(more, &mut changed);
        }
        if changed.is_empty() && complete {
            return Some(Batch {
                paths: Vec::new(),
                complete,
            });
        }
        // Watch folders created since the start (a new templates/ or seeds/).
        for dir in ["content", "seeds", "templates"] {
            let d = self.root.join(dir);
            if changed.iter().any(|p: &PathBuf| p == Path::new(dir)) && d.is_dir() {
                let _ = self._debouncer.watch(&d, RecursiveMode::Recursive);
            }
        }
        Some(Batch {
            paths: changed.into_iter().collect(),
            complete,
        })
    }

    /// Adds a batch's relevant paths to `changed`; false if changes may have been
    /// missed (the system's event queue overflowed, or watching failed).
    fn take(&self, batch: DebounceEventResult, changed: &mut BTreeSet<PathBuf>) -> bool {
        let Ok(events) = batch else { return false };
        let mut complete = true;
        for ev in events {
            if ev.event.need_rescan() {
                complete = false;
            }
            // Reading files (as every build does) is not a change: only creations,
            // writes, renames and removals are, or the watcher would feed on itself.
            if !(ev.event.kind.is_create()
                || ev.event.kind.is_modify()
                || ev.event.kind.is_remove())
            {
                continue;
            }
            if matches!(
                ev.event.kind,
                notify::EventKind::Modify(notify::event::ModifyKind::Metadata(_))
            ) {
                continue;
            }
            for p in &ev.event.paths {
                if classify(&self.root, &self.out, p) {
                    changed.insert(p.strip_prefix(&self.root).unwrap_or(p).to_path_buf());
                }
            }
        }
        complete
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_matters() {
        let root = Path::new("/d");
        let out = Path::new("/d/public");
        let cases = [
            ("/d/content/actors/x.yaml", true),
            ("/d/content/actors/x.yml", true),
            ("/d/content/pages/about.md", true),
            ("/d/content/dossier.yaml", true),
            ("/d/seeds/001.txt", true),
            ("/d/templates/actor.html", true),
            ("/d/templates/style.css", true),
            // editors' temporary and backup files
            ("/d/content/actors/.x.yaml.swp", false),
            ("/d/content/actors/x.yaml~", false),
            ("/d/content/actors/.#x.yaml", false),
            ("/d/content/actors/#x.yaml#", false),
            ("/d/content/actors/4913", false), // vim's probe file
            ("/d/seeds/4913", false),
            ("/d/content/actors/x.yaml.tmp", false),
            // the output, and everything outside the three folders
            ("/d/public/index.html", false),
            ("/d/target/debug/dossier", false),
            ("/d/.git/index", false),
            ("/d/README.md", false),
            ("/elsewhere/content/a.yaml", false),
        ];
        for (p, want) in cases {
            assert_eq!(classify(root, out, Path::new(p)), want, "{p}");
        }
    }
}
