//! The reverse indexes: who cites which passage, who made and received which
//! commitment, who said what, what each discrepancy is about, which actors are
//! related. Runs once every reference is known to be valid.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::model::*;

pub fn compute(d: &mut Dossier) {
    citations(d);
    for a in d
        .actors
        .values()
        .map(|a| (a.id.clone(), a.affiliations.clone()))
        .collect::<Vec<_>>()
    {
        for aff in a.1 {
            if let Some(x) = d.actors.get_mut(&aff) {
                x.members.push(a.0.clone());
            }
        }
    }
    for c in d.commitments.values_mut() {
        let mut seen = BTreeSet::new();
        c.sources = c
            .all_evidence()
            .filter(|e| seen.insert(e.source.clone()))
            .map(|e| e.source.clone())
            .collect();
    }
    for c in d.commitments.values() {
        for a in &c.by {
            push(&mut d.actors, a, |x| &mut x.commitments_made, c.id.clone());
        }
        for a in &c.to {
            push(
                &mut d.actors,
                a,
                |x| &mut x.commitments_received,
                c.id.clone(),
            );
        }
        if let Some(e) = c.event.as_ref().and_then(|e| d.events.get_mut(e)) {
            e.commitments.push(c.id.clone());
        }
    }
    for e in d.events.values() {
        for a in &e.actors {
            push(&mut d.actors, a, |x| &mut x.events, e.id.clone());
        }
    }
    let statements: Vec<(Id, EvidenceRef)> = all_evidence(d)
        .into_iter()
        .filter_map(|(r, e)| Some((e.speaker.clone()?, r)))
        .collect();
    for (speaker, r) in statements {
        push(&mut d.actors, &speaker, |x| &mut x.statements, r);
    }
    for x in d.discrepancies.values() {
        let mut actors: BTreeSet<&Id> = x
            .about
            .iter()
            .filter(|r| r.kind == Kind::Actor)
            .map(|r| &r.id)
            .collect();
        actors.extend(x.accounts.iter().filter_map(|a| a.speaker.as_ref()));
        for a in actors {
            push(&mut d.actors, a, |y| &mut y.discrepancies, x.id.clone());
        }
        for r in &x.about {
            match r.kind {
                Kind::Event => push(&mut d.events, &r.id, |e| &mut e.discrepancies, x.id.clone()),
                Kind::Commitment => push(
                    &mut d.commitments,
                    &r.id,
                    |c| &mut c.discrepancies,
                    x.id.clone(),
                ),
                _ => {}
            }
        }
    }
    for a in d.actors.values_mut() {
        for v in [
            &mut a.members,
            &mut a.commitments_made,
            &mut a.commitments_received,
            &mut a.events,
            &mut a.discrepancies,
        ] {
            v.sort();
            v.dedup();
        }
        a.statements.sort();
        a.statements.dedup();
    }
    related(d);
}

fn push<T, V>(map: &mut BTreeMap<Id, T>, key: &Id, field: impl Fn(&mut T) -> &mut Vec<V>, v: V) {
    if let Some(x) = map.get_mut(key) {
        field(x).push(v);
    }
}

/// Every evidence item with where it lives.
fn all_evidence(d: &Dossier) -> Vec<(EvidenceRef, &Evidence)> {
    fn refs<'a>(
        kind: Kind,
        id: &'a Id,
        list: impl Iterator<Item = &'a Evidence> + 'a,
    ) -> impl Iterator<Item = (EvidenceRef, &'a Evidence)> + 'a {
        list.enumerate().map(move |(i, e)| {
            (
                EvidenceRef {
                    owner: Ref {
                        kind,
                        id: id.clone(),
                    },
                    index: i,
                },
                e,
            )
        })
    }
    let events = d
        .events
        .values()
        .flat_map(|e| refs(Kind::Event, &e.id, e.evidence.iter()));
    let commitments = d
        .commitments
        .values()
        .flat_map(|c| refs(Kind::Commitment, &c.id, c.all_evidence()));
    let discrepancies = d
        .discrepancies
        .values()
        .flat_map(|x| refs(Kind::Discrepancy, &x.id, x.accounts.iter()));
    events.chain(commitments).chain(discrepancies).collect()
}

