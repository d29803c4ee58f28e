//! The words a reader sees: one catalogue for the built-in templates, the views, the
//! map pictures and the reader's script. English is built in (`i18n/en.yaml`, the
//! same shape as a dossier's own catalogue). Templates read it as `t` (Tera's global
//! context) through the `fill` and `plural` filters; views borrow from it. It decides
//! no content, only the words around it; `dossier.json` and CSS classes are data.

use std::fmt::Write;

use rustc_hash::FxHashMap;

use tera::{Kwargs, State, TeraResult, Value};

use crate::html::escape_into;
use crate::model::Date;

/// The English catalogue, built in.
pub const ENGLISH: &str = include_str!("i18n/en.yaml");

/// A catalogue: text by dotted key (`actor.mentions.one`), and the language whose
/// plural rule picks among the forms of an entry.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// Hashed with Fx: every page looks words up.
    texts: FxHashMap<String, String>,
    language: String,
}

/// The forms a plural entry may have (CLDR's names); English has `one` and `other`.
pub const PLURAL_FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

impl Strings {
    /// A catalogue from the text of a YAML file.
    pub fn parse(text: &str) -> Result<Strings, crate::load::yaml::YamlError> {
        let texts = crate::load::yaml::catalogue(text)?.into_iter().collect();
        Ok(Strings {
            texts,
            language: "en".into(),
        })
    }

