//! The A–Z index: every name and title in the dossier, aliases pointing to their
//! actor; the page search falls back to without JavaScript.

use serde::Serialize;

use crate::model::*;

use super::super::lookup::Views;
use super::super::reads::every;
use super::super::urls;

/// One line of the A–Z index: a page, or an alias that points to one.
#[derive(Serialize)]
pub struct AzEntry {
    pub name: String,
    pub href: String,
    pub kind: &'static str,
    /// For an alias: the name it stands for.
    pub see: Option<String>,
}

#[derive(Serialize)]
pub struct AzGroup {
    pub letter: String,
    pub entries: Vec<AzEntry>,
}

#[derive(Serialize)]
pub struct AzPage {
    pub groups: Vec<AzGroup>,
    pub total: usize,
}

/// The letter a name files under: its first letter or digit, upper-cased ("#" for
/// anything else).
fn az_letter(name: &str) -> String {
    match name.chars().find(|c| c.is_alphanumeric()) {
        Some(c) if c.is_ascii_digit() => "0–9".into(),
        Some(c) => c.to_uppercase().collect(),
        None => "#".into(),
    }
}

/// Every name in the dossier, A to Z: the page search falls back to without JavaScript.
pub fn az_page(v: &Views) -> AzPage {
    let d = v.all(every::NAME | every::TITLE);
    let mut entries: Vec<AzEntry> = Vec::new();
    let mut add = |name: &str, path: String, kind: &'static str, see: Option<&str>| {
        entries.push(AzEntry {
            name: name.to_string(),
            href: v.href(&path),
            kind,
            see: see.map(str::to_string),
        })
    };
    for a in d.actors.values() {
        let path = urls::entity(Kind::Actor, &a.id);
        add(&a.name, path.clone(), "actor", None);
        for alias in &a.aliases {
            add(alias, path.clone(), "actor", Some(&a.name));
        }
    }
    for s in d.sources.values() {
        add(&s.title, urls::entity(Kind::Source, &s.id), "source", None);
    }
    for e in d.events.values() {
        add(&e.title, urls::entity(Kind::Event, &e.id), "event", None);
    }
    for c in d.commitments.values() {
        add(
            &c.title,
            urls::entity(Kind::Commitment, &c.id),
            "commitment",
            None,
        );
    }
    for x in d.discrepancies.values() {
        add(
            &x.title,
            urls::entity(Kind::Discrepancy, &x.id),
            "discrepancy",
            None,
        );
    }
    for p in d.pages.values() {
        add(&p.title, urls::page(&p.slug), "page", None);
    }
    let key = |e: &AzEntry| (az_letter(&e.name), e.name.to_lowercase());
    entries.sort_by_cached_key(|e| (key(e), e.see.is_some(), e.href.clone()));
    let total = entries.len();
    let mut groups: Vec<AzGroup> = Vec::new();
    for e in entries {
        let letter = az_letter(&e.name);
        match groups.last_mut() {
            Some(g) if g.letter == letter => g.entries.push(e),
            _ => groups.push(AzGroup {
                letter,
                entries: vec![e],
            }),
        }
    }
    AzPage { groups, total }
}
