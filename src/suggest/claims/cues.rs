//! The cues of a claim: the words of news English that make a clause a commitment, an
//! intention, a condition or a warning (commitment verbs, a modal before an action
//! verb, plans announced, what a deal contains, a date set ahead), and those that make
//! it something else (a prediction, a denial, an open question). Every cue found is a
//! feature of the claim scorer (`features.rs`), which decides what is proposed.

use super::*;

/// Cues weaker than this (a warning of what others risk) are not proposed.
pub(super) const MIN_WEIGHT: f32 = 1.6;

pub(super) const MODALS: &[&str] = &["will", "shall", "would", "'ll", "won't", "wo"];

/// Verbs after a modal that predict or describe rather than commit.
pub(super) const NOT_ACTIONS: &[&str] = &[
    "be",
    "play",
    "become",
    "have",
    "make",
    "mean",
    "seem",
    "happen",
    "depend",
    "remain",
    "lead",
    "cause",
    "affect",
    "come",
    "get",
    "go",
    "like",
    "love",
    "need",
    "want",
    "see",
    "know",
    "think",
    "say",
    "tell",
    "ask",
    "find",
    "feel",
    "look",
    "put",
    "prove",
    "turn",
    "cost",
    "allow",
    "let",
    "hurt",
    "mark",
    "show",
    "determine",
    "face",
    "result",
    "rise",
    "fall",
    "grow",
    "decline",
    "increase",
    "decrease",
    "drop",
    "ignore",
    "undermine",
    "expect",
    "imagine",
    "guess",
    "suggest",
    "argue",
    "add",
    "bet",
    "wonder",
    "hate",
    "prefer",
    "enjoy",
    "miss",
];

/// Words that may stand between a modal and its verb.
pub(super) const ADVERBS: &[&str] = &[
    "not",
    "also",
    "further",
    "still",
    "now",
    "then",
    "soon",
    "immediately",
    "always",
    "never",
    "continue",
    "jointly",
    "only",
    "all",
    "both",
    "each",
    "therefore",
    "thus",
    "again",
    "quickly",
    "gradually",
    "eventually",
    "certainly",
    "definitely",
    "fully",
    "duly",
    "then",
    "actively",
    "firmly",
    "first",
    "likely",
    "probably",
    "be",
];

/// Subjects that make "will …" a prediction, not a commitment.
pub(super) const IMPERSONAL: &[&str] = &[
    "this",
    "that",
    "it",
    "which",
    "there",
    "what",
    "these",
    "those",
    "everything",
    "nothing",
];

pub(super) const PREPOSITIONS: &[&str] = &[
    "to",
    "for",
    "with",
    "against",
    "of",
    "from",
    "on",
    "in",
    "into",
    "toward",
    "towards",
    "about",
    "at",
    "over",
    "between",
    "among",
    "including",
    "like",
    "than",
    "and",
];

/// Verbs whose object is whom a commitment is for.
pub(super) const BENEFIT_VERBS: &[&str] = &[
    "support",
    "help",
    "assist",
    "provide",
    "give",
    "offer",
    "protect",
    "defend",
    "arm",
    "fund",
    "train",
    "invite",
    "supply",
    "grant",
    "guarantee",
    "back",
    "aid",
    "equip",
    "compensate",
    "pay",
    "join",
    "reimburse",
    "coordinate",
    "consult",
    "inform",
    "sell",
];

pub(super) const SAYING: &[&str] = &[
    "announce",
    "confirm",
    "decided",
    "insist",
    "said",
    "says",
    "say",
    "told",
    "added",
    "stated",
    "states",
    "noted",
    "assured",
    "affirmed",
    "announced",
    "declared",
    "stressed",
    "explained",
    "argued",
    "recalled",
    "reiterated",
    "emphasized",
    "emphasised",
    "insisted",
    "wrote",
    "tweeted",
    "promised",
    "pledged",
    "warned",
    "confirmed",
    "according",
    "underlined",
    "remarked",
    "claimed",
    "continued",
    "concluded",
    "replied",
    "answered",
];

pub(super) fn is(w: &str, list: &[&str]) -> bool {
    list.contains(&w)
}

pub(super) fn stem_is(w: &str, stems: &[&str]) -> bool {
    stems.iter().any(|s| {
        w.strip_prefix(s).is_some_and(|rest| {
            matches!(
                rest,
                "" | "s" | "d" | "ed" | "es" | "ing" | "ted" | "ting" | "ment" | "ments"
            )
        })
    })
}

/// A cue found in a clause: first and last token, kind, weight.
#[derive(Clone)]
pub(super) struct Cue {
    /// Which rule found it (a feature of the scorer).
    pub(super) class: &'static str,
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) kind: ClaimKind,
    pub(super) weight: f32,
}

