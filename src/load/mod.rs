//! Disk → raw data: reads `content/`, `seeds/` and `content/pages/`, one file at a
//! time, into the serde types of [`raw`]. Reports unreadable or malformed files;
//! checks nothing that needs another file (that is `resolve`'s job).

pub mod cache;
pub mod locate;
pub mod raw;
pub mod yaml;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::project::{self, Project};
use raw::*;

/// Largest YAML or Markdown file we read: content files are small; anything larger is
/// a mistake (or an attack) and is reported, not parsed.
const MAX_CONTENT_BYTES: u64 = 4 << 20;
/// Largest seed article.
pub const MAX_SEED_BYTES: u64 = 32 << 20;

/// One parsed content file: its id (the file stem), where it is and what it said.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub id: String,
    /// Relative to the dossier root, e.g. `content/actors/zelensky.yaml`.
    pub path: PathBuf,
    /// The file's text, kept to locate problems found later. Text and data are
    /// shared with a watch session's cache, which hands out a copy each rebuild.
    pub text: std::sync::Arc<str>,
    pub data: std::sync::Arc<T>,
}

/// One seed article, text as read (BOM dropped, CRLF turned into LF).
#[derive(Debug, Clone)]
pub struct Seed {
    /// The file name in `seeds/`, as sources refer to it.
    pub name: String,
    pub path: PathBuf,
    /// Shared with the paragraphs of the source made from it.
    pub text: std::sync::Arc<str>,
}

/// A Markdown page: front matter and body.
#[derive(Debug, Clone)]
pub struct RawPage {
    pub meta: RawPageMeta,
    pub body: String,
}

