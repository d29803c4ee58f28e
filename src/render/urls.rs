//! The only place URL shapes are made. Every page lives at `<path>/index.html`; every
//! link is relative (`../../actors/x/index.html`), so the site works under any
//! sub-path and opened straight from disk.

use crate::model::{Kind, Ref};

/// Site path of an entity's page, e.g. `actors/zelensky/index.html`.
pub fn entity(kind: Kind, id: &str) -> String {
    format!("{}/{id}/index.html", kind.dir())
}

pub fn of(r: &Ref) -> String {
    entity(r.kind, &r.id)
}

/// Site path of a kind's index page, e.g. `actors/index.html`. Events have the
/// timeline as their index.
pub fn index(kind: Kind) -> String {
    match kind {
        Kind::Event => "timeline/index.html".into(),
        k => format!("{}/index.html", k.dir()),
    }
}

/// Site path of a free page.
pub fn page(slug: &str) -> String {
    format!("{slug}/index.html")
}

/// Link to paragraph `n` of a source.
pub fn paragraph(source: &str, n: usize) -> String {
    format!("{}#p{n}", entity(Kind::Source, source))
}

/// The prefix that leads from the page at site path `from` back to the site root:
/// `""` for `index.html`, `"../../"` for `actors/x/index.html`.
pub fn root_from(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// The public URL of a site path, for the sitemap: `base/actors/x/` with a base URL,
/// else the relative path itself.
pub fn public(base_url: Option<&str>, path: &str) -> String {
    match base_url {
        Some(base) => {
            let dir = path.strip_suffix("index.html").unwrap_or(path);
            format!("{base}/{dir}")
        }
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_roots() {
        assert_eq!(root_from("index.html"), "");
        assert_eq!(root_from("actors/index.html"), "../");
        assert_eq!(root_from("actors/zelensky/index.html"), "../../");
        assert_eq!(
            format!("{}{}", root_from("actors/x/index.html"), paragraph("s1", 3)),
            "../../sources/s1/index.html#p3"
        );
    }

    #[test]
    fn public_urls() {
        assert_eq!(
            public(Some("https://ex.org/d"), "actors/x/index.html"),
            "https://ex.org/d/actors/x/"
        );
        assert_eq!(
            public(Some("https://ex.org"), "index.html"),
            "https://ex.org/"
        );
        assert_eq!(public(None, "actors/x/index.html"), "actors/x/index.html");
    }
}