/// What a clause's cue depends on beyond its words.
#[derive(Default)]
pub(super) struct Context {
    /// The sentence reports what someone said ("…, the minister said").
    pub(super) reported: bool,
    /// For each token, whether it is (part of) an actor's mention.
    pub(super) actor: Vec<bool>,
    /// For each token, whether it is capitalised (a name, perhaps of no actor yet).
    pub(super) capital: Vec<bool>,
}

/// Nouns for plans and deals: what a plan announced is, what a deal contains.
pub(super) const PLANS: &[&str] = &[
    "plan",
    "plans",
    "program",
    "programme",
    "package",
    "scheme",
    "initiative",
    "fund",
    "strategy",
    "roadmap",
    "framework",
    "reform",
    "reforms",
    "measures",
    "investment",
    "cuts",
    "agreement",
    "agreements",
    "deal",
    "declaration",
    "statement",
    "document",
    "treaty",
    "pact",
    "accord",
    "memorandum",
    "guarantees",
    "commitments",
    "pledges",
    "contract",
    "priorities",
    "targets",
    "goals",
    "proposal",
    "bill",
    "law",
    "budget",
    "grant",
    "loan",
    "partnership",
];

/// Verbs that, in the present tense with a time ahead, announce a date set.
pub(super) const SCHEDULED: &[&str] = &[
    "launch", "arriv", "arrive", "open", "start", "begin", "debut", "ship", "resum", "resume",
    "expire", "close", "reopen", "roll", "kick", "hold", "host", "meet", "vote", "visit", "report",
];

pub(super) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether a (lowercased) word is a month's name.
fn is_month(w: &str) -> bool {
    crate::model::MONTHS
        .iter()
        .any(|m| m.eq_ignore_ascii_case(w) || w.len() >= 3 && m[..3].eq_ignore_ascii_case(w))
}

/// Whether the words from `k` name a time ahead: "tomorrow", "next week", "later this
/// year", "in early 2020", "by 2030", "on Monday", "November 19".
pub(super) fn future_time(toks: &[Tok], k: usize) -> bool {
    let w = |i: usize| toks.get(i).map_or("", |t| t.low.as_str());
    let year =
        |x: &str| x.len() == 4 && x.starts_with("20") && x.bytes().all(|b| b.is_ascii_digit());
    match w(k) {
        "tomorrow" | "soon" | "shortly" => true,
        "next" => matches!(
            w(k + 1),
            "week"
                | "month"
                | "year"
                | "season"
                | "quarter"
                | "spring"
                | "summer"
                | "fall"
                | "autumn"
                | "winter"
                | "day"
        ),
        "later" => matches!(w(k + 1), "this" | "in"),
        "in" | "by" | "from" => {
            let part = matches!(w(k + 1), "early" | "mid" | "late");
            year(w(k + 1))
                || part && (year(w(k + 2)) || is_month(w(k + 2)))
                || is_month(w(k + 1))
                // "in the summer"
                // "in the summer", "in summer 2020"
                || matches!(w(k + 1), "spring" | "summer" | "fall" | "autumn" | "winter")
                || w(k + 1) == "the"
                    && matches!(w(k + 2), "spring" | "summer" | "fall" | "autumn" | "winter")
        }
        "on" => is(w(k + 1), WEEKDAYS),
        // "at 9 a.m."
        "at" => {
            w(k + 1).bytes().all(|b| b.is_ascii_digit())
                && !w(k + 1).is_empty()
                && matches!(w(k + 2), "a" | "p" | "am" | "pm" | "noon")
        }
        x if is(x, WEEKDAYS) => true,
        x => is_month(x) && w(k + 1).bytes().all(|b| b.is_ascii_digit()) && !w(k + 1).is_empty(),
    }
}

/// Words that, just before a commitment verb, deny or doubt it.
pub(super) const DENIALS: &[&str] = &[
    "not",
    "n't",
    "never",
    "no",
    "without",
    "if",
    "whether",
    "unless",
    "balking",
    "balked",
    "refused",
    "refuses",
    "declined",
    "declines",
    "reluctant",
    "see",
    "hasn't",
    "haven't",
    "didn't",
    "doesn't",
    "don't",
    "won't",
    "wouldn't",
    "isn't",
    "aren't",
];

/// Words after which "to" is a preposition, not an infinitive ("offering to the city").
const NOT_VERBS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "our", "your", "this", "that", "these",
    "those", "all", "some", "any", "each", "every", "more", "most",
];

