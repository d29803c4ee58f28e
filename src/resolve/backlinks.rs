//! The reverse indexes: who cites which passage, who made and received which
//! commitment, who said what, what each discrepancy is about, which actors are
//! related. Runs once every reference is known to be valid.

use std::collections::{BTreeMap, BTreeSet};

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
            .evidence
            .iter()
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
        list: &'a [Evidence],
    ) -> impl Iterator<Item = (EvidenceRef, &'a Evidence)> + 'a {
        list.iter().enumerate().map(move |(i, e)| {
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
        .flat_map(|e| refs(Kind::Event, &e.id, &e.evidence));
    let commitments = d
        .commitments
        .values()
        .flat_map(|c| refs(Kind::Commitment, &c.id, &c.evidence));
    let discrepancies = d
        .discrepancies
        .values()
        .flat_map(|x| refs(Kind::Discrepancy, &x.id, &x.accounts));
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
        let list = match r.owner.kind {
            Kind::Event => d.events.get_mut(&r.owner.id).map(|e| &mut e.evidence),
            Kind::Commitment => d.commitments.get_mut(&r.owner.id).map(|c| &mut c.evidence),
            Kind::Discrepancy => d
                .discrepancies
                .get_mut(&r.owner.id)
                .map(|x| &mut x.accounts),
            _ => None,
        };
        if let Some(e) = list.and_then(|l| l.get_mut(r.index)) {
            e.citation = n;
        }
    }
}

/// Related actors, strongest ties first: affiliation, shared commitments, shared
/// events, co-mention in the same sources.
fn related(d: &mut Dossier) {
    // Actors by index, so the (sparse) tie table holds numbers, not strings.
    let index: std::collections::HashMap<&Id, usize> =
        d.actors.keys().enumerate().map(|(i, id)| (id, i)).collect();
    let mut ties: std::collections::HashMap<(usize, usize), [usize; 4]> = Default::default();
    let mut tie = |a: &Id, b: &Id, slot: usize| {
        if let (Some(&a), Some(&b)) = (index.get(a), index.get(b)) {
            if a != b {
                ties.entry((a, b)).or_default()[slot] += 1;
                ties.entry((b, a)).or_default()[slot] += 1;
            }
        }
    };
    for a in d.actors.values() {
        for aff in &a.affiliations {
            tie(&a.id, aff, 0);
        }
    }
    for c in d.commitments.values() {
        let parties: BTreeSet<&Id> = c.by.iter().chain(&c.to).collect();
        for x in &parties {
            for y in &parties {
                if x < y {
                    tie(x, y, 1);
                }
            }
        }
    }
    for e in d.events.values() {
        let parties: BTreeSet<&Id> = e.actors.iter().collect();
        for x in &parties {
            for y in &parties {
                if x < y {
                    tie(x, y, 2);
                }
            }
        }
    }
    for s in d.sources.values() {
        for (i, (x, _)) in s.mentioned.iter().enumerate() {
            for (y, _) in &s.mentioned[i + 1..] {
                tie(x, y, 3);
            }
        }
    }
    let ids: Vec<Id> = d.actors.keys().cloned().collect();
    // By actor, then by the other actor, so each actor's list is built in one pass.
    let mut ties: Vec<((usize, usize), [usize; 4])> = ties.into_iter().collect();
    ties.sort_unstable_by_key(|t| t.0);
    let mut actors: Vec<&mut crate::model::Actor> = d.actors.values_mut().collect();
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    for ((a, b), [aff, com, ev, co]) in ties {
        let mut reasons = Vec::new();
        if aff > 0 {
            reasons.push("affiliated".to_string());
        }
        if com > 0 {
            reasons.push(plural(com, "shared commitment", "shared commitments"));
        }
        if ev > 0 {
            reasons.push(plural(ev, "shared event", "shared events"));
        }
        if co > 0 {
            reasons.push(format!(
                "named together in {}",
                plural(co, "source", "sources")
            ));
        }
        let weight = aff.min(1) * 8 + com * 3 + ev * 2 + co;
        actors[a].related.push(Related {
            actor: ids[b].clone(),
            reasons,
            weight,
        });
    }
    for a in actors {
        a.related
            .sort_by(|x, y| y.weight.cmp(&x.weight).then(x.actor.cmp(&y.actor)));
    }
}
