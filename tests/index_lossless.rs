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
        }
    }
}
