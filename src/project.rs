//! Where a dossier's folders are, and sorted walks over them (sorted so that every
//! build sees files in the same order).

use std::path::{Path, PathBuf};

/// The folders of one dossier.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub out: PathBuf,
    /// Build into an output folder that holds files this tool did not write.
    pub force: bool,
}

impl Project {
    pub fn new(root: impl Into<PathBuf>, out: Option<PathBuf>) -> Project {
        let root = root.into();
        let out = match out {
            Some(o) if o.is_absolute() => o,
            Some(o) => std::env::current_dir().map(|d| d.join(&o)).unwrap_or(o),
            None => root.join("public"),
        };
        Project {
            root,
            out,
            force: false,
        }
    }

    pub fn content(&self) -> PathBuf {
        self.root.join("content")
    }
    pub fn seeds(&self) -> PathBuf {
        self.root.join("seeds")
    }
    pub fn templates(&self) -> PathBuf {
        self.root.join("templates")
    }

    /// `path` relative to the root, for messages.
    pub fn rel(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }
}

/// Regular files directly in `dir`, sorted by name; none if `dir` does not exist.
/// Hidden files and editors' temporary files are skipped.
pub fn files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_file() && !is_editor_temp(entry.path()) {
            out.push(entry.into_path());
        }
    }
    Ok(out)
}

/// Symbolic links directly in `dir` (which `files_in` skips), sorted; editors' temporary
/// files aside.
pub fn symlinks_in(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_symlink()))
                .map(|e| e.path())
                .filter(|p| !is_editor_temp(p))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Swap, backup and lock files editors leave beside the real ones.
pub fn is_editor_temp(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// Whether `id` is a valid id: lowercase `[a-z0-9-]+`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The valid id closest to a file stem or a title, for "rename the file to …"
/// hints and new ids: letters of any script spelt in ASCII ("Sécurité" → "securite").
pub fn slugify(s: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(s, "-");
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_spell_any_letter_in_ascii() {
        assert_eq!(
            slugify("Bush-era protégé of Bolton"),
            "bush-era-protege-of-bolton"
        );
        assert_eq!(slugify("Sécurité: Straße, Łódź"), "securite-strasse-lodz");
        assert_eq!(slugify("Κυβέρνηση"), "kubernese");
        assert_eq!(slugify("  Trump's 2020 -- plan "), "trump-s-2020-plan");
        assert!(is_valid_id(&slugify("北京 🙂 talks")));
    }
}
