//! What the last load read, file by file, so that a watch session rereads only the
//! files that changed. A file is reread when the watcher reported it, or when its
//! size, modification time or inode differ; a file modified in the last two seconds
//! is not trusted by its stamp (timestamps are coarse: two quick saves of the same
//! length can share one), as git treats "racily clean" files.

use std::any::Any;
use std::collections::{HashMap, HashSet};
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

/// Files read by earlier loads: path → (stamp, what reading it gave).
#[derive(Default)]
pub struct Cache {
    /// A one-shot load keeps nothing.
    off: bool,
    files: HashMap<PathBuf, (Stamp, Value)>,
    /// Read during the current load (kept, or to be kept, at its end).
    fresh: Mutex<Vec<(PathBuf, Option<Stamp>, Value)>>,
    seen: Mutex<HashSet<PathBuf>>,
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
        self.seen
            .lock()
            .expect("not poisoned")
            .insert(path.to_path_buf());
        let stamp = Stamp::of(path);
        if let (Some(now), Some((then, value))) = (stamp, self.files.get(path)) {
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

    /// A cache that keeps nothing, for a load with no next one.
    pub fn none() -> Cache {
        Cache {
            off: true,
            ..Cache::default()
        }
    }

    /// Ends a load: keeps what it read, forgets files it did not meet.
    pub fn finish(&mut self) {
        let seen = std::mem::take(self.seen.get_mut().expect("not poisoned"));
        self.files.retain(|p, _| seen.contains(p));
        for (path, stamp, value) in self.fresh.get_mut().expect("not poisoned").drain(..) {
            match stamp {
                Some(s) => {
                    self.files.insert(path, (s, value));
                }
                None => {
                    self.files.remove(&path);
                }
            }
        }
    }

    /// Forgets a file (the watcher saw it change).
    pub fn forget(&mut self, path: &Path) {
        self.files.remove(path);
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
        cache.forget(&path);
        assert_eq!(load(&mut cache), "seven");
        // A file saved just now is reread until its time is safely past.
        std::fs::write(&path, "eight").unwrap();
        assert_eq!(load(&mut cache), "eight");
        std::fs::write(&path, "nine!").unwrap();
        assert_eq!(load(&mut cache), "nine!");
        assert_eq!(reads.load(Ordering::SeqCst), 5);
    }
}