/// Everything read from disk, unchecked.
#[derive(Debug, Default)]
pub struct Raw {
    pub meta: Option<Loaded<RawMeta>>,
    pub actors: Vec<Loaded<RawActor>>,
    pub sources: Vec<Loaded<RawSource>>,
    pub events: Vec<Loaded<RawEvent>>,
    pub commitments: Vec<Loaded<RawCommitment>>,
    pub discrepancies: Vec<Loaded<RawDiscrepancy>>,
    pub pages: Vec<Loaded<RawPage>>,
    pub seeds: Vec<std::sync::Arc<Seed>>,
    /// Ids of content files that exist but did not parse, by folder (`actors`, …):
    /// references to them are not reported again as unknown.
    pub broken: Vec<(&'static str, String)>,
}

impl Raw {
    /// Every content file's path (relative to the root) and text, kind by kind.
    pub fn content_files(&self) -> impl Iterator<Item = (&Path, &str)> {
        fn of<T>(l: &[Loaded<T>]) -> impl Iterator<Item = (&Path, &str)> {
            l.iter().map(|f| (&*f.path, &*f.text))
        }
        of(self.meta.as_slice())
            .chain(of(&self.actors))
            .chain(of(&self.sources))
            .chain(of(&self.events))
            .chain(of(&self.commitments))
            .chain(of(&self.discrepancies))
            .chain(of(&self.pages))
    }
}

/// A problem that stops the command before any content is looked at (exit 2).
#[derive(Debug)]
pub struct CannotRun(pub String);

/// Reads the whole dossier under `project.root`.
pub fn load(project: &Project, diags: &mut Diagnostics) -> Result<Raw, CannotRun> {
    load_with(project, diags, &mut cache::Cache::none())
}

/// [`load`], rereading only the files that changed since the loads that filled `cache`.
pub fn load_with(
    project: &Project,
    diags: &mut Diagnostics,
    cache: &mut cache::Cache,
) -> Result<Raw, CannotRun> {
    let raw = read_all(project, diags, cache);
    cache.finish();
    raw
}

fn read_all(
    project: &Project,
    diags: &mut Diagnostics,
    cache: &cache::Cache,
) -> Result<Raw, CannotRun> {
    let content = project.content();
    if !content.is_dir() {
        return Err(CannotRun(format!(
            "no content/ folder in {} (is --root right? `dossier init DIR` starts a new dossier)",
            project.root.display()
        )));
    }
    // The seeds are read while the content files are: each has serial parts (listing
    // a folder, collecting) that the other's parallel reading fills in.
    let (content, seeds) = rayon::join(
        || read_content(project, cache),
        || read_seeds(project, cache),
    );
    let (mut raw, content_diags) = content?;
    diags.extend(content_diags);
    let content_dirs = [
        "actors",
        "sources",
        "events",
        "commitments",
        "discrepancies",
        "pages",
    ];
    for dir in content_dirs
        .map(|d| project.content().join(d))
        .into_iter()
        .chain([project.seeds()])
    {
        for link in cache.symlinks(&dir, || project::symlinks_in(&dir)).iter() {
            diags.push(Diagnostic::warning(
                project.rel(link),
                "skipped: a symbolic link (dossier reads only regular files; put the file itself here)",
            ));
        }
    }
    for seed in seeds? {
        match seed {
            Ok(s) => raw.seeds.push(s),
            Err(d) => diags.push(d),
        }
    }
    Ok(raw)
}

/// The files in `dir`, from `cache` when it has them.
fn list(cache: &cache::Cache, dir: &Path) -> Result<std::sync::Arc<Vec<PathBuf>>, CannotRun> {
    cache
        .list(dir, || project::files_in(dir))
        .map_err(|e| CannotRun(format!("cannot read {}: {e}", dir.display())))
}

/// Everything under `content/`: the dossier's metadata, its entities and pages.
fn read_content(project: &Project, cache: &cache::Cache) -> Result<(Raw, Diagnostics), CannotRun> {
    let content = project.content();
    let list = |dir: &Path| list(cache, dir);
    let mut diags = Diagnostics::default();
    let mut raw = Raw::default();
    let meta_path = content.join("dossier.yaml");
    if meta_path.is_file() {
        let (meta, d) = cached(cache, &meta_path, |d| {
            load_yaml::<RawMeta>(project, &meta_path, d)
        });
        raw.meta = meta;
        diags.extend(d);
    } else {
        diags.push(
            Diagnostic::error(
                "content/dossier.yaml",
                "the dossier has no content/dossier.yaml",
            )
            .help("create it with at least `title: …` (and `description`, `language`)"),
        );
    }

    // The kinds are read at once: each one's listing (serial) overlaps the others' reads.
    let ((actors, sources), ((events, commitments), discrepancies)) = rayon::join(
        || {
            rayon::join(
                || read_kind(project, cache, "actors"),
                || read_kind(project, cache, "sources"),
            )
        },
        || {
            rayon::join(
                || {
                    rayon::join(
                        || read_kind(project, cache, "events"),
                        || read_kind(project, cache, "commitments"),
                    )
                },
                || read_kind(project, cache, "discrepancies"),
            )
        },
    );
    macro_rules! kind {
        ($field:ident) => {{
            let (items, broken, d) = $field?;
            raw.$field = items;
            raw.broken.extend(broken);
            diags.extend(d);
        }};
    }
    kind!(actors);
    kind!(sources);
    kind!(events);
    kind!(commitments);
    kind!(discrepancies);

    for path in list(&content.join("pages"))?.iter() {
        let rel = project.rel(path);
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            diags.push(Diagnostic::warning(
                rel,
                "ignored: pages must be Markdown files ending in .md",
            ));
            continue;
        }
        let (page, d) = cached(cache, path, |d| load_page(project, path, d));
        raw.pages.extend(page);
        diags.extend(d);
    }

    Ok((raw, diags))
}

