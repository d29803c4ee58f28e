//! Raw → [`Dossier`]: every check lives here. Ids are looked up (with the nearest
//! existing one suggested), dates parsed, quotes verified against their seeds,
//! mentions found, backlinks computed. Later stages never see unchecked data.

pub mod backlinks;
pub mod mentions;
pub mod quotes;
pub mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{suggest, Diagnostic, Diagnostics, Pos};
use crate::html;
use crate::load::raw::*;
use crate::load::{locate, Loaded, Raw, RawPage, Seed};
use crate::model::*;

/// Folder names at the top of the site: a page slug may not take one.
pub const RESERVED_SLUGS: &[&str] = &[
    "actors",
    "sources",
    "events",
    "timeline",
    "commitments",
    "discrepancies",
    "map",
    "print",
    "coverage",
    "search",
    "assets",
    "index",
    "404",
];

/// Resolves everything loaded; problems go to `diags`. The dossier is returned even
/// when there are errors (without the broken parts), so that `check` can report all.
pub fn resolve(raw: &Raw, diags: &mut Diagnostics) -> Dossier {
    resolve_with(raw, diags, &mut Memo::default())
}

/// What resolving leaves for the next resolve of the same dossier (in a watch
/// session): each seed's prepared text, and the mentions found in it, reused while
/// the seed is the same (the same loaded [`Seed`]) and, for mentions, while the
/// actors and their names are the same.
#[derive(Default)]
pub struct Memo {
    /// By seed file name.
    seeds: HashMap<String, SeedMemo>,
    /// A hash of the actors' ids and names the mentions were found with.
    names: u64,
}

/// What one loaded seed resolved to.
struct SeedMemo {
    seed: Arc<Seed>,
    prepared: Arc<Prepared>,
    /// Its mentions, while the actors' names are those of [`Memo::names`].
    found: Option<Arc<Found>>,
}

/// [`resolve`], reusing and then updating `memo`.
pub fn resolve_with(raw: &Raw, diags: &mut Diagnostics, memo: &mut Memo) -> Dossier {
    let mut r = Resolver {
        raw,
        diags,
        norm: HashMap::new(),
        memo,
    };
    let meta = r.meta();
    let mut actors = r.actors();
    let mut sources = r.sources();
    r.find_mentions(&mut actors, &mut sources);
    let ids = Ids {
        actors: ids_of(&raw.actors, raw, "actors"),
        sources: ids_of(&raw.sources, raw, "sources"),
        events: ids_of(&raw.events, raw, "events"),
        commitments: ids_of(&raw.commitments, raw, "commitments"),
    };
    r.normalise_quoted();
    let events = r.events(&ids);
    let commitments = r.commitments(&ids);
    let discrepancies = r.discrepancies(&ids);
    let pages = r.pages();
    let mut d = Dossier {
        meta,
        actors,
        sources,
        events,
        commitments,
        discrepancies,
        pages,
    };
    backlinks::compute(&mut d);
    r.warnings(&d);
    d
}

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
    links
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

/// When only actor and source files changed since `last` was resolved (with
/// `last_diags` its resolve's diagnostics): the patch that turns `last` into what
/// [`resolve`] would give, and the diagnostics it would give. `None` when an actor or
/// source came or went, an actor changed its names or affiliations or a source its
/// seed (what mentions, quotes and backlinks are made of), or there is an error: then
/// resolve in full.
pub fn patch(raw: &Raw, last: &Dossier, last_diags: &Diagnostics) -> Option<(Patch, Diagnostics)> {
    let mut memo = Memo::default();
    let mut fresh = Diagnostics::default();
    let mut r = Resolver {
        raw,
        diags: &mut fresh,
        norm: HashMap::new(),
        memo: &mut memo,
    };
    let actors = r.actors();
    let sources: BTreeMap<&str, Source> = raw
        .sources
        .iter()
        .map(|s| (s.id.as_str(), r.source_own(s)))
        .collect();
    // Every problem with an actor file comes from `actors` or `actor_warnings`: those
    // two are made again, the others stand. A source file has only errors.
    r.actor_warnings(last);
    if fresh.has_errors()
        || !actors.keys().eq(last.actors.keys())
        || !sources
            .keys()
            .copied()
            .eq(last.sources.keys().map(String::as_str))
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
    for (new, old) in sources.into_values().zip(last.sources.values()) {
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

/// The ids of one kind that exist: the files that loaded and those that did not parse
/// (a reference to a broken file is not reported a second time).
fn ids_of<'r, T>(loaded: &'r [Loaded<T>], raw: &'r Raw, dir: &str) -> BTreeSet<&'r str> {
    let broken = raw
        .broken
        .iter()
        .filter(|(d, _)| *d == dir)
        .map(|(_, id)| id.as_str());
    loaded.iter().map(|l| l.id.as_str()).chain(broken).collect()
}

/// The ids that exist, for reference checks.
struct Ids<'a> {
    actors: BTreeSet<&'a str>,
    sources: BTreeSet<&'a str>,
    events: BTreeSet<&'a str>,
    commitments: BTreeSet<&'a str>,
}

struct Resolver<'a> {
    raw: &'a Raw,
    diags: &'a mut Diagnostics,
    /// Each source's seed, prepared, by source id, for quote checks.
    norm: HashMap<String, SeedText>,
    memo: &'a mut Memo,
}

