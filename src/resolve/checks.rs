//! The checks every kind shares, each reported with file and line: ids that must
//! exist (with the nearest one suggested), dates, addresses; and the warnings about a
//! whole resolved dossier (actors never named, and the like).

use super::*;

/// The ids of one kind that exist: the files that loaded and those that did not parse
/// (a reference to a broken file is not reported a second time).
pub(super) fn ids_of<'r, T>(loaded: &'r [Loaded<T>], raw: &'r Raw, dir: &str) -> BTreeSet<&'r str> {
    let broken = raw
        .broken
        .iter()
        .filter(|(d, _)| *d == dir)
        .map(|(_, id)| id.as_str());
    loaded.iter().map(|l| l.id.as_str()).chain(broken).collect()
}

/// The ids that exist, for reference checks.
pub(super) struct Ids<'a> {
    pub(super) actors: BTreeSet<&'a str>,
    pub(super) sources: BTreeSet<&'a str>,
    pub(super) events: BTreeSet<&'a str>,
    pub(super) commitments: BTreeSet<&'a str>,
}

impl<'a> Ids<'a> {
    pub(super) fn of(raw: &'a Raw) -> Ids<'a> {
        Ids {
            actors: ids_of(&raw.actors, raw, "actors"),
            sources: ids_of(&raw.sources, raw, "sources"),
            events: ids_of(&raw.events, raw, "events"),
            commitments: ids_of(&raw.commitments, raw, "commitments"),
        }
    }
}

impl Resolver<'_> {
    pub(super) fn err<T>(
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
    pub(super) fn check_id<T>(
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

    pub(super) fn date<T>(
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

    /// A date under `key` whose place is found by its value (for keys that occur
    /// more than once in a file: a history step's, a correction's).
    pub(super) fn date_value<T>(
        &mut self,
        file: &Loaded<T>,
        key: &'static str,
        value: &str,
    ) -> Option<Date> {
        match Date::parse(value, false) {
            Ok(d) => Some(d),
            Err(e) => {
                let pos = locate::value(&file.text, key, 0, value.trim());
                self.err(file, pos, format!("`{key}`: {e}"), None);
                None
            }
        }
    }

    /// The corrections and the date of the last update any entry may carry.
    pub(super) fn followed<T>(
        &mut self,
        file: &Loaded<T>,
        corrections: &[RawCorrection],
        updated: &Option<String>,
    ) -> (Vec<Correction>, Option<Date>) {
        let mut list: Vec<Correction> = Vec::new();
        for c in corrections {
            let date = self.date_value(file, "date", &c.date);
            let note = md(&Some(c.note.clone()));
            match (date, note) {
                (Some(date), Some(note)) => list.push(Correction { date, note }),
                (Some(_), None) => self.err(
                    file,
                    locate::key(&file.text, "corrections", 0),
                    "a correction's `note` is empty",
                    Some(
                        "say what was corrected, e.g. `note: The date was 11 July, not 12 July.`"
                            .into(),
                    ),
                ),
                _ => {}
            }
        }
        list.sort_by_key(|c| c.date.sort_key());
        let updated = updated
            .as_deref()
            .and_then(|u| self.date(file, "updated", u, false));
        (list, updated)
    }

    pub(super) fn url<T>(
        &mut self,
        file: &Loaded<T>,
        key: &'static str,
        nth: usize,
        url: &str,
    ) -> bool {
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

    /// Things that build but an editor should look at.
    pub(super) fn warnings(&mut self, d: &Dossier) {
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
    pub(super) fn actor_warnings(&mut self, d: &Dossier) {
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