/// One kind of content file (the folder `content/<dir>/`), each parsed, with the ids
/// of the files that did not parse, and what went wrong.
type Kind<T> = (Vec<Loaded<T>>, Vec<(&'static str, String)>, Diagnostics);

fn read_kind<T: DeserializeOwned + Clone + Send + Sync + 'static>(
    project: &Project,
    cache: &cache::Cache,
    dir: &'static str,
) -> Result<Kind<T>, CannotRun> {
    let files = list(cache, &project.content().join(dir))?;
    let (items, diags) = load_all(project, &files, cache);
    // Each item's id is its file's stem, and no two items share one: when there are
    // as many items as files, none is broken (not looked up file by file).
    if items.len() == files.len() {
        return Ok((items, Vec::new(), diags));
    }
    let loaded: rustc_hash::FxHashSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
    let broken = files
        .iter()
        .map(|f| f.file_stem().and_then(|s| s.to_str()).unwrap_or_default())
        .filter(|stem| !loaded.contains(stem))
        .map(|stem| (dir, stem.to_string()))
        .collect();
    Ok((items, broken, diags))
}

/// Every seed, or why it could not be read.
fn read_seeds(
    project: &Project,
    cache: &cache::Cache,
) -> Result<Vec<Result<std::sync::Arc<Seed>, Diagnostic>>, CannotRun> {
    let seeds = list(cache, &project.seeds())?
        .par_iter()
        .map(|path| {
            cache.read(path, || {
                let rel = project.rel(path);
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                    return Err(Diagnostic::warning(
                        rel,
                        "skipped: the file name is not UTF-8 text; rename it so that a source's `seed:` can name it",
                    ));
                };
                let name = name.to_string();
                match read_text(path, MAX_SEED_BYTES) {
                    Ok(text) => Ok(std::sync::Arc::new(Seed {
                        name,
                        path: rel,
                        text: if text.contains('\r') {
                            text.replace("\r\n", "\n").into()
                        } else {
                            text.into()
                        },
                    })),
                    Err(e) => Err(read_error(rel, e)),
                }
            })
        })
        .collect();
    Ok(seeds)
}

/// What `load` gives for the file at `path`, with its diagnostics, from `cache` when
/// the file has not changed.
fn cached<T: Clone + Send + Sync + 'static>(
    cache: &cache::Cache,
    path: &Path,
    load: impl FnOnce(&mut Diagnostics) -> Option<T>,
) -> (Option<T>, Diagnostics) {
    cache.read(path, || {
        let mut d = Diagnostics::default();
        (load(&mut d), d)
    })
}

/// Loads every YAML file of one kind, in parallel, keeping their sorted order.
fn load_all<T: DeserializeOwned + Clone + Send + Sync + 'static>(
    project: &Project,
    files: &[PathBuf],
    cache: &cache::Cache,
) -> (Vec<Loaded<T>>, Diagnostics) {
    let results: Vec<(Option<Loaded<T>>, Diagnostics)> = files
        .par_iter()
        .map(|path| {
            cached(cache, path, |d| {
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                if ext != "yaml" && ext != "yml" {
                    d.push(Diagnostic::warning(
                        project.rel(path),
                        "ignored: content files must end in .yaml",
                    ));
                    return None;
                }
                load_yaml::<T>(project, path, d)
            })
        })
        .collect();
    let mut items: Vec<Loaded<T>> = Vec::with_capacity(results.len());
    let mut seen: rustc_hash::FxHashMap<String, usize> = Default::default();
    let mut diags = Diagnostics::default();
    for (item, d) in results {
        diags.extend(d);
        if let Some(item) = item {
            if let Some(prev) = seen.get(&item.id).map(|&i| &items[i]) {
                diags.push(
                    Diagnostic::error(&item.path, format!("id `{}` is defined twice", item.id))
                        .help(format!(
                            "{} has the same id; rename one of them",
                            prev.path.display()
                        )),
                );
                continue;
            }
            seen.insert(item.id.clone(), items.len());
            items.push(item);
        }
    }
    (items, diags)
}

