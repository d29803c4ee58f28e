//! Patching a resolved dossier in place, for watch sessions: when only entities' own
//! fields changed (an actor's role, a source's title, a commitment's status), those
//! are swapped into the last dossier instead of resolving it anew.

use super::*;

/// The content folders whose files a patch may take: every entity kind's.
pub const PATCHABLE: [&str; 5] = [
    "actors",
    "sources",
    "events",
    "commitments",
    "discrepancies",
];

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
own_fields!(Event {
    title,
    date,
    end,
    place,
    summary,
    corrections,
    updated
});
own_fields!(Commitment {
    title,
    date,
    status,
    categories,
    summary,
    corrections,
    updated
});
own_fields!(Discrepancy {
    title,
    summary,
    corrections,
    updated
});

/// An event, commitment or discrepancy: the rest of it (who, what it is about, its
/// evidence) is what backlinks, citations and related actors are made of.
trait Claim: OwnFields {
    /// Whether this claim, fresh from its file, is made of the same as `old`; its
    /// evidence takes `old`'s citation numbers first, which only backlinks set.
    fn made_of_same(&mut self, old: &Self) -> bool;
}

fn numbered_as<'a>(
    fresh: impl Iterator<Item = &'a mut Evidence>,
    old: impl Iterator<Item = &'a Evidence>,
) {
    for (f, o) in fresh.zip(old) {
        f.citation = o.citation;
    }
}

impl Claim for Event {
    fn made_of_same(&mut self, old: &Self) -> bool {
        numbered_as(self.evidence.iter_mut(), old.evidence.iter());
        (&self.actors, &self.evidence) == (&old.actors, &old.evidence)
    }
}

impl Claim for Commitment {
    fn made_of_same(&mut self, old: &Self) -> bool {
        numbered_as(self.all_evidence_mut(), old.all_evidence());
        (&self.by, &self.to, &self.event) == (&old.by, &old.to, &old.event)
            && (&self.evidence, &self.history, &self.amounts)
                == (&old.evidence, &old.history, &old.amounts)
    }
}

impl Claim for Discrepancy {
    fn made_of_same(&mut self, old: &Self) -> bool {
        numbered_as(self.accounts.iter_mut(), old.accounts.iter());
        (&self.about, &self.accounts) == (&old.about, &old.accounts)
    }
}

/// The entities whose own fields changed ([`OwnFields`]: an actor's kind, role,
/// summary and links; a source's title, outlet, author, date, address, language and
/// summary; a claim's title, dates, place, status, categories and summary), to swap
/// into the resolved dossier instead of resolving it again. [`Patch::apply`] swaps;
/// applied again, it undoes.
pub struct Patch {
    actors: Vec<Actor>,
    sources: Vec<Source>,
    events: Vec<Event>,
    commitments: Vec<Commitment>,
    discrepancies: Vec<Discrepancy>,
}

impl Patch {
    /// Swaps the patch's own fields with those of its entities in `d`.
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
        swap_into(&mut self.events, &mut d.events, |e| &e.id);
        swap_into(&mut self.commitments, &mut d.commitments, |c| &c.id);
        swap_into(&mut self.discrepancies, &mut d.discrepancies, |x| &x.id);
    }

    /// The patched entities' own fields: the new ones until applied, the replaced
    /// ones after.
    pub fn replaced(&self) -> Replaced<'_> {
        Replaced {
            actors: &self.actors,
            sources: &self.sources,
            events: &self.events,
            commitments: &self.commitments,
            discrepancies: &self.discrepancies,
        }
    }
}

/// Files (relative to the dossier's root) by their paths' bytes, with a fast hash: a
/// `Path` hashes component by component, and 100,000 sources may be looked up.
pub type Touched<'a> = rustc_hash::FxHashSet<&'a std::ffi::OsStr>;

