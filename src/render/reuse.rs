//! What a watch session carries from one render to the next: what each page read
//! ([`Memo`]), and what differs between the last dossier and the new one
//! ([`Changes`]). A page none of whose reads changed keeps its bytes without its view
//! being built.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::pages::site::nav_pages;
use super::reads::{self, every, Reads};
use super::Site;
use crate::model::{Actor, ActorKind, Dossier, Kind, Ref, Replaced};

/// What a render leaves for the next one.
#[derive(Debug, Default, Clone)]
pub struct Memo {
    /// What each page read, by site path (looked up for every page in a rebuild: a
    /// fast hash, not a keyed one; paths are the site's own).
    pub reads: rustc_hash::FxHashMap<String, Arc<Reads>>,
    /// A hash of the search index's documents.
    pub search: Option<u64>,
    /// Where each entity lies in `dossier.json`.
    pub json: super::json::Spans,
    /// The coverage figures and each source's part of them.
    pub coverage: Option<CoverageMemo>,
    /// The relationship map's graph and its drawing.
    pub map: Option<MapMemo>,
}

/// The relationship map's graph and its drawing (the layout is the costly part).
pub type MapMemo = (Arc<super::map::Graph>, Arc<str>);

/// The coverage figures, and each source's part of them by source id.
pub type CoverageMemo = (
    Arc<crate::coverage::Coverage>,
    Arc<HashMap<String, Arc<crate::coverage::SourcePart>>>,
);

/// The last render with the same templates, and what changed since.
#[derive(Clone, Copy)]
pub struct Previous<'a> {
    pub site: &'a Site,
    pub memo: &'a Memo,
    pub changes: &'a Changes,
}

impl<'a> Previous<'a> {
    /// The bytes of the page at `path` if nothing it read has changed, and what it read.
    pub fn page(&self, path: &str) -> Option<(&'a super::Bytes, &'a Arc<Reads>)> {
        let reads = self.memo.reads.get(path)?;
        if self.changes.touch(reads) {
            return None;
        }
        Some((self.site.files.get(path)?, reads))
    }

    /// The later pages and the data script of the paged list whose first page is at
    /// `first`, when nothing any of them read has changed (they read what the first
    /// page read: one view makes them all).
    pub fn later_pages(&self, first: &str) -> Option<Vec<(String, &'a super::Bytes)>> {
        let mut out = Vec::new();
        let data = super::pages::paging::data_path(first);
        let later = (2..).map(|n| super::pages::paging::page_path(first, n));
        for path in later.take_while(|p| self.site.files.contains_key(p)) {
            let (bytes, _) = self.page(&path)?;
            out.push((path, bytes));
        }
        if self.site.files.contains_key(&data) {
            let (bytes, _) = self.page(&data)?;
            out.push((data, bytes));
        }
        Some(out)
    }
}

/// Every source, event, commitment, discrepancy and Markdown page: its kind, id and
/// title.
fn titles(d: &Dossier) -> Vec<(Option<Kind>, &str, &str)> {
    fn of<'a, T>(
        kind: Option<Kind>,
        m: &'a BTreeMap<String, T>,
        title: impl Fn(&'a T) -> &'a str + 'a,
    ) -> impl Iterator<Item = (Option<Kind>, &'a str, &'a str)> + 'a {
        m.iter().map(move |(id, x)| (kind, id.as_str(), title(x)))
    }
    of(Some(Kind::Source), &d.sources, |s| &s.title)
        .chain(of(Some(Kind::Event), &d.events, |e| &e.title))
        .chain(of(Some(Kind::Commitment), &d.commitments, |c| &c.title))
        .chain(of(Some(Kind::Discrepancy), &d.discrepancies, |x| &x.title))
        .chain(of(None, &d.pages, |p| &p.title))
        .collect()
}

/// `key(id)` of each actor whose `part` differs between `old` and `new`, or who came
/// or went.
fn actors_whose<'a, P: PartialEq>(
    old: &'a Dossier,
    new: &'a Dossier,
    part: impl Fn(&'a Actor) -> P + 'a,
    key: fn(&str) -> u64,
) -> impl Iterator<Item = u64> + 'a {
    let changed = new
        .actors
        .iter()
        .filter(move |(id, a)| old.actors.get(*id).map(&part) != Some(part(a)));
    let gone = old
        .actors
        .iter()
        .filter(|(id, _)| !new.actors.contains_key(*id));
    changed.chain(gone).map(move |(id, _)| key(id))
}

/// What differs between two resolved dossiers.
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    /// Keys ([`reads::key`]) of the entities and pages added, removed or changed.
    /// Every key every page read is looked up here in a rebuild (millions at
    /// 100,000 sources): keys are hashes already, so a fast hash.
    keys: rustc_hash::FxHashSet<u64>,
    /// The kinds with any of these, as [`every`] bits (with `NAME` when an actor's
    /// name, aliases or kind changed, or an actor came or went; with `TITLE` when
    /// another entity's or page's title did, or one came or went).
    kinds: u8,
    /// The site-wide data every page reads: `meta`, or the pages' titles and order.
    site: bool,
}

