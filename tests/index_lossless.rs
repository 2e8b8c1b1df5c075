//! The index is lossless: on random datasets and queries it returns exactly the ranking a brute-force
//! scan with the same scorer returns.

use llama_alumni::search::{NameIndex, Query, brute_force, is_close};
use proptest::prelude::*;

/// Name pieces chosen to collide: shared prefixes, near spellings, accents, hyphens, one letter.
const PIECES: &[&str] = &[
    "maria",
    "mario",
    "marie",
    "mariana",
    "marianne",
    "anne",
    "ana",
    "anna",
    "garcia",
    "garsia",
    "gracia",
    "lopez",
    "lópez",
    "lopes",
    "jean",
    "jean-pierre",
    "pierre",
    "pier",
    "o'brien",
    "brien",
    "müller",
    "muller",
    "mueller",
    "łukasz",
    "lukas",
    "søren",
    "soren",
    "straße",
    "strasse",
    "đorđe",
    "li",
    "le",
    "x",
    "nguyễn",
    "nguyen",
    "van",
    "der",
    "berg",
    "vanderberg",
    "abcdefghijklmnopqrstuvwxyzabcdefghij",
    // Short and 5-letter words, for the typos that count only when another word pins the name.
    "wei",
    "xu",
    "xi",
    "xun",
    "an",
    "lee",
    "lea",
    "leal",
    "diego",
    "ramos",
    "ramon",
    "abad",
    "laura",
    "lima",
    "michel",
];

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..4).prop_map(|parts| parts.join(" "))
}

/// Queries: pieces, prefixes of pieces, pieces with an edit, initials, noise.
fn query() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        prop::sample::select(PIECES).prop_map(str::to_owned),
        (prop::sample::select(PIECES), 1usize..6).prop_map(|(p, n)| p.chars().take(n).collect()),
        (
            prop::sample::select(PIECES),
            any::<prop::sample::Index>(),
            prop::char::range('a', 'z')
        )
            .prop_map(|(p, i, c)| {
                let mut chars: Vec<char> = p.chars().collect();
                let at = i.index(chars.len());
                chars[at] = c;
                chars.into_iter().collect()
            }),
        (prop::sample::select(PIECES), any::<prop::sample::Index>()).prop_map(|(p, i)| {
            let mut chars: Vec<char> = p.chars().collect();
            chars.remove(i.index(chars.len()));
            chars.into_iter().collect()
        }),
        (prop::sample::select(PIECES), any::<prop::sample::Index>()).prop_map(|(p, i)| {
            let mut chars: Vec<char> = p.chars().collect();
            if chars.len() > 1 {
                let at = i.index(chars.len() - 1);
                chars.swap(at, at + 1);
            }
            chars.into_iter().collect()
        }),
        // Two edits: two swaps, or a swap and a wrong letter (`rmaso`, `ramsa` for `ramos`).
        (
            prop::sample::select(PIECES),
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            prop::char::range('a', 'z')
        )
            .prop_map(|(p, i, j, c)| {
                let mut chars: Vec<char> = p.chars().collect();
                if chars.len() > 1 {
                    let at = i.index(chars.len() - 1);
                    chars.swap(at, at + 1);
                }
                let at = j.index(chars.len());
                chars[at] = c;
                chars.into_iter().collect()
            }),
        "[a-z]{1,8}",
    ];
    prop::collection::vec(token, 1..4).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn index_matches_brute_force(
        targets in prop::collection::vec(prop::collection::vec(name(), 1..3), 1..60),
        queries in prop::collection::vec(query(), 1..8),
    ) {
        let index = NameIndex::new(targets.iter().map(|names| names.iter().map(String::as_str)));
        for text in &queries {
            let q = Query::new(text);
            for limit in [1, 3, 11, 25] {
                let fast = index.matches(&q, limit);
                let slow = brute_force(&targets, &q, limit).matches;
                prop_assert_eq!(&fast, &slow, "query {:?}, limit {}", text, limit);
                let best = slow.first().map_or(0, |h| h.score.points);
                let close: Vec<_> = slow.into_iter().filter(|h| is_close(h.score.points, best)).collect();
                prop_assert_eq!(&index.close_matches(&q, limit), &close, "close, query {:?}, limit {}", text, limit);
            }
            // Near misses come from a bounded set of candidates, which these small datasets never
            // exceed: then they are exactly those of every name scored, nearest first.
            let ranking = index.search(&q, 25);
            if ranking.matches.is_empty() {
                prop_assert_eq!(&ranking.near, &brute_force(&targets, &q, 25).near, "near, query {:?}", text);
            }
        }
    }
}

