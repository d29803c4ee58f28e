//! The Tera templates: built-in defaults compiled into the binary, each overridable by
//! a file of the same name in the dossier's `templates/` folder. Every built-in is also
//! registered as `default/<name>`, so an override can extend it and change one block.

use std::path::Path;

use tera::Tera;

use super::strings::Strings;
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
    "corrections.html",
    "404.html",
    "pager.html",
);

/// The built-in templates whose pages show the roles of the actors they refer to. (An
/// actor's own page shows its role from the actor, not from a reference.) A test
/// renders every other built-in page with and without them and finds no difference.
pub const SHOWS_REF_ROLES: &[&str] = &["actors.html", "print.html"];

/// The built-in stylesheet, written to `assets/style.css`; `templates/style.css`
/// replaces it.
pub const STYLE: &str = include_str!("templates/style.css");

/// The reader's script (search box, link previews), written to `assets/dossier.js`.
pub const SCRIPT: &str = include_str!("assets/dossier.js");
/// The index pages' filters and sorting, written to `assets/filter.js` (no words of its own).
pub const FILTER_SCRIPT: &str = include_str!("assets/filter.js");

/// The style of a paged list's pager, written to `assets/lists.css`.
pub const LISTS_STYLE: &str = include_str!("assets/lists.css");

/// The search engine, written to `assets/search.js`: reads the index `search/shards.rs`
/// writes. Loaded only when a reader searches or a preview is shown.
pub const SEARCH: &str = include_str!("assets/search.js");

/// The site's icon, written to `assets/favicon.svg`.
pub const FAVICON: &str = include_str!("assets/favicon.svg");

pub struct Templates {
    pub tera: Tera,
    /// The reader-facing strings, which templates see as `t`: the built-in English
    /// ones, overlaid with the dossier's catalogue for their language.
    pub strings: Strings,
    /// The dossier's own catalogues (`templates/i18n/<language>.yaml`), by language.
    catalogues: std::collections::HashMap<String, Strings>,
    /// The built-ins Tera has (by the name it has them under), baked in the words of
    /// `strings` (see [`Strings::bake`]).
    builtins: Vec<(String, &'static str)>,
    pub style: String,
    /// Names of templates the dossier overrides, for messages.
    overridden: Vec<String>,
    /// The templates whose pages may show the roles of the actors they refer to.
    ref_roles: std::collections::HashSet<String>,
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
            let Some((_, text)) = read(&path, root, "template", diags) else {
                continue;
            };
            if name == "style.css" {
                style = text;
            } else if name.ends_with(".html") {
                user.push((name, text));
            }
        }
        let overridden: Vec<String> = user.iter().map(|(n, _)| n.clone()).collect();
        let sources: std::collections::HashMap<String, String> = user.iter().cloned().collect();
        let catalogues = catalogues(&dir.join("i18n"), root, diags)?;
        let strings = Strings::english().overlaid("en", catalogues.get("en"));
        let mut builtins = Vec::new();
        for (name, text) in BUILTIN {
            // `default/<name>` is only for overrides to extend; parsing costs time.
            // Components are global: a second copy of them would clash.
            if !overridden.is_empty() && *name != COMPONENTS {
                builtins.push((format!("default/{name}"), *text));
            }
            if !overridden.iter().any(|n| n == name) {
                builtins.push((name.to_string(), *text));
            }
        }
        let mut all: Vec<(String, String)> = user;
        all.extend(builtins.iter().map(|(n, t)| (n.clone(), strings.bake(t))));
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        // The one escaper of the site, so that text escapes alike in templates and in
        // the HTML that views make (`html::escape`).
        tera.set_escape_fn(crate::html::escape_to);
        // Before the templates, which are checked for the filters they use;
        // `use_language` sets `plural`'s language.
        tera.register_filter("fill", super::strings::fill_filter);
        tera.register_filter("plural", super::strings::plural_filter("en".into()));
        if let Err(e) = tera.add_raw_templates(all.iter().map(|(n, t)| (n, t))) {
            diags.push(diagnostic(&overridden, &e, None));
            return None;
        }
        // Components are global: a call may reach any template that defines one.
        let defining: Vec<String> = all
            .iter()
            .filter(|(_, t)| tags(t).any(|t| t.starts_with("component ")))
            .map(|(n, _)| n.clone())
            .collect();
        let ref_roles = all
            .iter()
            .map(|(name, _)| name)
            .filter(|name| shows_ref_roles(&defining, &sources, name))
            .cloned()
            .collect();
        let mut t = Templates {
            tera,
            strings,
            catalogues,
            builtins,
            style,
            overridden,
            ref_roles,
        };
        t.speak();
        Some(t)
    }

    /// Tells Tera the words of `strings`: `t` and the plural rule.
    fn speak(&mut self) {
        self.tera.register_filter(
            "plural",
            super::strings::plural_filter(self.strings.language().to_string()),
        );
        // Once for every page: `t.section.key`.
        self.tera.global_context().insert("t", &self.strings.tree());
    }

    /// Speaks `language` (the dossier's): the built-in English strings overlaid with
    /// the dossier's catalogue for it, if it has one. Whether that changed the words
    /// (pages rendered before are then stale).
    pub fn use_language(&mut self, language: &str) -> bool {
        if self.strings.language() == language {
            return false;
        }
        self.strings = Strings::english().overlaid(language, self.catalogues.get(language));
        self.speak();
        // The built-ins again, baked in these words; they parsed before, so they do
        // again (a baked text has no brace).
        let baked: Vec<(String, String)> = self
            .builtins
            .iter()
            .map(|(n, t)| (n.clone(), self.strings.bake(t)))
            .collect();
        let _ = self.tera.add_raw_templates(baked);
        true
    }

    /// Whether pages rendered with template `name` may show the roles of the actors
    /// they refer to.
    pub fn shows_ref_roles(&self, name: &str) -> bool {
        self.ref_roles.contains(name)
    }

    /// An editor-facing diagnostic for a Tera error, naming the template file.
    pub fn diagnostic(&self, e: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        diagnostic(&self.overridden, e, rendering)
    }
}