/// Numbers each source's cited passages in text order and marks them in paragraphs.
fn citations(d: &mut Dossier) {
    let refs: Vec<(EvidenceRef, Id, (usize, usize), usize)> = all_evidence(d)
        .into_iter()
        .map(|(r, e)| (r, e.source.clone(), e.span, e.paragraph))
        .collect();
    type Quoted = (EvidenceRef, (usize, usize), usize); // where, byte span, paragraph
    let mut by_source: BTreeMap<Id, Vec<Quoted>> = BTreeMap::new();
    for (r, s, span, p) in refs {
        by_source.entry(s).or_default().push((r, span, p));
    }
    let mut numbers: Vec<(EvidenceRef, usize)> = Vec::new();
    for (sid, mut list) in by_source {
        list.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
        let Some(src) = d.sources.get_mut(&sid) else {
            continue;
        };
        for (i, (r, (start, end), paragraph)) in list.into_iter().enumerate() {
            for par in src.paragraphs.iter_mut() {
                let (ps, pe) = (par.offset, par.offset + par.text.len());
                if start < pe && end > ps {
                    par.quotes.push(QuoteSpan {
                        start: start.max(ps) - ps,
                        end: end.min(pe) - ps,
                        citation: i,
                    });
                }
            }
            src.citations.push(Citation {
                number: i + 1,
                by: r.clone(),
                paragraph,
            });
            numbers.push((r, i + 1));
        }
    }
    for (r, n) in numbers {
        let e = match r.owner.kind {
            Kind::Event => d
                .events
                .get_mut(&r.owner.id)
                .and_then(|e| e.evidence.get_mut(r.index)),
            Kind::Commitment => d
                .commitments
                .get_mut(&r.owner.id)
                .and_then(|c| c.all_evidence_mut().nth(r.index)),
            Kind::Discrepancy => d
                .discrepancies
                .get_mut(&r.owner.id)
                .and_then(|x| x.accounts.get_mut(r.index)),
            _ => None,
        };
        if let Some(e) = e {
            e.citation = n;
        }
    }
}

/// Related actors, strongest ties first: affiliation, shared commitments, shared
/// events, co-mention in the same sources.
fn related(d: &mut Dossier) {
    // Actors by index, so that ties are numbers, not strings.
    let index: rustc_hash::FxHashMap<&str, u32> = d
        .actors
        .keys()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    let numbers = |ids: &mut dyn Iterator<Item = &Id>| -> Vec<u32> {
        let mut v: Vec<u32> = ids
            .filter_map(|id| index.get(id.as_str()).copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    // Every tie both ways, (actor, other, what) packed in a number, counted once
    // sorted. A sorted list beats a hash table here: it is sparse and built in one go.
    const AFFILIATED: u64 = 0;
    const COMMITMENT: u64 = 1;
    const EVENT: u64 = 2;
    const SOURCE: u64 = 3;
    let tie = |x: u32, y: u32, what: u64| (x as u64) << 34 | (y as u64) << 2 | what;
    let mut ties: Vec<u64> = Vec::new();
    let among = |group: &[u32], what: u64, ties: &mut Vec<u64>| {
        for (i, &x) in group.iter().enumerate() {
            for &y in &group[i + 1..] {
                ties.push(tie(x, y, what));
                ties.push(tie(y, x, what));
            }
        }
    };
    for a in d.actors.values() {
        let me = index[a.id.as_str()];
        for other in numbers(&mut a.affiliations.iter()) {
            if other != me {
                ties.push(tie(me, other, AFFILIATED));
                ties.push(tie(other, me, AFFILIATED));
            }
        }
    }
    for c in d.commitments.values() {
        among(
            &numbers(&mut c.by.iter().chain(&c.to)),
            COMMITMENT,
            &mut ties,
        );
    }
    for e in d.events.values() {
        among(&numbers(&mut e.actors.iter()), EVENT, &mut ties);
    }
    for s in d.sources.values() {
        among(
            &numbers(&mut s.mentioned.iter().map(|(a, _)| a)),
            SOURCE,
            &mut ties,
        );
    }
    ties.par_sort_unstable();
    // Each actor's ties, then its list, in parallel.
    let actors = d.actors.len();
    let mut starts = vec![0; actors + 1];
    for t in &ties {
        starts[(t >> 34) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let lists: Vec<Vec<Related>> = (0..actors)
        .into_par_iter()
        .map(|a| {
            let mut list: Vec<Related> = ties[starts[a]..starts[a + 1]]
                .chunk_by(|x, y| x >> 2 == y >> 2)
                .map(|run| {
                    let mut n = [0u32; 4];
                    for t in run {
                        n[(t & 3) as usize] += 1;
                    }
                    let [aff, com, ev, co] = n;
                    Related {
                        actor: ((run[0] >> 2) & ((1 << 32) - 1)) as u32,
                        affiliated: aff > 0,
                        commitments: com,
                        events: ev,
                        sources: co,
                        weight: aff.min(1) * 8 + com * 3 + ev * 2 + co,
                    }
                })
                .collect();
            // Stable: equal weights stay in id order.
            list.sort_by_key(|r| std::cmp::Reverse(r.weight));
            list
        })
        .collect();
    for (a, list) in d.actors.values_mut().zip(lists) {
        a.related = list;
    }
}