/// When actors came or went, the others' numbers moved: the actors whose related
/// actors ([`crate::model::Related::actor`], by number) are others now, though the numbers are not.
fn renumbered(old: &Dossier, new: &Dossier) -> Vec<u64> {
    if old.actors.keys().eq(new.actors.keys()) {
        return Vec::new();
    }
    let ids = |d: &Dossier| d.actors.keys().cloned().collect::<Vec<_>>();
    let (old_ids, new_ids) = (ids(old), ids(new));
    let named = |ids: &[crate::model::Id], a: &Actor| -> Vec<Option<crate::model::Id>> {
        a.related
            .iter()
            .map(|r| ids.get(r.actor as usize).cloned())
            .collect()
    };
    new.actors
        .iter()
        .filter(|(id, a)| {
            old.actors
                .get(*id)
                .is_some_and(|o| o.related == a.related && named(&old_ids, o) != named(&new_ids, a))
        })
        .map(|(id, _)| reads::key(Some(Kind::Actor), id))
        .collect()
}

impl Changes {
    pub fn between(old: &Dossier, new: &Dossier) -> Changes {
        fn diff<T: PartialEq + Sync>(
            kind: Option<Kind>,
            old: &BTreeMap<String, T>,
            new: &BTreeMap<String, T>,
            kinds: &mut u8,
        ) -> Vec<u64> {
            let changed = new
                .par_iter()
                .filter(|(id, x)| old.get(*id) != Some(*x))
                .map(|(id, _)| reads::key(kind, id));
            let removed = old
                .par_iter()
                .filter(|(id, _)| !new.contains_key(*id))
                .map(|(id, _)| reads::key(kind, id));
            let keys: Vec<u64> = changed.chain(removed).collect();
            if !keys.is_empty() {
                *kinds |= every::of(kind) & !every::NAME;
            }
            keys
        }
        let mut kinds = 0;
        fn names(d: &Dossier) -> Vec<(&str, &str, &[String], ActorKind)> {
            d.actors
                .values()
                .map(|a| (a.id.as_str(), a.name.as_str(), &a.aliases[..], a.kind))
                .collect()
        }
        if names(old) != names(new) {
            kinds |= every::NAME;
        }
        if titles(old) != titles(new) {
            kinds |= every::TITLE;
        }
        let nav = |d: &Dossier| -> Vec<(String, String, i64)> {
            nav_pages(d)
                .into_iter()
                .map(|p| (p.slug.clone(), p.title.clone(), p.weight))
                .collect()
        };
        // Actors whose name alone changed (or who came or went), for pages that show
        // only their names; whose reference (name, kind) did; whose role did.
        let renamed = actors_whose(old, new, |a| &a.name, reads::name_key);
        let referred = actors_whose(old, new, |a| (&a.name, a.kind), reads::ref_key);
        let roled = actors_whose(old, new, |a| &a.role, reads::role_key);
        let k = &mut kinds;
        let keys = [
            diff(Some(Kind::Actor), &old.actors, &new.actors, k),
            diff(Some(Kind::Source), &old.sources, &new.sources, k),
            diff(Some(Kind::Event), &old.events, &new.events, k),
            diff(
                Some(Kind::Commitment),
                &old.commitments,
                &new.commitments,
                k,
            ),
            diff(
                Some(Kind::Discrepancy),
                &old.discrepancies,
                &new.discrepancies,
                k,
            ),
            diff(None, &old.pages, &new.pages, k),
        ]
        .into_iter()
        .flatten()
        .chain(renamed)
        .chain(referred)
        .chain(roled)
        .chain(renumbered(old, new))
        .collect();
        Changes {
            keys,
            kinds,
            site: old.meta != new.meta || nav(old) != nav(new),
        }
    }

    /// What differs when only entities' own fields changed (see
    /// [`crate::resolve::Patch`]): `old` holds those entities as they were, `new` is
    /// the dossier with their new fields.
    pub fn of_patch(old: &Replaced, new: &Dossier) -> Changes {
        let mut c = Changes::default();
        for (kind, id, title) in old.entities() {
            let r = Ref {
                kind,
                id: id.clone(),
            };
            let Some(new_title) = new.title_of(&r) else {
                continue;
            };
            c.keys.insert(reads::key(Some(kind), id));
            c.kinds |= every::of(Some(kind)) & !every::NAME;
            if kind != Kind::Actor && title != new_title {
                c.kinds |= every::TITLE;
            }
        }
        for o in old.actors {
            let Some(n) = new.actors.get(&o.id) else {
                continue;
            };
            if o.kind != n.kind {
                c.keys.insert(reads::ref_key(&o.id));
                c.kinds |= every::NAME;
            }
            if o.role != n.role {
                c.keys.insert(reads::role_key(&o.id));
            }
        }
        c
    }

    /// Whether the entity or page with this [`reads::key`] changed.
    pub fn changed(&self, key: u64) -> bool {
        self.keys.contains(&key)
    }