/// The text of the file at `path` and its path from `root`; `None` if it cannot be
/// read (said in `diags`, naming it as a `what`).
fn read(
    path: &Path,
    root: &Path,
    what: &str,
    diags: &mut Diagnostics,
) -> Option<(std::path::PathBuf, String)> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    match std::fs::read_to_string(path) {
        Ok(text) => Some((rel, text)),
        Err(e) => {
            diags.push(Diagnostic::error(
                rel,
                format!("cannot read the {what}: {e}"),
            ));
            None
        }
    }
}

/// The dossier's catalogues in `dir` (`<language>.yaml`), by language; `None` if one
/// of them is wrong (said in `diags`).
fn catalogues(
    dir: &Path,
    root: &Path,
    diags: &mut Diagnostics,
) -> Option<std::collections::HashMap<String, Strings>> {
    let mut out = std::collections::HashMap::new();
    let mut ok = true;
    for path in project::files_in(dir).unwrap_or_default() {
        let Some(language) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".yaml"))
        else {
            continue;
        };
        let Some((rel, text)) = read(&path, root, "catalogue", diags) else {
            ok = false;
            continue;
        };
        match Strings::parse(&text) {
            Ok(own) => {
                for (key, help) in Strings::english().check(&own) {
                    let last = key.rsplit('.').next().unwrap_or(&key);
                    diags.push(
                        Diagnostic::error(
                            rel.clone(),
                            format!("`{key}` is not a text of the built-in catalogue"),
                        )
                        .at(crate::load::locate::key(&text, last, 0))
                        .help_opt(help),
                    );
                    ok = false;
                }
                out.insert(language.to_string(), own);
            }
            Err(e) => {
                let help = e.help.or_else(|| {
                    Some("each line is `key: text`, nested as in the built-in en.yaml".into())
                });
                diags.push(
                    Diagnostic::error(rel, format!("the catalogue does not parse: {}", e.message))
                        .at(e.pos)
                        .help_opt(help),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// The built-in template that defines the components (Tera's macros) the others use.
const COMPONENTS: &str = "macros.html";

/// Whether template `name`, with what it extends, includes and the components it
/// calls, may show the roles of the actors it refers to. A built-in says so in
/// [`SHOWS_REF_ROLES`]; a template of the dossier's (in `user`) does unless
/// [`may_show_roles`] says not. `defining` names the templates that define components.
fn shows_ref_roles(
    defining: &[String],
    user: &std::collections::HashMap<String, String>,
    name: &str,
) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![name.to_string()];
    while let Some(n) = todo.pop() {
        if !seen.insert(n.clone()) {
            continue;
        }
        let text = match user.get(&n).filter(|_| !n.starts_with("default/")) {
            Some(text) if may_show_roles(text) => return true,
            Some(text) => text.as_str(),
            None => {
                let builtin = n.strip_prefix("default/").unwrap_or(&n);
                if SHOWS_REF_ROLES.contains(&builtin) {
                    return true;
                }
                match BUILTIN.iter().find(|(b, _)| *b == builtin) {
                    Some((_, text)) => text,
                    // Not a template: Tera reports it when rendering.
                    None => continue,
                }
            }
        };
        todo.extend(included(text));
        if calls_components(text) {
            todo.extend(defining.iter().cloned());
        }
    }
    false
}

/// Whether a text calls a component: `{{ <name … /> }}` or `{% <name …> %}`.
fn calls_components(text: &str) -> bool {
    tags(text).any(|t| t.starts_with('<'))
}

/// The Tera tags (`{{ … }}`, `{% … %}`) of a template's text, without their braces,
/// whitespace-control dashes and surrounding spaces.
pub(super) fn tags(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = [rest.find("{{"), rest.find("{%")]
            .into_iter()
            .flatten()
            .min()?;
        let close = if rest[start..].starts_with("{{") {
            "}}"
        } else {
            "%}"
        };
        let body = &rest[start + 2..];
        let end = body.find(close).unwrap_or(body.len());
        rest = &body[(end + 2).min(body.len())..];
        Some(body[..end].trim_matches('-').trim())
    })
}

