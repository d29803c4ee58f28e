//! File-system events → change sets. [`classify`] (pure, table-tested) decides which
//! paths matter; [`Watcher`] gathers notify's events until the files are quiet, so
//! that an editor's atomic save or a `git checkout` of many files becomes one
//! rebuild. No build logic here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};

use crate::project::{self, Project};

/// How long the files must be quiet before a rebuild starts: long enough to take in
/// an editor's write-rename dance, short enough not to be noticed. (A checkout that
/// pauses longer makes two rebuilds, the second one right.)
pub const QUIET: Duration = Duration::from_millis(5);

/// The longest a batch waits for quiet: files that never stop changing still build.
pub const MAX_WAIT: Duration = Duration::from_millis(500);

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
        // seeds/originals/ holds what `dossier import` kept; the build never reads it.
        "seeds" => parts.next().as_deref() != Some("originals") && (!ext.is_empty() || dir_like),
        // `templates/i18n/<language>.yaml`: the dossier's words.
        "templates" => matches!(ext, "html" | "css" | "yaml") || dir_like,
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

/// Watches `content/`, `seeds/` and `templates/` of a project. Nothing runs between
/// changes: the wait for quiet starts with the first relevant event.
pub struct Watcher {
    watcher: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
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
        let mut watcher = notify::recommended_watcher(tx)?;
        // The root itself (not recursively) so that a `templates/` or `seeds/` created
        // later is noticed; each folder that exists, recursively.
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        for dir in ["content", "seeds", "templates"] {
            let d = root.join(dir);
            if d.is_dir() {
                watcher.watch(&d, RecursiveMode::Recursive)?;
            }
        }
        Ok(Watcher {
            watcher,
            rx,
            root,
            out,
        })
    }

    /// The next set of relevant changes, once the files have been quiet for [`QUIET`]
    /// (or changing for [`MAX_WAIT`]); `None` if nothing relevant happens within
    /// `timeout`.
    pub fn next(&mut self, timeout: Duration) -> Option<Batch> {
        let mut changed = BTreeSet::new();
        let mut complete = true;
        let give_up = Instant::now() + timeout;
        // Events that change nothing (a build reading the files) wait on.
        loop {
            let left = give_up.checked_duration_since(Instant::now())?;
            let ev = self.rx.recv_timeout(left).ok()?;
            match self.take(ev, &mut changed) {
                Some(false) => continue,
                Some(true) => break,
                None => {
                    complete = false;
                    break;
                }
            }
        }
        // Then until quiet: only a relevant event (a write to a file already changed
        // included) restarts the wait.
        let started = Instant::now();
        let mut last_change = started;
        loop {
            let until = (last_change + QUIET).min(started + MAX_WAIT);
            let Some(wait) = until.checked_duration_since(Instant::now()) else {
                break;
            };
            let Ok(ev) = self.rx.recv_timeout(wait) else {
                break;
            };
            match self.take(ev, &mut changed) {
                Some(true) => last_change = Instant::now(),
                Some(false) => {}
                None => complete = false,
            }
        }
        // Watch folders created since the start (a new templates/ or seeds/).
        for dir in ["content", "seeds", "templates"] {
            let d = self.root.join(dir);
            if changed.iter().any(|p: &PathBuf| p == Path::new(dir)) && d.is_dir() {
                let _ = self.watcher.watch(&d, RecursiveMode::Recursive);
            }
        }
        Some(Batch {
            paths: changed.into_iter().collect(),
            complete,
        })
    }

    /// Adds an event's relevant paths to `changed`, and says whether it had any;
    /// `None` if changes may have been missed (the system's event queue overflowed, or
    /// watching failed).
    fn take(
        &self,
        event: notify::Result<notify::Event>,
        changed: &mut BTreeSet<PathBuf>,
    ) -> Option<bool> {
        let ev = event.ok().filter(|ev| !ev.need_rescan())?;
        // Reading files (as every build does) is not a change: only creations,
        // writes, renames and removals are, or the watcher would feed on itself.
        if !(ev.kind.is_create() || ev.kind.is_modify() || ev.kind.is_remove())
            || matches!(
                ev.kind,
                notify::EventKind::Modify(notify::event::ModifyKind::Metadata(_))
            )
        {
            return Some(false);
        }
        let mut relevant = false;
        for p in &ev.paths {
            if classify(&self.root, &self.out, p) {
                changed.insert(p.strip_prefix(&self.root).unwrap_or(p).to_path_buf());
                relevant = true;
            }
        }
        Some(relevant)
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
            ("/d/seeds/originals/x.html", false),
            ("/d/content/actors/x.yaml.tmp", false),
            // a dossier's catalogue of words
            ("/d/templates/i18n/fr.yaml", true),
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