/// A source's seed, prepared for quote checks.
struct SeedText {
    prepared: Arc<Prepared>,
    /// Index of the seed in `raw.seeds`.
    seed: usize,
}

/// A seed's paragraphs (byte ranges and texts), word count and, once a quote needs
/// it, its normalised text (large: most seeds are never quoted).
pub struct Prepared {
    paragraphs: Vec<(usize, usize)>,
    texts: Vec<Arc<str>>,
    norm: std::sync::OnceLock<quotes::Normalized>,
    words: usize,
}

impl Prepared {
    fn new(text: &str) -> Prepared {
        let paragraphs = text::paragraphs(text);
        Prepared {
            texts: paragraphs
                .iter()
                .map(|&(a, b)| Arc::from(&text[a..b]))
                .collect(),
            paragraphs,
            norm: Default::default(),
            words: text.split_whitespace().count(),
        }
    }
}

/// The mentions found in one seed: spans by paragraph, each sentence naming an actor
/// (by its index among the actors), and how often each actor is named.
pub struct Found {
    /// By paragraph.
    spans: Vec<Arc<[MentionSpan]>>,
    /// By actor (the finder's numbering): how often it is named, and where.
    contexts: Vec<(usize, usize, Arc<[Context]>)>,
    mentioned: Vec<(Id, usize)>,
}

