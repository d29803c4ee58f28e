//! Comparing: whether a page's bytes are those already in the output folder, and what
//! the folder holds besides (the last build's files, per its manifest, and everything
//! else: foreign files, folders and special files, which are never touched).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, BufRead};
use std::path::Path;

use super::MANIFEST;

/// Whether the file at `path` is a regular file holding exactly `bytes`.
pub(super) fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|b| b == bytes)
        }
        _ => false,
    }
}

/// Whether what `write` writes is the regular file at `path`, to its end. Never opens
/// anything but a regular file (a FIFO would block).
pub(super) fn same_written(
    path: &Path,
    write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>,
) -> bool {
    if !fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    fs::File::open(path).is_ok_and(|old| {
        let mut cmp = Compare::new(io::BufReader::with_capacity(1 << 20, old));
        write(&mut cmp).is_ok() && cmp.matched()
    })
}

/// A writer that compares what it is given with an old file's bytes.
pub(super) struct Compare<R> {
    old: R,
    /// Every byte so far was the same.
    same: bool,
}

impl<R: BufRead> Compare<R> {
    pub(super) fn new(old: R) -> Self {
        Compare { old, same: true }
    }

    /// Whether what was written is the old file's bytes, all of them.
    pub(super) fn matched(mut self) -> bool {
        self.same && self.old.fill_buf().is_ok_and(|b| b.is_empty())
    }
}

impl<R: io::BufRead> io::Write for Compare<R> {
    fn write(&mut self, mut buf: &[u8]) -> io::Result<usize> {
        let n = buf.len();
        while self.same && !buf.is_empty() {
            let old = self.old.fill_buf()?;
            let k = old.len().min(buf.len());
            // The old file ends first: it differs.
            self.same = k > 0 && old[..k] == buf[..k];
            self.old.consume(k);
            buf = &buf[k..];
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What an output folder held when a build started.
#[derive(Debug, Default)]
pub(super) struct OldTree {
    /// Everything but folders (files, symbolic links, FIFOs…), `/`-separated, sorted;
    /// `true` for a regular file or a symbolic link.
    pub entries: BTreeMap<String, bool>,
    /// Every folder below the root (`""` is the root), with its permission bits.
    pub dirs: BTreeMap<String, u32>,
    /// The files the last build listed in its manifest.
    pub manifest: BTreeSet<String>,
    /// Temporary files a killed watch session left (`.NAME.dossier-tmp`).
    pub leftover_tmps: Vec<std::path::PathBuf>,
}

impl OldTree {
    /// Lists `dir` (none if it does not exist), skipping in-place staging folders.
    pub(super) fn read(dir: &Path) -> io::Result<OldTree> {
        let mut tree = OldTree::default();
        if !dir.is_dir() {
            return Ok(tree);
        }
        tree.manifest = fs::read_to_string(dir.join(MANIFEST))
            .map(|t| t.lines().map(str::to_string).collect())
            .unwrap_or_default();
        let walk = walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() != 1
                    || !e
                        .file_name()
                        .to_string_lossy()
                        .starts_with(super::INSIDE_PREFIX)
            });
        for e in walk {
            let e = e.map_err(io::Error::other)?;
            let rel = rel_path(e.path().strip_prefix(dir).unwrap_or(e.path()));
            let t = e.file_type();
            let name = e.file_name().to_string_lossy();
            if t.is_dir() {
                tree.dirs.insert(rel, mode(&e));
            } else if t.is_file() && name.starts_with('.') && name.ends_with(".dossier-tmp") {
                tree.leftover_tmps.push(e.path().to_path_buf());
            } else {
                tree.entries.insert(rel, t.is_file() || t.is_symlink());
            }
        }
        Ok(tree)
    }

    /// The first of `paths` that needs a folder where a file (or special file) is.
    pub(super) fn blocked<'p>(&self, paths: &'p [String]) -> Option<&'p String> {
        paths.iter().find(|p| {
            let mut at = p.as_str();
            while let Some((parent, _)) = at.rsplit_once('/') {
                if self.entries.contains_key(parent) {
                    return true;
                }
                at = parent;
            }
            false
        })
    }

    /// The files the last build wrote that are still there.
    pub(super) fn ours(&self) -> impl Iterator<Item = &String> {
        self.entries.keys().filter(|f| self.manifest.contains(*f))
    }

    /// Entries (files and folders) the tool did not write: not in the manifest, and
    /// folders holding none of its files. `site` are the paths the new site has.
    pub(super) fn foreign(&self, site: &BTreeSet<&str>) -> Vec<String> {
        let mut ours_dirs: BTreeSet<&str> = BTreeSet::from([""]);
        for f in self
            .manifest
            .iter()
            .map(String::as_str)
            .chain(site.iter().copied())
        {
            let mut p = f;
            while let Some((parent, _)) = p.rsplit_once('/') {
                if !ours_dirs.insert(parent) {
                    break;
                }
                p = parent;
            }
        }
        let files = self.entries.keys().filter(|f| {
            f.as_str() != MANIFEST && !self.manifest.contains(*f) && !site.contains(f.as_str())
        });
        let dirs = self.dirs.keys().filter(|d| !ours_dirs.contains(d.as_str()));
        files.chain(dirs).cloned().collect()
    }
}

#[cfg(unix)]
fn mode(e: &walkdir::DirEntry) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    e.metadata()
        .map_or(0o755, |m| m.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn mode(_: &walkdir::DirEntry) -> u32 {
    0
}

/// A relative path as a site path: `/`-separated.
pub(super) fn rel_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// What `Compare` says of `new` written in two pieces over an old file `old`.
    fn same(old: &[u8], new: &[u8]) -> bool {
        let mut cmp = Compare::new(io::BufReader::with_capacity(3, old));
        let (a, b) = new.split_at(new.len() / 2);
        cmp.write_all(a).unwrap();
        cmp.write_all(b).unwrap();
        cmp.matched()
    }

    #[test]
    fn a_written_file_is_compared_with_the_old_one_to_its_end() {
        assert!(same(b"the same bytes", b"the same bytes"));
        assert!(same(b"", b""));
        assert!(!same(b"the same bytes", b"the same bytez"));
        assert!(
            !same(b"the same bytes", b"the same byte"),
            "the old one is longer"
        );
        assert!(
            !same(b"the same byte", b"the same bytes"),
            "the old one is shorter"
        );
    }
}
