//! The features of a candidate clause that the claim scorer weighs: which cue rules
//! fire, modal and auxiliary verbs, who the subject is, reported speech, negation,
//! hedges, conditions, numbers and dates, length, place in the article. General
//! English only (function words, verbs of commitment and saying): no story's words.
//! The one implementation both the scorer and its training (`suggest --format
//! features`) use, so the two cannot drift.

use super::cues::{self, Cues};
use super::Tok;

/// What one clause offers the features besides its words.
pub(super) struct Clause<'a> {
    pub(super) text: &'a str,
    pub(super) toks: &'a [Tok],
    pub(super) cues: &'a Cues,
    /// Per token: part of an actor's mention.
    pub(super) actor: &'a [bool],
    /// Per token: capitalised.
    pub(super) capital: &'a [bool],
    pub(super) has_by: bool,
    pub(super) has_to: bool,
    /// The sentence attributes a quotation to a known actor.
    pub(super) speaker: bool,
    /// The cue (or the clause's start) is inside quotation marks.
    pub(super) inside_quote: bool,
    /// 0-based paragraph and the source's paragraph count.
    pub(super) paragraph: usize,
    pub(super) paragraphs: usize,
    /// 0-based clause of its sentence, and the sentence's clause count.
    pub(super) clause: usize,
    pub(super) clauses: usize,
    /// Whether the clause ends with a question mark.
    pub(super) question: bool,
}

const HEDGES: &[&str] = &[
    "may",
    "might",
    "could",
    "likely",
    "unlikely",
    "possibly",
    "perhaps",
    "maybe",
    "probably",
    "potentially",
];
const NEGATIONS: &[&str] = &[
    "not", "n't", "never", "no", "won't", "cannot", "can't", "nor",
];
const CONDITIONS: &[&str] = &["if", "unless", "once", "provided", "otherwise", "until"];
const PRONOUNS: &[&str] = &["he", "she", "they", "it"];
const FIRST_PERSON: &[&str] = &["i", "we", "our", "us", "my", "me", "ours"];
const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "'s", "'re",
];
const PAST: &[&str] = &["was", "were", "had", "did", "said", "told"];
const APPEALS: &[&str] = &[
    "urge", "urged", "urges", "urging", "demand", "demanded", "demands", "called", "calls", "call",
    "asked", "asks", "appealed", "pleaded",
];
const COMMIT_STEMS: &[&str] = &[
    "pledge", "promis", "vow", "commit", "undertak", "guarante", "agre", "sign", "decid",
];
const INTENT_STEMS: &[&str] = &["plan", "intend", "aim", "seek", "want", "hop", "expect"];
const SCHEDULE: &[&str] = &["set", "due", "scheduled", "slated", "poised", "going"];
/// Stems of rules made: laws, bans, orders, rulings.
const RULINGS: &[&str] = &[
    "law",
    "act",
    "ban",
    "banned",
    "order",
    "ordered",
    "injunction",
    "ruling",
    "ruled",
    "mandat",
    "prohibit",
    "requir",
    "enact",
    "impos",
    "implement",
    "issu",
    "approv",
    "regulation",
];
/// Stems of forecasts: what is projected, estimated, predicted.
const FORECASTS: &[&str] = &[
    "project",
    "projected",
    "predict",
    "estimat",
    "forecast",
    "anticipat",
];
const MONEY: &[&str] = &[
    "million", "billion", "bn", "percent", "per", "cent", "dollars", "euros", "pounds",
];