/// Counts how often each key has been met in one file, to locate the n-th.
#[derive(Default)]
struct KeyCount(HashMap<&'static str, usize>);

impl KeyCount {
    fn next(&mut self, key: &'static str) -> usize {
        let n = self.0.entry(key).or_default();
        *n += 1;
        *n - 1
    }
}

fn md(s: &Option<String>) -> Option<Markdown> {
    s.as_ref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| Markdown {
            markdown: s.clone(),
            html: html::markdown(s),
        })
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

impl Resolver<'_> {
    fn err<T>(
        &mut self,
        file: &Loaded<T>,
        pos: Option<Pos>,
        msg: impl Into<String>,
        help: Option<String>,
    ) {
        self.diags
            .push(Diagnostic::error(&file.path, msg).at(pos).help_opt(help));
    }

    /// Checks that `value` (under `key`, its `nth` occurrence) names an existing id.
    #[allow(clippy::too_many_arguments)]
    fn check_id<T>(
        &mut self,
        file: &Loaded<T>,
        key: &'static str,
        nth: usize,
        value: &str,
        what: &str,
        set: &BTreeSet<&str>,
    ) -> bool {
        if set.contains(value) {
            return true;
        }
        let pos = locate::value(&file.text, key, nth, value);
        let help = suggest(value, set.iter().copied()).or_else(|| {
            Some(format!(
                "no {what} exists yet: add content/{what}s/{value}.yaml"
            ))
        });
        self.err(
            file,
            pos,
            format!("unknown {what} `{value}` in `{key}`"),
            help,
        );
        false
    }

    fn date<T>(
        &mut self,
        file: &Loaded<T>,
        key: &'static str,
        value: &str,
        allow_unknown: bool,
    ) -> Option<Date> {
        match Date::parse(value, allow_unknown) {
            Ok(d) => Some(d),
            Err(e) => {
                let pos = locate::after_key(&file.text, key, 0);
                self.err(file, pos, format!("`{key}`: {e}"), None);
                None
            }
        }
    }

    /// A source's `original`: a file under `originals/` and a sha256 in hex.
    fn original<T>(&mut self, file: &Loaded<T>, o: &RawOriginal) -> Option<Original> {
        let name = o.file.trim();
        let sha = o.sha256.trim().to_ascii_lowercase();
        let pos = locate::key(&file.text, "original", 0);
        if !name.starts_with("originals/") || name.contains("..") {
            self.err(
                file,
                pos,
                "`original.file` must name a file under seeds/originals/",
                Some(format!("`{name}`: write it as `originals/<name>`")),
            );
            return None;
        }
        if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            self.err(
                file,
                pos,
                "`original.sha256` must be 64 hexadecimal digits",
                None,
            );
            return None;
        }
        Some(Original {
            file: name.to_string(),
            sha256: sha,
        })
    }

    fn url<T>(&mut self, file: &Loaded<T>, key: &'static str, nth: usize, url: &str) -> bool {
        if html::is_safe_url(url) {
            return true;
        }
        let pos = locate::key(&file.text, key, nth);
        self.err(
            file,
            pos,
            format!("`{key}` must be a web address starting with https:// or http://"),
            Some(format!("`{url}` cannot be linked safely")),
        );
        false
    }

    fn meta(&mut self) -> Meta {
        let Some(m) = &self.raw.meta else {
            return Meta {
                title: "Untitled dossier".into(),
                description: None,
                language: "en".into(),
                base_url: None,
            };
        };
        let base_url = non_empty(&m.data.base_url).map(|u| u.trim_end_matches('/').to_string());
        if let Some(u) = &base_url {
            if !(u.starts_with("https://") || u.starts_with("http://"))
                || u.contains(char::is_whitespace)
            {
                self.err(
                    m,
                    locate::key(&m.text, "base_url", 0),
                    "`base_url` must be an absolute web address, like https://example.org/dossier",
                    None,
                );
            }
        }
        let language = non_empty(&m.data.language).unwrap_or_else(|| "en".into());
        if !language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            self.err(
                m,
                locate::key(&m.text, "language", 0),
                format!("`language` must be a language tag like `en` or `uk`, not `{language}`"),
                None,
            );
        }
        Meta {
            title: m.data.title.trim().to_string(),
            description: md(&m.data.description),
            language,
            base_url,
        }
    }

    fn actors(&mut self) -> BTreeMap<Id, Actor> {
        let raw = self.raw;
        let ids = ids_of(&raw.actors, raw, "actors");
        let mut out = BTreeMap::new();
        // Every name and alias → the actor that claims it, to refuse ambiguous names.
        let mut names: HashMap<String, (&str, &str)> = HashMap::new();
        for a in &raw.actors {
            let d = &a.data;
            let kind = ActorKind::ALL
                .into_iter()
                .find(|k| k.name() == d.kind.trim());
            if kind.is_none() {
                let pos = locate::value(&a.text, "kind", 0, d.kind.trim());
                self.err(
                    a,
                    pos,
                    format!(
                        "`kind` must be person, organization, country or group, not `{}`",
                        d.kind
                    ),
                    suggest(d.kind.trim(), ActorKind::ALL.iter().map(|k| k.name())),
                );
            }
            if d.name.trim().is_empty() {
                self.err(
                    a,
                    locate::key(&a.text, "name", 0),
                    "`name` is empty",
                    Some("write the actor's name as readers should see it".into()),
                );
            }
            for aff in &d.affiliations {
                if aff == &a.id {
                    self.err(
                        a,
                        locate::value(&a.text, "affiliations", 0, aff),
                        "an actor cannot be affiliated with itself",
                        None,
                    );
                } else {
                    self.check_id(a, "affiliations", 0, aff, "actor", &ids);
                }
            }
            for (i, l) in d.links.iter().enumerate() {
                self.url(a, "url", i, &l.url);
            }
            for name in std::iter::once(&d.name).chain(&d.aliases) {
                let key = if mentions::is_case_sensitive(name) {
                    name.trim().to_string()
                } else {
                    name.trim().to_ascii_lowercase()
                };
                if key.is_empty() {
                    continue;
                }
                match names.get(&key) {
                    Some((other, _)) if *other != a.id => {
                        let pos = locate::value(&a.text, "aliases", 0, name.trim())
                            .or_else(|| locate::key(&a.text, "name", 0));
                        self.diags.push(
                            Diagnostic::warning(&a.path, format!("the name `{}` is also used by actor `{other}`: its mentions are credited to both", name.trim()))
                                .at(pos)
                                .help("if the sources mean only one of them, keep the name on that one and give the other a fuller alias"),
                        );
                    }
                    _ => {
                        names.insert(key, (a.id.as_str(), name.as_str()));
                    }
                }
            }
            let Some(kind) = kind else { continue };
            let mut aliases: Vec<String> = Vec::new();
            for al in &d.aliases {
                let al = al.trim().to_string();
                if !al.is_empty() && al != d.name.trim() && !aliases.contains(&al) {
                    aliases.push(al);
                }
            }
            out.insert(
                a.id.clone(),
                Actor {
                    id: a.id.clone(),
                    name: d.name.trim().to_string(),
                    kind,
                    aliases,
                    role: non_empty(&d.role),
                    affiliations: d
                        .affiliations
                        .iter()
                        .filter(|x| ids.contains(x.as_str()) && **x != a.id)
                        .cloned()
                        .collect(),
                    summary: md(&d.summary),
                    links: d
                        .links
                        .iter()
                        .filter(|l| html::is_safe_url(&l.url))
                        .map(|l| Link {
                            title: l.title.clone(),
                            url: l.url.trim().to_string(),
                        })
                        .collect(),
                    members: vec![],
                    mentions: vec![],
                    commitments_made: vec![],
                    commitments_received: vec![],
                    statements: vec![],
                    events: vec![],
                    discrepancies: vec![],
                    related: vec![],
                },
            );
        }
        out
    }

    fn sources(&mut self) -> BTreeMap<Id, Source> {
        let raw = self.raw;
        let seeds: BTreeMap<&str, (usize, &Seed)> = raw
            .seeds
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.as_str(), (i, &**s)))
            .collect();
        // Each seed prepared, in parallel, unless the memo has it (the same loaded seed).
        let mut last = std::mem::take(&mut self.memo.seeds);
        let kept: Vec<Option<SeedMemo>> = raw
            .seeds
            .iter()
            .map(|s| last.remove(&s.name).filter(|m| Arc::ptr_eq(&m.seed, s)))
            .collect();
        self.memo.seeds = raw
            .seeds
            .par_iter()
            .zip(kept)
            .map(|(s, kept)| {
                let memo = kept.unwrap_or_else(|| SeedMemo {
                    seed: s.clone(),
                    prepared: Arc::new(Prepared::new(&s.text)),
                    found: None,
                });
                (s.name.clone(), memo)
            })
            .collect();
        let prepared: Vec<Arc<Prepared>> = raw
            .seeds
            .iter()
            .map(|s| self.memo.seeds[&s.name].prepared.clone())
            .collect();
        let mut used: BTreeMap<&str, &str> = BTreeMap::new();
        let mut out = BTreeMap::new();
        for s in &raw.sources {
            let d = &s.data;
            let Some(&(seed_index, seed)) = seeds.get(d.seed.trim()) else {
                let pos = locate::value(&s.text, "seed", 0, d.seed.trim())
                    .or_else(|| locate::key(&s.text, "seed", 0));
                let help = suggest(d.seed.trim(), seeds.keys().copied())
                    .or_else(|| Some("put the article in seeds/ as a .txt file".into()));
                self.err(
                    s,
                    pos,
                    format!("no seed file `{}` in seeds/", d.seed.trim()),
                    help,
                );
                continue;
            };
            if let Some(other) = used.insert(seed.name.as_str(), s.id.as_str()) {
                self.err(
                    s,
                    locate::key(&s.text, "seed", 0),
                    format!("seed `{}` already has a source file: `{other}`", seed.name),
                    Some("one source file per seed".into()),
                );
            }
            let own = self.source_own(s);
            let prepared = prepared[seed_index].clone();
            let paragraphs = prepared
                .paragraphs
                .iter()
                .zip(&prepared.texts)
                .map(|(&(a, _), text)| Paragraph {
                    text: text.clone(),
                    offset: a,
                    mentions: Arc::default(),
                    quotes: vec![],
                })
                .collect();
            let words = prepared.words;
            self.norm.insert(
                s.id.clone(),
                SeedText {
                    prepared,
                    seed: seed_index,
                },
            );
            out.insert(
                s.id.clone(),
                Source {
                    seed: seed.name.clone(),
                    paragraphs,
                    words,
                    ..own
                },
            );
        }
        out
    }

    /// A source with its own fields checked (title, date, address: nothing else in a
    /// dossier is made from them), its seed as named, and nothing else yet.
    fn source_own(&mut self, s: &Loaded<RawSource>) -> Source {
        let d = &s.data;
        if d.title.trim().is_empty() {
            self.err(
                s,
                locate::key(&s.text, "title", 0),
                "`title` is empty",
                None,
            );
        }
        let published = d
            .published
            .as_deref()
            .and_then(|p| self.date(s, "published", p, false));
        let url = non_empty(&d.url).filter(|u| self.url(s, "url", 0, u));
        let retrieved = d
            .retrieved
            .as_deref()
            .and_then(|p| self.date(s, "retrieved", p, false));
        let original = d.original.as_ref().and_then(|o| self.original(s, o));
        Source {
            id: s.id.clone(),
            seed: d.seed.trim().to_string(),
            title: d.title.trim().to_string(),
            editors_title: d.editors_title,
            outlet: non_empty(&d.outlet),
            author: non_empty(&d.author),
            published,
            url,
            language: non_empty(&d.language),
            summary: md(&d.summary),
            original,
            retrieved,
            paragraphs: vec![],
            mentioned: vec![],
            citations: vec![],
            words: 0,
        }
    }

    /// Normalises, in parallel, the seeds of the sources that evidence quotes.
    fn normalise_quoted(&self) {
        let raw = self.raw;
        let quoted: BTreeSet<&str> = raw
            .events
            .iter()
            .flat_map(|e| &e.data.evidence)
            .chain(raw.commitments.iter().flat_map(|c| &c.data.evidence))
            .chain(raw.discrepancies.iter().flat_map(|x| &x.data.accounts))
            .map(|e| e.source.trim())
            .collect();
        let seeds: Vec<&SeedText> = quoted.iter().filter_map(|s| self.norm.get(*s)).collect();
        seeds.par_iter().for_each(|s| {
            s.prepared
                .norm
                .get_or_init(|| quotes::Normalized::new(&raw.seeds[s.seed].text));
        });
    }

    fn find_mentions(
        &mut self,
        actors: &mut BTreeMap<Id, Actor>,
        sources: &mut BTreeMap<Id, Source>,
    ) {
        let ids: Vec<&Id> = actors.keys().collect();
        let names = {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            for a in actors.values() {
                (&a.id, &a.name, &a.aliases).hash(&mut h);
            }
            h.finish()
        };
        if names != self.memo.names {
            self.memo.seeds.values_mut().for_each(|m| m.found = None);
            self.memo.names = names;
        }
        // Built only if some seed's mentions are not in the memo.
        let finder = std::sync::OnceLock::new();
        let finder = || {
            finder.get_or_init(|| {
                mentions::Finder::new(actors.values().enumerate().flat_map(|(i, a)| {
                    std::iter::once(a.name.as_str())
                        .chain(a.aliases.iter().map(String::as_str))
                        .map(move |n| (i, n))
                }))
            })
        };
        let seeds: Vec<(&Source, &Arc<Seed>)> = sources
            .iter()
            .map(|(id, src)| (src, &self.raw.seeds[self.norm[id].seed]))
            .collect();
        let memo = &self.memo.seeds;
        let found: Vec<Arc<Found>> = seeds
            .par_iter()
            .map(
                |(src, seed)| match memo.get(&seed.name).and_then(|m| m.found.clone()) {
                    Some(f) => f,
                    None => Arc::new(find_in(finder(), &ids, src)),
                },
            )
            .collect();
        for ((_, seed), f) in seeds.iter().zip(&found) {
            if let Some(m) = self.memo.seeds.get_mut(&seed.name) {
                m.found = Some(f.clone());
            }
        }
        // Actors by index (the finder's numbering), to add each source's mentions.
        let mut by_index: Vec<&mut Actor> = actors.values_mut().collect();
        for ((sid, src), f) in sources.iter_mut().zip(&found) {
            for (par, spans) in src.paragraphs.iter_mut().zip(&f.spans) {
                par.mentions = spans.clone();
            }
            src.mentioned = f.mentioned.clone();
            for (a, count, contexts) in &f.contexts {
                by_index[*a].mentions.push(SourceMentions {
                    source: sid.clone(),
                    count: *count,
                    contexts: contexts.clone(),
                });
            }
        }
        for a in by_index {
            a.mentions
                .sort_by(|x, y| y.count.cmp(&x.count).then(x.source.cmp(&y.source)));
        }
    }

    /// Verifies one evidence item; `None` if it cannot be used.
    fn evidence<T>(
        &mut self,
        file: &Loaded<T>,
        kc: &mut KeyCount,
        e: &RawEvidence,
        ids: &Ids,
    ) -> Option<Evidence> {
        let n_source = kc.next("source");
        let n_quote = kc.next("quote");
        let speaker_ok = match &e.speaker {
            Some(sp) => {
                let n = kc.next("speaker");
                self.check_id(file, "speaker", n, sp, "actor", &ids.actors)
            }
            None => true,
        };
        let source = e.source.trim();
        if !self.check_id(file, "source", n_source, source, "source", &ids.sources) {
            return None;
        }
        // A source that failed its own checks has been reported already.
        let SeedText { prepared, seed } = self.norm.get(source)?;
        let seed_text = &self.raw.seeds[*seed].text;
        let norm = prepared
            .norm
            .get_or_init(|| quotes::Normalized::new(seed_text));
        let pars = &prepared.paragraphs;
        let quote_pos = || locate::after_key(&file.text, "quote", n_quote);
        if quotes::normalize(&e.quote).is_empty() {
            self.err(
                file,
                quote_pos(),
                "the quote is empty",
                Some(format!("copy the passage verbatim from source `{source}`")),
            );
            return None;
        }
        match quotes::find(norm, &e.quote) {
            Ok((start, end)) => {
                let paragraph = pars
                    .iter()
                    .position(|&(_, pe)| start < pe)
                    .map_or(pars.len(), |i| i + 1);
                if !speaker_ok {
                    return None;
                }
                Some(Evidence {
                    source: source.to_string(),
                    // What the seed says, verbatim, whitespace folded for display.
                    quote: seed_text[start..end]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    speaker: e.speaker.as_ref().map(|s| s.trim().to_string()),
                    note: md(&e.note),
                    paragraph,
                    citation: 0,
                    span: (start, end),
                })
            }
            Err(miss) => {
                let seed = self
                    .raw
                    .sources
                    .iter()
                    .find(|s| s.id == source)
                    .map(|s| s.data.seed.clone())
                    .unwrap_or_default();
                let help = match &miss.seed_has {
                    Some(has) => format!(
                        "the first {} characters match seeds/{seed}, then the seed has “{has}…” where the quote has “{}…”",
                        miss.matched_chars, miss.quote_has
                    ),
                    None => format!("no passage of seeds/{seed} starts like this; copy the quote verbatim (typos included)"),
                };
                self.err(
                    file,
                    quote_pos(),
                    format!("quote not found in source `{source}`"),
                    Some(help),
                );
                None
            }
        }
    }

    fn events(&mut self, ids: &Ids) -> BTreeMap<Id, Event> {
        let mut out = BTreeMap::new();
        for f in &self.raw.events {
            let d = &f.data;
            let date = self.date(f, "date", &d.date, true);
            let end = d.end.as_deref().and_then(|e| self.date(f, "end", e, false));
            if let (Some(s), Some(e)) = (date, end) {
                if e.sort_key() < s.sort_key() {
                    self.err(
                        f,
                        locate::key(&f.text, "end", 0),
                        format!("`end` ({}) is before `date` ({})", e.iso(), s.iso()),
                        None,
                    );
                }
            }
            let actors: Vec<Id> = d
                .actors
                .iter()
                .filter(|a| self.check_id(f, "actors", 0, a, "actor", &ids.actors))
                .cloned()
                .collect();
            let mut kc = KeyCount::default();
            let evidence: Vec<Evidence> = d
                .evidence
                .iter()
                .filter_map(|e| self.evidence(f, &mut kc, e, ids))
                .collect();
            let Some(date) = date else { continue };
            out.insert(
                f.id.clone(),
                Event {
                    id: f.id.clone(),
                    title: d.title.trim().to_string(),
                    date,
                    end,
                    place: non_empty(&d.place),
                    actors,
                    summary: md(&d.summary),
                    evidence,
                    commitments: vec![],
                    discrepancies: vec![],
                },
            );
        }
        out
    }

    fn commitments(&mut self, ids: &Ids) -> BTreeMap<Id, Commitment> {
        let mut out = BTreeMap::new();
        for f in &self.raw.commitments {
            let d = &f.data;
            if d.by.is_empty() {
                self.err(
                    f,
                    locate::key(&f.text, "by", 0),
                    "`by` names no actor",
                    Some("name who made the commitment: `by: [actor-id]`".into()),
                );
            }
            let by: Vec<Id> =
                d.by.iter()
                    .filter(|a| self.check_id(f, "by", 0, a, "actor", &ids.actors))
                    .cloned()
                    .collect();
            let to: Vec<Id> =
                d.to.iter()
                    .filter(|a| self.check_id(f, "to", 0, a, "actor", &ids.actors))
                    .cloned()
                    .collect();
            let date = d
                .date
                .as_deref()
                .and_then(|x| self.date(f, "date", x, false));
            let event = d
                .event
                .as_ref()
                .filter(|e| self.check_id(f, "event", 0, e, "event", &ids.events))
                .cloned();
            let status = match &d.status {
                None => None,
                Some(s) => {
                    let st = Status::ALL
                        .iter()
                        .find(|(n, _)| *n == s.trim())
                        .map(|(_, st)| *st);
                    if st.is_none() {
                        let pos = locate::value(&f.text, "status", 0, s.trim());
                        self.err(f, pos, format!("`status` must be announced, in-progress, fulfilled, broken or withdrawn, not `{s}`"), suggest(s.trim(), Status::ALL.iter().map(|(n, _)| *n)));
                    }
                    st
                }
            };
            let mut kc = KeyCount::default();
            let evidence: Vec<Evidence> = d
                .evidence
                .iter()
                .filter_map(|e| self.evidence(f, &mut kc, e, ids))
                .collect();
            let mut categories: Vec<String> = d
                .categories
                .iter()
                .map(|c| c.trim().to_lowercase())
                .filter(|c| !c.is_empty())
                .collect();
            categories.dedup();
            out.insert(
                f.id.clone(),
                Commitment {
                    id: f.id.clone(),
                    title: d.title.trim().to_string(),
                    by,
                    to,
                    date,
                    event,
                    status,
                    categories,
                    summary: md(&d.summary),
                    evidence,
                    sources: vec![],
                    discrepancies: vec![],
                },
            );
        }
        out
    }

    fn discrepancies(&mut self, ids: &Ids) -> BTreeMap<Id, Discrepancy> {
        let mut out = BTreeMap::new();
        for f in &self.raw.discrepancies {
            let d = &f.data;
            let mut about = Vec::new();
            for a in &d.about {
                let a = a.trim();
                let (dir, id) = a.split_once('/').unwrap_or(("", a));
                let kind = Kind::from_dir(dir);
                let set = match kind {
                    Some(Kind::Actor) => &ids.actors,
                    Some(Kind::Source) => &ids.sources,
                    Some(Kind::Event) => &ids.events,
                    Some(Kind::Commitment) => &ids.commitments,
                    _ => {
                        let pos = locate::value(&f.text, "about", 0, a);
                        self.err(f, pos, format!("`about` must name `actors/<id>`, `sources/<id>`, `events/<id>` or `commitments/<id>`, not `{a}`"), None);
                        continue;
                    }
                };
                if set.contains(id) {
                    about.push(Ref {
                        kind: kind.expect("matched above"),
                        id: id.to_string(),
                    });
                } else {
                    let pos = locate::value(&f.text, "about", 0, a);
                    let help = suggest(id, set.iter().copied()).map(|h| {
                        h.replace('`', "")
                            .replace("did you mean ", &format!("did you mean `{dir}/"))
                            .replace('?', "`?")
                    });
                    self.err(
                        f,
                        pos,
                        format!("`about` names `{a}`, which does not exist"),
                        help,
                    );
                }
            }
            if d.accounts.len() < 2 {
                self.err(
                    f,
                    locate::key(&f.text, "accounts", 0)
                        .or_else(|| locate::key(&f.text, "title", 0)),
                    format!(
                        "a discrepancy needs at least two accounts, this one has {}",
                        d.accounts.len()
                    ),
                    Some(
                        "quote each source's version under `accounts:`, each with a `note`".into(),
                    ),
                );
            }
            let mut kc = KeyCount::default();
            let accounts: Vec<Evidence> = d
                .accounts
                .iter()
                .filter_map(|e| self.evidence(f, &mut kc, e, ids))
                .collect();
            out.insert(
                f.id.clone(),
                Discrepancy {
                    id: f.id.clone(),
                    title: d.title.trim().to_string(),
                    summary: md(&d.summary),
                    about,
                    accounts,
                },
            );
        }
        out
    }

    fn pages(&mut self) -> BTreeMap<Id, Page> {
        let mut out = BTreeMap::new();
        for p in &self.raw.pages {
            let RawPage { meta, body } = &p.data;
            if RESERVED_SLUGS.contains(&p.id.as_str()) {
                self.err(
                    p,
                    None,
                    format!(
                        "the page slug `{}` collides with the site's own `{}/` folder",
                        p.id, p.id
                    ),
                    Some(format!(
                        "rename {} (e.g. to `about-{}.md`)",
                        p.path.display(),
                        p.id
                    )),
                );
                continue;
            }
            out.insert(
                p.id.clone(),
                Page {
                    slug: p.id.clone(),
                    title: meta.title.trim().to_string(),
                    summary: non_empty(&meta.summary),
                    weight: meta.weight.unwrap_or(0),
                    body: Markdown {
                        markdown: body.clone(),
                        html: html::markdown(body),
                    },
                },
            );
        }
        out
    }

    /// Things that build but an editor should look at.
    fn warnings(&mut self, d: &Dossier) {
        let with_source: BTreeSet<&str> = d.sources.values().map(|s| s.seed.as_str()).collect();
        for seed in &self.raw.seeds {
            if !with_source.contains(seed.name.as_str()) {
                let id = Path::new(&seed.name)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .map(crate::project::slugify)
                    .unwrap_or_default();
                self.diags.push(Diagnostic::warning(&seed.path, "this seed has no source file, so nothing links to it").help(format!("add content/sources/{id}.yaml with `seed: {}` (or run `dossier new source {id}`)", seed.name)));
            }
        }
        self.actor_warnings(d);
    }

    /// The actors no source mentions and nothing refers to.
    fn actor_warnings(&mut self, d: &Dossier) {
        for a in d.actors.values() {
            let referenced = !a.members.is_empty()
                || !a.affiliations.is_empty()
                || !a.commitments_made.is_empty()
                || !a.commitments_received.is_empty()
                || !a.statements.is_empty()
                || !a.events.is_empty()
                || !a.discrepancies.is_empty();
            if a.mentions.is_empty() && !referenced {
                let file = self
                    .raw
                    .actors
                    .iter()
                    .find(|f| f.id == a.id)
                    .map(|f| f.path.clone())
                    .unwrap_or_default();
                self.diags.push(
                    Diagnostic::warning(
                        file,
                        format!("no source mentions `{}` and nothing refers to it", a.name),
                    )
                    .help("add the spelling the sources use to `aliases`, or remove the actor"),
                );
            }
        }
    }
}

