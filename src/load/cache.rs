//! What the last load read, file by file, so that a watch session rereads only the
//! files that changed. A file is reread when the watcher reported it, or when its
//! size, modification time or inode differ; a file modified in the last two seconds
//! is not trusted by its stamp (timestamps are coarse: two quick saves of the same
//! length can share one), as git treats "racily clean" files. When the watcher's
//! report is complete, the files it did not name are not even looked at, and the
//! folders' listings are kept unless a file came or went.

use std::any::Any;
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// What a file looked like when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: SystemTime,
    inode: u64,
}

impl Stamp {
    /// The file's stamp, if it can be trusted to change with the file.
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?;
        let recent = SystemTime::now()
            .duration_since(modified)
            .map_or(true, |age| age < Duration::from_secs(2));
        if recent {
            return None;
        }
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: meta.len(),
            modified,
            inode,
        })
    }
}

type Value = Arc<dyn Any + Send + Sync>;

/// A folder's files, as [`crate::project::files_in`] lists them.
pub type Listing = Arc<Vec<PathBuf>>;

/// Files read by earlier loads: path → (stamp, what reading it gave).
#[derive(Default)]
pub struct Cache {
    /// A one-shot load keeps nothing.
    off: bool,
    /// A file without a stamp was read too soon after it changed: only the watcher's
    /// report can vouch for it. Keyed by the path's bytes, with a fast hash: a
    /// `PathBuf` hashes and compares component by component (at 100,000 sources, that
    /// was half of a rebuild's load).
    files: rustc_hash::FxHashMap<OsString, (Option<Stamp>, Value)>,
    /// Folder listings, by folder.
    lists: Mutex<HashMap<PathBuf, Listing>>,
    /// The symbolic links in folders, by folder: kept while the folder's listing is.
    links: Mutex<HashMap<PathBuf, Listing>>,
    /// This load: every change since the last one was reported (and forgotten).
    trusted: bool,
    /// Read during the current load (kept, or to be kept, at its end).
    fresh: Mutex<Vec<(PathBuf, Option<Stamp>, Value)>>,
    seen: Mutex<rustc_hash::FxHashSet<OsString>>,
    /// The files that may read differently since [`Cache::take_touched`] was last
    /// called: reported by the watcher, read anew, or gone.
    touched: Vec<PathBuf>,
}

