//! `dossier import`: documents (saved web pages, PDFs, text, Markdown, addresses) →
//! a seed text and a prefilled source file each, the original kept byte for byte in
//! `seeds/originals/`. Beside the build's pipeline: it reads `content/sources/` and
//! `seeds/` only to recognise documents already imported, never uses `render`, and
//! writes only through [`store`], which leaves all three files or none. Returns a
//! [`Report`]; the binary prints it.
//!
//! - `detect` tells the kind from the bytes; `html`, `pdf` turn bytes into a
//!   [`Document`]; `fetch` brings an address's bytes; `known` recognises what the
//!   dossier holds already; `store` writes.

mod detect;
mod fetch;
mod html;
mod known;
mod pdf;
mod store;

use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

pub use detect::Kind;

use crate::project::{self, Project};
use known::{normalise, overlap, shingles, Known, KnownSeed, NEAR_DUPLICATE};

/// The largest document imported (a file is refused by its size before it is read).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The longest seed text (as `load` reads seeds).
const MAX_SEED_BYTES: usize = 32 << 20;

/// Metadata of a document, as far as it tells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    /// YYYY-MM-DD.
    pub published: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
}

/// A document's text, as paragraphs (each on one line), and its metadata.
#[derive(Debug, Clone)]
pub struct Document {
    pub meta: Meta,
    pub paragraphs: Vec<String>,
    /// What the editor should check (e.g. a PDF page that could not be read).
    pub warnings: Vec<String>,
}

/// Options of one `dossier import`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The id of the one document imported (`--id`).
    pub id: Option<String>,
}

/// What became of one document.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Written: a seed, a source file and the original.
    Imported {
        input: String,
        id: String,
        kind: &'static str,
        title: String,
        seed: String,
        source: String,
        original: String,
        sha256: String,
        /// E.g. the near-duplicate of another source.
        warnings: Vec<String>,
    },
    /// Already imported: nothing written.
    Known {
        input: String,
        /// The source it is.
        source: String,
        /// `same file` or `same text`.
        reason: &'static str,
    },
    /// Files of a folder left out for their extension (not an error).
    Skipped {
        input: String,
        /// Their names, in order.
        files: Vec<String>,
    },
    /// Not imported: nothing written.
    Refused {
        input: String,
        message: String,
        /// The command could not run for it (a missing file, an unreachable
        /// address, a bad `--id`): exit 2 rather than 1.
        #[serde(skip)]
        could_not_run: bool,
    },
}

/// Every document's outcome, in the order given.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub documents: Vec<Outcome>,
}

impl Report {
    /// 0 when every document was imported or known, 2 when one could not be read at
    /// all (missing, unreachable, bad flags), else 1.
    pub fn exit_code(&self) -> u8 {
        let mut code = 0;
        for o in &self.documents {
            if let Outcome::Refused { could_not_run, .. } = o {
                code = code.max(if *could_not_run { 2 } else { 1 });
            }
        }
        code
    }
}

/// What one input names.
enum Input {
    File(PathBuf),
    Url(String),
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Url(u) => u.clone(),
        }
    }
}

/// The extensions a folder's files are imported by.
const EXTENSIONS: [&str; 7] = ["html", "htm", "xhtml", "pdf", "txt", "md", "markdown"];

/// Imports each of `inputs` (files, folders, addresses) into `project`.
pub fn import(project: &Project, inputs: &[String], options: &Options) -> Report {
    let mut report = Report::default();
    let refuse = |input: &str, message: String| Outcome::Refused {
        input: input.to_string(),
        message,
        could_not_run: true,
    };
    if !project.content().is_dir() {
        let m = format!(
            "no content/ folder in {} (is --root right? `dossier init` starts a dossier)",
            project.root.display()
        );
        report.documents = inputs.iter().map(|i| refuse(i, m.clone())).collect();
        return report;
    }
    let mut todo: Vec<Input> = Vec::new();
    for i in inputs {
        if i.starts_with("https://") || i.starts_with("http://") {
            todo.push(Input::Url(i.clone()));
            continue;
        }
        let path = PathBuf::from(i);
        if path.is_dir() {
            let (files, others): (Vec<PathBuf>, Vec<PathBuf>) = project::files_in(&path)
                .unwrap_or_default()
                .into_iter()
                .partition(|f| EXTENSIONS.contains(&ext_of(f).as_str()));
            if !others.is_empty() {
                report.documents.push(Outcome::Skipped {
                    input: i.clone(),
                    files: others
                        .iter()
                        .filter_map(|f| f.file_name())
                        .map(|n| n.to_string_lossy().into_owned())
                        .collect(),
                });
            }
            if files.is_empty() {
                report.documents.push(Outcome::Refused {
                    input: i.clone(),
                    message: "holds no web page, PDF, text or Markdown file".into(),
                    could_not_run: false,
                });
            }
            todo.extend(files.into_iter().map(Input::File));
        } else if path.is_file() {
            todo.push(Input::File(path));
        } else {
            report.documents.push(refuse(
                i,
                "no such file or folder (an address must start with https://)".into(),
            ));
        }
    }
    if let Some(id) = &options.id {
        if todo.len() > 1 {
            let m = format!(
                "--id {id} names one document, and {} were given",
                todo.len()
            );
            report
                .documents
                .extend(todo.iter().map(|t| refuse(&t.name(), m.clone())));
            return report;
        }
    }
    let mut known = Known::scan(project);
    for input in todo {
        let outcome = import_one(project, &input, options, &mut known);
        report.documents.push(outcome);
    }
    report
}

