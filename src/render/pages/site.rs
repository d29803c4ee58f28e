//! What every page gets besides its own view: `site` (title, language, the way to
//! the root, the navigation) and `crumbs`.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::super::urls;

#[derive(Serialize, Clone)]
pub struct NavItem {
    pub title: String,
    pub href: String,
    pub current: bool,
}

/// What every page gets as `site`.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub language: &'a str,
    /// Leads from this page to the site root ("", "../", "../../").
    pub root: String,
    pub nav: Vec<NavItem>,
    pub pages: Vec<NavItem>,
    pub generator: &'static str,
    /// Hosts the Content-Security-Policy lets pages load images and media from.
    pub allowed_hosts: &'a [String],
}

/// Breadcrumbs; the last has no link.
#[derive(Serialize)]
pub struct Crumb {
    pub title: String,
    pub href: Option<String>,
}

impl<'a> Views<'a> {
    pub fn site(&self, current: &str) -> SiteView<'a> {
        let nav = [
            ("nav.overview", "index.html"),
            ("nav.actors", "actors/index.html"),
            ("nav.sources", "sources/index.html"),
            ("nav.timeline", "timeline/index.html"),
            ("nav.commitments", "commitments/index.html"),
            ("nav.discrepancies", "discrepancies/index.html"),
            ("nav.map", "map/index.html"),
        ]
        .into_iter()
        .map(|(t, p)| NavItem {
            title: self.t.get(t).into(),
            href: self.href(p),
            current: current == p,
        })
        .collect();
        let pages = nav_pages(self.site_wide())
            .into_iter()
            .map(|p| {
                let path = urls::page(&p.slug);
                NavItem {
                    title: p.title.clone(),
                    current: current == path,
                    href: self.href(&path),
                }
            })
            .collect();
        SiteView {
            title: &self.site_wide().meta.title,
            language: &self.site_wide().meta.language,
            root: self.root.clone(),
            nav,
            pages,
            generator: concat!("dossier ", env!("CARGO_PKG_VERSION")),
            allowed_hosts: &self.site_wide().meta.allowed_hosts,
        }
    }

    /// Home › section › this page; the section is named by its catalogue key.
    pub fn crumbs(&self, section: Option<(&str, &str)>, title: &str) -> Vec<Crumb> {
        let mut v = vec![Crumb {
            title: self.t.get("nav.overview").into(),
            href: Some(self.href("index.html")),
        }];
        if let Some((t, p)) = section {
            v.push(Crumb {
                title: self.t.get(t).into(),
                href: Some(self.href(p)),
            });
        }
        v.push(Crumb {
            title: title.into(),
            href: None,
        });
        v
    }
}

/// The Markdown pages in navigation order (weight, then title).
pub fn nav_pages(d: &Dossier) -> Vec<&Page> {
    let mut pages: Vec<&Page> = d.pages.values().collect();
    pages.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
    pages
}
