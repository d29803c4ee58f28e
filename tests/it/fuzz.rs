//! Property-based fuzzing (proptest, a bounded number of cases so CI time is fixed)
//! of what reads untrusted input: the YAML loader, the quote matcher, the mention
//! finder and the text splitter. None may panic; each keeps its promises.

use dossier::load::raw::{RawActor, RawCommitment, RawDiscrepancy};
use dossier::load::yaml;
use dossier::resolve::quotes::{self, Normalized};
use dossier::resolve::{mentions::Finder, text};
use proptest::prelude::*;

/// Text with the characters that matter: typographic quotes, dashes, no-break spaces,
/// ellipses, newlines, accents and Cyrillic, glued words.
fn texty() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "[A-Za-z0-9 \n\t.,!?'\"\u{a0}\u{202f}“”‘’«»…–—\\-éÉЗеленськийZelensky]{0,300}",
    )
    .unwrap()
}

/// Strings that look like content files, to get past the first line of the parser.
fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("name: ".to_string()),
        Just("kind: person\n".to_string()),
        Just("by: [".to_string()),
        Just("evidence:\n  - source: a\n    quote: ".to_string()),
        Just("aliases: ".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("\n".to_string()),
        Just("  ".to_string()),
        Just("- ".to_string()),
        Just("'".to_string()),
        Just("\"".to_string()),
        Just(": ".to_string()),
        Just("|\n  ".to_string()),
        "[a-z]{1,8}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn the_loader_never_panics(s in prop_oneof![yamlish(), texty()]) {
        let _ = yaml::parse::<RawActor>(&s);
        let _ = yaml::parse::<RawCommitment>(&s);
        let _ = yaml::parse::<RawDiscrepancy>(&s);
        let _ = yaml::split_front_matter(&s);
    }

    #[test]
    fn a_passage_of_the_seed_is_always_found(seed in texty(), a in 0usize..400, len in 0usize..120) {
        let chars: Vec<(usize, char)> = seed.char_indices().collect();
        prop_assume!(!chars.is_empty());
        let start = chars[a % chars.len()].0;
        let end = chars.get((a % chars.len()) + len).map_or(seed.len(), |c| c.0);
        let quote = &seed[start..end];
        prop_assume!(!quotes::normalize(quote).is_empty());
        let n = Normalized::new(&seed);
        let found = quotes::find(&n, quote);
        prop_assert!(found.is_ok(), "{:?} is in {:?}", quote, seed);
        let (s, e) = found.unwrap();
        prop_assert!(s <= e && e <= seed.len() && seed.is_char_boundary(s) && seed.is_char_boundary(e));
        // What is highlighted covers the quote.
        prop_assert!(quotes::normalize(&seed[s..e]).contains(&quotes::normalize(quote)));
    }

    #[test]
    fn the_quote_matcher_never_panics_and_never_lies(seed in texty(), quote in texty()) {
        let n = Normalized::new(&seed);
        match quotes::find(&n, &quote) {
            Ok((s, e)) => prop_assert!(quotes::normalize(&seed[s..e]).contains(&quotes::normalize(&quote))),
            Err(m) => prop_assert!(!n.text.contains(&quotes::normalize(&quote)) || quotes::normalize(&quote).is_empty(), "{:?}", m),
        }
    }

    #[test]
    fn mentions_are_disjoint_and_on_char_boundaries(txt in texty(), names in proptest::collection::vec("[A-Za-zЗеленський’ -]{1,12}", 0..6)) {
        let f = Finder::new(names.iter().enumerate().map(|(i, n)| (i, n.as_str())));
        let hits = f.find(&txt);
        for w in hits.windows(2) {
            prop_assert!(w[0].end <= w[1].start || (w[0].start == w[1].start && w[0].end == w[1].end));
        }
        for h in &hits {
            prop_assert!(h.start < h.end && txt.is_char_boundary(h.start) && txt.is_char_boundary(h.end));
            prop_assert!(h.actor < names.len());
        }
    }

    #[test]
    fn paragraphs_and_sentences_stay_in_bounds(txt in texty(), at in 0usize..400) {
        let pars = text::paragraphs(&txt);
        let mut last = 0;
        for &(s, e) in &pars {
            prop_assert!(last <= s && s < e && e <= txt.len());
            prop_assert!(!txt[s..e].trim().is_empty());
            last = e;
            let p = &txt[s..e];
            let offs: Vec<usize> = p.char_indices().map(|(i, _)| i).collect();
            let at = offs[at % offs.len()];
            let (ss, se) = text::sentence_at(p, at);
            prop_assert!(ss <= at && at < se.max(at + 1) && se <= p.len());
        }
    }
}

/// Up to 1 MB of one YAML piece repeated, opened or closed or not: deep nesting, long
/// flow lists, alias chains, block sequences, unclosed quotes.
fn big_yaml() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("["),
        Just("{"),
        Just("[a, "),
        Just("{a: "),
        Just("- "),
        Just("  - "),
        Just("&a [*a, "),
        Just("\"]\" ["),
        Just("'x', "),
        Just("a: b\n"),
        Just("? "),
        Just("\"\\\""),
        Just("x"),
    ];
    (piece, 1usize..(1 << 20), prop::bool::ANY).prop_map(|(p, bytes, close)| {
        let n = bytes / p.len();
        let mut s = format!("name: N\nkind: person\nsummary: {}", p.repeat(n));
        if close {
            s.push_str(&"]".repeat(n.min((1 << 20) - s.len().min(1 << 20))));
        }
        s
    })
}

/// A megabyte is read in tens of milliseconds; a quadratic step would take minutes.
/// The bound leaves room for a loaded CI machine running the other tests beside
/// (a bound of one second failed once so, on a case that takes 50 ms alone).
const LINEAR: std::time::Duration = std::time::Duration::from_secs(5);

proptest! {
    // Few cases: each is up to 1 MB.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn the_loader_answers_in_linear_time_on_a_megabyte(s in big_yaml()) {
        let t = std::time::Instant::now();
        let _ = yaml::parse::<RawActor>(&s);
        prop_assert!(t.elapsed() < LINEAR, "{:?} for {} bytes starting {:?}", t.elapsed(), s.len(), &s[..60.min(s.len())]);
    }

    #[test]
    fn the_quote_matcher_answers_in_linear_time_on_a_megabyte(
        unit in "[a-z .“”’…—-]{1,8}",
        bytes in 1usize..(1 << 20),
        quote in "[a-z .“”’…—-]{1,300}",
    ) {
        let seed = unit.repeat(bytes / unit.len());
        let t = std::time::Instant::now();
        let n = Normalized::new(&seed);
        let _ = quotes::find(&n, &quote);
        // The worst case for a naive search: the seed's own text, but for its end.
        let _ = quotes::find(&n, &format!("{}X", &unit.repeat(40)));
        prop_assert!(t.elapsed() < LINEAR, "{:?} for {} bytes", t.elapsed(), seed.len());
    }
}