/// The mentions of the actors (`ids`, numbered as `finder` numbers them) in one source.
fn find_in(finder: &mentions::Finder, ids: &[&Id], src: &Source) -> Found {
    let mut spans = Vec::with_capacity(src.paragraphs.len());
    let mut contexts: Vec<(usize, Context)> = Vec::new();
    for (pi, par) in src.paragraphs.iter().enumerate() {
        let hits = finder.find(&par.text);
        let sentences = text::Sentences::of(&par.text);
        let mut here = Vec::with_capacity(hits.len());
        for h in &hits {
            here.push(MentionSpan {
                start: h.start,
                end: h.end,
                actor: ids[h.actor].clone(),
            });
            let (ss, se) = sentences.at(h.start);
            let se = se.max(h.end);
            // One context per actor and sentence, with all its mentions marked.
            let mark = (h.start - ss, h.end - ss);
            match contexts
                .iter_mut()
                .rev()
                .find(|(a, c)| *a == h.actor && c.paragraph == pi + 1 && c.start == ss)
            {
                Some((_, c)) => c.marks.push(mark),
                None => contexts.push((
                    h.actor,
                    Context {
                        paragraph: pi + 1,
                        start: ss,
                        end: se,
                        marks: vec![mark],
                    },
                )),
            }
        }
        spans.push(here.into());
    }
    let mut per_actor: BTreeMap<usize, Vec<Context>> = BTreeMap::new();
    for (a, c) in contexts {
        per_actor.entry(a).or_default().push(c);
    }
    // Each mention is one mark of one context: an actor's marks are its count.
    let contexts: Vec<(usize, usize, Arc<[Context]>)> = per_actor
        .into_iter()
        .map(|(a, cs)| (a, cs.iter().map(|c| c.marks.len()).sum(), cs.into()))
        .collect();
    let mut mentioned: Vec<(Id, usize)> = contexts
        .iter()
        .map(|(a, n, _)| (ids[*a].clone(), *n))
        .collect();
    mentioned.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Found {
        spans,
        contexts,
        mentioned,
    }
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
        ghost.data.name = "Ghost".into();
        ghost.data.aliases.clear();
        ghost.data.affiliations.clear();
        raw.actors.push(ghost);
        raw
    }

    fn actor<'r>(raw: &'r mut Raw, id: &str) -> &'r mut RawActor {
        &mut raw.actors.iter_mut().find(|a| a.id == id).unwrap().data
    }

    fn source<'r>(raw: &'r mut Raw, id: &str) -> &'r mut RawSource {
        &mut raw.sources.iter_mut().find(|s| s.id == id).unwrap().data
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
            let Some((mut patch, diags)) = patch(&raw, &last, &last_diags) else {
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
