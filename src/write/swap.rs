//! Swapping: putting a staged site where the output folder is. Where it can, the whole
//! staging folder is swapped with the output folder in one atomic rename (a reader or
//! a killed build sees the old site or the new one). Where it cannot — the output
//! folder is a mount point, its parent is not writable, or it holds files the tool did
//! not write — each file is renamed into place on its own (each file old or new),
//! and nothing else in the folder is touched. Also resolves what `--out` names.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::compare::OldTree;
use super::lock::remove_tree;
use super::MANIFEST;

/// The output folder, symbolic links resolved.
#[derive(Debug, Clone)]
pub(super) struct Target {
    /// The real folder (a symbolic link to a folder is followed).
    pub dir: PathBuf,
    /// The folder holding it.
    pub parent: PathBuf,
    /// Its name, for the staging folder's.
    pub name: String,
    pub exists: bool,
}

impl Target {
    /// What `out` names; an error if it is anything but a folder or nothing.
    pub(super) fn resolve(out: &Path) -> io::Result<Target> {
        let (dir, exists) = match fs::symlink_metadata(out) {
            Ok(m) if m.is_dir() => (out.to_path_buf(), true),
            Ok(m) if m.file_type().is_symlink() => match fs::metadata(out) {
                Ok(t) if t.is_dir() => (out.canonicalize()?, true),
                Ok(_) => return Err(not_a_folder(out)),
                Err(_) => {
                    return Err(io::Error::other(format!(
                        "{} is a symbolic link to nothing; point it at a folder, or remove it",
                        out.display()
                    )))
                }
            },
            Ok(_) => return Err(not_a_folder(out)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => (out.to_path_buf(), false),
            Err(e) => return Err(e),
        };
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let name = dir
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        Ok(Target {
            dir,
            parent,
            name,
            exists,
        })
    }

    /// Refuses a folder the user made read-only: it is not replaced behind their back.
    pub(super) fn check_writable(&self) -> io::Result<()> {
        if !self.exists {
            return Ok(());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&self.dir)?.permissions().mode();
            let denied = mode & 0o222 == 0 || rustix_access_denied(&self.dir);
            if denied {
                return Err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    format!(
                        "the folder is read-only (mode {:o}); the site in it was left as it was (make it writable, e.g. chmod u+w {}, to build into it)",
                        mode & 0o7777,
                        self.dir.display()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Whether the whole folder can be swapped: it is no mount point, its parent is
    /// writable, and it holds nothing but the last build's files.
    pub(super) fn can_swap(&self, foreign: bool) -> bool {
        if !self.exists {
            return true;
        }
        !foreign && !is_mount_point(&self.dir, &self.parent) && !rustix_access_denied(&self.parent)
    }
}

fn not_a_folder(out: &Path) -> io::Error {
    io::Error::other(format!(
        "{} is a file, not a folder; give --out a folder (the file was left as it was)",
        out.display()
    ))
}

#[cfg(target_os = "linux")]
fn rustix_access_denied(p: &Path) -> bool {
    rustix::fs::access(p, rustix::fs::Access::WRITE_OK).is_err()
}

#[cfg(not(target_os = "linux"))]
fn rustix_access_denied(_: &Path) -> bool {
    false
}

#[cfg(unix)]
fn is_mount_point(dir: &Path, parent: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(dir), fs::metadata(parent)) {
        (Ok(d), Ok(p)) => d.dev() != p.dev(),
        _ => true,
    }
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path, _: &Path) -> bool {
    false
}

/// Puts `staging` at `out`; the old `out` (if any) ends at `staging` and is removed.
/// Once the new site is in place, failing to remove the old one is not an error: the
/// next build removes it.
pub(super) fn swap_in(staging: &Path, out: &Path) -> io::Result<()> {
    if !out.exists() {
        return fs::rename(staging, out);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        if renameat_with(CWD, staging, CWD, out, RenameFlags::EXCHANGE).is_ok() {
            let _ = remove_tree(staging);
            return Ok(());
        }
    }
    // Elsewhere: two renames; between them the old site sits at `old`.
    let old = staging.with_extension("old");
    fs::rename(out, &old)?;
    fs::rename(staging, out)?;
    let _ = remove_tree(&old);
    Ok(())
}

/// Gives the folders of `staging` the permissions their namesakes in the old site had.
pub(super) fn keep_modes(staging: &Path, old: &OldTree) {
    #[cfg(unix)]
    for (rel, &mode) in &old.dirs {
        use std::os::unix::fs::PermissionsExt;
        let d = if rel.is_empty() {
            staging.to_path_buf()
        } else {
            staging.join(rel)
        };
        if let Ok(m) = fs::metadata(&d) {
            if m.is_dir() && m.permissions().mode() & 0o7777 != mode {
                let _ = fs::set_permissions(&d, fs::Permissions::from_mode(mode));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (staging, old);
}

/// Moves each staged file of `changed` from `staging` into `out` (each rename atomic),
/// removes the last build's files in `removed`, and writes the manifest. Before any
/// file moves, the manifest lists the old files and the new, so that a build killed
/// midway leaves nothing the next one would take for someone else's.
pub(super) fn in_place(
    staging: &Path,
    out: &Path,
    changed: &[String],
    removed: &[&String],
    old_manifest: &std::collections::BTreeSet<String>,
    manifest: &str,
) -> io::Result<()> {
    let mut both: std::collections::BTreeSet<&str> =
        old_manifest.iter().map(String::as_str).collect();
    both.extend(manifest.lines());
    let union: String = both.iter().map(|p| format!("{p}\n")).collect();
    write_atomic(&out.join(MANIFEST), union.as_bytes())?;
    for path in changed {
        let to = out.join(path);
        if let Some(dir) = to.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::rename(staging.join(path), &to)?;
    }
    for path in removed {
        remove_and_prune(out, &out.join(path));
    }
    write_atomic(&out.join(MANIFEST), manifest.as_bytes())?;
    let _ = remove_tree(staging);
    Ok(())
}

/// Removes the file `p` and the folders below `out` that this empties.
pub(super) fn remove_and_prune(out: &Path, p: &Path) {
    let _ = fs::remove_file(p);
    let mut dir = p.parent();
    while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
        if fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Replaces `path` with `bytes` in one rename.
pub(super) fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = tmp_path(path);
    if let Err(e) = fs::write(&tmp, bytes) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    fs::rename(&tmp, path)
}

/// The temporary file written beside `to` before it is renamed over it.
pub(super) fn tmp_path(to: &Path) -> PathBuf {
    to.with_file_name(format!(
        ".{}.dossier-tmp",
        to.file_name().map_or("f".into(), |n| n.to_string_lossy())
    ))
}