/// When only entities' own fields changed since `last` was resolved (with
/// `last_diags` its resolve's diagnostics): the patch that turns `last` into what
/// [`resolve`] would give, and the diagnostics it would give. `None` when an entity
/// came or went, an actor changed its names or affiliations, a source its seed or a
/// claim what it rests on (who, what about, its evidence: what mentions, quotes,
/// backlinks and related actors are made of), or there is an error: then resolve in
/// full. `touched`: the files (relative to the root) that may differ since `last`, if
/// known: the others are not looked at again (100,000 sources took ~60 ms of a
/// rebuild).
pub fn patch(
    raw: &Raw,
    last: &Dossier,
    last_diags: &Diagnostics,
    touched: Option<&Touched>,
) -> Option<(Patch, Diagnostics)> {
    let is_touched = |p: &Path| touched.is_none_or(|t| t.contains(p.as_os_str()));
    // Whether `p` is in content/`dir`/ (every content file is looked at: no allocation).
    let under = |dir: &str, p: &Path| {
        let mut c = p.components().map(|c| c.as_os_str());
        c.next() == Some("content".as_ref()) && c.next() == Some(dir.as_ref())
    };
    // Whether any file of the folder may differ (one came or went, too).
    let folder_touched =
        |dir: &str| touched.is_none_or(|t| t.iter().any(|p| under(dir, Path::new(p))));
    let mut memo = Memo::default();
    let mut fresh = Diagnostics::default();
    let mut r = Resolver {
        raw,
        diags: &mut fresh,
        norm: FxHashMap::default(),
        memo: &mut memo,
    };
    let mut patch = Patch {
        actors: Vec::new(),
        sources: Vec::new(),
        events: Vec::new(),
        commitments: Vec::new(),
        discrepancies: Vec::new(),
    };
    // Actors: all of them are resolved again if any changed, for the warnings about
    // actors nothing refers to.
    let actors_touched = folder_touched("actors");
    if actors_touched {
        let actors = r.actors();
        if !actors.keys().eq(last.actors.keys()) {
            return None;
        }
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
        r.actor_warnings(last);
    }
    if raw.sources.len() != last.sources.len()
        || !(raw.sources.iter().map(|s| &s.id).eq(last.sources.keys())
            // Files are in name order, which is the ids' order but for ids that are
            // the start of others (`a-b.yaml` comes before `a.yaml`).
            || raw.sources.iter().all(|s| last.sources.contains_key(&s.id)))
    {
        return None;
    }
    for s in raw.sources.iter().filter(|s| is_touched(&s.path)) {
        let new = r.source_own(s);
        let old = &last.sources[&s.id];
        if new.seed != old.seed {
            return None;
        }
        if !new.same_own(old) {
            patch.sources.push(new);
        }
    }
    // Claims: the touched ones resolved again, their quotes checked against the few
    // seeds they quote.
    if ["events", "commitments", "discrepancies"]
        .iter()
        .any(|dir| folder_touched(dir))
    {
        let quoted = sources::quoted(raw, is_touched);
        r.prepare_quoted(&quoted);
        let ids = Ids::of(raw);
        if folder_touched("events") {
            patch.events = claims(&raw.events, &last.events, is_touched, |f| r.event(f, &ids))?;
        }
        if folder_touched("commitments") {
            patch.commitments = claims(&raw.commitments, &last.commitments, is_touched, |f| {
                Some(r.commitment(f, &ids))
            })?;
        }
        if folder_touched("discrepancies") {
            patch.discrepancies =
                claims(&raw.discrepancies, &last.discrepancies, is_touched, |f| {
                    Some(r.discrepancy(f, &ids))
                })?;
        }
    }
    // What was said of the files looked at again is said anew: the errors (there
    // are none, or there is no patch), the warnings about actors, remote resources.
    let looked_at = |p: &Path| {
        (actors_touched && under("actors", p))
            || (is_touched(p) && PATCHABLE.iter().any(|dir| under(dir, p)))
    };
    let files = raw.content_files().filter(|(p, _)| looked_at(p));
    remote::check_files(files, &last.meta.allowed_hosts, r.diags);
    if fresh.has_errors() {
        return None;
    }
    let mut diags = last_diags.clone();
    diags.retain(|d| !looked_at(&d.file));
    diags.extend(fresh);
    Some((patch, diags))
}