fn load_yaml<T: DeserializeOwned>(
    project: &Project,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<Loaded<T>> {
    let rel = project.rel(path);
    let id = check_id(path, &rel, diags)?;
    let text = match read_text(path, MAX_CONTENT_BYTES) {
        Ok(t) => t,
        Err(e) => {
            diags.push(read_error(rel, e));
            return None;
        }
    };
    match yaml::parse::<T>(&text) {
        Ok(data) => Some(Loaded {
            id,
            path: rel,
            text: text.into(),
            data: data.into(),
        }),
        Err(e) => {
            diags.push(Diagnostic::error(rel, e.message).at(e.pos).help_opt(e.help));
            None
        }
    }
}

fn load_page(project: &Project, path: &Path, diags: &mut Diagnostics) -> Option<Loaded<RawPage>> {
    let rel = project.rel(path);
    let id = check_id(path, &rel, diags)?;
    let text = match read_text(path, MAX_CONTENT_BYTES) {
        Ok(t) => t,
        Err(e) => {
            diags.push(read_error(rel, e));
            return None;
        }
    };
    let Some((fm, body, fm_start)) = yaml::split_front_matter(&text) else {
        diags.push(
            Diagnostic::error(
                rel,
                "a page must start with YAML front matter between `---` lines",
            )
            .at(Some(Pos { line: 1, column: 1 }))
            .help("begin the file with `---`, a line `title: …`, and `---`"),
        );
        return None;
    };
    let fm_line = Pos::of_offset(&text, fm_start).line;
    match yaml::parse::<RawPageMeta>(fm) {
        Ok(meta) => {
            let body = body.to_string();
            Some(Loaded {
                id,
                path: rel,
                text: text.into(),
                data: RawPage { meta, body }.into(),
            })
        }
        Err(e) => {
            let pos = e.pos.map(|p| Pos {
                line: p.line + fm_line - 1,
                column: p.column,
            });
            diags.push(Diagnostic::error(rel, e.message).at(pos).help_opt(e.help));
            None
        }
    }
}

/// The id a file defines (its stem), if valid.
fn check_id(path: &Path, rel: &Path, diags: &mut Diagnostics) -> Option<String> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if project::is_valid_id(stem) {
        return Some(stem.to_string());
    }
    let slug = project::slugify(stem);
    diags.push(
        Diagnostic::error(
            rel,
            format!("`{stem}` is not a valid id: ids are lowercase letters, digits and `-`"),
        )
        .help(if slug.is_empty() {
            "rename the file".to_string()
        } else {
            format!(
                "rename the file to `{slug}.{}`",
                path.extension().and_then(|e| e.to_str()).unwrap_or("yaml")
            )
        }),
    );
    None
}

/// Reads a UTF-8 text file, refusing binary files and files over `max` bytes. An
/// error comes with the line it concerns, if any.
pub fn read_text(path: &Path, max: u64) -> Result<String, (String, Option<usize>)> {
    use std::io::Read;
    let cannot = |e: std::io::Error| (format!("cannot read the file: {e}"), None);
    let file = std::fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    let too_big = |len: u64| {
        (
            format!(
                "the file is {} MiB, over the {} MiB limit",
                len >> 20,
                max >> 20
            ),
            None,
        )
    };
    if len > max {
        return Err(too_big(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if bytes.contains(&0) {
        return Err(("the file is binary, not text".into(), None));
    }
    String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        (
            "the file is not UTF-8 text; save it as UTF-8".into(),
            Some(line),
        )
    })
}

fn read_error(rel: PathBuf, (msg, line): (String, Option<usize>)) -> Diagnostic {
    Diagnostic::error(rel, msg).at(line.map(|line| Pos { line, column: 1 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8], max: u64) -> Result<String, (String, Option<usize>)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.txt");
        std::fs::write(&path, bytes).unwrap();
        read_text(&path, max)
    }

    #[test]
    fn a_text_file_is_read_whole_without_its_byte_order_mark() {
        assert_eq!(read(b"Kiev\nkyiv\n", 100).unwrap(), "Kiev\nkyiv\n");
        assert_eq!(read(b"\xEF\xBB\xBFKiev", 100).unwrap(), "Kiev");
        assert_eq!(read(b"", 100).unwrap(), "");
        assert_eq!(read(b"0123456789", 10).unwrap(), "0123456789");
    }

    #[test]
    fn binary_large_and_non_utf8_files_are_refused_with_where() {
        let (msg, line) = read(b"PNG\0\0", 100).unwrap_err();
        assert_eq!((msg.as_str(), line), ("the file is binary, not text", None));
        let (msg, line) = read(b"01234567890", 10).unwrap_err();
        assert!(msg.contains("over the 0 MiB limit"), "{msg}");
        assert_eq!(line, None);
        let (msg, line) = read(b"one\ntwo\nthr\xE9e\n", 100).unwrap_err();
        assert!(msg.contains("not UTF-8"), "{msg}");
        assert_eq!(line, Some(3));
    }
}
