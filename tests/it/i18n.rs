//! The words around the content in the dossier's language: `language` in
//! dossier.yaml picks the catalogue, `templates/i18n/<language>.yaml` gives its texts.

use std::path::Path;

use crate::support::*;

/// The built-in English catalogue.
const EN: &str = include_str!("../../src/render/i18n/en.yaml");

/// `s` with its letters outside `{placeholders}` turned by ROT13: every word changed,
/// the placeholders kept.
fn rot13(s: &str) -> String {
    let mut inside = false;
    s.chars()
        .map(|c| {
            match c {
                '{' => inside = true,
                '}' => inside = false,
                'a'..='z' | 'A'..='Z' if !inside => {
                    let base = if c.is_ascii_lowercase() { b'a' } else { b'A' };
                    return ((c as u8 - base + 13) % 26 + base) as char;
                }
                _ => {}
            }
            c
        })
        .collect()
}

/// Every text of a catalogue, changed by `f`.
fn map_texts(v: serde_norway::Value, f: &dyn Fn(&str) -> String) -> serde_norway::Value {
    match v {
        serde_norway::Value::String(s) => serde_norway::Value::String(f(&s)),
        serde_norway::Value::Mapping(m) => {
            serde_norway::Value::Mapping(m.into_iter().map(|(k, v)| (k, map_texts(v, f))).collect())
        }
        other => other,
    }
}