/// The claims of one kind whose own fields changed, resolved again from the touched
/// files; `None` if one came or went or is made of something else now.
fn claims<R, T: Claim>(
    files: &[Loaded<R>],
    last: &BTreeMap<Id, T>,
    is_touched: impl Fn(&Path) -> bool,
    mut resolve: impl FnMut(&Loaded<R>) -> Option<T>,
) -> Option<Vec<T>> {
    if files.len() != last.len() || !files.iter().all(|f| last.contains_key(&f.id)) {
        return None;
    }
    let mut out = Vec::new();
    for f in files.iter().filter(|f| is_touched(&f.path)) {
        let mut new = resolve(f)?;
        let old = &last[&f.id];
        if !new.made_of_same(old) {
            return None;
        }
        if !new.same_own(old) {
            out.push(new);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

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

    /// The data of the file `id` among `files`, to edit.
    fn data<'r, T: Clone>(files: &'r mut [Loaded<T>], id: &str) -> &'r mut T {
        Arc::make_mut(&mut files.iter_mut().find(|f| f.id == id).unwrap().data)
    }

    /// Adds a remote image to the text of the content file at `path` (what the check
    /// of remote resources reads).
    fn remote_image(raw: &mut Raw, path: &str) {
        let add = |t: &mut Arc<str>| {
            *t = format!("{t}\n# ![pixel](https://tracker.example/p.png)\n").into()
        };
        let all = raw.actors.iter_mut().map(|f| (&f.path, &mut f.text));
        let all = all.chain(raw.sources.iter_mut().map(|f| (&f.path, &mut f.text)));
        let all = all.chain(raw.commitments.iter_mut().map(|f| (&f.path, &mut f.text)));
        all.filter(|(p, _)| p.as_path() == Path::new(path))
            .for_each(|(_, t)| add(t));
    }

    /// The content files whose text or data differ between `a` and `b`, or that only
    /// one has: what a watch session would have seen touched.
    fn touched(a: &Raw, b: &Raw) -> Vec<PathBuf> {
        fn files<T: std::fmt::Debug>(l: &[Loaded<T>]) -> Vec<(PathBuf, String)> {
            l.iter()
                .map(|f| (f.path.clone(), format!("{:?}{:?}", f.text, f.data)))
                .collect()
        }
        let all = |r: &Raw| -> BTreeMap<PathBuf, String> {
            files(&r.actors)
                .into_iter()
                .chain(files(&r.sources))
                .chain(files(&r.events))
                .chain(files(&r.commitments))
                .chain(files(&r.discrepancies))
                .collect()
        };
        let (a, b) = (all(a), all(b));
        let keys: BTreeSet<&PathBuf> = a.keys().chain(b.keys()).collect();
        keys.into_iter()
            .filter(|k| a.get(*k) != b.get(*k))
            .cloned()
            .collect()
    }

    /// An edit of entities' own fields patches the last dossier into what resolving
    /// anew gives, diagnostics and changes included, whether every file is looked at
    /// again or only those touched; an edit of what mentions, quotes or backlinks are
    /// made of does not patch.
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
                data(&mut r.actors, "russia").role = Some("Aggressor".into())
            }),
            ("ghost's role", true, |r| {
                data(&mut r.actors, "ghost").role = Some("Unseen".into())
            }),
            ("kind and summary", true, |r| {
                data(&mut r.actors, "g7").kind = "organization".into();
                data(&mut r.actors, "nato").summary = Some("An *alliance*.".into());
            }),
            ("links", true, |r| {
                data(&mut r.actors, "nato").links = vec![RawLink {
                    title: "Site".into(),
                    url: "https://nato.example".into(),
                }];
            }),
            ("unsafe link", false, |r| {
                data(&mut r.actors, "nato").links = vec![RawLink {
                    title: "Site".into(),
                    url: "javascript:alert(1)".into(),
                }];
            }),
            ("source author and date", true, |r| {
                data(&mut r.sources, "alpha").author = Some("A. Writer".into());
                data(&mut r.sources, "beta").published = Some("2023-07-01".into());
            }),
            (
                "source title and summary, with an actor's role",
                true,
                |r| {
                    data(&mut r.sources, "gamma").title = "Retitled".into();
                    data(&mut r.sources, "gamma").summary = Some("In *short*.".into());
                    data(&mut r.sources, "gamma").editors_title = true;
                    data(&mut r.actors, "russia").role = Some("Aggressor".into());
                },
            ),
            ("source address and language", true, |r| {
                data(&mut r.sources, "alpha").url = Some("https://example.org/a".into());
                data(&mut r.sources, "alpha").language = Some("uk".into());
                data(&mut r.sources, "alpha").outlet = None;
            }),
            ("a bad date", false, |r| {
                data(&mut r.sources, "alpha").published = Some("July".into())
            }),
            ("a source's seed", false, |r| {
                data(&mut r.sources, "alpha").seed = "beta.txt".into()
            }),
            ("source gone", false, |r| {
                r.sources.retain(|s| s.id != "gamma")
            }),
            ("alias", false, |r| {
                data(&mut r.actors, "russia").aliases = vec!["Moscow".into()]
            }),
            ("name", false, |r| {
                data(&mut r.actors, "nato").name = "The Alliance".into()
            }),
            ("affiliation", false, |r| {
                data(&mut r.actors, "russia").affiliations = vec!["g7".into()]
            }),
            ("unknown kind", false, |r| {
                data(&mut r.actors, "nato").kind = "club".into()
            }),
            ("actor gone", false, |r| {
                r.actors.retain(|a| a.id != "russia")
            }),
            (
                "a remote image in an actor's and a source's file",
                true,
                |r| {
                    remote_image(r, "content/actors/nato.yaml");
                    remote_image(r, "content/sources/beta.yaml");
                },
            ),
            ("commitment title, status, categories and date", true, |r| {
                let c = data(&mut r.commitments, "g7-security");
                c.title = "The G7's pledge".into();
                c.status = Some("in-progress".into());
                c.categories = vec!["Aid".into(), "security".into()];
                c.date = Some("2023-07-11".into());
            }),
            ("commitment summary with a remote image", true, |r| {
                data(&mut r.commitments, "g7-security").summary = Some("Signed.".into());
                remote_image(r, "content/commitments/g7-security.yaml");
            }),
            ("event title, date, end and place", true, |r| {
                let e = data(&mut r.events, "signing");
                e.title = "Signed".into();
                e.date = "2023-07-11".into();
                e.end = Some("2023-07-12".into());
                e.place = None;
            }),
            (
                "discrepancy title and summary, with a source's title",
                true,
                |r| {
                    data(&mut r.discrepancies, "signing-day").title = "Which day?".into();
                    data(&mut r.discrepancies, "signing-day").summary = None;
                    data(&mut r.sources, "alpha").title = "Alpha, retitled".into();
                },
            ),
            ("commitment's actor", false, |r| {
                data(&mut r.commitments, "g7-security").to = vec!["nato".into()]
            }),
            ("commitment's event", false, |r| {
                data(&mut r.commitments, "g7-security").event = None
            }),
            ("another passage quoted", false, |r| {
                data(&mut r.commitments, "g7-security").evidence[0].quote =
                    "long-term security".into()
            }),
            ("evidence note", false, |r| {
                data(&mut r.commitments, "g7-security").evidence[1].note = Some("Pleased.".into())
            }),
            ("a quote not in the seed", false, |r| {
                data(&mut r.events, "signing").evidence[0].quote = "The leaders of the G8".into()
            }),
            ("event actors", false, |r| {
                data(&mut r.events, "signing").actors.pop();
            }),
            ("event end before its date", false, |r| {
                data(&mut r.events, "signing").end = Some("2023-07-01".into())
            }),
            ("discrepancy about", false, |r| {
                data(&mut r.discrepancies, "signing-day").about =
                    vec!["commitments/g7-security".into()]
            }),
            ("a status that does not exist", false, |r| {
                data(&mut r.commitments, "g7-security").status = Some("pending".into())
            }),
            ("commitment gone", false, |r| r.commitments.clear()),
        ];
        for (what, patches, edit) in edits {
            let mut raw = fixture_raw();
            edit(&mut raw);
            let mut anew_diags = Diagnostics::default();
            let anew = resolve(&raw, &mut anew_diags);
            let files = touched(&fixture_raw(), &raw);
            let files: Touched = files.iter().map(|p| p.as_os_str()).collect();
            for (looked_at, touched) in [("every file", None), ("the touched files", Some(&files))]
            {
                let what = format!("{what} ({looked_at})");
                let Some((mut patch, diags)) = patch(&raw, &last, &last_diags, touched) else {
                    assert!(!patches, "{what}: not patched");
                    continue;
                };
                assert!(patches, "{what}: patched");
                let mut d = last.clone();
                patch.apply(&mut d);
                assert!(d == anew, "{what}: the patched dossier differs");
                assert_eq!(diags.sorted(), anew_diags.sorted(), "{what}: diagnostics");
                assert_eq!(
                    crate::render::Changes::of_patch(&patch.replaced(), &d),
                    crate::render::Changes::between(&last, &anew),
                    "{what}: changes"
                );
                patch.apply(&mut d);
                assert!(d == last, "{what}: applied twice, a patch undoes itself");
            }
        }
    }
}
