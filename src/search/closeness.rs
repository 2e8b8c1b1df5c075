//! How close a name that did not match is to the whole query, to rank near misses nearest first:
//! every query word counts, not only those that paired.

use rapidfuzz::distance::osa;
use rustc_hash::FxHashMap;

use super::MAX_QUERY_TOKENS;
use super::score::{near_token_with, similarity};

/// Edits from which a query token counts as far from a name token: past two, which is as many as
/// any token may be forgiven.
const FAR_EDITS: u8 = 3;

/// How close one query token is to one name token, for ranking near misses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Nearness {
    /// Damerau edits, at most [`FAR_EDITS`]; a prefix or an initial counts as one.
    edits: u8,
    similarity: u16,
}

impl Nearness {
    /// The two tokens' [`similarity`].
    pub(super) fn similarity(&self) -> u16 {
        self.similarity
    }
}

/// The [`Nearness`] of a query token to a name token.
pub(super) fn nearness(query: &str, name: &str) -> Nearness {
    nearness_counting(query, name, osa_up_to_far)
}

/// [`nearness`], with `edits` counting the Damerau edits (at most [`FAR_EDITS`]) when the tokens
/// are neither equal, nor a prefix, nor too far apart in length.
fn nearness_counting(query: &str, name: &str, edits: impl FnOnce(&[u8], &[u8]) -> u8) -> Nearness {
    let edits = if query == name {
        0
    } else if name.starts_with(query) {
        1
    } else if query.len().abs_diff(name.len()) >= usize::from(FAR_EDITS) {
        FAR_EDITS
    } else {
        edits(query.as_bytes(), name.as_bytes())
    };
    Nearness {
        edits,
        similarity: similarity(query, name),
    }
}

/// Damerau edits (optimal string alignment, as [`strsim::osa_distance`]) between two tokens, at
/// most [`FAR_EDITS`].
fn osa_up_to_far(a: &[u8], b: &[u8]) -> u8 {
    osa(a, b).min(usize::from(FAR_EDITS)) as u8
}

/// Damerau edits (optimal string alignment, as [`strsim::osa_distance`]) between two normalized
/// (ASCII) tokens: rapidfuzz's bit-parallel count, with no allocation for tokens of up to 64
/// letters (typo checks count them for every candidate entry; `strsim` allocates three rows).
pub(super) fn osa(a: &[u8], b: &[u8]) -> usize {
    osa::distance(a.iter().copied(), b.iter().copied())
}

/// The longest token whose Jaro-Winkler similarity is worked out on the stack (a bit per letter).
const STACK_JARO: usize = 64;