/// Short and 5-letter name words, most one or two edits from another: the pinned typos' ground.
const SHORT_PIECES: &[&str] = &[
    "wei", "xu", "xi", "xun", "li", "le", "lee", "lea", "leal", "an", "ana", "van", "nguyen",
    "kim", "lim", "park", "diego", "ramos", "ramon", "roman", "abad", "silva", "selva", "lima",
    "remy", "laura", "lora", "deng", "michel",
];

/// One random edit to a word: a letter replaced, removed or added, or two neighbours swapped.
fn edit(word: &str, op: usize, at: prop::sample::Index, c: char) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let at = at.index(chars.len());
    match op {
        0 => chars[at] = c,
        1 if chars.len() > 1 => {
            chars.remove(at);
        }
        2 => chars.insert(at, c),
        _ if at + 1 < chars.len() => chars.swap(at, at + 1),
        _ => chars[at] = c,
    }
    chars.into_iter().collect()
}

/// A query made from a name of `targets`: its words, one of them with one or two edits.
fn query_from(
    targets: &[Vec<String>],
    (pick, word, edits): (
        prop::sample::Index,
        prop::sample::Index,
        Vec<(usize, prop::sample::Index, char)>,
    ),
) -> String {
    let names = &targets[pick.index(targets.len())];
    let mut words: Vec<String> = names[0].split(' ').map(str::to_owned).collect();
    let w = word.index(words.len());
    for (op, at, c) in edits {
        words[w] = edit(&words[w], op, at, c);
    }
    words.join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Queries that are a name with a typo in one word, among names of short words: the typos that
    /// count only when another word pins the name are found exactly as every name scored finds them.
    #[test]
    fn pinned_typos_match_brute_force(
        targets in prop::collection::vec(
            prop::collection::vec(
                prop::collection::vec(prop::sample::select(SHORT_PIECES), 1..4).prop_map(|p| p.join(" ")),
                1..3,
            ),
            1..40,
        ),
        picks in prop::collection::vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                prop::collection::vec((0usize..4, any::<prop::sample::Index>(), prop::char::range('a', 'z')), 1..3),
            ),
            1..8,
        ),
    ) {
        let index = NameIndex::new(targets.iter().map(|names| names.iter().map(String::as_str)));
        for pick in picks {
            let text = query_from(&targets, pick);
            let q = Query::new(&text);
            for limit in [1, 3, 25] {
                let slow = brute_force(&targets, &q, limit);
                prop_assert_eq!(&index.matches(&q, limit), &slow.matches, "query {:?}, limit {}", text, limit);
                if slow.matches.is_empty() {
                    prop_assert_eq!(&index.search(&q, limit).near, &slow.near, "near, query {:?}", text);
                }
            }
        }
    }
}

/// Few pieces, many names: levels of hundreds of names, where a walk drops the names lacking
/// another word by a filter (`search::required`) before reading their parts.
const COMMON_PIECES: &[&str] = &[
    "maria", "mario", "jose", "josef", "antonio", "garcia", "garsia", "lopez", "anne", "ana", "li",
    "x",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn index_matches_brute_force_when_levels_hold_hundreds_of_names(
        targets in prop::collection::vec(
            prop::collection::vec(prop::sample::select(COMMON_PIECES), 2..4).prop_map(|w| w.join(" ")),
            2500..3000,
        ),
        queries in prop::collection::vec(
            prop::collection::vec(
                prop_oneof![prop::sample::select(COMMON_PIECES).prop_map(str::to_owned), "[a-z]{1,6}"],
                2..4,
            ).prop_map(|w| w.join(" ")),
            1..4,
        ),
    ) {
        let targets: Vec<Vec<String>> = targets.into_iter().map(|n| vec![n]).collect();
        let index = NameIndex::new(targets.iter().map(|names| names.iter().map(String::as_str)));
        for text in &queries {
            let q = Query::new(text);
            for limit in [1, 11] {
                let slow = brute_force(&targets, &q, limit).matches;
                prop_assert_eq!(&index.matches(&q, limit), &slow, "query {:?}, limit {}", text, limit);
                let best = slow.first().map_or(0, |h| h.score.points);
                let close: Vec<_> = slow.into_iter().filter(|h| is_close(h.score.points, best)).collect();
                prop_assert_eq!(&index.close_matches(&q, limit), &close, "close, query {:?}, limit {}", text, limit);
            }
        }
    }
}
