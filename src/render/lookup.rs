//! [`Views`]: what a page's view builder looks the dossier up through. It makes
//! every link relative to the page (or an anchor in the print document) and notes
//! what the page read ([`super::reads`]); [`Index`] hashes actors and sources by id.
//! The views themselves are built in [`super::pages`].

use crate::model::*;

use super::reads::{every, key, name_key, Reads};
use super::strings::Strings;
use super::urls;

/// Builds views for one page, whose links must lead from `root`, and notes what of
/// the dossier the page read (see [`Reads`]).
pub struct Views<'a> {
    /// Read only through the accessors below, which note what is read.
    d: &'a Dossier,
    pub root: String,
    /// On the print page: the site pages the document holds; links to them become
    /// anchors in the document, links to the rest stay links to the site.
    pub in_document: Option<std::collections::HashSet<String>>,
    /// Whether references to actors carry their roles: only for the templates that
    /// may show them, so that the other pages do not depend on roles.
    pub ref_roles: bool,
    reads: std::cell::RefCell<Reads>,
    /// Actors and sources by id, hashed, when a render made one.
    index: Option<&'a Index<'a>>,
    /// The words around the content.
    pub t: &'a Strings,
}

/// The actors and sources of a dossier by id, hashed: the pages of a 10k render look
/// them up hundreds of thousands of times, and a `BTreeMap` compares ids all the way
/// down.
pub struct Index<'a> {
    actors: rustc_hash::FxHashMap<&'a str, &'a Actor>,
    /// The actors in id order, by number ([`Related::actor`]).
    numbered: Vec<&'a Actor>,
    sources: rustc_hash::FxHashMap<&'a str, &'a Source>,
}

impl<'a> Index<'a> {
    pub fn new(d: &'a Dossier) -> Index<'a> {
        Index {
            actors: d.actors.iter().map(|(k, a)| (k.as_str(), a)).collect(),
            numbered: d.actors.values().collect(),
            sources: d.sources.iter().map(|(k, s)| (k.as_str(), s)).collect(),
        }
    }
}

impl<'a> Views<'a> {
    pub fn new(d: &'a Dossier, path: &str) -> Views<'a> {
        Views::with_root(d, urls::root_from(path), None)
    }

    pub fn with_root(
        d: &'a Dossier,
        root: String,
        in_document: Option<std::collections::HashSet<String>>,
    ) -> Views<'a> {
        Views {
            d,
            root,
            in_document,
            ref_roles: true,
            reads: Default::default(),
            index: None,
            t: Strings::english(),
        }
    }

    /// These views, looking actors and sources up in `index` (of the same dossier).
    pub fn with_index(mut self, index: &'a Index<'a>) -> Views<'a> {
        self.index = Some(index);
        self
    }

    /// These views, in the words of `t`.
    pub fn with_strings(mut self, t: &'a Strings) -> Views<'a> {
        self.t = t;
        self
    }

    /// Views for the print page's document, holding the site pages `printed`: the
    /// same root, roles and index as these.
    pub fn for_document(&self, printed: std::collections::HashSet<String>) -> Views<'a> {
        Views {
            ref_roles: self.ref_roles,
            index: self.index,
            t: self.t,
            ..Views::with_root(self.d, self.root.clone(), Some(printed))
        }
    }

