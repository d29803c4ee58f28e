//! `dossier new` and `dossier init`: commented skeletons for editors. Every file
//! written here either builds as it is or fails with a message saying what to fill in.

use std::fs;
use std::path::{Path, PathBuf};

use crate::project::{self, Project};

/// What to scaffold with `dossier new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    Actor,
    Source,
    Event,
    Commitment,
    Discrepancy,
}

impl NewKind {
    pub const NAMES: [&'static str; 5] = ["actor", "source", "event", "commitment", "discrepancy"];

    pub fn parse(s: &str) -> Option<NewKind> {
        let s = s.trim().to_ascii_lowercase();
        let s = s.strip_suffix('s').map_or(s.as_str(), |x| {
            if x == "discrepancie" {
                "discrepancy"
            } else {
                x
            }
        });
        Some(match s {
            "actor" => NewKind::Actor,
            "source" => NewKind::Source,
            "event" => NewKind::Event,
            "commitment" => NewKind::Commitment,
            "discrepancy" => NewKind::Discrepancy,
            _ => return None,
        })
    }

    fn dir(self) -> &'static str {
        match self {
            NewKind::Actor => "actors",
            NewKind::Source => "sources",
            NewKind::Event => "events",
            NewKind::Commitment => "commitments",
            NewKind::Discrepancy => "discrepancies",
        }
    }
}

/// Files `new` or `init` wrote, relative to the root, for the editor.
pub type Written = Vec<PathBuf>;

