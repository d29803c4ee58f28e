//! One build at a time per output folder: an exclusive lock on the folder that holds
//! it, taken before anything is staged and held until the new site is in place. Also
//! owns removing what killed builds left (only ever under the lock, so a live build's
//! staging folder is never taken for a dead one's).

use std::fs;
use std::io;
use std::path::Path;

/// Held while a build writes; released when dropped (or when the process dies).
pub struct Lock {
    #[cfg(target_os = "linux")]
    _fd: rustix::fd::OwnedFd,
}

/// Waits until no other build writes into `parent` (the folder holding the output),
/// then holds it. A build killed while holding it releases it with its process.
pub fn lock(parent: &Path) -> io::Result<Lock> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{flock, open, FlockOperation, Mode, OFlags};
        let fd = open(
            parent,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        loop {
            match flock(&fd, FlockOperation::LockExclusive) {
                Err(rustix::io::Errno::INTR) => continue,
                // A file system without locks (some network ones): build unlocked.
                Ok(()) | Err(rustix::io::Errno::NOLCK | rustix::io::Errno::OPNOTSUPP) => {
                    return Ok(Lock { _fd: fd })
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = parent;
        Ok(Lock {})
    }
}

/// Removes the staging folders of killed builds: `.NAME.staging-*` beside the output
/// and `.dossier-staging-*` in it. Call only under the [`Lock`].
pub fn clean_leftovers(parent: &Path, name: &str, out: &Path) {
    let beside = format!(".{name}.staging-");
    for (dir, prefix) in [(parent, beside.as_str()), (out, super::INSIDE_PREFIX)] {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(prefix) {
                let _ = remove_tree(&e.path());
            }
        }
    }
}

/// Removes a folder and everything in it, making its folders writable first if a
/// read-only one stops the removal.
pub fn remove_tree(dir: &Path) -> io::Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            #[cfg(unix)]
            for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
                if e.file_type().is_dir() {
                    use std::os::unix::fs::PermissionsExt;
                    let _ = fs::set_permissions(e.path(), fs::Permissions::from_mode(0o700));
                }
            }
            fs::remove_dir_all(dir)
        }
        other => other,
    }
}