/// The word lists tokens are tested against, each a bit (one hash lookup per token
/// instead of a scan of every list).
const LISTS: [(&[&str], u32); 27] = [
    (&["will", "'ll"], K_WILL),
    (&["would"], K_WOULD),
    (&["shall"], K_SHALL),
    (&["won't", "wo"], K_WONT),
    (&["must"], K_MUST),
    (&["can", "cannot", "can't"], K_CAN),
    (&["should"], K_SHOULD),
    (&["you", "your"], K_YOU),
    (&["whether"], K_WHETHER),
    (&["able"], K_ABLE),
    (HEDGES, K_HEDGES),
    (NEGATIONS, K_NEGATIONS),
    (CONDITIONS, K_CONDITIONS),
    (PRONOUNS, K_PRONOUNS),
    (FIRST_PERSON, K_FIRST_PERSON),
    (BE, K_BE),
    (PAST, K_PAST),
    (APPEALS, K_APPEALS),
    (SCHEDULE, K_SCHEDULE),
    (MONEY, K_MONEY),
    (cues::SAYING, K_SAYING),
    (cues::FORECASTERS, K_FORECASTERS),
    (cues::BELIEFS, K_BELIEFS),
    (cues::MODALS, K_MODALS),
    (cues::IMPERSONAL, K_IMPERSONAL),
    (cues::ASKING, K_ASKING),
    (cues::NOT_ACTIONS, K_NOT_ACTIONS),
];
const K_HEDGES: u32 = 1 << 0;
const K_NEGATIONS: u32 = 1 << 1;
const K_CONDITIONS: u32 = 1 << 2;
const K_PRONOUNS: u32 = 1 << 3;
const K_FIRST_PERSON: u32 = 1 << 4;
const K_BE: u32 = 1 << 5;
const K_PAST: u32 = 1 << 6;
const K_APPEALS: u32 = 1 << 7;
const K_SCHEDULE: u32 = 1 << 8;
const K_MONEY: u32 = 1 << 9;
const K_SAYING: u32 = 1 << 10;
const K_FORECASTERS: u32 = 1 << 11;
const K_BELIEFS: u32 = 1 << 12;
const K_MODALS: u32 = 1 << 13;
const K_IMPERSONAL: u32 = 1 << 14;
const K_ASKING: u32 = 1 << 15;
const K_NOT_ACTIONS: u32 = 1 << 16;

const K_WILL: u32 = 1 << 17;
const K_WOULD: u32 = 1 << 18;
const K_SHALL: u32 = 1 << 19;
const K_WONT: u32 = 1 << 20;
const K_MUST: u32 = 1 << 21;
const K_CAN: u32 = 1 << 22;
const K_SHOULD: u32 = 1 << 23;
const K_YOU: u32 = 1 << 24;
const K_WHETHER: u32 = 1 << 25;
const K_ABLE: u32 = 1 << 26;
/// The lists (as bits of `K_…`) a lowercased word is in.
fn classes(w: &str) -> u32 {
    static TABLE: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u32>> =
        std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut m = rustc_hash::FxHashMap::default();
        for (list, bit) in LISTS {
            for w in list {
                *m.entry(*w).or_insert(0) |= bit;
            }
        }
        m
    });
    table.get(w).copied().unwrap_or(0)
}