    pub(crate) fn actor_by_id(&self, id: &str) -> Option<&'a Actor> {
        match self.index {
            Some(i) => i.actors.get(id).copied(),
            None => self.d.actors.get(id),
        }
    }

    /// The id of the actor numbered `n` ([`Related::actor`]).
    pub fn actor_id(&self, n: u32) -> Option<&'a str> {
        let a = match self.index {
            Some(i) => i.numbered.get(n as usize).copied(),
            None => self.d.actors.values().nth(n as usize),
        };
        a.map(|a| a.id.as_str())
    }

    /// What this page read so far.
    pub fn reads(&self) -> Reads {
        let mut r = self.reads.borrow().clone();
        r.keys.sort_unstable();
        r.keys.dedup();
        r
    }

    pub(crate) fn read(&self, kind: Option<Kind>, id: &str) {
        self.read_key(every::of(kind) & !every::NAME, || key(kind, id));
    }

    /// Notes `key`, unless the page reads all of a kind in `covered_by`.
    pub(crate) fn read_key(&self, covered_by: u8, key: impl FnOnce() -> u64) {
        let mut r = self.reads.borrow_mut();
        if r.kinds & covered_by == 0 {
            r.keys.push(key());
        }
    }

    /// The dossier, for a page that reads all entities of the `kinds` ([`every`]
    /// bits) and looks up any other through the accessors below.
    pub fn all(&self, kinds: u8) -> &'a Dossier {
        self.reads.borrow_mut().kinds |= kinds;
        self.d
    }

    /// Adds what another view (of the same page) read.
    pub fn note(&self, other: Reads) {
        let mut r = self.reads.borrow_mut();
        r.kinds |= other.kinds;
        r.keys.extend(other.keys);
    }

    /// The site-wide data every page reads untracked: `meta` and the pages' titles.
    pub fn site_wide(&self) -> &'a Dossier {
        self.d
    }

    /// The whole dossier, for pages that list or count all of it.
    pub fn whole(&self) -> &'a Dossier {
        self.all(every::KIND)
    }

    /// The entity `id` of `kind` in `all` (one of the dossier's maps), read by key.
    fn entity<T>(
        &self,
        kind: Kind,
        all: &'a std::collections::BTreeMap<Id, T>,
        id: &str,
    ) -> Option<&'a T> {
        self.read(Some(kind), id);
        all.get(id)
    }

    pub fn actor_of(&self, id: &str) -> Option<&'a Actor> {
        self.read(Some(Kind::Actor), id);
        self.actor_by_id(id)
    }

    /// An actor's name, for a page that shows nothing else of it.
    pub fn name_of(&self, id: &str) -> Option<&'a str> {
        self.read_key(every::ACTOR | every::NAME, || name_key(id));
        self.actor_by_id(id).map(|a| a.name.as_str())
    }

    pub fn source_of(&self, id: &str) -> Option<&'a Source> {
        self.read(Some(Kind::Source), id);
        match self.index {
            Some(i) => i.sources.get(id).copied(),
            None => self.d.sources.get(id),
        }
    }

    pub fn event_of(&self, id: &str) -> Option<&'a Event> {
        self.entity(Kind::Event, &self.d.events, id)
    }

    pub fn commitment_of(&self, id: &str) -> Option<&'a Commitment> {
        self.entity(Kind::Commitment, &self.d.commitments, id)
    }

    pub fn discrepancy_of(&self, id: &str) -> Option<&'a Discrepancy> {
        self.entity(Kind::Discrepancy, &self.d.discrepancies, id)
    }

    pub fn evidence_of(&self, r: &EvidenceRef) -> Option<&'a Evidence> {
        self.read(Some(r.owner.kind), &r.owner.id);
        self.d.evidence(r)
    }

    pub fn title_of(&self, r: &Ref) -> Option<&'a str> {
        self.read(Some(r.kind), &r.id);
        self.d.title_of(r)
    }

    pub fn href(&self, site_path: &str) -> String {
        if let Some(printed) = &self.in_document {
            if printed.contains(site_path.split('#').next().unwrap_or(site_path)) {
                return urls::in_document(site_path);
            }
        }
        [self.root.as_str(), site_path].concat()
    }

    /// The id an anchor `name` of entity `kind/id` gets on this page: `name` on the
    /// entity's own page, `source-s-p3` on the print page.
    pub fn anchor(&self, kind: Kind, id: &str, name: &str) -> String {
        if self.in_document.is_some() {
            return urls::in_document(&format!("{}#{name}", urls::entity(kind, id)))[1..]
                .to_string();
        }
        name.to_string()
    }
}