/// Sayers whose "will" is a forecast, not anyone's commitment ("analysts say it will").
pub(super) const FORECASTERS: &[&str] = &[
    "analyst",
    "analysts",
    "expert",
    "experts",
    "economist",
    "economists",
    "observer",
    "observers",
    "commentator",
    "commentators",
    "forecaster",
    "forecasters",
    "strategist",
    "strategists",
    "critics",
    "pundits",
];

/// Verbs of belief before a modal: "she hoped the vote would" is a hope, not a pledge.
pub(super) const BELIEFS: &[&str] = &[
    "hope", "hoped", "hopes", "hoping", "believe", "believes", "believed", "think", "thinks",
    "thought", "fear", "fears", "feared", "wish", "wished",
];

/// Verbs after "want to", "hope to" that wish to know, not to act.
const COGNITION: &[&str] = &[
    "see",
    "know",
    "learn",
    "hear",
    "understand",
    "find",
    "watch",
    "believe",
    "read",
];

/// Words before "if" that make it "whether": "it is unclear if", "asked if".
pub(super) const ASKING: &[&str] = &[
    "unclear",
    "clear",
    "uncertain",
    "sure",
    "know",
    "knows",
    "asked",
    "ask",
    "asks",
    "wonder",
    "wondered",
    "wondering",
    "wonders",
    "see",
    "determine",
    "decide",
    "or",
];

/// Verbs that end like adverbs.
const LY_VERBS: &[&str] = &[
    "supply", "apply", "reply", "rely", "comply", "rally", "multiply", "fly", "ally", "tally",
    "bully", "imply",
];

/// Whether a word is an adverb in -ly ("closely", "quickly"), not a verb ("supply").
fn ly_adverb(w: &str) -> bool {
    w.ends_with("ly") && !is(w, LY_VERBS)
}

/// The strongest cue of a clause, if any.
#[cfg(test)]
pub(super) fn cue(toks: &[Tok], ctx: &Context) -> Option<Cue> {
    cues(toks, ctx).best
}

/// Every cue of a clause, and the strongest unless the clause's context vetoes it.
pub(super) struct Cues {
    pub(super) all: Vec<Cue>,
    pub(super) best: Option<Cue>,
    /// The strongest cue was dropped: advice to "you", a forecast or a hope.
    pub(super) vetoed: bool,
}

/// The cue classes, as features: every `class` a [`Cue`] can have.
pub(super) const CLASSES: &[&str] = &[
    "pledge",
    "agree",
    "reaffirm",
    "intend",
    "set_to",
    "working",
    "eager",
    "we_are_doing",
    "deal_to_act",
    "look_forward",
    "effort_to",
    "chose",
    "on_condition",
    "scheduled_for",
    "continues_to",
    "bid_price",
    "deadline",
    "expects_others",
    "intend_bare",
    "plan_to",
    "plan_announced",
    "plan_passed",
    "deal_made",
    "date_set",
    "contains",
    "target",
    "condition_noun",
    "warn",
    "retaliate",
    "must",
    "would",
    "will",
];