/// Jaro-Winkler similarity, as [`strsim::jaro_winkler`] computes it (the same algorithm, to the
/// same float), without its allocation: near misses compare every candidate's words with the
/// query's, and `strsim` allocates a flag per letter each time. Tokens that are not ASCII or are
/// longer than [`STACK_JARO`] go to `strsim`.
pub(super) fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if !a.is_ascii() || !b.is_ascii() || x.len() > STACK_JARO || y.len() > STACK_JARO {
        return strsim::jaro_winkler(a, b);
    }
    let sim = jaro(x, y);
    if sim > 0.7 {
        let prefix = x.iter().take(4).zip(y).take_while(|(p, q)| p == q).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// Jaro similarity of two ASCII tokens of at most [`STACK_JARO`] letters: strsim's loops, with a
/// bit per letter for its flags.
fn jaro(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return if a.len() == b.len() { 1.0 } else { 0.0 };
    }
    let range = (a.len().max(b.len()) / 2).saturating_sub(1);
    let (mut a_flags, mut b_flags) = (0u64, 0u64);
    let mut matches = 0usize;
    for (i, &letter) in a.iter().enumerate() {
        let (start, end) = (i.saturating_sub(range), b.len().min(i + range + 1));
        for (j, &other) in b.iter().enumerate().take(end).skip(start) {
            if other == letter && b_flags & (1 << j) == 0 {
                a_flags |= 1 << i;
                b_flags |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    // The matched letters of each, in order, compared pairwise: half the mismatches.
    let mut transpositions = 0usize;
    while a_flags != 0 {
        let (i, j) = (a_flags.trailing_zeros(), b_flags.trailing_zeros());
        a_flags &= a_flags - 1;
        b_flags &= b_flags - 1;
        transpositions += usize::from(a[i as usize] != b[j as usize]);
    }
    transpositions /= 2;
    let m = matches as f64;
    ((m / a.len() as f64) + (m / b.len() as f64) + ((matches - transpositions) as f64 / m)) / 3.0
}

/// How close a name is to the whole query, larger is nearer: each query token takes the nearest
/// name part left (fewest edits, then most similar; parts are `covers` masks), then names are
/// ordered by fewer tokens [far](FAR_EDITS) or left without a part, then fewer edits in all, then
/// more similarity in all. A name within two edits a word is thus nearer than any that is not.
pub(super) fn closeness(
    query_tokens: usize,
    covers: &[u32],
    mut near: impl FnMut(usize, usize) -> Nearness,
) -> u32 {
    // Each pair as one sortable integer: fewer edits, then more similar, then query and part order.
    let mut pairs = Vec::with_capacity(query_tokens * covers.len());
    for q in 0..query_tokens {
        for p in 0..covers.len() {
            let n = near(q, p);
            pairs.push(
                (u64::from(n.edits) << 48)
                    | (u64::from(u16::MAX - n.similarity) << 32)
                    | ((q as u64) << 16)
                    | p as u64,
            );
        }
    }
    pairs.sort_unstable();
    let (mut used_query, mut used_name) = (0u64, 0u32);
    let (mut far, mut edits, mut similarity) = (query_tokens as u32, 0u32, 0u32);
    for pair in pairs {
        let (q, p) = (((pair >> 16) & 0xffff) as usize, (pair & 0xffff) as usize);
        if used_query & (1 << q) != 0 || used_name & covers[p] != 0 {
            continue;
        }
        let pair_edits = (pair >> 48) as u8;
        used_query |= 1 << q;
        used_name |= covers[p];
        edits += u32::from(pair_edits);
        similarity += u32::from(u16::MAX - ((pair >> 32) & 0xffff) as u16);
        if pair_edits < FAR_EDITS {
            far -= 1;
        }
    }
    let unpaired = query_tokens as u32 - used_query.count_ones();
    edits += unpaired * u32::from(FAR_EDITS);
    let most_edits = MAX_QUERY_TOKENS as u32 * u32::from(FAR_EDITS);
    // Fields side by side: 4 bits of far tokens, 6 of edits, 14 of similarity (12 × 1000 at most).
    ((MAX_QUERY_TOKENS as u32 - far) << 24) | ((most_edits - edits) << 16) | similarity
}

/// How near each query token is to the name parts met among near-miss candidates, and whether each
/// part is a [`near_token`](super::score::near_token) of it: worked out once per vocabulary entry,
/// since candidates share their words, and found with one lookup per part of a name.
pub(super) struct NearTable {
    tokens: Vec<String>,
    /// Each token ready to have its edits to many entries counted (bit-parallel, as rapidfuzz
    /// counts them).
    counters: Vec<osa::BatchComparator<u8>>,
    slot_of: FxHashMap<u32, u32>,
    /// `tokens.len()` per slot, in query order.
    near: Vec<(Nearness, bool)>,
    /// The slots and masks of the parts of the name last [read](NearTable::read).
    slots: Vec<u32>,
    covers: Vec<u32>,
}

impl NearTable {
    pub(super) fn new<'q>(tokens: impl Iterator<Item = &'q str>) -> NearTable {
        let tokens: Vec<String> = tokens.map(str::to_owned).collect();
        NearTable {
            counters: tokens
                .iter()
                .map(|t| osa::BatchComparator::new(t.bytes()))
                .collect(),
            tokens,
            slot_of: FxHashMap::default(),
            near: Vec::new(),
            slots: Vec::new(),
            covers: Vec::new(),
        }
    }

    /// Reads a name's parts, as (vocabulary entry, covers mask), working out the entries not met
    /// before; `text` gives an entry's text.
    pub(super) fn read<'v>(
        &mut self,
        parts: impl Iterator<Item = (u32, u32)>,
        text: impl Fn(u32) -> &'v str,
    ) {
        self.slots.clear();
        self.covers.clear();
        for (vocab, covers) in parts {
            let next = self.slot_of.len() as u32;
            let slot = *self.slot_of.entry(vocab).or_insert(next);
            if slot == next {
                let t = text(vocab);
                let far = osa::Args::default().score_cutoff(usize::from(FAR_EDITS) - 1);
                let counted = self.tokens.iter().zip(&self.counters);
                self.near.extend(counted.map(|(q, counter)| {
                    let near = nearness_counting(q, t, |_, name| {
                        let edits = counter.distance_with_args(name.iter().copied(), &far);
                        edits.map_or(FAR_EDITS, |e| e as u8)
                    });
                    (near, near_token_with(q, t, || near.similarity()))
                }));
            }
            self.slots.push(slot);
            self.covers.push(covers);
        }
    }

    fn at(&self, query: usize, part: usize) -> (Nearness, bool) {
        self.near[self.slots[part] as usize * self.tokens.len() + query]
    }

    /// Whether some part of the name read is a near token of some query token.
    pub(super) fn any_near_token(&self) -> bool {
        (0..self.slots.len()).any(|p| (0..self.tokens.len()).any(|q| self.at(q, p).1))
    }

    /// The [`closeness`] of the name read to the query.
    pub(super) fn closeness(&self) -> u32 {
        closeness(self.tokens.len(), &self.covers, |q, p| self.at(q, p).0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(query: &[&str], name: &[&str]) -> u32 {
        let covers: Vec<u32> = (0..name.len()).map(|i| 1 << i).collect();
        closeness(query.len(), &covers, |q, p| nearness(query[q], name[p]))
    }

    #[test]
    fn edits_are_counted_as_strsim_counts_them() {
        let words = [
            "", "a", "ab", "ba", "abc", "ca", "ramos", "rmaso", "rmas", "castillo",
        ];
        for a in words {
            for b in words {
                assert_eq!(osa(a.as_bytes(), b.as_bytes()), strsim::osa_distance(a, b));
                let expected = strsim::osa_distance(a, b).min(usize::from(FAR_EDITS)) as u8;
                assert_eq!(
                    osa_up_to_far(a.as_bytes(), b.as_bytes()),
                    expected,
                    "{a} {b}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn jaro_winkler_is_strsims_to_the_bit(a in "[abcdeé]{0,12}", b in "[abcdeé]{0,12}") {
            proptest::prop_assert_eq!(jaro_winkler(&a, &b).to_bits(), strsim::jaro_winkler(&a, &b).to_bits());
        }
    }

    /// Reads `names` (as entries 0, 1, ...) into a table for `query` and gives what it holds.
    fn tabled(query: &str, names: &[String]) -> Vec<(Nearness, bool)> {
        let mut table = NearTable::new(std::iter::once(query));
        let parts = (0..names.len()).map(|i| (i as u32, 1 << (i % 32)));
        table.read(parts, |v| names[v as usize].as_str());
        (0..names.len()).map(|p| table.at(0, p)).collect()
    }

    proptest::proptest! {
        #[test]
        fn the_table_counts_as_each_pair_alone(
            query in "[abcde]{1,9}",
            names in proptest::collection::vec("[abcde]{1,11}", 1..8),
        ) {
            for (near, name) in tabled(&query, &names).into_iter().zip(&names) {
                proptest::prop_assert_eq!(near.0, nearness(&query, name), "{}", name);
                proptest::prop_assert_eq!(near.1, super::super::score::near_token(&query, name));
            }
        }
    }

    #[test]
    fn the_table_counts_long_tokens_too() {
        let long = "ab".repeat(40);
        let names = [
            format!("{long}x"),
            format!("x{long}"),
            long.clone(),
            "ab".into(),
        ];
        for (near, name) in tabled(&long, &names).into_iter().zip(&names) {
            assert_eq!(near.0, nearness(&long, name), "{name}");
        }
    }

    #[test]
    fn jaro_winkler_agrees_with_strsim_on_names_and_long_tokens() {
        let long = "a".repeat(70);
        let words = [
            "",
            "a",
            "martha",
            "marhta",
            "dwayne",
            "duane",
            "dixon",
            "dicksonx",
            "lample",
            "lampel",
            "castillo",
            "crate",
            "trace",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl",
            long.as_str(),
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    jaro_winkler(a, b).to_bits(),
                    strsim::jaro_winkler(a, b).to_bits(),
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn a_name_within_two_edits_a_word_is_nearest() {
        let query = ["diego", "rmas"];
        let ramos = close(&query, &["diego", "ramos"]);
        for other in ["abad", "barraza", "castillo", "ramirez"] {
            assert!(ramos > close(&query, &["diego", other]), "{other}");
        }
        assert!(ramos > close(&query, &["diego"]), "a word left out is far");
        assert!(
            close(&query, &["diego", "rmas"]) > ramos,
            "exact is nearer still"
        );
    }
}