    /// Whether anything of these kinds ([`every`] bits) changed.
    pub fn any_of(&self, kinds: u8) -> bool {
        self.kinds & kinds != 0
    }

    /// Whether nothing changed at all.
    pub fn none(&self) -> bool {
        !self.site && self.keys.is_empty()
    }

    /// Whether a page that read `reads` may render differently now.
    pub fn touch(&self, reads: &Reads) -> bool {
        self.site
            || reads.kinds & self.kinds != 0
            || reads.keys.iter().any(|k| self.keys.contains(k))
    }
}

/// Something a page's job computes and the next render may reuse (the coverage
/// figures, the map's drawing): made at most once per render, from the last render's.
pub struct Kept<'a, T> {
    last: Option<&'a T>,
    made: std::sync::OnceLock<T>,
}

impl<'a, T: Clone> Kept<'a, T> {
    pub fn new(last: Option<&'a T>) -> Self {
        Kept {
            last,
            made: Default::default(),
        }
    }

    pub fn get(&self, make: impl FnOnce(Option<&'a T>) -> T) -> &T {
        self.made.get_or_init(|| make(self.last))
    }

    /// For the next render: what this one made, or else the last one's (the page was
    /// not rendered again, so nothing it read changed).
    pub fn next(&self) -> Option<T> {
        self.made.get().or(self.last).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    /// Every page's view (with its site and crumbs) as JSON, and what it read.
    fn views(d: &Dossier) -> BTreeMap<String, (serde_json::Value, Reads)> {
        super::super::page_views(d)
            .into_iter()
            .map(|(path, json, reads)| (path, (json, reads)))
            .collect()
    }

    /// For each edit of the resolved dossier: every page whose view changed must be
    /// one the changes touch (a page reused wrongly would show stale data).
    #[test]
    fn a_page_whose_view_changes_is_touched() {
        let d = crate::fixture_dossier();
        let before = views(&d);
        type Edit = (&'static str, fn(&mut Dossier));
        let edits: &[Edit] = &[
            ("actor role", |d| {
                d.actors.get_mut("russia").unwrap().role = Some("Aggressor".into())
            }),
            ("actor name", |d| {
                d.actors.get_mut("g7").unwrap().name = "Group of Seven".into()
            }),
            ("actor aliases", |d| {
                d.actors.get_mut("zelensky").unwrap().aliases.clear()
            }),
            ("actor kind", |d| {
                d.actors.get_mut("nato").unwrap().kind = ActorKind::Group
            }),
            ("source title", |d| {
                d.sources.get_mut("alpha").unwrap().title = "Retitled".into()
            }),
            ("source outlet", |d| {
                d.sources.get_mut("beta").unwrap().outlet = Some("The Beta".into())
            }),
            ("source date", |d| {
                d.sources.get_mut("gamma").unwrap().published = Some(Date::Day(2023, 7, 9))
            }),
            ("commitment status", |d| {
                d.commitments.get_mut("g7-security").unwrap().status = Some(Status::Broken)
            }),
            ("commitment title", |d| {
                d.commitments.get_mut("g7-security").unwrap().title = "Pledge".into()
            }),
            ("event date", |d| {
                d.events.get_mut("signing").unwrap().date = Date::Day(2023, 7, 1)
            }),
            ("event title", |d| {
                d.events.get_mut("war").unwrap().title = "War".into()
            }),
            ("discrepancy title", |d| {
                d.discrepancies.get_mut("signing-day").unwrap().title = "When?".into()
            }),
            ("page title", |d| {
                d.pages.get_mut("about").unwrap().title = "Us".into()
            }),
            ("dossier title", |d| d.meta.title = "Retitled".into()),
            ("actor summary", |d| {
                d.actors.get_mut("g7").unwrap().summary = None
            }),
            ("actor mentions", |d| {
                d.actors.get_mut("zelensky").unwrap().mentions.pop();
            }),
            ("actor commitments", |d| {
                d.actors
                    .get_mut("ukraine")
                    .unwrap()
                    .commitments_received
                    .clear()
            }),
            ("new event", |d| {
                let mut e = d.events["war"].clone();
                e.id = "sequel".into();
                d.events.insert(e.id.clone(), e);
            }),
            ("new actor", |d| {
                let mut a = d.actors["nato"].clone();
                a.id = "newcomer".into();
                a.name = "Newcomer".into();
                d.actors.insert(a.id.clone(), a);
            }),
        ];
        for (what, edit) in edits {
            let mut changed = d.clone();
            edit(&mut changed);
            let changes = Changes::between(&d, &changed);
            assert!(!changes.none(), "{what}: a change is seen");
            let after = views(&changed);
            let mut differ = 0;
            for (path, (view, reads)) in &before {
                if after.get(path).map(|(v, _)| v) != Some(view) {
                    differ += 1;
                    assert!(
                        changes.touch(reads),
                        "{what}: {path} changed but is not touched"
                    );
                }
            }
            assert!(differ > 0, "{what}: some view changes");
        }
    }
}
