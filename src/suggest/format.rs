//! How suggestions read: grouped text for an editor, and YAML skeletons to paste into
//! `content/` (a commitment per claim, a discrepancy per parallel) that load and pass
//! `check` as they stand. Returns strings; `main.rs` prints them.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::{Claim, Parallel, Suggestions};
use crate::model::Dossier;
use crate::project::slugify;

/// How many of each list the human format shows (the JSON has them all).
pub const SHOWN: usize = 40;

/// A YAML single-quoted scalar on one line (whitespace runs become one space, which
/// the quote check ignores).
fn yq(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("'{}'", one_line.replace('\'', "''"))
}

/// The first words of a text, at most `max` characters, cut at a word.
fn short(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut out = String::new();
    for w in one_line.split(' ') {
        if out.chars().count() + w.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push('…');
    out
}

fn places(list: &[String]) -> String {
    if list.is_empty() {
        "?".into()
    } else {
        list.join(", ")
    }
}

/// The grouped, readable listing.
pub fn human(s: &Suggestions) -> String {
    let mut o = String::new();
    let more = |o: &mut String, n: usize| {
        if n > SHOWN {
            let _ = writeln!(
                o,
                "  … and {} more (--format json lists them all)",
                n - SHOWN
            );
        }
    };
    let _ = writeln!(
        o,
        "claims no evidence quotes yet: {} (best first)",
        s.claims.len()
    );
    for (i, c) in s.claims.iter().take(SHOWN).enumerate() {
        let _ = writeln!(
            o,
            "  {:>2}. {} ¶{}  {}  by {} → {}  (cue “{}”, score {:.2})",
            i + 1,
            c.source,
            c.paragraph,
            c.kind.name(),
            places(&c.by),
            places(&c.to),
            c.cue,
            c.score
        );
        let _ = writeln!(o, "      “{}”", short(&c.quote, 300));
    }
    more(&mut o, s.claims.len());
    let _ = writeln!(
        o,
        "\nparallels, the same thing in other words in two sources: {}",
        s.parallels.len()
    );
    for (i, p) in s.parallels.iter().take(SHOWN).enumerate() {
        let cited = |refs: &[crate::model::Ref]| {
            if refs.is_empty() {
                "not cited".to_string()
            } else {
                let r: Vec<String> = refs.iter().take(3).map(|r| r.to_string()).collect();
                let more = match refs.len() {
                    n if n > 3 => format!(" and {} more", n - 3),
                    _ => String::new(),
                };
                format!("cited by {}{more}", r.join(", "))
            }
        };
        let _ = writeln!(o, "  {:>2}. similarity {:.2}", i + 1, p.similarity);
        let _ = writeln!(
            o,
            "      a: {} ¶{} ({}): “{}”",
            p.a.source,
            p.a.paragraph,
            cited(&p.a.cited),
            short(&p.a.quote, 240)
        );
        let _ = writeln!(
            o,
            "      b: {} ¶{} ({}): “{}”",
            p.b.source,
            p.b.paragraph,
            cited(&p.b.cited),
            short(&p.b.quote, 240)
        );
        let diffs: Vec<String> = p
            .differs
            .iter()
            .take(8)
            .map(|d| format!("[{}] / [{}]", short(&d.a, 60), short(&d.b, 60)))
            .collect();
        if !diffs.is_empty() {
            let _ = writeln!(o, "      differs: {}", diffs.join("; "));
        }
    }
    more(&mut o, s.parallels.len());
    let _ = writeln!(o, "\nspelling variants: {}", s.variants.len());
    for v in s.variants.iter().take(SHOWN) {
        let actor = v
            .actor
            .as_ref()
            .map_or("no actor".to_string(), |a| format!("actors/{a}"));
        let _ = write!(
            o,
            "  {}  ({actor}, {} places)",
            v.names.join(" / "),
            v.places.len()
        );
        if !v.not_aliases.is_empty() {
            let _ = write!(o, "; not yet aliases: {}", v.not_aliases.join(", "));
        }
        o.push('\n');
    }
    more(&mut o, s.variants.len());
    let _ = writeln!(o, "\nnames no actor covers: {}", s.names.len());
    for n in s.names.iter().take(SHOWN) {
        let at: Vec<String> = n
            .places
            .iter()
            .take(3)
            .map(|(s, p)| format!("{s} ¶{p}"))
            .collect();
        let _ = writeln!(o, "  {} ({}×): {}", n.name, n.count, at.join(", "));
    }
    more(&mut o, s.names.len());
    o
}

/// Ready-to-paste YAML: one document per proposed file, each headed by a comment
/// naming the file. Ids are new (none is taken in `d`).
pub fn skeletons(s: &Suggestions, d: &Dossier) -> String {
    let mut o = String::new();
    let mut taken: BTreeSet<String> = d
        .commitments
        .keys()
        .chain(d.discrepancies.keys())
        .cloned()
        .collect();
    let mut fresh = |base: String| {
        let base = if base.is_empty() {
            "suggested".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    };
    let _ = writeln!(
        o,
        "# dossier suggest: {} commitments and {} discrepancies to review. Each document\n\
         # below is one file: paste it at the path its first line names, then edit the title,\n\
         # check `by` and `to`, and delete what a careful reading does not keep.",
        s.claims.len(),
        s.parallels.len()
    );
    for (i, c) in s.claims.iter().enumerate() {
        commitment(&mut o, i + 1, c, d, &mut fresh);
    }
    for (i, p) in s.parallels.iter().enumerate() {
        discrepancy(&mut o, i + 1, p, &mut fresh);
    }
    o
}

fn commitment(
    o: &mut String,
    n: usize,
    c: &Claim,
    d: &Dossier,
    fresh: &mut impl FnMut(String) -> String,
) {
    // `by` must name an actor: the one found, else the paragraph's first, else the source's.
    let mut by = c.by.clone();
    let mut guessed = false;
    if by.is_empty() {
        let src = d.sources.get(&c.source);
        let first = src
            .and_then(|s| s.paragraphs.get(c.paragraph - 1))
            .and_then(|p| p.mentions.first())
            .map(|m| m.actor.clone())
            .or_else(|| src.and_then(|s| s.mentioned.first()).map(|m| m.0.clone()));
        by.extend(first);
        guessed = true;
    }
    // The id opens with the actor: words of its name are not repeated after it.
    let named: Vec<String> = by
        .first()
        .and_then(|id| d.actors.get(id))
        .map(|a| {
            std::iter::once(&a.name)
                .chain(&a.aliases)
                .flat_map(|n| {
                    slugify(n)
                        .split('-')
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .collect()
        })
        .unwrap_or_default();
    let words: String = c
        .quote
        .split_whitespace()
        .filter(|w| w.len() > 3 && !named.contains(&slugify(w)))
        .take(5)
        .collect::<Vec<_>>()
        .join(" ");
    let id = fresh(slugify(&format!(
        "{} {}",
        by.first().map_or("", String::as_str),
        words
    )));
    let _ = writeln!(
        o,
        "---\n# content/commitments/{id}.yaml — claim {n}: {}, cue “{}”, {} ¶{}",
        c.kind.name(),
        c.cue,
        c.source,
        c.paragraph
    );
    let prefix = if by.is_empty() { "# " } else { "" };
    if by.is_empty() {
        let _ = writeln!(o, "# no actor to name under `by`: add one first");
    }
    let _ = writeln!(o, "{prefix}title: {}", yq(&short(&c.quote, 90)));
    let _ = writeln!(
        o,
        "{prefix}by: [{}]{}",
        by.join(", "),
        if guessed { "  # a guess: check it" } else { "" }
    );
    let _ = writeln!(o, "{prefix}to: [{}]", c.to.join(", "));
    let _ = writeln!(o, "{prefix}status: announced");
    let _ = writeln!(o, "{prefix}evidence:");
    let _ = writeln!(o, "{prefix}  - source: {}", c.source);
    let _ = writeln!(o, "{prefix}    quote: {}", yq(&c.quote));
    if let Some(sp) = &c.speaker {
        let _ = writeln!(o, "{prefix}    speaker: {sp}");
    }
}

/// One side of a difference: its words quoted, or "nothing" where one source has none.
fn worded(side: &str) -> String {
    if side.trim().is_empty() {
        "nothing".to_string()
    } else {
        format!("“{side}”")
    }
}

fn discrepancy(o: &mut String, n: usize, p: &Parallel, fresh: &mut impl FnMut(String) -> String) {
    let first = p.differs.first();
    let title = match first {
        Some(x) if !x.a.is_empty() && !x.b.is_empty() => {
            format!("“{}” or “{}”?", short(&x.a, 40), short(&x.b, 40))
        }
        _ => format!("Two accounts: {}", short(&p.a.quote, 60)),
    };
    let id = fresh(slugify(&short(&title, 50).replace('…', "")));
    let _ = writeln!(
        o,
        "---\n# content/discrepancies/{id}.yaml — parallel {n}, similarity {:.2}",
        p.similarity
    );
    let _ = writeln!(o, "title: {}", yq(&title));
    let diffs: Vec<String> = p
        .differs
        .iter()
        .take(6)
        .map(|d| format!("{} / {}", worded(&d.a), worded(&d.b)))
        .collect();
    let _ = writeln!(
        o,
        "summary: |\n  The two sources word it differently: {}.",
        if diffs.is_empty() {
            "see the accounts".to_string()
        } else {
            diffs.join("; ")
        }
        .replace('\n', " ")
    );
    let _ = writeln!(o, "accounts:");
    for side in [&p.a, &p.b] {
        let _ = writeln!(o, "  - source: {}", side.source);
        let _ = writeln!(o, "    quote: {}", yq(&side.quote));
    }
}

/// Every candidate clause with its features, as JSON: `names` (the features' order)
/// and `candidates` (source, paragraph, quote, score, features). What
/// `benches/train_claims.py` trains the claim scorer on.
pub fn features(c: &[super::claims::Candidate]) -> String {
    let names: Vec<&str> = c
        .first()
        .map(|x| x.features.iter().map(|f| f.0).collect())
        .unwrap_or_default();
    let rows: Vec<serde_json::Value> = c
        .iter()
        .map(|x| {
            serde_json::json!({
                "source": x.claim.source,
                "paragraph": x.claim.paragraph,
                "quote": x.claim.quote,
                "score": x.claim.score,
                "features": x.features.iter().map(|f| f.1).collect::<Vec<f32>>(),
            })
        })
        .collect();
    serde_json::json!({ "names": names, "candidates": rows }).to_string()
}