impl Cache {
    /// What `read` gives for the file at `path`: from an earlier load if the file has
    /// not changed since. Safe to call from several threads.
    pub fn read<V: Clone + Send + Sync + 'static>(
        &self,
        path: &Path,
        read: impl FnOnce() -> V,
    ) -> V {
        if self.off {
            return read();
        }
        if self.trusted {
            if let Some(v) = self
                .files
                .get(path.as_os_str())
                .and_then(|(_, v)| v.downcast_ref::<V>())
            {
                return v.clone();
            }
        } else {
            self.seen
                .lock()
                .expect("not poisoned")
                .insert(path.as_os_str().to_owned());
        }
        let stamp = Stamp::of(path);
        if let (Some(now), Some((Some(then), value))) = (stamp, self.files.get(path.as_os_str())) {
            if now == *then {
                if let Some(v) = value.downcast_ref::<V>() {
                    return v.clone();
                }
            }
        }
        let v = read();
        self.fresh.lock().expect("not poisoned").push((
            path.to_path_buf(),
            stamp,
            Arc::new(v.clone()),
        ));
        v
    }

    /// The files in folder `dir`, as `list` gives them; kept from the last load when
    /// no file came or went there since.
    pub fn list<E>(
        &self,
        dir: &Path,
        list: impl FnOnce() -> Result<Vec<PathBuf>, E>,
    ) -> Result<Listing, E> {
        if self.off {
            return list().map(Arc::new);
        }
        let mut lists = self.lists.lock().expect("not poisoned");
        if self.trusted {
            if let Some(l) = lists.get(dir) {
                return Ok(l.clone());
            }
        }
        let l = Arc::new(list()?);
        lists.insert(dir.to_path_buf(), l.clone());
        Ok(l)
    }

    /// The symbolic links in folder `dir`, as `list` gives them; kept from the last
    /// load when no file came or went there since (at 100,000 sources, listing the
    /// folders again took ~70 ms of a rebuild).
    pub fn symlinks(&self, dir: &Path, list: impl FnOnce() -> Vec<PathBuf>) -> Listing {
        if self.off {
            return Arc::new(list());
        }
        let mut links = self.links.lock().expect("not poisoned");
        if self.trusted {
            if let Some(l) = links.get(dir) {
                return l.clone();
            }
        }
        let l = Arc::new(list());
        links.insert(dir.to_path_buf(), l.clone());
        l
    }

    /// A cache that keeps nothing, for a load with no next one.
    pub fn none() -> Cache {
        Cache {
            off: true,
            ..Cache::default()
        }
    }

    /// Before a load: `changed` are the files the watcher saw change since the last
    /// one (absolute paths), and all of them if `complete`.
    pub fn changed(&mut self, changed: &[PathBuf], complete: bool) {
        self.trusted = complete && !self.files.is_empty();
        let lists = self.lists.get_mut().expect("not poisoned");
        let links = self.links.get_mut().expect("not poisoned");
        self.touched.extend_from_slice(changed);
        for path in changed {
            self.files.remove(path.as_os_str());
            // A folder's listing stands while the file is in it as before.
            let listed = path
                .parent()
                .and_then(|dir| lists.get(dir))
                .map(|l| l.contains(path));
            let is_file = path.is_file() && !crate::project::is_editor_temp(path);
            // A link that came or went is not a file listed.
            let link = path.is_symlink()
                || path
                    .parent()
                    .and_then(|dir| links.get(dir))
                    .is_some_and(|l| l.contains(path));
            if listed != Some(is_file) || link {
                if let Some(dir) = path.parent() {
                    lists.remove(dir);
                    links.remove(dir);
                }
            }
            // A folder that came or went (or was replaced) takes its listings along.
            lists.retain(|dir, _| !dir.starts_with(path));
            links.retain(|dir, _| !dir.starts_with(path));
        }
    }

    /// Ends a load: keeps what it read and, unless every change was reported, forgets
    /// files it did not meet.
    pub fn finish(&mut self) {
        if !self.trusted {
            let seen = std::mem::take(self.seen.get_mut().expect("not poisoned"));
            let touched = &mut self.touched;
            self.files.retain(|p, _| {
                let met = seen.contains(p);
                if !met {
                    touched.push(PathBuf::from(p));
                }
                met
            });
        }
        for (path, stamp, value) in self.fresh.get_mut().expect("not poisoned").drain(..) {
            self.touched.push(path.clone());
            self.files.insert(path.into_os_string(), (stamp, value));
        }
    }

    /// The files (absolute paths) that may read differently since the last call: the
    /// ones the watcher reported, read anew or gone. A session that failed to build
    /// calls it again and adds them up.
    pub fn take_touched(&mut self) -> Vec<PathBuf> {
        std::mem::take(&mut self.touched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn rereads_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        let old = SystemTime::now() - Duration::from_secs(3600);
        let write = |text: &str| {
            std::fs::write(&path, text).unwrap();
            let f = std::fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(old).unwrap();
        };
        let reads = AtomicUsize::new(0);
        let mut cache = Cache::default();
        let load = |cache: &mut Cache| {
            let v = cache.read(&path, || {
                reads.fetch_add(1, Ordering::SeqCst);
                std::fs::read_to_string(&path).unwrap()
            });
            cache.finish();
            v
        };
        write("one");
        assert_eq!(load(&mut cache), "one");
        assert_eq!(load(&mut cache), "one");
        assert_eq!(
            reads.load(Ordering::SeqCst),
            1,
            "an unchanged file is not reread"
        );
        write("three");
        assert_eq!(load(&mut cache), "three", "a new size is a change");
        // Same size, same time: only the watcher's word tells.
        write("seven");
        assert_eq!(load(&mut cache), "three");
        cache.changed(std::slice::from_ref(&path), false);
        assert_eq!(load(&mut cache), "seven");
        // A file saved just now is reread until its time is safely past.
        std::fs::write(&path, "eight").unwrap();
        assert_eq!(load(&mut cache), "eight");
        std::fs::write(&path, "nine!").unwrap();
        assert_eq!(load(&mut cache), "nine!");
        assert_eq!(reads.load(Ordering::SeqCst), 5);
        // A complete report vouches for every file it does not name, even a recent
        // one, and even against its stamp.
        cache.changed(&[], true);
        write("ten");
        assert_eq!(load(&mut cache), "nine!");
        cache.changed(std::slice::from_ref(&path), true);
        assert_eq!(load(&mut cache), "ten");
        assert_eq!(reads.load(Ordering::SeqCst), 6);
        // A partial one does not.
        write("eleven");
        cache.changed(&[], false);
        assert_eq!(load(&mut cache), "eleven");
    }

    #[test]
    fn names_the_files_that_may_read_differently() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
        let old = SystemTime::now() - Duration::from_secs(3600);
        for p in [&a, &b] {
            std::fs::write(p, "x").unwrap();
            let f = std::fs::File::options().write(true).open(p).unwrap();
            f.set_modified(old).unwrap();
        }
        let mut cache = Cache::default();
        let load = |cache: &mut Cache, changed: &[PathBuf], complete: bool, files: &[&PathBuf]| {
            cache.changed(changed, complete);
            for p in files {
                cache.read(p, || ());
            }
            cache.finish();
            let mut t = cache.take_touched();
            t.sort();
            t.dedup();
            t
        };
        assert_eq!(
            load(&mut cache, &[], false, &[&a, &b]),
            [a.clone(), b.clone()]
        );
        assert!(
            load(&mut cache, &[], false, &[&a, &b]).is_empty(),
            "nothing read anew"
        );
        let only_b = vec![b.clone()];
        assert_eq!(load(&mut cache, &only_b, true, &[&a, &b]), only_b);
        // Gone: not met by a load that looked at every file.
        assert_eq!(load(&mut cache, &[], false, &[&a]), only_b);
    }

    #[test]
    fn relists_a_folder_only_when_a_file_came_or_went() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
        std::fs::write(&a, "a").unwrap();
        let lists = AtomicUsize::new(0);
        let mut cache = Cache::default();
        let list = |cache: &mut Cache, changed: &[PathBuf]| {
            cache.changed(changed, true);
            let l = cache
                .list(dir.path(), || {
                    lists.fetch_add(1, Ordering::SeqCst);
                    crate::project::files_in(dir.path())
                })
                .unwrap();
            cache.read(&a, || ());
            cache.finish();
            l.iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(list(&mut cache, &[]), ["a.yaml"]);
        std::fs::write(&a, "changed").unwrap();
        assert_eq!(list(&mut cache, std::slice::from_ref(&a)), ["a.yaml"]);
        assert_eq!(lists.load(Ordering::SeqCst), 1, "an edit keeps the listing");
        std::fs::write(&b, "b").unwrap();
        assert_eq!(
            list(&mut cache, std::slice::from_ref(&b)),
            ["a.yaml", "b.yaml"]
        );
        std::fs::remove_file(&a).unwrap();
        assert_eq!(list(&mut cache, std::slice::from_ref(&a)), ["b.yaml"]);
        assert_eq!(lists.load(Ordering::SeqCst), 3);
        // The folder itself replaced: listed again.
        list(&mut cache, &[dir.path().to_path_buf()]);
        assert_eq!(lists.load(Ordering::SeqCst), 4);
    }
}