/// The features of a clause, named, in a fixed order (the model's weights follow it).
pub(super) fn extract(c: &Clause) -> Vec<(&'static str, f32)> {
    let toks = c.toks;
    let n = toks.len();
    let w = |i: usize| toks.get(i).map_or("", |t| t.low.as_str());
    let fl: Vec<u32> = toks.iter().map(|t| classes(&t.low)).collect();
    let at = |i: usize, bit: u32| fl.get(i).is_some_and(|x| x & bit != 0);
    let any = |bit: u32| fl.iter().any(|x| x & bit != 0);
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    let mut f: Vec<(&'static str, f32)> = Vec::with_capacity(96);
    // The cue rules: each class that fires, and the strongest one's weight and kind.
    let fired: u64 = c.cues.all.iter().fold(0, |m, x| {
        m | cues::CLASSES
            .iter()
            .position(|k| *k == x.class)
            .map_or(0, |i| 1 << i)
    });
    for (i, class) in cues::CLASSES.iter().enumerate() {
        f.push((class, b(fired & (1 << i) != 0)));
    }
    let best = c.cues.best.as_ref();
    let weight = best.map_or(0.0, |x| x.weight);
    f.push(("rule_weight", weight));
    f.push(("rule_pass", b(weight >= cues::MIN_WEIGHT)));
    f.push(("rule_vetoed", b(c.cues.vetoed)));
    f.push(("cue_none", b(c.cues.all.is_empty())));
    for kind in [
        super::ClaimKind::Commitment,
        super::ClaimKind::Intention,
        super::ClaimKind::Condition,
        super::ClaimKind::Warning,
    ] {
        f.push((kind.name(), b(best.is_some_and(|x| x.kind == kind))));
    }
    // Modals and auxiliaries.
    f.push(("modal_will", b(any(K_WILL))));
    f.push(("modal_would", b(any(K_WOULD))));
    f.push(("modal_shall", b(any(K_SHALL))));
    f.push(("modal_wont", b(any(K_WONT))));
    f.push((
        "modal_must_have_to",
        b(any(K_MUST) || (0..n).any(|i| matches!(w(i), "have" | "has") && w(i + 1) == "to")),
    ));
    f.push(("modal_can", b(any(K_CAN))));
    f.push(("modal_should", b(any(K_SHOULD))));
    f.push(("hedge", b(any(K_HEDGES))));
    f.push((
        "to_infinitive",
        b((0..n).any(|i| w(i) == "to" && i + 1 < n && !c.capital[i + 1])),
    ));
    f.push((
        "schedule_to",
        b((1..n).any(|i| at(i, K_SCHEDULE) && w(i + 1) == "to" && at(i - 1, K_BE))),
    ));
    f.push((
        "commit_verb",
        b(toks.iter().any(|t| cues::stem_is(&t.low, COMMIT_STEMS))),
    ));
    f.push((
        "intent_verb",
        b((0..n).any(|i| cues::stem_is(w(i), INTENT_STEMS) && w(i + 1) == "to")),
    ));
    // The subject: where the first modal or cue is, what comes before it.
    let head = best
        .map(|x| x.first)
        .or_else(|| (0..n).find(|&i| at(i, K_MODALS)))
        .unwrap_or(n.min(3));
    f.push(("actor_before", b(c.actor[..head].iter().any(|&a| a))));
    f.push(("actor_any", b(c.actor.iter().any(|&a| a))));
    f.push(("has_by", b(c.has_by)));
    f.push(("has_to", b(c.has_to)));
    f.push((
        "pronoun_subject",
        b(fl[..head].iter().any(|x| x & K_PRONOUNS != 0)),
    ));
    f.push(("first_person", b(any(K_FIRST_PERSON))));
    f.push(("you", b(any(K_YOU))));
    f.push((
        "impersonal_subject",
        b(head > 0 && at(head - 1, K_IMPERSONAL)),
    ));
    f.push((
        "capital_before",
        b(c.capital[..head].iter().skip(1).any(|&x| x)),
    ));
    // Reported speech, quotations.
    f.push(("saying", b(any(K_SAYING))));
    f.push((
        "said_that",
        b((0..n).any(|i| at(i, K_SAYING) && w(i + 1) == "that")),
    ));
    f.push(("speaker", b(c.speaker)));
    f.push(("inside_quote", b(c.inside_quote)));
    f.push(("quote_mark", b(c.text.contains(['“', '”', '"', '«', '»']))));
    f.push(("forecaster", b(any(K_FORECASTERS))));
    f.push(("belief", b(any(K_BELIEFS))));
    f.push(("appeal", b(any(K_APPEALS))));
    // Negation, condition, question.
    f.push(("negation", b(any(K_NEGATIONS))));
    f.push(("condition_word", b(any(K_CONDITIONS))));
    f.push(("whether", b(any(K_WHETHER))));
    // "it is unclear if", "asked whether": an open question, not a claim.
    f.push((
        "open_question",
        b((1..n).any(|i| {
            matches!(w(i), "if" | "whether") && (i.saturating_sub(3)..i).any(|k| at(k, K_ASKING))
        })),
    ));
    f.push(("question", b(c.question)));
    // Numbers, money, dates ahead.
    f.push((
        "number",
        b(toks
            .iter()
            .any(|t| t.low.starts_with(|x: char| x.is_ascii_digit()))),
    ));
    f.push(("money", b(c.text.contains(['$', '€', '£']) || any(K_MONEY))));
    f.push(("future_time", b((0..n).any(|k| cues::future_time(toks, k)))));
    // Tense and voice.
    f.push(("past", b(any(K_PAST))));
    f.push((
        "perfect",
        b((1..n).any(|i| {
            matches!(w(i - 1), "has" | "have" | "had") && (w(i) == "been" || w(i).ends_with("ed"))
        })),
    ));
    f.push((
        "passive",
        b((1..n).any(|i| at(i - 1, K_BE) && (w(i).ends_with("ed") || w(i).ends_with("en")))),
    ));
    f.push((
        "ed_share",
        toks.iter().filter(|t| t.low.ends_with("ed")).count() as f32 / n.max(1) as f32,
    ));
    // Size and place.
    f.push(("words", (n as f32 / 30.0).min(3.0)));
    f.push(("short", b(n < 8)));
    f.push(("long", b(n > 45)));
    f.push((
        "capital_share",
        c.capital.iter().filter(|&&x| x).count() as f32 / n.max(1) as f32,
    ));
    f.push(("position", c.paragraph as f32 / c.paragraphs.max(1) as f32));
    f.push(("first_paragraph", b(c.paragraph == 0)));
    f.push(("sub_clause", b(c.clauses > 1)));
    f.push(("later_clause", b(c.clause > 0)));
    // What stands just before the cue: a doubt, a hope, a forecaster, a question.
    let near = |bit: u32| (head.saturating_sub(6)..head).any(|k| at(k, bit));
    f.push(("hedge_before", b(near(K_HEDGES))));
    f.push(("belief_before", b(near(K_BELIEFS))));
    f.push(("forecaster_before", b(near(K_FORECASTERS))));
    f.push((
        "whether_before",
        b((head.saturating_sub(6)..head).any(|k| matches!(w(k), "whether" | "if" | "unclear"))),
    ));
    f.push((
        "negation_before",
        b((head.saturating_sub(3)..head).any(|k| at(k, K_NEGATIONS))),
    ));
    // After the modal: a state ("will be", "will be able to") or an action.
    let modal_at = (0..n).find(|&i| at(i, K_MODALS));
    let after = |list: &[&str]| {
        modal_at.is_some_and(|i| (i + 1..(i + 3).min(n)).any(|k| cues::is(w(k), list)))
    };
    f.push(("modal_be", b(after(&["be", "have", "become", "remain"]))));
    f.push(("able", b(any(K_ABLE))));
    f.push((
        "modal_action",
        b(modal_at.is_some_and(|i| {
            let v = w(i + 1);
            !v.is_empty()
                && !at(i + 1, K_NOT_ACTIONS)
                && !cues::is(v, &["not", "also", "likely", "probably"])
        })),
    ));
    // "there will be", "will be held": what is laid on, said without a subject.
    f.push((
        "there_will",
        b((1..n).any(|i| w(i - 1) == "there" && at(i, K_MODALS))),
    ));
    f.push((
        "future_passive",
        b(modal_at.is_some_and(|i| {
            (i + 1..(i + 4).min(n))
                .any(|k| w(k) == "be" && (w(k + 1).ends_with("ed") || w(k + 1).ends_with("en")))
        })),
    ));
    // Rules made and decisions taken; forecasts made.
    f.push((
        "ruling",
        b(toks.iter().any(|t| cues::stem_is(&t.low, RULINGS))),
    ));
    f.push((
        "decision",
        b(toks
            .iter()
            .any(|t| cues::stem_is(&t.low, &["decid", "decision", "chose", "opt"]))),
    ));
    f.push((
        "forecast_verb",
        b(toks.iter().any(|t| cues::stem_is(&t.low, FORECASTS))),
    ));
    // Two interactions the rules rely on: a modal with a named or reported subject.
    let modal = (0..n).any(|i| at(i, K_MODALS));
    f.push((
        "modal_actor",
        b(modal && c.actor[..head].iter().any(|&a| a)),
    ));
    f.push(("modal_reported", b(modal && (c.speaker || any(K_SAYING)))));
    f
}

#[cfg(test)]
mod tests {
    use super::super::{model, tokens};
    use super::*;

    /// The features of a one-clause sentence with no actors, by name.
    fn of(s: &str, f: impl Fn(&[(&'static str, f32)])) {
        let toks = tokens(s, 0, s.len());
        let ctx = cues::Context {
            reported: false,
            actor: vec![false; toks.len()],
            capital: toks
                .iter()
                .map(|t| s[t.start..].starts_with(char::is_uppercase))
                .collect(),
        };
        let found = cues::cues(&toks, &ctx);
        f(&extract(&Clause {
            text: s,
            toks: &toks,
            cues: &found,
            actor: &ctx.actor,
            capital: &ctx.capital,
            has_by: false,
            has_to: false,
            speaker: false,
            inside_quote: false,
            paragraph: 2,
            paragraphs: 4,
            clause: 0,
            clauses: 1,
            question: s.ends_with('?'),
        }))
    }

    fn get(f: &[(&'static str, f32)], name: &str) -> f32 {
        f.iter()
            .find(|x| x.0 == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .1
    }

    #[test]
    fn the_model_weighs_the_features_extract_gives_in_their_order() {
        of("The firm will build a plant", |f| {
            let names: Vec<&str> = f.iter().map(|x| x.0).collect();
            assert_eq!(names, model::FEATURES, "retrain: benches/train_claims.py");
            let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
            assert_eq!(unique.len(), names.len(), "a feature name twice");
        });
    }

    #[test]
    fn the_trees_score_as_the_trainer_does() {
        for (row, p) in model::CHECKS {
            assert_eq!(row.len(), model::FEATURES.len());
            let q = model::score_row(row);
            assert!((q - p).abs() < 1e-4, "{q} against the trainer's {p}");
        }
    }

    #[test]
    fn features_of_a_pledge_a_forecast_and_a_question() {
        of(
            "We will open two new schools next year, the mayor said",
            |f| {
                for name in [
                    "will",
                    "modal_will",
                    "first_person",
                    "future_time",
                    "saying",
                    "modal_action",
                    "commitment",
                    "number",
                ] {
                    let want = if name == "number" { 0.0 } else { 1.0 };
                    assert_eq!(get(f, name), want, "{name}");
                }
                assert_eq!(get(f, "rule_weight"), 2.0);
                assert_eq!(get(f, "position"), 0.5);
                assert_eq!(get(f, "negation"), 0.0);
            },
        );
        of("Analysts say prices will likely rise by 5 percent", |f| {
            for name in [
                "forecaster",
                "forecaster_before",
                "hedge",
                "number",
                "money",
                "modal_will",
            ] {
                assert_eq!(get(f, name), 1.0, "{name}");
            }
            assert_eq!(get(f, "rule_pass"), 0.0);
        });
        of("It is unclear if the ferry will run in winter?", |f| {
            for name in ["question", "open_question", "condition_word", "cue_none"] {
                assert_eq!(get(f, name), 1.0, "{name}");
            }
        });
        of(
            "The contract was signed by the city and has been approved",
            |f| {
                for name in ["passive", "perfect", "past"] {
                    assert_eq!(get(f, name), 1.0, "{name}");
                }
            },
        );
    }
}