    /// The built-in English catalogue.
    pub fn english() -> &'static Strings {
        static EN: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        // A unit test parses it; an empty catalogue would show the keys.
        EN.get_or_init(|| Strings::parse(ENGLISH).unwrap_or_default())
    }

    /// These strings for `language`, with the texts of `own` (a dossier's catalogue,
    /// checked by [`Strings::check`]) in place of these.
    pub fn overlaid(&self, language: &str, own: Option<&Strings>) -> Strings {
        let mut texts = self.texts.clone();
        if let Some(own) = own {
            texts.extend(own.texts.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Strings {
            texts,
            language: language.to_string(),
        }
    }

    /// What is wrong with `own`, a dossier's catalogue, against these (the built-in
    /// one): each key it has that these lack (but for the plural forms of an entry
    /// these have), with the nearest key these have.
    pub fn check(&self, own: &Strings) -> Vec<(String, Option<String>)> {
        let mut wrong: Vec<(String, Option<String>)> = own
            .keys()
            .into_iter()
            .filter(|k| !self.texts.contains_key(*k))
            .filter(|k| {
                !k.rsplit_once('.').is_some_and(|(entry, form)| {
                    PLURAL_FORMS.contains(&form)
                        && self.texts.contains_key(&format!("{entry}.other"))
                })
            })
            .map(|k| {
                let help = crate::diag::suggest(k, self.keys());
                (k.to_string(), help)
            })
            .collect();
        wrong.sort();
        wrong
    }

    /// The language these strings are in.
    pub fn language(&self) -> &str {
        &self.language
    }

    /// The text at `key`; the key itself if the catalogue lacks it (a unit test
    /// checks that every key the code asks for is in the English catalogue).
    pub fn get<'s>(&'s self, key: &'s str) -> &'s str {
        self.texts.get(key).map_or(key, String::as_str)
    }

    /// The text at `key` with its `{name}` placeholders filled in from `args`.
    pub fn fill(&self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        fill(self.get(key), |name, out| {
            let (_, v) = args.iter().find(|(n, _)| *n == name)?;
            write!(out, "{v}").ok()
        })
    }

    /// The form of the plural entry `key` (`one`, `other`) for the count `n`, with
    /// `{n}` and the placeholders in `args` filled in.
    pub fn plural(&self, key: &str, n: i128, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let form = format!("{key}.{}", plural_form(&self.language, n));
        let other = format!("{key}.other");
        let text = self
            .texts
            .get(&form)
            .or_else(|| self.texts.get(&other))
            .map_or(form.as_str(), String::as_str);
        fill(text, |name, out| {
            if name == "n" {
                return write!(out, "{n}").ok();
            }
            let (_, v) = args.iter().find(|(n, _)| *n == name)?;
            write!(out, "{v}").ok()
        })
    }

    /// A date for readers: "12 July 2023", "July 2023", "2023", "date unknown".
    pub fn date(&self, d: &Date) -> String {
        let month = |m: u8| self.get(month_key(m));
        match *d {
            Date::Year(y) => self.fill("dates.year", &[("year", &y)]),
            Date::Month(y, m) => self.fill("dates.month", &[("month", &month(m)), ("year", &y)]),
            Date::Day(y, m, day) => self.fill(
                "dates.day",
                &[("day", &day), ("month", &month(m)), ("year", &y)],
            ),
            Date::Unknown => self.get("dates.unknown").to_string(),
        }
    }

    /// The catalogue as nested maps, for templates (`t.actor.mentions`).
    pub fn tree(&self) -> serde_json::Value {
        let mut root = serde_json::Map::new();
        let mut keys: Vec<&String> = self.texts.keys().collect();
        keys.sort();
        for key in keys {
            let mut map = &mut root;
            let mut parts = key.split('.').peekable();
            while let Some(part) = parts.next() {
                if parts.peek().is_none() {
                    map.insert(part.to_string(), self.texts[key].clone().into());
                    break;
                }
                let next = map
                    .entry(part.to_string())
                    .or_insert_with(|| serde_json::Value::Object(Default::default()));
                match next {
                    serde_json::Value::Object(m) => map = m,
                    // A text and a group of the same name: the text wins.
                    _ => break,
                }
            }
        }
        serde_json::Value::Object(root)
    }

    /// The reader's script (`dossier.js`) in these words: each English literal of
    /// [`SCRIPT_WORDS`] replaced by its text here, and the kinds of search results
    /// and link previews named as `kinds` names them (if they differ from the ids).
    pub fn script(&self, source: &str) -> String {
        let mut out = source.to_string();
        for (key, english) in SCRIPT_WORDS {
            let text = serde_json::Value::from(self.get(key)).to_string();
            out = out.replace(
                &serde_json::Value::from(english.to_string()).to_string(),
                &text,
            );
        }
        let kinds: serde_json::Map<String, serde_json::Value> = KINDS
            .iter()
            .map(|k| (k.to_string(), self.get(&format!("kinds.{k}")).into()))
            .collect();
        if kinds.iter().any(|(k, v)| v != k.as_str()) {
            let named = format!("({}[d.k] || d.k)", serde_json::Value::Object(kinds));
            for class in ["\"result-kind\", ", "\"preview-kind\", "] {
                out = out.replace(&format!("{class}d.k)"), &format!("{class}{named})"));
            }
        }
        out
    }

    /// A built-in template's text with each plain `{{ t.key }}` tag replaced by the
    /// key's text, escaped as Tera would: what most pages say costs no lookup when
    /// they render. A text with a brace in it stays a tag (it must not become one).
    pub fn bake(&self, template: &str) -> String {
        const OPEN: &str = "{{ t.";
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(i) = rest.find(OPEN) {
            out.push_str(&rest[..i]);
            let after = &rest[i + OPEN.len()..];
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || "_.-".contains(c)))
                .unwrap_or(after.len());
            let text = self
                .texts
                .get(&after[..end])
                .filter(|text| after[end..].starts_with(" }}") && !text.contains(['{', '}']));
            match text {
                Some(text) => {
                    escape_into(text, &mut out);
                    rest = &after[end + 3..];
                }
                None => {
                    out.push_str(OPEN);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The dotted keys, sorted.
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.texts.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }
}

fn month_key(m: u8) -> &'static str {
    match m {
        1..=12 => [
            "dates.months.january",
            "dates.months.february",
            "dates.months.march",
            "dates.months.april",
            "dates.months.may",
            "dates.months.june",
            "dates.months.july",
            "dates.months.august",
            "dates.months.september",
            "dates.months.october",
            "dates.months.november",
            "dates.months.december",
        ][m as usize - 1],
        _ => "dates.unknown",
    }
}

/// The words of the reader's script, by key, as `dossier.js` writes them in English.
/// (The script counts results in English's way: one, or more.)
pub const SCRIPT_WORDS: [(&str, &str); 7] = [
    (
        "search.hint",
        "Results appear below as you type; press Enter for the first, or the down arrow to move through them.",
    ),
    (
        "script.nothing_found",
        "Nothing found. The A–Z index lists every name.",
    ),
    ("script.open_az", "Open the A–Z index"),
    ("script.result", " result"),
    ("script.results", " results"),
    ("script.no_results", "No results"),
    (
        "script.unavailable",
        "Search is unavailable; the A–Z index lists every name.",
    ),
];

/// The kinds a search result or link preview may be of (`kinds.*`).
const KINDS: [&str; 6] = [
    "actor",
    "source",
    "event",
    "commitment",
    "discrepancy",
    "page",
];

/// The plural form (see [`PLURAL_FORMS`]) of the count `n` in `language` (a BCP 47
/// tag: `fr`, `pt-BR`), by CLDR's rules for whole numbers, for the languages listed;
/// English's rule (`one` for ±1, else `other`, as Tera's `pluralize`) for the rest.
pub fn plural_form(language: &str, n: i128) -> &'static str {
    let base = language
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let n = n.unsigned_abs();
    let (last, last_two) = (n % 10, n % 100);
    let few = (2..=4).contains(&last) && !(12..=14).contains(&last_two);
    match base.as_str() {
        "fr" | "pt" | "hi" | "bn" | "fa" => {
            if n <= 1 {
                "one"
            } else {
                "other"
            }
        }
        "ru" | "uk" | "be" | "sr" | "hr" | "bs" => {
            if last == 1 && last_two != 11 {
                "one"
            } else if few {
                "few"
            } else if matches!(base.as_str(), "sr" | "hr" | "bs") {
                "other"
            } else {
                "many"
            }
        }
        "pl" => {
            if n == 1 {
                "one"
            } else if few {
                "few"
            } else {
                "many"
            }
        }
        "cs" | "sk" => match n {
            1 => "one",
            2..=4 => "few",
            _ => "other",
        },
        "ja" | "zh" | "ko" | "vi" | "th" | "id" | "ms" => "other",
        _ => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

/// `text` with each `{name}` replaced by what `arg` writes for it; a placeholder
/// `arg` has no value for is kept as written.
fn fill(text: &str, mut arg: impl FnMut(&str, &mut String) -> Option<()>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..name_end];
        if !name.is_empty() && after[name_end..].starts_with('}') && arg(name, &mut out).is_some() {
            rest = &after[name_end + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// A template's value as text for a placeholder: safe strings as they are, the rest
/// escaped.
fn write_arg(v: &Value, out: &mut String) {
    match v.as_str() {
        Some(s) if v.is_safe() => out.push_str(s),
        Some(s) => escape_into(s, out),
        None => escape_into(&v.to_string(), out),
    }
}

/// The template filter `fill`: `{{ t.actor.sources_that_name | fill(name=a.name) }}`.
/// The text is escaped, and so are the values unless they are safe (a component's
/// output, a `| safe` value): the result is safe.
pub fn fill_filter(text: &str, kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    fill_kwargs(text, &kwargs)
}

fn fill_kwargs(text: &str, kwargs: &Kwargs) -> TeraResult<Value> {
    let mut missing = None;
    let mut escaped = String::with_capacity(text.len() + 16);
    escape_into(text, &mut escaped);
    let out = fill(&escaped, |name, out| match kwargs.get::<&Value>(name) {
        Ok(Some(v)) => {
            write_arg(v, out);
            Some(())
        }
        _ => {
            missing.get_or_insert_with(|| name.to_string());
            None
        }
    });
    match missing {
        Some(name) => Err(tera::Error::message(format!(
            "`{text}` has a placeholder {{{name}}} that `fill` is not given: add `{name}=…`"
        ))),
        None => Ok(Value::safe_string(&out)),
    }
}

/// The template filter `plural` for `language`: `{{ t.actor.mentions | plural(n=total) }}`
/// picks the form (`one`, `other`, …) of the entry for the count `n` (`other` if the
/// entry lacks it) and fills it as `fill` does (`{n}` and any other named values).
pub fn plural_filter(
    language: String,
) -> impl Fn(&tera::Map, Kwargs, &State) -> TeraResult<Value> + Sync + Send + 'static {
    move |forms, kwargs, _| {
        let n = kwargs
            .get::<&Value>("n")?
            .and_then(Value::as_i128)
            .ok_or_else(|| tera::Error::message("`plural` needs the count as `n=…`, an integer"))?;
        let form = plural_form(&language, n);
        let text = forms
            .get(&tera::value::Key::from(form))
            .or_else(|| forms.get(&tera::value::Key::from("other")))
            .and_then(Value::as_str)
            .ok_or_else(|| {
                tera::Error::message(format!(
                    "`plural` is given an entry without a `{form}:` text"
                ))
            })?;
        fill_kwargs(text, &kwargs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_parses() {
        assert!(Strings::parse(ENGLISH).is_ok());
        assert!(!Strings::english().keys().is_empty());
    }

    #[test]
    fn fills_and_plurals() {
        assert_eq!(
            fill("a {x} b {y} {z", |n, o| (n == "x").then(|| o.push('1'))),
            "a 1 b {y} {z"
        );
        let en = Strings::english();
        let baked = en.bake("<h2>{{ t.nav.actors }}</h2>{{ t.nav.map | upper }}{{ t.x }}");
        assert_eq!(baked, "<h2>Actors</h2>{{ t.nav.map | upper }}{{ t.x }}");
        assert_eq!(
            en.overlaid(
                "xx",
                Some(&Strings::parse("nav: {actors: \"{{ a }}\"}").unwrap())
            )
            .bake("{{ t.nav.actors }}"),
            "{{ t.nav.actors }}"
        );
        assert_eq!(plural_form("en", 1), "one");
        assert_eq!(plural_form("en", 0), "other");
        assert_eq!(plural_form("fr", 0), "one");
        assert_eq!(plural_form("ru", 22), "few");
        assert_eq!(plural_form("ru", 12), "many");
        assert_eq!(plural_form("pl-PL", 5), "many");
        assert_eq!(plural_form("ja", 1), "other");
        assert_eq!(plural_form("HR", 5), "other");
        assert_eq!(en.date(&Date::Day(2023, 7, 12)), "12 July 2023");
        assert_eq!(en.date(&Date::Month(2023, 7)), "July 2023");
        assert_eq!(en.date(&Date::Year(2023)), "2023");
        assert_eq!(en.date(&Date::Unknown), Date::Unknown.human());
    }

    /// The `t.…` paths the built-in templates read, and the dotted keys the code under
    /// `src/render/` writes as string literals.
    fn references() -> (Vec<String>, Vec<String>) {
        let mut from_templates = Vec::new();
        for (_, text) in crate::render::templates::BUILTIN {
            for tag in crate::render::templates::tags(text) {
                let b = tag.as_bytes();
                for (i, _) in tag.match_indices("t.") {
                    if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b"_.".contains(&b[i - 1])) {
                        continue;
                    }
                    let path: String = tag[i + 2..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || "_.-".contains(*c))
                        .collect();
                    from_templates.push(path.trim_end_matches('.').to_string());
                }
            }
        }
        let sections: std::collections::HashSet<&str> = Strings::english()
            .keys()
            .into_iter()
            .filter_map(|k| k.split('.').next())
            .collect();
        let mut from_code = Vec::new();
        let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                // Each run of key characters between two quotes (escaped quotes in
                // other literals would throw a split by quotes off).
                let quoted = text.match_indices('"').filter_map(|(i, _)| {
                    let rest = &text[i + 1..];
                    let end =
                        rest.find(|c: char| !(c.is_ascii_lowercase() || "_.-".contains(c)))?;
                    rest[end..].starts_with('"').then(|| &rest[..end])
                });
                for literal in quoted {
                    let is_key = literal.contains('.')
                        && literal
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || "_.-".contains(c))
                        && literal
                            .split('.')
                            .next()
                            .is_some_and(|s| sections.contains(s))
                        && ![".html", ".css", ".js", ".json", ".xml", ".svg"]
                            .iter()
                            .any(|x| literal.ends_with(x));
                    if is_key {
                        from_code.push(literal.to_string());
                    }
                }
            }
        }
        (from_templates, from_code)
    }

    /// Every `t.…` of the built-in templates and every key the code asks for is in
    /// the English catalogue (as a text, or a group such as a plural entry), and
    /// every text of the catalogue is used: a typo fails here, not on a page.
    #[test]
    fn every_key_is_used_and_every_use_has_a_key() {
        let keys = Strings::english().keys();
        let covers = |path: &str, key: &str| {
            key == path || (key.starts_with(path) && key[path.len()..].starts_with('.'))
        };
        let (templates, code) = references();
        assert!(
            templates.len() > 100 && code.len() > 20,
            "{templates:?} {code:?}"
        );
        for path in templates.iter().chain(&code) {
            assert!(
                keys.iter().any(|k| covers(path, k)),
                "`{path}` is used but not in i18n/en.yaml"
            );
        }
        // Kinds and month names are looked up by a key the code makes.
        let made = ["kinds", "dates.months"];
        for key in &keys {
            assert!(
                templates.iter().chain(&code).any(|p| covers(p, key))
                    || made.iter().any(|p| covers(p, key)),
                "`{key}` in i18n/en.yaml is used nowhere"
            );
        }
    }
}
