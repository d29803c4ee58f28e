//! The one place `dossier import` writes: a seed, its source file and the original,
//! all three or none. Each is written in full to a hidden temporary file beside its
//! final name (which the build and the watcher skip), then linked to its final name,
//! which fails instead of overwriting; any failure removes what this call made.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::project::Project;

/// What one import writes.
pub struct Files<'a> {
    pub id: &'a str,
    pub seed_text: &'a str,
    pub source_yaml: &'a str,
    pub original: &'a [u8],
    /// The original's extension (`html`, `pdf`, …).
    pub ext: &'a str,
}

/// The three paths written, relative to the root.
#[derive(Debug, Clone)]
pub struct Written {
    pub seed: PathBuf,
    pub source: PathBuf,
    pub original: PathBuf,
}

impl Files<'_> {
    /// Final paths relative to the root: seed, source, original.
    pub fn paths(&self) -> Written {
        Written {
            seed: Path::new("seeds").join(format!("{}.txt", self.id)),
            source: Path::new("content/sources").join(format!("{}.yaml", self.id)),
            original: Path::new("seeds/originals").join(format!("{}.{}", self.id, self.ext)),
        }
    }
}

/// Writes all three files or none; an existing file is never overwritten.
pub fn store(project: &Project, files: &Files) -> Result<Written, String> {
    let written = files.paths();
    let plan: [(&Path, &[u8]); 3] = [
        (&written.original, files.original),
        (&written.seed, files.seed_text.as_bytes()),
        // The source last: a build that runs in between sees no half a source.
        (&written.source, files.source_yaml.as_bytes()),
    ];
    let mut temps: Vec<PathBuf> = Vec::new();
    let mut finals: Vec<PathBuf> = Vec::new();
    let result = (|| {
        for (rel, bytes) in plan {
            let path = project.root.join(rel);
            let dir = path.parent().expect("a file in a folder");
            fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", project.rel(dir).display()))?;
            if path.exists() {
                return Err(format!("{} exists already", rel.display()));
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("x");
            let temp = dir.join(format!(".{name}.import.tmp"));
            let mut f = fs::File::create(&temp)
                .map_err(|e| format!("cannot write {}: {e}", rel.display()))?;
            temps.push(temp.clone());
            f.write_all(bytes)
                .and_then(|_| f.sync_all())
                .map_err(|e| format!("cannot write {}: {e}", rel.display()))?;
        }
        for ((rel, _), temp) in plan.iter().zip(&temps) {
            let path = project.root.join(rel);
            // A link fails where a rename would overwrite.
            fs::hard_link(temp, &path)
                .or_else(|e| {
                    if e.kind() == std::io::ErrorKind::AlreadyExists {
                        Err(e)
                    } else {
                        // File systems without hard links: copy, never overwriting.
                        let mut f = fs::OpenOptions::new()
                            .write(true)
                            .create_new(true)
                            .open(&path)?;
                        finals.push(path.clone());
                        f.write_all(&fs::read(temp)?)?;
                        f.sync_all()?;
                        finals.pop();
                        Ok(())
                    }
                })
                .map_err(|e| format!("cannot write {}: {e}", rel.display()))?;
            finals.push(path);
        }
        Ok(())
    })();
    for t in &temps {
        let _ = fs::remove_file(t);
    }
    match result {
        Ok(()) => Ok(written),
        Err(e) => {
            for f in &finals {
                let _ = fs::remove_file(f);
            }
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_three_or_none() {
        let dir = tempfile::tempdir().unwrap();
        let project = Project::new(dir.path(), None);
        let files = Files {
            id: "a",
            seed_text: "Title\n",
            source_yaml: "seed: a.txt\n",
            original: b"<p>x",
            ext: "html",
        };
        let w = store(&project, &files).unwrap();
        assert_eq!(fs::read(dir.path().join(&w.original)).unwrap(), b"<p>x");
        assert_eq!(
            fs::read_to_string(dir.path().join(&w.seed)).unwrap(),
            "Title\n"
        );
        // The source exists now: a second store writes nothing and leaves no temp.
        fs::remove_file(dir.path().join(&w.seed)).unwrap();
        fs::remove_file(dir.path().join(&w.original)).unwrap();
        let err = store(&project, &files).unwrap_err();
        assert!(
            err.contains("content/sources/a.yaml exists already"),
            "{err}"
        );
        assert!(!dir.path().join(&w.seed).exists());
        assert!(!dir.path().join(&w.original).exists());
        for d in ["seeds", "seeds/originals", "content/sources"] {
            let names: Vec<_> = fs::read_dir(dir.path().join(d))
                .unwrap()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().unwrap().is_file())
                .map(|e| e.file_name())
                .collect();
            assert!(names.iter().all(|n| n == "a.yaml"), "{d} holds {names:?}");
        }
    }
}