/// The templates a text extends or includes (`{% extends "x.html" %}`,
/// `{% include "x.html" %}`, or a list of names).
fn included(text: &str) -> Vec<String> {
    tags(text)
        .filter_map(|t| {
            t.strip_prefix("include")
                .or_else(|| t.strip_prefix("extends"))
        })
        .flat_map(|args| args.split(['"', '\'']).skip(1).step_by(2))
        .map(str::to_string)
        .collect()
}

/// Whether a template's text may show an actor's role: a tag names `role`, or reads
/// fields it does not name (a subscript by a variable, `get`, a filter's `attribute`
/// given by a variable, `json_encode`, the whole context, a loop over an object's
/// fields). Text outside tags (an HTML `role="…"`) is not read.
pub fn may_show_roles(text: &str) -> bool {
    tags(text).any(|t| {
        let words = t.split(|c: char| !(c.is_alphanumeric() || c == '_'));
        let mut words = words.filter(|w| !w.is_empty());
        let first = t.split_whitespace().next();
        let key_value_loop =
            first == Some("for") && t.split(" in ").next().is_some_and(|h| h.contains(','));
        // What follows `marker` (and `=`, if `assign`) is not a literal.
        let by_variable = |marker: &str, assign: bool| {
            t.match_indices(marker).any(|(i, _)| {
                let mut after = t[i + marker.len()..].trim_start();
                if assign {
                    match after.strip_prefix('=') {
                        Some(a) => after = a.trim_start(),
                        None => return false,
                    }
                }
                !matches!(
                    after.chars().next(),
                    Some('"' | '\'' | '`' | ']' | '0'..='9')
                )
            })
        };
        key_value_loop
            || by_variable("[", false)
            || by_variable("attribute", true)
            || t.contains("...")
            || words.any(|w| matches!(w, "role" | "get" | "json_encode" | "__tera_context"))
    })
}

/// A Tera error as a diagnostic: at the line and column of the dossier's template it
/// comes from, or naming the built-in one.
fn diagnostic(overridden: &[String], e: &tera::Error, rendering: Option<&str>) -> Diagnostic {
    let during = match rendering {
        Some(page) => format!(" while rendering {page}"),
        None => String::new(),
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let name = r.filename();
            let span = r.span();
            let pos = crate::diag::Pos {
                line: span.start_line,
                column: span.start_col + 1,
            };
            let help = tera1_help(r.message()).map(str::to_string);
            if overridden.iter().any(|n| n == name) {
                Diagnostic::error(
                    format!("templates/{name}"),
                    format!("template error{during}: {}", r.message()),
                )
                .at(Some(pos))
                .help_opt(help)
            } else {
                Diagnostic::error(
                    "templates/",
                    format!(
                        "template error{during}, in the built-in template {name} (line {}, column {}): {}",
                        pos.line,
                        pos.column,
                        r.message()
                    ),
                )
            }
        }
        _ => {
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
            Diagnostic::error(file, format!("template error{during}: {text}"))
        }
    }
}

