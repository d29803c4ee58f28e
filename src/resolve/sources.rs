//! Sources: their seeds read into paragraphs, prepared for quote checks, and searched
//! for mentions of every actor (reusing a watch session's work for unchanged seeds).

use super::*;

/// A source's seed, prepared for quote checks.
pub(super) struct SeedText {
    pub(super) prepared: Arc<Prepared>,
    /// Index of the seed in `raw.seeds`.
    pub(super) seed: usize,
}

/// A seed's paragraphs (byte ranges of its text, shared), word count and, once a
/// quote needs it, its normalised text (large: most seeds are never quoted).
pub struct Prepared {
    pub(super) paragraphs: Vec<(usize, usize)>,
    pub(super) text: Arc<str>,
    pub(super) norm: std::sync::OnceLock<quotes::Normalized>,
    pub(super) words: usize,
}

impl Prepared {
    pub(super) fn new(text: &Arc<str>) -> Prepared {
        Prepared {
            paragraphs: text::paragraphs(text),
            text: text.clone(),
            norm: Default::default(),
            words: text.split_whitespace().count(),
        }
    }
}

/// The mentions found in one seed: spans by paragraph, each sentence naming an actor
/// (by its index among the actors), and how often each actor is named.
pub struct Found {
    /// By paragraph.
    pub(super) spans: Vec<Arc<[MentionSpan]>>,
    /// By actor (the finder's numbering): how often it is named, and where.
    pub(super) contexts: Vec<(usize, usize, Arc<[Context]>)>,
    pub(super) mentioned: Arc<[(Id, usize)]>,
}

/// The ids of the sources that the evidence of `raw`'s claims quotes (a commitment's
/// history and amounts included), in the files `keep` keeps.
pub(super) fn quoted<'r>(raw: &'r Raw, keep: impl Fn(&Path) -> bool) -> BTreeSet<&'r str> {
    let mut out = BTreeSet::new();
    let mut add = |list: &mut dyn Iterator<Item = &'r RawEvidence>| {
        out.extend(list.map(|e| e.source.trim()));
    };
    for f in raw.events.iter().filter(|f| keep(&f.path)) {
        add(&mut f.data.evidence.iter());
    }
    for f in raw.commitments.iter().filter(|f| keep(&f.path)) {
        let c = &f.data;
        let steps = c.history.iter().flat_map(|s| &s.evidence);
        let amounts = c.amounts.iter().flat_map(|a| &a.evidence);
        add(&mut c.evidence.iter().chain(steps).chain(amounts));
    }
    for f in raw.discrepancies.iter().filter(|f| keep(&f.path)) {
        add(&mut f.data.accounts.iter());
    }
    out
}

impl Resolver<'_> {
    pub(super) fn sources(&mut self) -> BTreeMap<Id, Source> {
        let raw = self.raw;
        let seeds: FxHashMap<&str, (usize, &Seed)> = raw
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
                let mut names: Vec<&str> = seeds.keys().copied().collect();
                names.sort_unstable();
                let help = suggest(d.seed.trim(), names)
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
                .map(|&(a, b)| Paragraph {
                    text: Text::slice(&prepared.text, a, b),
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
    pub(super) fn source_own(&mut self, s: &Loaded<RawSource>) -> Source {
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
        let (corrections, updated) = self.followed(s, &d.corrections, &d.updated);
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
            corrections,
            updated,
            original,
            retrieved,
            paragraphs: vec![],
            mentioned: Arc::default(),
            citations: vec![],
            words: 0,
        }
    }

    /// A source's `original`: a file under `originals/` and a sha256 in hex.
    pub(super) fn original<T>(&mut self, file: &Loaded<T>, o: &RawOriginal) -> Option<Original> {
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

    /// Prepares the seeds of the sources in `quoted`, for quote checks: a patch's few,
    /// where [`Resolver::sources`] prepares every seed.
    pub(super) fn prepare_quoted(&mut self, quoted: &BTreeSet<&str>) {
        let raw = self.raw;
        for s in raw
            .sources
            .iter()
            .filter(|s| quoted.contains(s.id.as_str()))
        {
            let name = s.data.seed.trim();
            if let Some(seed) = raw.seeds.iter().position(|x| x.name == name) {
                let prepared = Arc::new(Prepared::new(&raw.seeds[seed].text));
                self.norm.insert(s.id.clone(), SeedText { prepared, seed });
            }
        }
    }

    /// Normalises, in parallel, the seeds of the sources that evidence quotes.
    pub(super) fn normalise_quoted(&self) {
        let raw = self.raw;
        let quoted = quoted(raw, |_| true);
        let seeds: Vec<&SeedText> = quoted.iter().filter_map(|s| self.norm.get(*s)).collect();
        seeds.par_iter().for_each(|s| {
            s.prepared
                .norm
                .get_or_init(|| quotes::Normalized::new(&raw.seeds[s.seed].text));
        });
    }

    pub(super) fn find_mentions(
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
            self.memo.finder = None;
        }
        // Built only if some seed's mentions are not in the memo, and kept for the
        // next edit of a seed (at 20,000 actors it takes a quarter of a second).
        let built: std::sync::OnceLock<mentions::Finder> =
            self.memo.finder.take().map(Into::into).unwrap_or_default();
        let finder = || {
            built.get_or_init(|| {
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
        self.memo.finder = built.into_inner();
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
}

/// The mentions of the actors (`ids`, numbered as `finder` numbers them) in one source.
pub(super) fn find_in(finder: &mentions::Finder, ids: &[&Id], src: &Source) -> Found {
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
        mentioned: mentioned.into(),
    }
}