/// Every English text, cut at its placeholders: the pieces of four characters or
/// more with a letter in them.
fn english_pieces() -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &serde_norway::Value, out: &mut Vec<String>) {
        match v {
            serde_norway::Value::String(s) => {
                let mut rest = s.as_str();
                while !rest.is_empty() {
                    let (piece, after) = match rest.find('{') {
                        Some(i) => (&rest[..i], rest[i..].split_once('}').map_or("", |x| x.1)),
                        None => (rest, ""),
                    };
                    let piece = piece.trim();
                    if piece.chars().count() >= 4 && piece.chars().any(char::is_alphabetic) {
                        out.push(piece.to_string());
                    }
                    rest = after;
                }
            }
            serde_norway::Value::Mapping(m) => m.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    walk(&serde_norway::from_str(EN).unwrap(), &mut out);
    out.sort();
    out.dedup();
    out
}

/// What a reader reads of a page: its text and the attributes read out or shown
/// (`aria-label`, `title`, `placeholder`, `data-label`), tags and other attributes
/// (classes, addresses) left out.
fn readable(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c);
        let tag = &rest[open..close];
        for attr in [
            "aria-label=\"",
            "title=\"",
            "placeholder=\"",
            "data-label=\"",
        ] {
            for (i, _) in tag.match_indices(attr) {
                let value = &tag[i + attr.len()..];
                out.push('\n');
                out.push_str(value.split('"').next().unwrap_or_default());
            }
        }
        out.push('\n');
        rest = &rest[(close + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// All the text under `dir`, for the pieces the dossier's own content says.
fn text_under(dir: &Path) -> String {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_second_catalogue_leaves_no_english_string_in_the_pages() {
    let d = Dossier::fixture();
    d.edit("content/dossier.yaml", "language: en", "language: xx");
    // With a history, an amount, corrections and an update, so that their words show.
    d.write(
        "content/commitments/g7-security.yaml",
        crate::tracker::TRACKED,
    );
    let en: serde_norway::Value = serde_norway::from_str(EN).unwrap();
    let xx = serde_norway::to_string(&map_texts(en, &rot13)).unwrap();
    d.write("templates/i18n/xx.yaml", &xx);
    d.build();
    // A piece the dossier's content says itself may be on its pages.
    let content = [
        text_under(&d.root().join("content")),
        text_under(&d.root().join("seeds")),
    ]
    .join("\n");
    let pieces: Vec<String> = english_pieces()
        .into_iter()
        .filter(|p| !content.contains(p.as_str()))
        .collect();
    assert!(pieces.len() > 150, "{}", pieces.len());
    let mut left = Vec::new();
    let mut pages = 0;
    for e in walkdir::WalkDir::new(d.out())
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path().extension().is_none_or(|x| x != "html") {
            continue;
        }
        pages += 1;
        let text = readable(&std::fs::read_to_string(e.path()).unwrap());
        for p in &pieces {
            if text.contains(p.as_str()) {
                left.push(format!(
                    "{}: {p:?}",
                    e.path().strip_prefix(d.out()).unwrap().display()
                ));
            }
        }
    }
    assert!(pages > 10);
    left.dedup();
    assert!(left.is_empty(), "English left:\n{}", left.join("\n"));
    // The translation is there, dates included: 12 July → 12 Whyl.
    let overview = d.page("index.html");
    assert!(overview.contains(&rot13("Key commitments")), "{overview}");
    assert!(overview.contains(&rot13("July")));
    let tracked = d.page("commitments/g7-security/index.html");
    for words in ["History", "Amounts", "Corrections and updates"] {
        assert!(tracked.contains(&rot13(words)), "{words}");
    }
}

#[test]
fn a_dossiers_catalogue_overrides_one_string_and_keeps_the_rest() {
    let d = Dossier::fixture();
    d.write(
        "templates/i18n/en.yaml",
        "actor:\n  statements: Quoted words\n",
    );
    d.build();
    let page = d.page("actors/zelensky/index.html");
    assert!(
        page.contains("<h2 id=\"h-statements\">Quoted words</h2>"),
        "{page}"
    );
    assert!(page.contains("Related actors"));
}

#[test]
fn a_catalogue_key_the_built_in_one_lacks_is_an_error_with_the_nearest() {
    let d = Dossier::fixture();
    d.write(
        "templates/i18n/en.yaml",
        "actor:\n  statments: Quoted words\n",
    );
    let (code, err) = d.run(&["build"]);
    assert_ne!(code, 0);
    assert!(err.contains("templates/i18n/en.yaml"), "{err}");
    assert!(
        err.contains("`actor.statments` is not a text of the built-in catalogue"),
        "{err}"
    );
    assert!(err.contains("did you mean `actor.statements`?"), "{err}");
}

#[test]
fn plural_forms_follow_the_language() {
    let d = Dossier::fixture();
    d.edit("content/dossier.yaml", "language: en", "language: ru");
    d.write(
        "templates/i18n/ru.yaml",
        "overview:\n  sources:\n    one: istochnik\n    few: istochnika\n    many: istochnikov\n    other: istochnika\n",
    );
    d.build();
    let overview = d.page("index.html");
    let n: usize = std::fs::read_dir(d.root().join("content/sources"))
        .unwrap()
        .count();
    let want = match (n % 10, n % 100) {
        (1, r) if r != 11 => "istochnik",
        (2..=4, r) if !(12..=14).contains(&r) => "istochnika",
        _ => "istochnikov",
    };
    assert!(
        overview.contains(&format!("<strong>{n}</strong> {want}</a>")),
        "{overview}"
    );
}

/// A watch session picks up a catalogue added and a language changed, and its pages
/// are then those of a fresh build.
#[test]
fn a_session_speaks_a_new_catalogue_and_language() {
    let d = Dossier::fixture();
    d.age();
    let project = dossier::Project::new(d.root(), Some(d.out()));
    let mut session = dossier::Session::new(project.clone());
    let mut rebuild = |changed: &str| {
        let changed: Vec<std::path::PathBuf> = changed.split_whitespace().map(Into::into).collect();
        let (_, site) = session
            .rebuild(&changed)
            .unwrap_or_else(|_| panic!("rebuild after {changed:?}"));
        site
    };
    let index = |site: &dossier::render::Site| {
        String::from_utf8(site.files["index.html"].to_vec()).unwrap()
    };
    rebuild("");
    d.write("templates/i18n/xx.yaml", "nav:\n  actors: Akteure\n");
    let site = rebuild("templates/i18n/xx.yaml");
    assert!(
        !index(&site).contains(">Akteure<"),
        "not the dossier's language yet"
    );
    d.edit("content/dossier.yaml", "language: en", "language: xx");
    let site = rebuild("content/dossier.yaml");
    assert!(index(&site).contains(">Akteure</a>"), "{}", index(&site));
    let fresh = dossier::check(&project).unwrap_or_else(|_| panic!("fresh build"));
    assert!(
        fresh.site.files == site.files,
        "a session's pages are a fresh build's"
    );
}
