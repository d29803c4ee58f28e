//! The Tera templates: built-in defaults compiled into the binary, each overridable by
//! a file of the same name in the dossier's `templates/` folder. Every built-in is also
//! registered as `default/<name>`, so an override can extend it and change one block.

use std::path::Path;

use tera::Tera;

use crate::diag::{Diagnostic, Diagnostics};
use crate::project;

macro_rules! builtins {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("templates/", $name)))),*]
    };
}

/// The built-in templates, by name.
pub const BUILTIN: &[(&str, &str)] = builtins!(
    "base.html",
    "macros.html",
    "index.html",
    "actors.html",
    "actor.html",
    "sources.html",
    "source.html",
    "event.html",
    "timeline.html",
    "commitments.html",
    "commitment.html",
    "discrepancies.html",
    "discrepancy.html",
    "page.html",
    "coverage.html",
    "print.html",
    "map.html",
    "az.html",
    "404.html",
);

/// The built-in stylesheet, written to `assets/style.css`; `templates/style.css`
/// replaces it.
pub const STYLE: &str = include_str!("templates/style.css");

/// The reader's script (search box, link previews), written to `assets/dossier.js`.
pub const SCRIPT: &str = include_str!("assets/dossier.js");

/// elasticlunr.js 0.9.5 (MIT), vendored unchanged from npm: the search engine that
/// reads the index `search.rs` writes. Loaded only when a reader searches.
pub const ELASTICLUNR: &str = include_str!("assets/elasticlunr.min.js");

/// The site's icon, written to `assets/favicon.svg`.
pub const FAVICON: &str = include_str!("assets/favicon.svg");

pub struct Templates {
    pub tera: Tera,
    pub style: String,
    /// Names of templates the dossier overrides, for messages.
    overridden: Vec<String>,
}

impl Templates {
    /// Built-ins plus the overrides found in `dir` (which may not exist).
    pub fn load(dir: &Path, root: &Path, diags: &mut Diagnostics) -> Option<Templates> {
        let mut user: Vec<(String, String)> = Vec::new();
        let mut style = STYLE.to_string();
        for path in project::files_in(dir).unwrap_or_default() {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let text = match std::fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) => {
                    diags.push(Diagnostic::error(
                        rel,
                        format!("cannot read the template: {e}"),
                    ));
                    continue;
                }
            };
            if name == "style.css" {
                style = text;
            } else if name.ends_with(".html") {
                user.push((name, text));
            }
        }
        let overridden: Vec<String> = user.iter().map(|(n, _)| n.clone()).collect();
        let mut all: Vec<(String, String)> = user;
        for (name, text) in BUILTIN {
            // `default/<name>` is only for overrides to extend; parsing costs time.
            if !overridden.is_empty() {
                all.push((format!("default/{name}"), text.to_string()));
            }
            if !overridden.iter().any(|n| n == name) {
                all.push((name.to_string(), text.to_string()));
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's own escaper also turns `/` into `&#x2F;`, which is safe but makes
        // every href unreadable; ours escapes what matters in text and attributes.
        tera.set_escape_fn(crate::html::escape);
        if let Err(e) = tera.add_raw_templates(all) {
            diags.push(diagnostic(&overridden, &e, None));
            return None;
        }
        Some(Templates {
            tera,
            style,
            overridden,
        })
    }

    /// An editor-facing diagnostic for a Tera error, naming the template file.
    pub fn diagnostic(&self, e: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        diagnostic(&self.overridden, e, rendering)
    }
}

/// A Tera error as a diagnostic, naming the overriding template file it comes from.
fn diagnostic(overridden: &[String], e: &tera::Error, rendering: Option<&str>) -> Diagnostic {
    let mut chain = vec![e.to_string()];
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        chain.push(s.to_string());
        src = s.source();
    }
    let text = chain.join(": ");
    let file = overridden
        .iter()
        .find(|n| text.contains(&format!("'{n}'")))
        .map(|n| format!("templates/{n}"))
        .unwrap_or_else(|| "templates/".into());
    let msg = match rendering {
        Some(page) => format!("template error while rendering {page}: {text}"),
        None => format!("template error: {text}"),
    };
    Diagnostic::error(file, msg)
}