/// What Tera 2 wants instead, for an error that a template written for Tera 1 makes.
fn tera1_help(message: &str) -> Option<&'static str> {
    match message {
        "Found integer but expected identifier." | "Found float but expected identifier." => {
            Some("an item of a list is written `x[0]`, not `x.0`")
        }
        "Found string but expected identifier." => Some(
            "filters and tests take named arguments: `default(value=\"—\")`, `is containing(pat=\"x\")`",
        ),
        "Unknown tag" => Some(
            "Tera 2 has no `macro` or `import`: a macro is a component, `{% component m.name(arg) %}…{% endcomponent m.name %}`, called as `{{ <m.name arg={value}/> }}` (see templates/README.md)",
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_may_show_a_role() {
        let cases = [
            (r#"<nav role="navigation">{{ a.name }}</nav>"#, false),
            ("{{ a.role }}", true),
            ("{% if c.actor.role %}x{% endif %}", true),
            (r#"{{ a["role"] }}"#, true),
            ("{{ a[field] }}", true),
            ("{{ a[0].name }}", false),
            (r#"{{ a | get(key="role") }}"#, true),
            ("{{ page | json_encode() }}", true),
            ("{{ __tera_context }}", true),
            ("{% for k, v in page.actor %}{{ v }}{% endfor %}", true),
            ("{% for a in page.actors %}{{ a.name }}{% endfor %}", false),
            (r#"{{ l | map(attribute="name") | join(sep=", ") }}"#, false),
            ("{{ l | map(attribute = which) }}", true),
            ("{# role #}{{ a.name }}", false),
        ];
        for (text, want) in cases {
            assert_eq!(may_show_roles(text), want, "{text}");
        }
    }

    /// A dossier's template that extends a built-in which shows no roles, or calls
    /// components that do, is judged as a whole.
    #[test]
    fn a_template_is_judged_with_what_it_uses() {
        let dir = tempfile::tempdir().unwrap();
        let t = |files: &[(&str, &str)]| {
            for (name, text) in files {
                std::fs::write(dir.path().join(name), text).unwrap();
            }
            let mut diags = Diagnostics::default();
            let t = Templates::load(dir.path(), dir.path(), &mut diags);
            let t = t.unwrap_or_else(|| panic!("{files:?}: {diags:?}"));
            for (name, _) in files {
                std::fs::remove_file(dir.path().join(name)).unwrap();
            }
            t
        };
        let plain = t(&[]);
        assert!(plain.shows_ref_roles("actors.html"));
        assert!(plain.shows_ref_roles("print.html"));
        assert!(!plain.shows_ref_roles("actor.html"));
        assert!(!plain.shows_ref_roles("source.html"));
        let extends = r#"{% extends "default/source.html" %}{% block content %}<p>x</p>{{ super() }}{% endblock content %}"#;
        assert!(!t(&[("source.html", extends)]).shows_ref_roles("source.html"));
        let shows = r#"{% extends "default/source.html" %}{% block content %}{{ page.mentioned[0].actor.role }}{% endblock content %}"#;
        assert!(t(&[("source.html", shows)]).shows_ref_roles("source.html"));
        // Through a component it calls (components are global: any of them), or a
        // template it includes.
        let card = r#"{% component card(a) %}{{ a.role }}{% endcomponent card %}"#;
        let calls = r#"{% extends "default/source.html" %}{% block content %}{{ <card a={page.mentioned[0].actor}/> }}{% endblock content %}"#;
        let with_card = t(&[("cards.html", card), ("source.html", calls)]);
        assert!(with_card.shows_ref_roles("source.html"));
        assert!(with_card.shows_ref_roles("actor.html"));
        let quiet = r#"{% component card(a) %}{{ a.name }}{% endcomponent card %}"#;
        let with_quiet = t(&[("cards.html", quiet), ("source.html", calls)]);
        assert!(!with_quiet.shows_ref_roles("source.html"));
        assert!(!with_quiet.shows_ref_roles("actor.html"));
        let includes = r#"{% extends "default/source.html" %}{% block content %}{% include "card.html" %}{% endblock content %}"#;
        let t2 = t(&[("source.html", includes), ("card.html", "{{ a.role }}")]);
        assert!(t2.shows_ref_roles("source.html"));
    }
}
