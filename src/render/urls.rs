//! The only place URL shapes are made. Every page lives at `<path>/index.html`; every
//! link is relative (`../../actors/x/index.html`), so the site works under any
//! sub-path and opened straight from disk.

use crate::model::{Kind, Ref};

/// Site path of an entity's page, e.g. `actors/zelensky/index.html`.
pub fn entity(kind: Kind, id: &str) -> String {
    [kind.dir(), "/", id, "/index.html"].concat()
}

pub fn of(r: &Ref) -> String {
    entity(r.kind, &r.id)
}

/// The anchor of evidence item `index` (from 0) on its owner's page: `evidence-2`,
/// or `account-2` on a discrepancy's.
pub fn evidence_anchor(owner: Kind, index: usize) -> String {
    match owner {
        Kind::Discrepancy => format!("account-{}", index + 1),
        _ => format!("evidence-{}", index + 1),
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

/// The in-document anchor that stands for a site path on the print page, where the
/// whole dossier is one document: `actors/x/index.html` → `#actor-x`,
/// `sources/s/index.html#p3` → `#source-s-p3`, `timeline/index.html` → `#timeline`.
pub fn in_document(site_path: &str) -> String {
    let (path, fragment) = site_path
        .split_once('#')
        .map_or((site_path, None), |(p, f)| (p, Some(f)));
    let parts: Vec<&str> = path
        .trim_end_matches("index.html")
        .trim_end_matches('/')
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    let base = match parts.as_slice() {
        [] => "top".to_string(),
        [dir] if Kind::from_dir(dir).is_some() || *dir == "timeline" => dir.to_string(),
        [page] => format!("page-{page}"),
        [dir, id] => match Kind::from_dir(dir) {
            Some(k) => format!("{}-{id}", k.singular()),
            None => format!("{dir}-{id}"),
        },
        _ => parts.join("-"),
    };
    match fragment {
        Some(f) => format!("#{base}-{f}"),
        None => format!("#{base}"),
    }
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
    fn print_anchors() {
        assert_eq!(in_document("actors/x/index.html"), "#actor-x");
        assert_eq!(in_document("sources/s1/index.html#p3"), "#source-s1-p3");
        assert_eq!(
            in_document("commitments/c/index.html#evidence-2"),
            "#commitment-c-evidence-2"
        );
        assert_eq!(in_document("timeline/index.html"), "#timeline");
        assert_eq!(in_document("actors/index.html"), "#actors");
        assert_eq!(in_document("index.html"), "#top");
        assert_eq!(in_document("about/index.html"), "#page-about");
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
