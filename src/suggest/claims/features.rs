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

/// The features of a clause, named, in a fixed order (the model's weights follow it).
pub(super) fn extract(c: &Clause) -> Vec<(&'static str, f32)> {
    let toks = c.toks;
    let n = toks.len();
    let w = |i: usize| toks.get(i).map_or("", |t| t.low.as_str());
    let any = |list: &[&str]| toks.iter().any(|t| cues::is(&t.low, list));
    let b = |x: bool| if x { 1.0 } else { 0.0 };
    let mut f: Vec<(&'static str, f32)> = Vec::with_capacity(96);
    // The cue rules: each class that fires, and the strongest one's weight and kind.
    for class in cues::CLASSES {
        f.push((class, b(c.cues.all.iter().any(|x| x.class == *class))));
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
    let word = |x: &str| toks.iter().any(|t| t.low == x);
    f.push(("modal_will", b(word("will") || word("'ll"))));
    f.push(("modal_would", b(word("would"))));
    f.push(("modal_shall", b(word("shall"))));
    f.push(("modal_wont", b(word("won't") || word("wo"))));
    f.push((
        "modal_must_have_to",
        b(word("must") || (0..n).any(|i| matches!(w(i), "have" | "has") && w(i + 1) == "to")),
    ));
    f.push((
        "modal_can",
        b(word("can") || word("cannot") || word("can't")),
    ));
    f.push(("modal_should", b(word("should"))));
    f.push(("hedge", b(any(HEDGES))));
    f.push((
        "to_infinitive",
        b((0..n).any(|i| w(i) == "to" && i + 1 < n && !c.capital[i + 1])),
    ));
    f.push((
        "schedule_to",
        b((1..n).any(|i| cues::is(w(i), SCHEDULE) && w(i + 1) == "to" && cues::is(w(i - 1), BE))),
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
        .or_else(|| (0..n).find(|&i| cues::is(w(i), cues::MODALS)))
        .unwrap_or(n.min(3));
    f.push(("actor_before", b(c.actor[..head].iter().any(|&a| a))));
    f.push(("actor_any", b(c.actor.iter().any(|&a| a))));
    f.push(("has_by", b(c.has_by)));
    f.push(("has_to", b(c.has_to)));
    f.push((
        "pronoun_subject",
        b(toks[..head].iter().any(|t| cues::is(&t.low, PRONOUNS))),
    ));
    f.push(("first_person", b(any(FIRST_PERSON))));
    f.push(("you", b(word("you") || word("your"))));
    f.push((
        "impersonal_subject",
        b(head > 0 && cues::is(w(head - 1), cues::IMPERSONAL)),
    ));
    f.push((
        "capital_before",
        b(c.capital[..head].iter().skip(1).any(|&x| x)),
    ));
    // Reported speech, quotations.
    f.push(("saying", b(any(cues::SAYING))));
    f.push((
        "said_that",
        b((0..n).any(|i| cues::is(w(i), cues::SAYING) && w(i + 1) == "that")),
    ));
    f.push(("speaker", b(c.speaker)));
    f.push(("inside_quote", b(c.inside_quote)));
    f.push(("quote_mark", b(c.text.contains(['“', '”', '"', '«', '»']))));
    f.push(("forecaster", b(any(cues::FORECASTERS))));
    f.push(("belief", b(any(cues::BELIEFS))));
    f.push(("appeal", b(any(APPEALS))));
    // Negation, condition, question.
    f.push(("negation", b(any(NEGATIONS))));
    f.push(("condition_word", b(any(CONDITIONS))));
    f.push(("whether", b(word("whether"))));
    // "it is unclear if", "asked whether": an open question, not a claim.
    f.push((
        "open_question",
        b((1..n).any(|i| {
            matches!(w(i), "if" | "whether")
                && (i.saturating_sub(3)..i).any(|k| cues::is(w(k), cues::ASKING))
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
    f.push(("money", b(c.text.contains(['$', '€', '£']) || any(MONEY))));
    f.push(("future_time", b((0..n).any(|k| cues::future_time(toks, k)))));
    // Tense and voice.
    f.push(("past", b(any(PAST))));
    f.push((
        "perfect",
        b((1..n).any(|i| {
            matches!(w(i - 1), "has" | "have" | "had") && (w(i) == "been" || w(i).ends_with("ed"))
        })),
    ));
    f.push((
        "passive",
        b(
            (1..n)
                .any(|i| cues::is(w(i - 1), BE) && (w(i).ends_with("ed") || w(i).ends_with("en"))),
        ),
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
    let near = |list: &[&str]| (head.saturating_sub(6)..head).any(|k| cues::is(w(k), list));
    f.push(("hedge_before", b(near(HEDGES))));
    f.push(("belief_before", b(near(cues::BELIEFS))));
    f.push(("forecaster_before", b(near(cues::FORECASTERS))));
    f.push(("whether_before", b(near(&["whether", "if", "unclear"]))));
    f.push((
        "negation_before",
        b((head.saturating_sub(3)..head).any(|k| cues::is(w(k), NEGATIONS))),
    ));
    // After the modal: a state ("will be", "will be able to") or an action.
    let modal_at = (0..n).find(|&i| cues::is(w(i), cues::MODALS));
    let after = |list: &[&str]| {
        modal_at.is_some_and(|i| (i + 1..(i + 3).min(n)).any(|k| cues::is(w(k), list)))
    };
    f.push(("modal_be", b(after(&["be", "have", "become", "remain"]))));
    f.push(("able", b(word("able"))));
    f.push((
        "modal_action",
        b(modal_at.is_some_and(|i| {
            let v = w(i + 1);
            !v.is_empty()
                && !cues::is(v, cues::NOT_ACTIONS)
                && !cues::is(v, &["not", "also", "likely", "probably"])
        })),
    ));
    // "there will be", "will be held": what is laid on, said without a subject.
    f.push((
        "there_will",
        b((1..n).any(|i| w(i - 1) == "there" && cues::is(w(i), cues::MODALS))),
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
    let modal = (0..n).any(|i| cues::is(w(i), cues::MODALS));
    f.push((
        "modal_actor",
        b(modal && c.actor[..head].iter().any(|&a| a)),
    ));
    f.push((
        "modal_reported",
        b(modal && (c.speaker || any(cues::SAYING))),
    ));
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
            assert_eq!(model::WEIGHTS.len(), names.len());
            let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
            assert_eq!(unique.len(), names.len(), "a feature name twice");
        });
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
