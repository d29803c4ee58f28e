//! What rests on evidence: events, commitments and discrepancies, each evidence item's
//! quote verified against its source's seed and its ids checked.

use super::*;

impl Resolver<'_> {
    /// Verifies one evidence item; `None` if it cannot be used.
    pub(super) fn evidence<T>(
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

    pub(super) fn events(&mut self, ids: &Ids) -> BTreeMap<Id, Event> {
        let raw = self.raw;
        raw.events
            .iter()
            .filter_map(|f| Some((f.id.clone(), self.event(f, ids)?)))
            .collect()
    }

    /// One event file, checked; `None` without a valid date (an error).
    pub(super) fn event(&mut self, f: &Loaded<RawEvent>, ids: &Ids) -> Option<Event> {
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
        let (corrections, updated) = self.followed(f, &d.corrections, &d.updated);
        Some(Event {
            date: date?,
            id: f.id.clone(),
            title: d.title.trim().to_string(),
            end,
            place: non_empty(&d.place),
            actors,
            summary: md(&d.summary),
            evidence,
            corrections,
            updated,
            commitments: vec![],
            discrepancies: vec![],
        })
    }

    pub(super) fn commitments(&mut self, ids: &Ids) -> BTreeMap<Id, Commitment> {
        let raw = self.raw;
        raw.commitments
            .iter()
            .map(|f| (f.id.clone(), self.commitment(f, ids)))
            .collect()
    }

    /// One commitment file, checked.
    pub(super) fn commitment(&mut self, f: &Loaded<RawCommitment>, ids: &Ids) -> Commitment {
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
        let status = d
            .status
            .as_deref()
            .and_then(|s| self.status(f, "status", s));
        let (evidence, history, amounts) = self.commitment_evidence(f, ids);
        let status = self.status_of_history(f, status, &history);
        let (corrections, updated) = self.followed(f, &d.corrections, &d.updated);
        let mut categories: Vec<String> = d
            .categories
            .iter()
            .map(|c| c.trim().to_lowercase())
            .filter(|c| !c.is_empty())
            .collect();
        categories.dedup();
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
            history,
            amounts,
            corrections,
            updated,
            sources: vec![],
            discrepancies: vec![],
        }
    }

    pub(super) fn discrepancies(&mut self, ids: &Ids) -> BTreeMap<Id, Discrepancy> {
        let raw = self.raw;
        raw.discrepancies
            .iter()
            .map(|f| (f.id.clone(), self.discrepancy(f, ids)))
            .collect()
    }

    /// One discrepancy file, checked.
    pub(super) fn discrepancy(&mut self, f: &Loaded<RawDiscrepancy>, ids: &Ids) -> Discrepancy {
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
                locate::key(&f.text, "accounts", 0).or_else(|| locate::key(&f.text, "title", 0)),
                format!(
                    "a discrepancy needs at least two accounts, this one has {}",
                    d.accounts.len()
                ),
                Some("quote each source's version under `accounts:`, each with a `note`".into()),
            );
        }
        let mut kc = KeyCount::default();
        let accounts: Vec<Evidence> = d
            .accounts
            .iter()
            .filter_map(|e| self.evidence(f, &mut kc, e, ids))
            .collect();
        let (corrections, updated) = self.followed(f, &d.corrections, &d.updated);
        Discrepancy {
            id: f.id.clone(),
            title: d.title.trim().to_string(),
            summary: md(&d.summary),
            about,
            accounts,
            corrections,
            updated,
        }
    }

    /// A status as written, checked.
    fn status(&mut self, f: &Loaded<RawCommitment>, key: &'static str, s: &str) -> Option<Status> {
        let st = Status::ALL
            .iter()
            .find(|(n, _)| *n == s.trim())
            .map(|(_, st)| *st);
        if st.is_none() {
            let pos = locate::value(&f.text, key, 0, s.trim());
            self.err(
                f,
                pos,
                format!("`{key}` must be announced, in-progress, fulfilled, broken or withdrawn, not `{s}`"),
                suggest(s.trim(), Status::ALL.iter().map(|(n, _)| *n)),
            );
        }
        st
    }

    /// A commitment's evidence, its history's steps and its amounts, each evidence item
    /// verified. The three lists are read in the order they stand in the file, so that
    /// a misquote is placed at its own line.
    fn commitment_evidence(
        &mut self,
        f: &Loaded<RawCommitment>,
        ids: &Ids,
    ) -> (Vec<Evidence>, Vec<Step>, Vec<Amount>) {
        let d = &f.data;
        let mut kc = KeyCount::default();
        let mut order = [("evidence", 0), ("history", 1), ("amounts", 2)]
            .map(|(k, i)| (locate::top_key(&f.text, k).unwrap_or(usize::MAX), i));
        order.sort();
        let (mut evidence, mut history, mut amounts) = (Vec::new(), Vec::new(), Vec::new());
        for (_, which) in order {
            match which {
                0 => {
                    evidence = d
                        .evidence
                        .iter()
                        .filter_map(|e| self.evidence(f, &mut kc, e, ids))
                        .collect()
                }
                1 => {
                    for s in &d.history {
                        let date = self.date_value(f, "date", &s.date);
                        let status = self.status(f, "status", &s.status);
                        let evidence = s
                            .evidence
                            .iter()
                            .filter_map(|e| self.evidence(f, &mut kc, e, ids))
                            .collect();
                        if let (Some(date), Some(status)) = (date, status) {
                            history.push(Step {
                                date,
                                status,
                                note: md(&s.note),
                                evidence,
                            });
                        }
                    }
                }
                _ => {
                    for a in &d.amounts {
                        let evidence = a
                            .evidence
                            .iter()
                            .filter_map(|e| self.evidence(f, &mut kc, e, ids))
                            .collect();
                        if let Some(amount) = self.amount(f, a, evidence) {
                            amounts.push(amount);
                        }
                    }
                }
            }
        }
        // Oldest first; steps of one day keep the order they were written in.
        history.sort_by_key(|s: &Step| s.date.sort_key());
        (evidence, history, amounts)
    }

    /// An amount with its value, currency, kind and date checked.
    fn amount(
        &mut self,
        f: &Loaded<RawCommitment>,
        a: &RawAmount,
        evidence: Vec<Evidence>,
    ) -> Option<Amount> {
        let mut ok = true;
        if !a.value.is_finite() || a.value < 0.0 {
            self.err(
                f,
                locate::key(&f.text, "value", 0),
                format!("`value` must be a number of zero or more, not {}", a.value),
                None,
            );
            ok = false;
        }
        let currency = a.currency.trim().to_uppercase();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            self.err(
                f,
                locate::value(&f.text, "currency", 0, a.currency.trim()),
                format!(
                    "`currency` must be a three-letter code (EUR, USD, UAH…), not `{}`",
                    a.currency
                ),
                None,
            );
            ok = false;
        }
        let kind = AmountKind::ALL
            .iter()
            .find(|(n, _)| *n == a.kind.trim())
            .map(|(_, k)| *k);
        if kind.is_none() {
            self.err(
                f,
                locate::value(&f.text, "kind", 0, a.kind.trim()),
                format!(
                    "an amount's `kind` must be pledged or delivered, not `{}`",
                    a.kind
                ),
                suggest(a.kind.trim(), AmountKind::ALL.iter().map(|(n, _)| *n)),
            );
        }
        let date = a
            .date
            .as_deref()
            .and_then(|x| self.date_value(f, "date", x));
        Some(Amount {
            value: a.value,
            currency,
            kind: kind.filter(|_| ok)?,
            date,
            note: md(&a.note),
            evidence,
        })
    }

    /// The status a commitment has: its history's latest, which `status` (if written)
    /// must agree with.
    fn status_of_history(
        &mut self,
        f: &Loaded<RawCommitment>,
        status: Option<Status>,
        history: &[Step],
    ) -> Option<Status> {
        let Some(last) = history.last() else {
            return status;
        };
        if let Some(s) = status.filter(|s| *s != last.status) {
            self.err(
                f,
                locate::key(&f.text, "status", 0),
                format!(
                    "`status` is {}, but the latest step of `history` ({}) says {}",
                    s.name(),
                    last.date.iso(),
                    last.status.name()
                ),
                Some("the history sets the status: remove `status`, or make the two agree".into()),
            );
        }
        Some(last.status)
    }
}