/// "jens-stoltenberg" → "Jens Stoltenberg".
fn title_from_id(id: &str) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// YAML single-quoted scalar.
fn yq(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Writes `content/<kind>s/<id>.yaml` (and, for a source with `seed`, copies the
/// article into `seeds/`).
pub fn new(
    project: &Project,
    kind: NewKind,
    id: &str,
    seed: Option<&Path>,
) -> Result<Written, String> {
    if !project.content().is_dir() {
        return Err(format!(
            "no content/ folder in {}: run this inside a dossier (or `dossier init DIR` first)",
            project.root.display()
        ));
    }
    if !project::is_valid_id(id) {
        let slug = project::slugify(id);
        return Err(format!(
            "`{id}` is not a valid id: ids are lowercase letters, digits and `-`{}",
            if slug.is_empty() {
                String::new()
            } else {
                format!(" (try `{slug}`)")
            }
        ));
    }
    if seed.is_some() && kind != NewKind::Source {
        return Err("--seed goes with `dossier new source`".into());
    }
    let rel = PathBuf::from("content")
        .join(kind.dir())
        .join(format!("{id}.yaml"));
    let path = project.root.join(&rel);
    if path.exists() {
        return Err(format!(
            "{} already exists; not overwriting it",
            rel.display()
        ));
    }
    let mut written = Vec::new();
    let title = title_from_id(id);
    let text = match kind {
        NewKind::Actor => format!(
            "# An actor: a person, organization, country or group the sources name.\n\
             name: {}\n\
             kind: person            # person | organization | country | group\n\
             aliases: []             # every other spelling the seeds use, e.g. [Stoltenberg]\n\
             role: ''                # as the sources give it\n\
             affiliations: []        # actor ids\n\
             summary: ''             # Markdown, written from the sources\n",
            yq(&title)
        ),
        NewKind::Source => {
            let (seed_name, headline) = match seed {
                Some(file) => copy_seed(project, file, &mut written)?,
                None => (format!("{id}.txt"), None),
            };
            let (title_line, editors) = match headline {
                Some(h) => (
                    yq(&h),
                    "false        # the title is the article's own headline",
                ),
                None => (
                    yq(&title),
                    "true         # set to false if the title is the article's own headline",
                ),
            };
            format!(
                "# A source: the metadata of one article in seeds/.\n\
                 seed: {}{}\n\
                 title: {title_line}\n\
                 editors_title: {editors}\n\
                 outlet: ''\n\
                 author: ''\n\
                 # published: YYYY-MM-DD\n\
                 language: en\n\
                 summary: ''             # Markdown: what the article reports; how the date was inferred\n",
                yq(&seed_name),
                if seed.is_none() { "       # put the article in seeds/ under this name" } else { "" },
            )
        }
        NewKind::Event => format!(
            "# An event: a dated happening, shown on the timeline.\n\
             title: {}\n\
             date: unknown           # YYYY-MM-DD (or YYYY-MM, YYYY)\n\
             # end: YYYY-MM-DD\n\
             place: ''\n\
             actors: []              # actor ids\n\
             summary: ''             # Markdown; say how the date was resolved\n\
             evidence: []\n\
             # evidence:\n\
             #   - source: source-id\n\
             #     quote: verbatim words from that source\n",
            yq(&title)
        ),
        NewKind::Commitment => format!(
            "# A commitment: who pledged what to whom, on what evidence.\n\
             title: {}\n\
             by: []                  # REQUIRED: actor ids of who made the commitment\n\
             to: []                  # actor ids\n\
             # date: YYYY-MM-DD\n\
             # event: event-id\n\
             status: announced       # announced | in-progress | fulfilled | broken | withdrawn\n\
             categories: []          # e.g. [weapons, training, finance]\n\
             summary: ''\n\
             evidence: []\n\
             # evidence:\n\
             #   - source: source-id\n\
             #     quote: verbatim words from that source\n\
             #     speaker: actor-id    # optional: who said the quoted words\n",
            yq(&title)
        ),
        NewKind::Discrepancy => format!(
            "# A discrepancy: where the sources disagree, each account quoted.\n\
             title: {}\n\
             summary: ''             # what differs, and which account is likely right and why\n\
             about: []               # e.g. [actors/x, events/y, commitments/z]\n\
             accounts: []            # REQUIRED: two or more, like this:\n\
             #   - source: source-id\n\
             #     quote: verbatim words from that source\n\
             #     note: what this account claims\n",
            yq(&title)
        ),
    };
    fs::create_dir_all(path.parent().expect("has a parent")).map_err(|e| e.to_string())?;
    fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", rel.display()))?;
    written.push(rel);
    Ok(written)
}

/// Copies an article into `seeds/`; returns its name and its headline, if the first
/// line reads as one.
fn copy_seed(
    project: &Project,
    file: &Path,
    written: &mut Written,
) -> Result<(String, Option<String>), String> {
    // The checks `seeds/` gets: a regular file (a pipe or a device could block or
    // never end), within the size limit, UTF-8 text.
    let meta = fs::metadata(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    if !meta.is_file() {
        return Err(format!(
            "{} is not a regular file (a folder, a device or a pipe); give the article's text file",
            file.display()
        ));
    }
    let text = crate::load::read_text(file, crate::load::MAX_SEED_BYTES).map_err(
        |(msg, line)| match line {
            Some(l) => format!("{}:{l}: {msg}", file.display()),
            None => format!("{}: {msg}", file.display()),
        },
    )?;
    let bytes = fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or("the seed file has no usable name")?
        .to_string();
    let dest_rel = PathBuf::from("seeds").join(&name);
    let dest = project.root.join(&dest_rel);
    if dest.exists() {
        if fs::read(&dest).ok().as_deref() != Some(&bytes[..]) {
            return Err(format!(
                "{} already exists with other content; not overwriting it",
                dest_rel.display()
            ));
        }
    } else {
        fs::create_dir_all(project.seeds()).map_err(|e| e.to_string())?;
        fs::write(&dest, &bytes)
            .map_err(|e| format!("cannot write {}: {e}", dest_rel.display()))?;
        written.push(dest_rel);
    }
    Ok((name, headline(&text)))
}

/// The first line, if it reads as a headline: short, not a sentence ending in a
/// period, and followed by more text.
pub fn headline(text: &str) -> Option<String> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    lines.next()?;
    let words = first.split_whitespace().count();
    let ends_like_sentence = first.ends_with('.') && !first.ends_with("..");
    ((2..=25).contains(&words) && first.chars().count() <= 160 && !ends_like_sentence)
        .then(|| first.to_string())
}

/// Starts a new dossier in `dir` (which must be empty or not exist).
pub fn init(dir: &Path) -> Result<Written, String> {
    if dir.exists() {
        let mut entries =
            fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} is not empty; `dossier init` starts a dossier in a new or empty folder",
                dir.display()
            ));
        }
    }
    let name = dir
        .canonicalize()
        .ok()
        .or_else(|| std::env::current_dir().ok().map(|c| c.join(dir)))
        .and_then(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_string))
        .unwrap_or_else(|| "dossier".into());
    let title = title_from_id(&project::slugify(&name));
    let title = if title.is_empty() {
        "A new dossier".to_string()
    } else {
        title
    };
    let files: Vec<(&str, String)> = vec![
        (
            "content/dossier.yaml",
            format!(
                "title: {}\n\
                 description: |\n  What this dossier is about, in a paragraph or two (Markdown).\n\
                 language: en\n\
                 # base_url: https://example.org/this-dossier   # for absolute URLs in sitemap.xml\n",
                yq(&title)
            ),
        ),
        (
            "content/pages/about.md",
            "---\ntitle: About this dossier\nweight: 1\n---\n\
             Who compiled this dossier, for whom, and how to read it: every claim links to\n\
             the paragraph of the source it rests on.\n"
                .to_string(),
        ),
        ("content/actors/.gitkeep", String::new()),
        ("content/sources/.gitkeep", String::new()),
        ("content/events/.gitkeep", String::new()),
        ("content/commitments/.gitkeep", String::new()),
        ("content/discrepancies/.gitkeep", String::new()),
        ("seeds/.gitkeep", String::new()),
        ("templates/.gitkeep", String::new()),
        (".gitignore", "/public\n".to_string()),
        ("README.md", editors_readme(&title)),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let p = dir.join(rel);
        fs::create_dir_all(p.parent().expect("has a parent"))
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        fs::write(&p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

fn editors_readme(title: &str) -> String {
    format!(
        "# {title}\n\n\
         A dossier built with `dossier`. Preview it while you edit:\n\n\
         ```sh\ndossier serve          # http://127.0.0.1:1111, reloads on every save\n```\n\n\
         ## Adding to it\n\n\
         1. Put each article in `seeds/` as plain UTF-8 text, verbatim (typos and all), and\n   \
            describe it: `dossier new source <id> --seed path/to/article.txt`.\n\
         2. Add the people, organisations and countries it names: `dossier new actor <id>`;\n   \
            list every spelling the articles use under `aliases`.\n\
         3. Record events, commitments and discrepancies: `dossier new event|commitment|discrepancy <id>`.\n   \
            Every claim rests on `evidence`: a `source` id and a `quote` copied verbatim from it.\n\n\
         `dossier check` validates everything (ids, dates, every quote against its source)\n\
         and says which file and line to fix.\n\n\
         ## Publishing\n\n\
         `dossier build` writes the site to `public/`: plain files that work on any static\n\
         host, under any sub-path, and opened straight from disk.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_titles() {
        assert_eq!(NewKind::parse("actor"), Some(NewKind::Actor));
        assert_eq!(NewKind::parse("discrepancies"), Some(NewKind::Discrepancy));
        assert_eq!(NewKind::parse("Sources"), Some(NewKind::Source));
        assert_eq!(NewKind::parse("person"), None);
        assert_eq!(title_from_id("jens-stoltenberg"), "Jens Stoltenberg");
    }

    #[test]
    fn headlines() {
        assert_eq!(
            headline("Ukraine starting to develop bilateral documents - Zelensky\n\nUkraine is already starting.").as_deref(),
            Some("Ukraine starting to develop bilateral documents - Zelensky")
        );
        assert_eq!(
            headline("The leaders of the G7 signed today a statement.\n\nSo it says."),
            None
        );
        assert_eq!(headline("One line only"), None);
    }
}
