//! Patching a resolved dossier in place, for watch sessions: when only actors' and
//! sources' own fields changed (a summary, a title), those are swapped into the last
//! dossier instead of resolving it anew.

use super::*;

/// An entity's own fields: those nothing else in a dossier is made from, so that a
/// change to them can be swapped into a resolved dossier.
trait OwnFields {
    fn swap_own(&mut self, other: &mut Self);
    fn same_own(&self, other: &Self) -> bool;
}

/// Implements [`OwnFields`] for `$ty` with its own fields, named once.
macro_rules! own_fields {
    ($ty:ty { $($field:ident),+ }) => {
        impl OwnFields for $ty {
            fn swap_own(&mut self, other: &mut Self) {
                $(std::mem::swap(&mut self.$field, &mut other.$field);)+
            }
            fn same_own(&self, other: &Self) -> bool {
                $(self.$field == other.$field)&&+
            }
        }
    };
}

own_fields!(Actor {
    kind,
    role,
    summary,
    links,
    corrections,
    updated
});
own_fields!(Source {
    title,
    editors_title,
    outlet,
    author,
    published,
    url,
    language,
    summary,
    corrections,
    updated,
    original,
    retrieved
});

/// The actors and sources whose own fields changed ([`OwnFields`]: an actor's kind,
/// role, summary and links; a source's title, outlet, author, date, address, language
/// and summary), to swap into the resolved dossier instead of resolving it again.
/// [`Patch::apply`] swaps; applied again, it undoes.
pub struct Patch {
    actors: Vec<Actor>,
    sources: Vec<Source>,
}

impl Patch {
    /// Swaps the patch's own fields with those of its actors and sources in `d`.
    pub fn apply(&mut self, d: &mut Dossier) {
        fn swap_into<T: OwnFields>(patch: &mut [T], all: &mut BTreeMap<Id, T>, id: fn(&T) -> &Id) {
            for b in patch {
                if let Some(a) = all.get_mut(id(b)) {
                    a.swap_own(b);
                }
            }
        }
        swap_into(&mut self.actors, &mut d.actors, |a| &a.id);
        swap_into(&mut self.sources, &mut d.sources, |s| &s.id);
    }

    /// The patched actors' own fields: the new ones until applied, the replaced ones
    /// after.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }

    /// The patched sources' own fields, likewise.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }
}

/// Files (relative to the dossier's root) by their paths' bytes, with a fast hash: a
/// `Path` hashes component by component, and 100,000 sources may be looked up.
pub type Touched<'a> = rustc_hash::FxHashSet<&'a std::ffi::OsStr>;