/// Every cue of a clause (see [`Cues`]).
pub(super) fn cues(toks: &[Tok], ctx: &Context) -> Cues {
    let w = |i: usize| toks.get(i).map_or("", |t| t.low.as_str());
    let actor = |i: usize| ctx.actor.get(i).copied().unwrap_or(false);
    let mut all: Vec<Cue> = Vec::new();
    let mut take = |c: Cue| all.push(c);
    let conditional = toks.iter().any(|t| {
        matches!(
            t.low.as_str(),
            "if" | "unless" | "once" | "provided" | "otherwise"
        )
    });
    // Whether the words before `i` (within three) deny or doubt what follows.
    let denied = |i: usize| {
        (i.saturating_sub(3)..i).any(|k| is(w(k), DENIALS))
            || (i.saturating_sub(6)..i).any(|k| matches!(w(k), "if" | "whether"))
    };
    // Whether the words before `i` doubt what follows (a negation alone does not: "does
    // not plan to" is a plan, negative).
    let doubted = |i: usize| {
        (i.saturating_sub(3)..i).any(|k| {
            is(w(k), DENIALS)
                && !matches!(
                    w(k),
                    "not"
                        | "n't"
                        | "no"
                        | "don't"
                        | "doesn't"
                        | "won't"
                        | "wouldn't"
                        | "isn't"
                        | "aren't"
                        | "hasn't"
                        | "haven't"
                )
        }) || (i.saturating_sub(6)..i).any(|k| matches!(w(k), "if" | "whether"))
    };
    // Whether "to" at `k` opens an infinitive: not "to the city", "to New York", "to 2030".
    let infinitive = |k: usize| {
        let preposition = k > 0 && is(w(k - 1), &["according", "prior", "thanks", "next", "close"]);
        w(k) == "to"
            && !preposition
            && !w(k + 1).is_empty()
            && !is(w(k + 1), NOT_VERBS)
            && !ctx.capital.get(k + 1).copied().unwrap_or(false)
            && !w(k + 1).starts_with(|c: char| c.is_ascii_digit())
    };
    // "analysts say it will": what follows is a forecast.
    let forecast_at = (0..toks.len()).find(|&k| {
        is(w(k), FORECASTERS)
            && (k + 1..(k + 3).min(toks.len())).any(|j| {
                is(w(j), SAYING) || stem_is(w(j), &["expect", "predict", "believ", "estimat"])
            })
    });
    // Whether a determiner makes word `i` a noun ("its offering", "the plan").
    let noun = |i: usize| {
        i > 0
            && is(
                w(i - 1),
                &[
                    "security", "the", "a", "an", "its", "their", "his", "her", "our", "this",
                ],
            )
    };
    for i in 0..toks.len() {
        let t = w(i);
        let one = |class, kind, weight, last| Cue {
            class,
            first: i,
            last,
            kind,
            weight,
        };
        // Commitment verbs: pledge, promise, vow, commit, undertake, guarantee.
        if stem_is(
            t,
            &["pledge", "promis", "vow", "commit", "undertak", "guarante"],
        ) || t == "undertook"
        {
            let to = matches!(w(i + 1), "to" | "that" | "of");
            let verbal = !noun(i) || to && !t.starts_with("guarante");
            // "is promising", "promising programs": an adjective.
            let verbal =
                verbal && (t != "promising" || matches!(w(i + 1), "to" | "that") || actor(i + 1));
            // "security guarantees" as a noun is not itself a commitment.
            let guarantee_ok = !t.starts_with("guarante")
                || i > 0 && is(w(i - 1), &["to", "will", "would", "shall"]);
            if verbal && guarantee_ok && !denied(i) {
                take(one(
                    "pledge",
                    ClaimKind::Commitment,
                    3.0,
                    if to { i + 1 } else { i },
                ));
            }
        }
        if matches!(t, "agree" | "agreed" | "agrees" | "agreeing")
            && matches!(w(i + 1), "to" | "on" | "that" | "upon" | "exactly")
            && !denied(i)
        {
            take(one("agree", ClaimKind::Commitment, 3.0, i + 1));
        }
        if matches!(
            t,
            "reaffirm" | "reaffirmed" | "reaffirms" | "reiterate" | "reiterated"
        ) && matches!(w(i + 1), "that" | "their" | "its" | "our" | "the")
        {
            take(one("reaffirm", ClaimKind::Commitment, 2.0, i));
        }
        // Intentions: "plans to", "intends to", "aims to", "wants to", "is going to".
        let intends = stem_is(
            t,
            &[
                "plan", "intend", "aim", "seek", "prepar", "decid", "offer", "expect", "hope",
                "want",
            ],
        ) || matches!(
            t,
            "planned" | "planning" | "ready" | "determined" | "sought"
        );
        // ("is expected to be completed" is a forecast.)
        let forecast = t.starts_with("expect") && w(i + 2) == "be";
        let weak = ["hop", "want", "expect"].iter().any(|p| t.starts_with(p));
        // "wants to know whether": a wish to know, not to act.
        let wish = weak && is(w(i + 2), COGNITION);
        if intends && infinitive(i + 1) && !noun(i) && !doubted(i) && !forecast && !wish {
            take(one(
                "intend",
                ClaimKind::Intention,
                if weak { 1.6 } else { 2.2 },
                i + 1,
            ));
        }
        // A date or plan set: "is set to open", "is due to be signed", "was scheduled to".
        if matches!(t, "set" | "due" | "scheduled" | "slated" | "poised")
            && i > 0
            && is(
                w(i - 1),
                &[
                    "is", "are", "was", "were", "be", "been", "'s", "now", "also",
                ],
            )
            && infinitive(i + 1)
        {
            take(one("set_to", ClaimKind::Intention, 2.2, i + 1));
        }
        // Work under way: "is working on a sequel", "are working with the city to build".
        if t == "working"
            && i > 0
            && is(
                w(i - 1),
                &[
                    "is", "are", "am", "'re", "was", "were", "been", "still", "also", "now",
                ],
            )
            && (w(i + 1) == "on" || (i + 1..(i + 6).min(toks.len())).any(infinitive))
        {
            take(one("working", ClaimKind::Intention, 1.9, i + 1));
        }
        // Eagerness to act: "can't wait to start", "is eager to", "keen to".
        if (matches!(t, "eager" | "keen")
            || t == "wait" && i > 0 && matches!(w(i - 1), "can't" | "cannot" | "not"))
            && infinitive(i + 1)
        {
            take(one("eager", ClaimKind::Intention, 2.0, i + 1));
        }
        // "We are building a new depot": the speaker's work under way.
        if t.ends_with("ing")
            && i > 1
            && w(i - 1) == "are"
            && w(i - 2) == "we"
            && !matches!(
                t,
                "going" | "being" | "having" | "seeing" | "hoping" | "trying"
            )
            && !is(&t[..t.len() - 3], COGNITION)
            && !is(&t[..t.len() - 3], SAYING)
        {
            take(one("we_are_doing", ClaimKind::Intention, 1.7, i));
        }
        // A deal to act: "has a partnership with a grocer to sell", "an agreement to buy".
        if matches!(
            t,
            "deal" | "agreement" | "contract" | "partnership" | "pact" | "accord"
        ) && noun(i)
            && (i + 1..(i + 5).min(toks.len())).any(infinitive)
            && !doubted(i)
        {
            take(one("deal_to_act", ClaimKind::Commitment, 1.8, i));
        }
        // "look forward to meeting": an intention.
        if stem_is(t, &["look"])
            && !(i > 0 && matches!(w(i - 1), "can" | "could" | "may" | "might"))
            && w(i + 1) == "forward"
            && w(i + 2) == "to"
            && w(i + 3).ends_with("ing")
        {
            take(one("look_forward", ClaimKind::Intention, 2.0, i + 2));
        }
        // Efforts and orders: "an effort to repair", "directives to close"; weaker than a
        // modal in the same clause ("As part of an effort to …, X will send").
        if matches!(
            t,
            "effort" | "efforts" | "directive" | "directives" | "mandate" | "campaign"
        ) && infinitive(i + 1)
            && !doubted(i)
        {
            take(one("effort_to", ClaimKind::Intention, 1.8, i + 1));
        }
        // A choice made: "chose not to appeal", "opted to sell", "elected to stay".
        if matches!(
            t,
            "chose" | "choose" | "chooses" | "opted" | "opts" | "opt" | "elected" | "elects"
        ) && (infinitive(i + 1) || w(i + 1) == "not" && infinitive(i + 2))
            && !noun(i)
            && !(i > 0 && w(i - 1) == "to")
        {
            take(one("chose", ClaimKind::Commitment, 2.0, i + 1));
        }
        // "freed on the condition that", "on condition of anonymity" is not one.
        if t == "condition"
            && (i > 0 && w(i - 1) == "on" || i > 1 && w(i - 1) == "the" && w(i - 2) == "on")
            && w(i + 1) == "that"
        {
            take(one("on_condition", ClaimKind::Condition, 2.0, i + 1));
        }
        // A date set: "is scheduled for May 2", "set for next week".
        if matches!(t, "scheduled" | "set" | "slated" | "planned")
            && w(i + 1) == "for"
            && (i + 2..(i + 4).min(toks.len())).any(|k| future_time(toks, k))
        {
            take(one("scheduled_for", ClaimKind::Intention, 2.0, i + 1));
        }
        // "continues to provide free meals": a service kept up.
        if stem_is(t, &["continu"]) && w(i + 1) == "to" && is(w(i + 2), BENEFIT_VERBS) {
            take(one("continues_to", ClaimKind::Commitment, 2.0, i + 2));
        }
        // An offer with its price: "bid $9 a share", "offered 10 million".
        // ("offers 12 seats" is no price.)
        let price = (i + 2..(i + 5).min(toks.len())).any(|k| {
            is(
                w(k),
                &[
                    "million", "billion", "bn", "per", "share", "apiece", "each", "euros",
                    "dollars", "pounds",
                ],
            )
        });
        if matches!(t, "bid" | "bids" | "offered" | "offers")
            && !noun(i)
            && w(i + 1).starts_with(|c: char| c.is_ascii_digit())
            && price
        {
            take(one("bid_price", ClaimKind::Commitment, 2.0, i));
        }
        // An ultimatum: "set a deadline", "gave them an ultimatum".
        if matches!(t, "deadline" | "ultimatum")
            && (i.saturating_sub(3)..i).any(|k| {
                stem_is(w(k), &["set", "impos", "issu"])
                    || matches!(w(k), "gave" | "give" | "gives")
            })
        {
            take(one("deadline", ClaimKind::Condition, 2.0, i));
        }
        // "expects producers to increase": an expectation of others.
        if t.starts_with("expect")
            && i > 0
            && !noun(i)
            && w(i + 2) != "be"
            && (i + 2..(i + 6).min(toks.len())).any(|k| w(k) == "to")
        {
            take(one("expects_others", ClaimKind::Intention, 1.6, i));
        }
        if matches!(t, "intend" | "intends" | "intended") && w(i + 1) != "to" {
            take(one("intend_bare", ClaimKind::Intention, 2.2, i));
        }
        if matches!(
            t,
            "intention"
                | "intentions"
                | "plans"
                | "plan"
                | "promise"
                | "decision"
                | "offer"
                | "bid"
        ) && infinitive(i + 1)
            && !doubted(i)
            || matches!(t, "plans" | "plan")
                && w(i + 1) == "for"
                && w(i + 2).ends_with("ing")
                && !doubted(i)
            || t == "going" && w(i + 1) == "to" && i > 0 && is(w(i - 1), &["is", "are", "am"])
        {
            take(one("plan_to", ClaimKind::Intention, 2.0, i + 1));
        }
        // A plan announced: "unveiled a plan", "outlined a three-part program",
        // "created a roadmap".
        if stem_is(
            t,
            &[
                "unveil", "outlin", "announc", "launch", "present", "propos", "adopt", "approv",
                "creat", "draft", "introduc",
            ],
        ) && !noun(i)
            && toks[i + 1..(i + 6).min(toks.len())]
                .iter()
                .any(|x| is(&x.low, PLANS))
        {
            take(one("plan_announced", ClaimKind::Intention, 2.1, i));
        }
        // A plan passed: "the budget approved by the legislature", "a plan unveiled by".
        if is(t, PLANS)
            && stem_is(
                w(i + 1),
                &[
                    "approv", "adopt", "pass", "sign", "unveil", "announc", "agre",
                ],
            )
            && w(i + 2) == "by"
        {
            take(one("plan_passed", ClaimKind::Commitment, 1.9, i + 2));
        }
        // A deal made: "signed an agreement", "finalized a deal to purchase", "placed
        // an order for".
        if stem_is(
            t,
            &[
                "sign", "finaliz", "finalis", "seal", "reach", "clinch", "ink", "strik", "plac",
                "announc", "agre",
            ],
        ) || matches!(t, "struck" | "signed" | "reached")
        {
            let deal = toks[i + 1..(i + 5).min(toks.len())].iter().position(|x| {
                is(
                    &x.low,
                    &[
                        "deal",
                        "deals",
                        "agreement",
                        "agreements",
                        "contract",
                        "contracts",
                        "order",
                        "orders",
                        "pact",
                        "accord",
                        "treaty",
                        "purchase",
                        "merger",
                        "acquisition",
                    ],
                )
            });
            if let Some(k) = deal {
                if !noun(i) && !denied(i) {
                    take(one("deal_made", ClaimKind::Commitment, 2.1, i + 1 + k));
                }
            }
        }
        // A date set: "launches tomorrow", "arrive in early 2020", "opens on Monday",
        // "go on sale Friday".
        let on_sale = matches!(t, "go" | "goes") && w(i + 1) == "on" && w(i + 2) == "sale";
        if (on_sale
            || SCHEDULED.iter().any(|v| {
                // ("a weekly report Monday": "report" is a verb only as "reports".)
                t.strip_prefix(v)
                    .is_some_and(|r| matches!(r, "" | "s" | "es") && (*v != "report" || r == "s"))
            }))
            && i > 0
            && !is(w(i - 1), &["to", "the", "a", "its", "their"])
            // "will open Monday" is the modal's; "will go on sale" is not (go is no action).
            && (on_sale || !is(w(i - 1), &["will", "would"]))
        {
            let ahead = (i + 1..(i + 8).min(toks.len())).any(|k| future_time(toks, k));
            if ahead {
                take(one("date_set", ClaimKind::Intention, 1.7, i));
            }
        }
        // What a plan or deal contains: "the document stipulates", "the plan includes",
        // "the accord involves", "the new agreement also prohibits", "the pact kept".
        if matches!(
            t,
            "stipulates"
                | "stipulate"
                | "envisages"
                | "envisage"
                | "provides"
                | "includes"
                | "include"
                | "included"
                | "calls"
                | "commits"
                | "obliges"
                | "requires"
                | "required"
                | "foresees"
                | "involves"
                | "introduces"
                | "introduced"
                | "prohibits"
                | "bans"
                | "banned"
                | "gives"
                | "gave"
                | "grants"
                | "granted"
                | "keeps"
                | "kept"
                | "eliminates"
                | "removes"
                | "establishes"
                | "creates"
                | "sets"
                | "extends"
                | "caps"
                | "guarantees"
                | "opens"
                | "allows"
                | "limits"
                | "lifts"
                | "lowers"
                | "raises"
                | "cuts"
        ) && i > 0
            && (is(w(i - 1), PLANS)
                || i > 1
                    && is(w(i - 2), PLANS)
                    && is(
                        w(i - 1),
                        &[
                            "also", "further", "still", "would", "will", "should", "must",
                        ],
                    ))
            && (t != "calls" || w(i + 1) == "for")
            && !denied(i)
        {
            take(one("contains", ClaimKind::Commitment, 1.9, i));
        }
        // A target set: "a target to remove 10MT by 2030", "its goal of reducing costs",
        // "has set a 7,500-MW goal", "is targeting 600,000 installations a year".
        let target_noun = matches!(t, "target" | "targets" | "goal" | "goals" | "objective")
            && (matches!(w(i + 1), "of" | "to" | "for")
                || (i.saturating_sub(3)..i).any(|k| {
                    w(k).starts_with(|c: char| c.is_ascii_digit())
                        || matches!(
                            w(k),
                            "set"
                                | "sets"
                                | "announced"
                                | "adopted"
                                | "its"
                                | "their"
                                | "has"
                                | "have"
                        )
                }));
        let targeting = matches!(t, "targeting" | "targeted" | "targets" | "targetting")
            && i > 0
            && is(w(i - 1), &["is", "are", "was", "were", "it", "also"])
            && (i + 1..(i + 4).min(toks.len()))
                .any(|k| w(k).starts_with(|c: char| c.is_ascii_digit()));
        if (target_noun || targeting) && !denied(i) {
            take(one("target", ClaimKind::Intention, 1.8, i));
        }
        // Conditions: "is an important condition", "requires concessions".
        if matches!(
            t,
            "condition" | "conditions" | "precondition" | "prerequisite" | "requires"
        ) && i > 0
            && !matches!(w(i + 1), "are" | "were")
            && (t == "requires"
                || is(w(i - 1), &["a", "an", "important", "key", "main"])
                || w(i - 1).ends_with("ary"))
        {
            take(one("condition_noun", ClaimKind::Condition, 1.7, i));
        }
        // Warnings and threats: "threatened to", or a warning of what the warner will
        // do; a warning of what others risk is weaker.
        if stem_is(t, &["warn", "threaten"]) && !noun(i) {
            let to = w(i + 1) == "to";
            let action = (i + 1..toks.len()).any(|k| {
                is(w(k), MODALS) && !is(w(k + 1), NOT_ACTIONS) && !is(w(k + 1), &["have", "be"])
            });
            // A warning by someone named ("the minister warned of …") is proposed; an
            // unattributed one ("warnings were issued") is not.
            let named = (i.saturating_sub(8)..i).any(actor) || ctx.reported && !noun(i);
            let weight = if to || action {
                2.3
            } else if named && matches!(w(i + 1), "that" | "of" | "about" | "against") {
                1.7
            } else {
                1.2
            };
            take(one(
                "warn",
                ClaimKind::Warning,
                weight,
                if to { i + 1 } else { i },
            ));
        }
        if matches!(
            t,
            "countermeasures" | "retaliate" | "retaliation" | "sanctions"
        ) && i > 0
            && !noun(i)
        {
            take(one("retaliate", ClaimKind::Warning, 1.8, i));
        }
        // Obligations: "must", "will have to", "they have to", with a personal subject.
        let must = t == "must"
            || t == "have" && w(i + 1) == "to" && i > 0 && is(w(i - 1), &["will", "would", "'ll"])
            || matches!(t, "have" | "has")
                && w(i + 1) == "to"
                && i > 0
                && (is(w(i - 1), &["we", "they", "he", "she", "i"]) || actor(i - 1));
        if must && i > 0 && !is(w(i - 1), IMPERSONAL) {
            let last = if t == "must" { i } else { i + 1 };
            if !matches!(w(last + 1), "be" | "have") {
                take(Cue {
                    class: "must",
                    first: if t == "have" && is(w(i - 1), MODALS) {
                        i - 1
                    } else {
                        i
                    },
                    last: last + 1,
                    kind: ClaimKind::Commitment,
                    weight: 1.6,
                });
            }
        }
        // Modal + action verb: "will provide", "would create", "will not send".
        if is(t, MODALS) {
            // "Will Smith": a name.
            if t == "will" && i > 0 && ctx.capital.get(i).copied().unwrap_or(false) {
                continue;
            }
            let subject = if i > 0 { w(i - 1) } else { "" };
            // "this will make …", "it will take years": predictions. But "said it
            // would", "otherwise it would": the "it" of a reported clause is an actor.
            let reported_it = subject == "it"
                && i > 1
                && (is(w(i - 2), SAYING) || matches!(w(i - 2), "that" | "otherwise"));
            if is(subject, IMPERSONAL) && !reported_it {
                continue;
            }
            // "whether X will agree", "it is unclear if X will": an open question.
            if (i.saturating_sub(6)..i)
                .any(|k| w(k) == "whether" || w(k) == "if" && k > 0 && is(w(k - 1), ASKING))
            {
                continue;
            }
            // "so that it won't leak": a purpose; "it's possible that X will": a guess.
            if (i.saturating_sub(4)..i).any(|k| {
                w(k) == "so" && w(k + 1) == "that"
                    || is(
                        w(k),
                        &["possible", "likely", "unlikely", "perhaps", "maybe"],
                    ) && w(k + 1) == "that"
            }) {
                continue;
            }
            // "analysts say it will", "she hoped the vote would": forecasts and hopes.
            if forecast_at.is_some_and(|k| k < i)
                || (i.saturating_sub(6)..i).any(|k| is(w(k), BELIEFS))
            {
                continue;
            }
            // Who commits: an actor or a person just before the modal, a plan or deal,
            // or anyone when the sentence reports what someone said.
            // "the club's defeat will": the subject is a thing the actor has.
            let owner = |k: usize| {
                (w(k).ends_with("'s") || w(k).ends_with("’s")) && k + 1 < i
                    || matches!(w(k + 1), "'s" | "’s") && k + 2 < i
            };
            let personal = (i.saturating_sub(3)..i).any(|k| actor(k) && !owner(k))
                || i > 1 && ctx.capital.get(i - 1).copied().unwrap_or(false)
                || is(subject, &["he", "she", "they", "we", "i", "you"])
                // "Acme left the talks, and will reply by letter": the subject is shared.
                || matches!(subject, "and" | "but") && (0..i.min(3)).any(actor)
                // "Our product will": the speaker's.
                || (i.saturating_sub(3)..i).any(|k| w(k) == "our")
                || reported_it
                || is(subject, PLANS);
            let mut j = i + 1;
            let mut negated = matches!(t, "won't" | "wo");
            while j < toks.len() && (is(w(j), ADVERBS) || ly_adverb(w(j))) && j < i + 4 {
                if matches!(w(j), "not" | "never") {
                    negated = true;
                }
                if w(j) == "be" {
                    break;
                }
                j += 1;
            }
            let verb = w(j);
            if verb.is_empty() {
                continue;
            }
            // "will be sent" (a passive commitment) but not "will be able", "will be possible".
            let passive = verb == "be"
                && (w(j + 1).ends_with("ed") || w(j + 1).ends_with("en"))
                && !matches!(
                    w(j + 1),
                    "interested" | "needed" | "required" | "limited" | "expected" | "darkened"
                );
            if verb == "have" && w(j + 1) == "been" {
                continue; // "would have been": a counterfactual
            }
            // "will be performing": the progressive future.
            // "will be back": a return.
            let passive =
                passive || verb == "be" && (w(j + 1).ends_with("ing") || w(j + 1) == "back");
            if is(verb, NOT_ACTIONS) && !passive {
                continue;
            }
            if ly_adverb(verb) || verb.ends_with("ed") && !passive {
                continue;
            }
            // "would" commits only in reported speech or with a personal subject (else
            // it is a hypothesis); "will" with neither is a forecast, kept weaker.
            let weight = match (t == "would", personal || ctx.reported) {
                (true, false) => continue,
                (true, true) => 1.8,
                (false, true) => 2.0,
                (false, false) => 1.55,
            } + if negated { 0.1 } else { 0.0 };
            let last = if passive { j + 1 } else { j };
            take(Cue {
                class: if t == "would" { "would" } else { "will" },
                first: i,
                last,
                kind: if conditional {
                    ClaimKind::Condition
                } else {
                    ClaimKind::Commitment
                },
                weight: weight + if conditional { 0.1 } else { 0.0 },
            });
        }
    }
    // The first of the strongest.
    let mut best: Option<Cue> = None;
    for c in &all {
        if best.as_ref().is_none_or(|b| c.weight > b.weight) {
            best = Some(c.clone());
        }
    }
    // "you have to be prepared to": advice to anyone, not a commitment; "experts expect",
    // "our hope is that we'll": forecasts and hopes.
    let mut vetoed = false;
    if let Some(b) = &best {
        if (b.first.saturating_sub(5)..b.first).any(|k| w(k) == "you")
            || forecast_at.is_some_and(|k| k < b.first)
            || (b.first.saturating_sub(8)..b.first).any(|k| is(w(k), BELIEFS))
        {
            best = None;
            vetoed = true;
        }
    }
    // "announced countermeasures if …": a condition.
    if let Some(b) = best.as_mut() {
        if conditional && b.kind == ClaimKind::Warning {
            b.kind = ClaimKind::Condition;
        }
    }
    Cues { all, best, vetoed }
}

/// Auxiliaries that stand for a clause's verb when no cue does.
pub(super) const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "can", "could", "may", "might", "must",
    "should", "does", "did",
];