/// Runs `f`, turning a panic inside a parsing library into `None` (its message is
/// not printed: the caller says what went wrong, for the editor).
fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(hook);
    result.ok()
}

/// The kind of a document's bytes (`ext`: its extension, lowercase), if it is one.
pub fn kind_of(bytes: &[u8], ext: &str) -> Option<Kind> {
    detect::detect(bytes, ext).ok()
}

fn ext_of(p: &Path) -> String {
    p.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A document's bytes, and what its fetch told.
struct Read {
    bytes: Vec<u8>,
    ext: String,
    charset: Option<String>,
    /// The final address of a fetched page.
    url: Option<String>,
    /// The file's stem: a title of last resort.
    stem: String,
}

fn read_input(input: &Input) -> Result<Read, (String, bool)> {
    match input {
        Input::File(path) => {
            let len = fs::metadata(path)
                .map_err(|e| (format!("cannot read it: {e}"), true))?
                .len();
            if len > MAX_BYTES {
                return Err((too_large(len), false));
            }
            let bytes = fs::read(path).map_err(|e| (format!("cannot read it: {e}"), true))?;
            Ok(Read {
                bytes,
                ext: ext_of(path),
                charset: None,
                url: None,
                stem: path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("")
                    .to_string(),
            })
        }
        Input::Url(url) => match fetch::fetch(url, MAX_BYTES) {
            Ok(f) => {
                let stem = f
                    .url
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string();
                Ok(Read {
                    bytes: f.bytes,
                    ext: String::new(),
                    charset: f.charset,
                    url: Some(f.url),
                    stem,
                })
            }
            Err(fetch::FetchError::Status(s)) => Err((
                format!("the server answered {s}: check the address, or save the page from a browser and import the file"),
                false,
            )),
            Err(fetch::FetchError::TooLarge(Some(n))) => Err((too_large(n), false)),
            Err(fetch::FetchError::TooLarge(None)) => Err((
                format!(
                    "is larger than {} MB, the most dossier imports (is it really one article?)",
                    MAX_BYTES / 1_048_576
                ),
                false,
            )),
            Err(fetch::FetchError::Unreachable(why)) => Err((
                format!("could not fetch it: {why}; when offline, save the page from a browser and import the file"),
                true,
            )),
        },
    }
}

fn too_large(len: u64) -> String {
    format!(
        "is {:.0} MB; dossier imports documents up to {} MB (is it really one article?)",
        len as f64 / 1_048_576.0,
        MAX_BYTES / 1_048_576
    )
}

fn import_one(project: &Project, input: &Input, options: &Options, known: &mut Known) -> Outcome {
    let name = input.name();
    let refused = |(message, could_not_run): (String, bool)| Outcome::Refused {
        input: name.clone(),
        message,
        could_not_run,
    };
    let read = match read_input(input) {
        Ok(r) => r,
        Err(e) => return refused(e),
    };
    let sha256 = hex(&Sha256::digest(&read.bytes));
    if let Some(id) = known.by_sha.get(&sha256) {
        return Outcome::Known {
            input: name,
            source: id.clone(),
            reason: "same file",
        };
    }
    let kind = match detect::detect(&read.bytes, &read.ext) {
        Ok(k) => k,
        Err(detect::NotADocument::Empty) => {
            return refused(("is empty: there is nothing to import".into(), false))
        }
        Err(detect::NotADocument::Binary) => return refused((
            "is neither a web page, a PDF nor text: import the page as saved by a browser, or the PDF".into(),
            false,
        )),
    };
    let doc = match document(kind, &read) {
        Ok(d) => d,
        Err(m) => return refused((m, false)),
    };
    let title = doc
        .meta
        .title
        .clone()
        .or_else(|| {
            doc.paragraphs
                .first()
                .filter(|p| p.chars().count() <= 200)
                .cloned()
        })
        .unwrap_or_else(|| read.stem.clone());
    let seed_text = seed_text(&title, &doc.paragraphs);
    if seed_text.len() > MAX_SEED_BYTES {
        return refused((
            format!(
                "holds {} MB of text, and a seed holds at most {} MB: split the document and import the parts",
                seed_text.len() >> 20,
                MAX_SEED_BYTES >> 20
            ),
            false,
        ));
    }
    let norm = normalise(&seed_text);
    if let Some(s) = known.seeds.iter().find(|s| s.norm == norm) {
        return Outcome::Known {
            input: name,
            source: s.owner(),
            reason: "same text",
        };
    }
    let shingles = shingles(&norm);
    let mut warnings = doc.warnings.clone();
    for s in &known.seeds {
        let share = overlap(&shingles, &s.shingles);
        if share >= NEAR_DUPLICATE {
            warnings.push(format!(
                "mostly the same text as {} ({:.0} % of its passages): a syndicated copy or another translation? imported all the same",
                match &s.source {
                    Some(id) => format!("source `{id}`"),
                    None => format!("seeds/{}", s.file),
                },
                share * 100.0
            ));
        }
    }
    let id = match &options.id {
        Some(id) => {
            if !project::is_valid_id(id) {
                return refused((
                    format!(
                        "--id `{id}` is not an id: lowercase letters, digits and `-` (e.g. `{}`)",
                        project::slugify(id)
                    ),
                    true,
                ));
            }
            if known.taken(project, id) {
                return refused((
                    format!("--id `{id}`: a source or seed with that id exists already"),
                    true,
                ));
            }
            id.clone()
        }
        None => unique_id(project, known, &title, &read.stem),
    };
    let mut meta = doc.meta.clone();
    if read.url.is_some() {
        meta.url = read.url.clone();
    }
    let files = store::Files {
        id: &id,
        seed_text: &seed_text,
        source_yaml: "",
        original: &read.bytes,
        ext: kind.ext(),
    };
    let paths = files.paths();
    let yaml = source_yaml(
        &id,
        &title,
        &meta,
        &paths.original,
        &sha256,
        &today(),
        &name,
    );
    let files = store::Files {
        source_yaml: &yaml,
        ..files
    };
    match store::store(project, &files) {
        Ok(w) => {
            known.by_sha.insert(sha256.clone(), id.clone());
            known.seeds.push(KnownSeed {
                file: format!("{id}.txt"),
                source: Some(id.clone()),
                norm,
                shingles,
            });
            Outcome::Imported {
                input: name,
                id,
                kind: kind_name(kind),
                title,
                seed: slash(&w.seed),
                source: slash(&w.source),
                original: slash(&w.original),
                sha256,
                warnings,
            }
        }
        Err(m) => refused((m, true)),
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Html => "web page",
        Kind::Pdf => "PDF",
        Kind::Text => "text",
        Kind::Markdown => "Markdown",
    }
}

fn slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// The document's text and metadata, or why there is none.
fn document(kind: Kind, read: &Read) -> Result<Document, String> {
    match kind {
        Kind::Html => {
            let page = html::decode(&read.bytes, read.charset.as_deref());
            html::extract(&page).ok_or_else(|| {
                "is a web page with no article text in it (only scripts? a page that loads its text later): save it from the browser once it shows the article, or print it to PDF".to_string()
            })
        }
        Kind::Pdf => pdf::extract(&read.bytes).map_err(|r| match r {
            pdf::Refusal::Encrypted => "is an encrypted PDF: remove the password (e.g. `qpdf --decrypt`, or print it to a new PDF) and import that".to_string(),
            pdf::Refusal::NoText => "is a PDF with no text layer (a scan?): run OCR on it first (e.g. `ocrmypdf`), then import the result".to_string(),
            pdf::Refusal::Unreadable(why) => format!("is a PDF that cannot be read ({why}): is it damaged or cut short? download it again"),
        }),
        Kind::Text | Kind::Markdown => {
            let text = html::decode(&read.bytes, None);
            let mut paragraphs: Vec<String> = text
                .replace("\r\n", "\n")
                .split("\n\n")
                .map(html::clean)
                .filter(|p| !p.is_empty())
                .collect();
            let mut meta = Meta::default();
            if kind == Kind::Markdown {
                if let Some(first) = paragraphs.first_mut() {
                    if first.starts_with('#') {
                        *first = first.trim_start_matches('#').trim().to_string();
                        meta.title = Some(first.clone());
                    }
                }
            }
            Ok(Document {
                meta,
                paragraphs,
                warnings: vec![],
            })
        }
    }
}

/// Headline first (unless the text starts with it), one paragraph a block, a blank
/// line between, LF line ends, one newline at the end.
fn seed_text(title: &str, paragraphs: &[String]) -> String {
    let title = html::clean(title);
    let mut out: Vec<&str> = Vec::with_capacity(paragraphs.len() + 1);
    let starts_with_title = paragraphs
        .first()
        .is_some_and(|p| normalise(p) == normalise(&title));
    if !starts_with_title && !title.is_empty() {
        out.push(&title);
    }
    out.extend(paragraphs.iter().map(String::as_str));
    let mut s = out.join("\n\n");
    s.push('\n');
    s
}

/// The slug of the title (Cyrillic transliterated), at most ~60 characters, made
/// unique with `-2`, `-3`, …
fn unique_id(project: &Project, known: &Known, title: &str, stem: &str) -> String {
    let mut base = project::slugify(&transliterate(title));
    if base.is_empty() {
        base = project::slugify(&transliterate(stem));
    }
    if base.is_empty() {
        base = "source".to_string();
    }
    if base.len() > 60 {
        let cut = base[..60].rfind('-').unwrap_or(60);
        base.truncate(cut);
    }
    let mut id = base.clone();
    let mut n = 2;
    while known.taken(project, &id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Ukrainian and Russian letters → Latin, for ids (the national transliteration
/// tables, simplified); other letters as they are.
fn transliterate(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let t = match lower {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' => "h",
            'ґ' => "g",
            'д' => "d",
            'е' => "e",
            'є' => "ie",
            'ж' => "zh",
            'з' => "z",
            'и' => "y",
            'і' => "i",
            'ї' => "i",
            'й' => "i",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ь' | 'ъ' | '\'' | '’' => "",
            'ю' => "iu",
            'я' => "ia",
            'ы' => "y",
            'э' => "e",
            'ё' => "e",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(t);
    }
    out
}

/// `content/sources/<id>.yaml`, prefilled.
fn source_yaml(
    id: &str,
    title: &str,
    meta: &Meta,
    original: &Path,
    sha256: &str,
    retrieved: &str,
    input: &str,
) -> String {
    let from = Path::new(input)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|_| !input.contains("://"))
        .unwrap_or_else(|| input.to_string());
    let mut y = format!(
        "# Imported by `dossier import` from {}. Read the seed's text before quoting it.\nseed: {id}.txt\ntitle: {}\n",
        one_line(&from),
        yq(title)
    );
    let fields = [
        ("outlet", meta.outlet.as_deref().map(yq)),
        ("author", meta.author.as_deref().map(yq)),
        ("published", meta.published.clone()),
        ("url", meta.url.as_deref().map(yq)),
        ("language", meta.language.as_deref().map(yq)),
    ];
    for (k, v) in fields {
        if let Some(v) = v {
            y.push_str(&format!("{k}: {v}\n"));
        }
    }
    let file = slash(original.strip_prefix("seeds").unwrap_or(original));
    y.push_str(&format!(
        "original:\n  file: {}\n  sha256: {sha256}\nretrieved: {retrieved}\n",
        yq(&file)
    ));
    y
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A YAML single-quoted scalar on one line.
fn yq(s: &str) -> String {
    format!("'{}'", html::clean(&one_line(s)).replace('\'', "''"))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Today's date (UTC), YYYY-MM-DD: `retrieved`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil(secs / 86_400);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil(days: u64) -> (i64, u32, u32) {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(19_723), (2024, 1, 1));
        assert_eq!(civil(20_513), (2026, 3, 1));
    }

    #[test]
    fn ids_from_titles() {
        assert_eq!(
            project::slugify(&transliterate("Зеленський: Київ отримає допомогу")),
            "zelenskyi-kyiv-otrymaie-dopomohu"
        );
    }

    #[test]
    fn seed_text_has_the_headline_once() {
        let p = vec!["Headline".to_string(), "Body text.".to_string()];
        assert_eq!(seed_text("Headline", &p), "Headline\n\nBody text.\n");
        assert_eq!(seed_text("Other", &p[1..]), "Other\n\nBody text.\n");
    }
}