/// When only actor and source files changed since `last` was resolved (with
/// `last_diags` its resolve's diagnostics): the patch that turns `last` into what
/// [`resolve`] would give, and the diagnostics it would give. `None` when an actor or
/// source came or went, an actor changed its names or affiliations or a source its
/// seed (what mentions, quotes and backlinks are made of), or there is an error: then
/// resolve in full. `touched`: the files (relative to the root) that may differ since
/// `last`, if known: the other sources are not looked at again (100,000 of them took
/// ~60 ms of a rebuild).
pub fn patch(
    raw: &Raw,
    last: &Dossier,
    last_diags: &Diagnostics,
    touched: Option<&Touched>,
) -> Option<(Patch, Diagnostics)> {
    let mut memo = Memo::default();
    let mut fresh = Diagnostics::default();
    let mut r = Resolver {
        raw,
        diags: &mut fresh,
        norm: FxHashMap::default(),
        memo: &mut memo,
    };
    let actors = r.actors();
    let sources: BTreeMap<&str, Source> = raw
        .sources
        .iter()
        .filter(|s| touched.is_none_or(|t| t.contains(s.path.as_os_str())))
        .map(|s| (s.id.as_str(), r.source_own(s)))
        .collect();
    // Every problem with an actor file comes from `actors` or `actor_warnings`: those
    // two are made again, the others stand. A source file has only errors.
    r.actor_warnings(last);
    if fresh.has_errors()
        || !actors.keys().eq(last.actors.keys())
        || raw.sources.len() != last.sources.len()
        || !(raw.sources.iter().map(|s| &s.id).eq(last.sources.keys())
            // Files are in name order, which is the ids' order but for ids that
            // are the start of others (`a-b.yaml` comes before `a.yaml`).
            || raw.sources.iter().all(|s| last.sources.contains_key(&s.id)))
    {
        return None;
    }
    let mut patch = Patch {
        actors: Vec::new(),
        sources: Vec::new(),
    };
    for (new, old) in actors.into_values().zip(last.actors.values()) {
        if (&new.name, &new.aliases, &new.affiliations)
            != (&old.name, &old.aliases, &old.affiliations)
        {
            return None;
        }
        if !new.same_own(old) {
            patch.actors.push(new);
        }
    }
    for (id, new) in sources {
        let old = &last.sources[id];
        if new.seed != old.seed {
            return None;
        }
        if !new.same_own(old) {
            patch.sources.push(new);
        }
    }
    let actors_dir = Path::new("content").join("actors");
    let mut diags = last_diags.clone();
    diags.retain(|d| !d.file.starts_with(&actors_dir));
    diags.extend(fresh);
    Some((patch, diags))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_raw() -> Raw {
        let project = crate::Project::new(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini"),
            None,
        );
        let mut raw =
            crate::load::load(&project, &mut Diagnostics::default()).expect("fixture loads");
        // An actor no source names, to be warned about.
        let mut ghost = raw.actors[0].clone();
        ghost.id = "ghost".into();
        ghost.path = Path::new("content/actors/ghost.yaml").into();
        let data = Arc::make_mut(&mut ghost.data);
        data.name = "Ghost".into();
        data.aliases.clear();
        data.affiliations.clear();
        raw.actors.push(ghost);
        raw
    }

    fn actor<'r>(raw: &'r mut Raw, id: &str) -> &'r mut RawActor {
        Arc::make_mut(&mut raw.actors.iter_mut().find(|a| a.id == id).unwrap().data)
    }

    fn source<'r>(raw: &'r mut Raw, id: &str) -> &'r mut RawSource {
        Arc::make_mut(&mut raw.sources.iter_mut().find(|s| s.id == id).unwrap().data)
    }

    /// An edit of actors' and sources' own fields patches the last dossier into what
    /// resolving anew gives, diagnostics included; an edit of what mentions, quotes or
    /// backlinks are made of does not patch.
    #[test]
    fn a_patch_equals_resolving_anew() {
        let raw = fixture_raw();
        let mut last_diags = Diagnostics::default();
        let last = resolve(&raw, &mut last_diags);
        let ghost = Path::new("content/actors/ghost.yaml");
        assert!(last_diags.iter().any(|d| d.file == ghost), "a warning");
        type Edit = (&'static str, bool, fn(&mut Raw));
        let edits: &[Edit] = &[
            ("nothing", true, |_| {}),
            ("role", true, |r| {
                actor(r, "russia").role = Some("Aggressor".into())
            }),
            ("ghost's role", true, |r| {
                actor(r, "ghost").role = Some("Unseen".into())
            }),
            ("kind and summary", true, |r| {
                actor(r, "g7").kind = "organization".into();
                actor(r, "nato").summary = Some("An *alliance*.".into());
            }),
            ("links", true, |r| {
                actor(r, "nato").links = vec![RawLink {
                    title: "Site".into(),
                    url: "https://nato.example".into(),
                }];
            }),
            ("unsafe link", false, |r| {
                actor(r, "nato").links = vec![RawLink {
                    title: "Site".into(),
                    url: "javascript:alert(1)".into(),
                }];
            }),
            ("source author and date", true, |r| {
                source(r, "alpha").author = Some("A. Writer".into());
                source(r, "beta").published = Some("2023-07-01".into());
            }),
            (
                "source title and summary, with an actor's role",
                true,
                |r| {
                    source(r, "gamma").title = "Retitled".into();
                    source(r, "gamma").summary = Some("In *short*.".into());
                    source(r, "gamma").editors_title = true;
                    actor(r, "russia").role = Some("Aggressor".into());
                },
            ),
            ("source address and language", true, |r| {
                source(r, "alpha").url = Some("https://example.org/a".into());
                source(r, "alpha").language = Some("uk".into());
                source(r, "alpha").outlet = None;
            }),
            ("a bad date", false, |r| {
                source(r, "alpha").published = Some("July".into())
            }),
            ("a source's seed", false, |r| {
                source(r, "alpha").seed = "beta.txt".into()
            }),
            ("source gone", false, |r| {
                r.sources.retain(|s| s.id != "gamma")
            }),
            ("alias", false, |r| {
                actor(r, "russia").aliases = vec!["Moscow".into()]
            }),
            ("name", false, |r| {
                actor(r, "nato").name = "The Alliance".into()
            }),
            ("affiliation", false, |r| {
                actor(r, "russia").affiliations = vec!["g7".into()]
            }),
            ("unknown kind", false, |r| {
                actor(r, "nato").kind = "club".into()
            }),
            ("actor gone", false, |r| {
                r.actors.retain(|a| a.id != "russia")
            }),
        ];
        for (what, patches, edit) in edits {
            let mut raw = fixture_raw();
            edit(&mut raw);
            let mut anew_diags = Diagnostics::default();
            let anew = resolve(&raw, &mut anew_diags);
            let Some((mut patch, diags)) = patch(&raw, &last, &last_diags, None) else {
                assert!(!patches, "{what}: not patched");
                continue;
            };
            assert!(patches, "{what}: patched");
            let mut d = last.clone();
            patch.apply(&mut d);
            assert!(d == anew, "{what}: the patched dossier differs");
            assert_eq!(diags.sorted(), anew_diags.sorted(), "{what}: diagnostics");
            assert_eq!(
                crate::render::Changes::of_patch(patch.actors(), patch.sources(), &d),
                crate::render::Changes::between(&last, &anew),
                "{what}: changes"
            );
            patch.apply(&mut d);
            assert!(d == last, "{what}: applied twice, a patch undoes itself");
        }
    }
}
