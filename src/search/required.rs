//! Names that pair with a query token at all, a bit per key. In a query of several words a name
//! must pair with every token, so a name missing one token's bit is dropped before its parts are
//! read: at a million names, common words (`José Antonio`) send a walk through thousands of names
//! that lack another word, each a few cache misses to reject, where a bit costs one. Marking the
//! names of the words that pair with the most (`María` and its typos) costs more than the rest of
//! a query, so theirs are marked once, with the index ([`ReadyFilters`]).

use std::borrow::Cow;

use rayon::prelude::*;

use super::build::NameIndex;
use super::plan::TokenPlan;

/// Names a level must have for a filter to be considered: below this, scoring them all costs less
/// than reading another token's names.
const FILTER_FROM: usize = 512;
/// How many names a token may have per name of the level, for its filter to pay: marking a name
/// costs a few nanoseconds, rejecting one by its parts a few hundred.
const MAX_MARKED_PER_SCORED: usize = 32;
/// Filters made at most per query: two tokens already drop nearly every name that fails one.
const MAX_FILTERS: usize = 4;
/// The most filters made with the index: a bit per name each (4 MB in all at a million names).
const MAX_READY: usize = 128;
/// The share of the names (one in this many) a word must pair with for its filter to be made
/// with the index.
const READY_SHARE: usize = 64;
/// The fewest names a word must pair with for its filter to be made with the index: below this,
/// marking them when a query needs it costs little (about 15 µs).
pub(super) const READY_FROM: usize = 16_384;
/// How many words, most names first, are planned in full (typos and all) when choosing the
/// filters made with the index; only those whose prefix range holds an eighth of the names asked
/// for are, as a word pairs with few names by typos alone unless its neighbours are common.
const READY_PLANNED: usize = 4096;

/// Filters made with the index, for the words that pair with the most names: marking those costs
/// the most at query time (`María`: 160,000 names at a million, over 100 µs), and common first
/// names come back in query after query.
#[derive(Debug, Clone, Default)]
pub(super) struct ReadyFilters {
    /// By entry, sorted: a bit per key set when the name pairs with that word.
    filters: Vec<(u32, Vec<u64>)>,
}

impl ReadyFilters {
    fn get(&self, v: u32) -> Option<&[u64]> {
        let i = self.filters.binary_search_by_key(&v, |f| f.0).ok()?;
        Some(&self.filters[i].1)
    }

    /// The words that have one.
    #[cfg(test)]
    pub(super) fn entries(&self) -> Vec<u32> {
        self.filters.iter().map(|f| f.0).collect()
    }
}

impl NameIndex {
    /// Makes the filters of the words that pair with the most names, [`MAX_READY`] at most, each
    /// pairing with `least` names or more and at least one name in [`READY_SHARE`]. A filter holds
    /// the names of every entry the word pairs with as one of several strong words (pinned typos
    /// included), so it serves any query that has the word.
    pub(super) fn ready_filters(&self, least: usize) -> ReadyFilters {
        let least = least.max(self.key_count() / READY_SHARE).max(1);
        let ends = prefix_ends(&self.vocab);
        let mut likely: Vec<(usize, u32)> = (0..self.vocab.len() as u32)
            .map(|v| (self.postings_in(&(v..ends[v as usize])), v))
            .filter(|&(names, v)| names >= least / 16 && self.vocab[v as usize].len() > 1)
            .collect();
        likely.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        likely.truncate(READY_PLANNED);
        let mut chosen: Vec<(usize, u32, TokenPlan)> = likely
            .into_par_iter()
            .map(|(_, v)| {
                let plan = self.plan_among_others(&self.vocab[v as usize]);
                (self.pairing_names(&plan), v, plan)
            })
            .filter(|(names, _, _)| *names >= least)
            .collect();
        chosen.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        chosen.truncate(MAX_READY);
        let mut filters: Vec<(u32, Vec<u64>)> = chosen
            .into_par_iter()
            .map(|(_, v, plan)| (v, marked(self, &plan)))
            .collect();
        filters.sort_unstable_by_key(|f| f.0);
        ReadyFilters { filters }
    }
}

/// Where each entry's prefix range ends (the entries that start with it follow it, the
/// vocabulary being sorted): one pass, with the entries still open on a stack.
fn prefix_ends(vocab: &[Box<str>]) -> Vec<u32> {
    let mut ends = vec![vocab.len() as u32; vocab.len()];
    let mut open: Vec<usize> = Vec::new();
    for (v, word) in vocab.iter().enumerate() {
        while let Some(&top) = open.last() {
            if word.starts_with(&*vocab[top]) {
                break;
            }
            ends[top] = v as u32;
            open.pop();
        }
        open.push(v);
    }
    ends
}

/// A bit per key, set when the name contains an entry the token pairs with.
fn marked(index: &NameIndex, plan: &TokenPlan) -> Vec<u64> {
    let mut bits = vec![0u64; index.key_count().div_ceil(64)];
    for v in plan.pairing_entries() {
        for posting in index.postings_of(v) {
            let k = posting.key as usize;
            bits[k / 64] |= 1 << (k % 64);
        }
    }
    bits
}

/// The filters taken so far in one query.
#[derive(Debug, Default)]
pub(super) struct Required<'a> {
    /// Each filtered token, with a bit per key set when the name pairs with it: made for the
    /// query, or made with the index.
    filters: Vec<(usize, Cow<'a, [u64]>)>,
}

impl<'a> Required<'a> {
    /// Before a level of `level_names` names is walked for token `anchor`: makes the filter of the
    /// other token with the fewest names (not a letter: an initial pairs with too many), if it pays.
    pub(super) fn prepare(
        &mut self,
        index: &'a NameIndex,
        plans: &[TokenPlan],
        anchor: usize,
        level_names: usize,
    ) {
        if level_names < FILTER_FROM {
            return;
        }
        // A filter made with the index costs nothing to make: taken for every other word that
        // has one.
        for (t, plan) in plans.iter().enumerate() {
            if self.filters.len() >= MAX_FILTERS {
                return;
            }
            let ready = plan.exact.and_then(|v| index.ready.get(v));
            if let Some(bits) = ready.filter(|_| t != anchor && plan.text.len() > 1) {
                if self.filters.iter().all(|(f, _)| *f != t) {
                    self.filters.push((t, Cow::Borrowed(bits)));
                }
            }
        }
        if self.filters.len() >= MAX_FILTERS {
            return;
        }
        let cheapest = (0..plans.len())
            .filter(|&t| t != anchor && plans[t].text.len() > 1)
            .filter(|&t| self.filters.iter().all(|(f, _)| *f != t))
            .map(|t| (index.pairing_names(&plans[t]), t))
            .min();
        let Some((names, t)) = cheapest else {
            return;
        };
        if names > level_names.saturating_mul(MAX_MARKED_PER_SCORED) {
            return;
        }
        self.filters.push((t, Cow::Owned(marked(index, &plans[t]))));
    }

    /// Whether key `k`, found through token `anchor`, pairs with every other filtered token.
    pub(super) fn allows(&self, k: usize, anchor: usize) -> bool {
        self.filters
            .iter()
            .all(|(t, bits)| *t == anchor || bits[k / 64] & (1 << (k % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Query;

    #[test]
    fn a_filter_is_made_for_a_large_level_and_drops_names_lacking_the_token() {
        // 3,000 Marias; a third of them Lopez.
        let names: Vec<String> = (0..3000)
            .map(|i| match i % 3 {
                0 => format!("Maria Lopez {i}"),
                _ => format!("Maria Garcia {i}"),
            })
            .collect();
        let index = NameIndex::new(names.iter().map(|n| std::iter::once(n.as_str())));
        let plans = index.plan(&Query::new("maria lopez"));
        let mut required = Required::default();
        required.prepare(&index, &plans, 0, 3000);
        assert_eq!(required.filters.len(), 1, "lopez is filtered");
        let lopez = (0..index.key_count())
            .filter(|&k| required.allows(k, 0))
            .count();
        assert_eq!(lopez, 1000);
        assert!(
            required.allows(5, 1),
            "a filter never drops names found through its own token"
        );
        let mut small = Required::default();
        small.prepare(&index, &plans, 0, FILTER_FROM - 1);
        assert!(small.filters.is_empty(), "a small level is scored as it is");
    }

    #[test]
    fn prefix_ends_are_where_each_entry_stops_starting_the_next() {
        let vocab: Vec<Box<str>> = ["a", "an", "ana", "anna", "b", "ba", "bab", "bb", "c"]
            .iter()
            .map(|&w| w.into())
            .collect();
        let ends = prefix_ends(&vocab);
        for (v, word) in vocab.iter().enumerate() {
            let end = (v..vocab.len())
                .find(|&u| !vocab[u].starts_with(&**word))
                .unwrap_or(vocab.len());
            assert_eq!(ends[v] as usize, end, "{word}");
        }
    }

    #[test]
    fn a_filter_made_with_the_index_is_taken_for_a_large_level_and_holds_typos() {
        let mut names: Vec<String> = (0..600).map(|i| format!("Maria Lopez {i}")).collect();
        names.extend((0..300).map(|i| format!("Marie Garcia {i}")));
        names.extend((0..10).map(|i| format!("Ana Lopez {i}")));
        let mut index = NameIndex::new(names.iter().map(|n| std::iter::once(n.as_str())));
        assert!(index.ready.entries().is_empty(), "too few names to pay");
        index.ready = index.ready_filters(100);
        let plans = index.plan(&Query::new("maria lopez"));
        let maria = plans[0].exact.unwrap();
        assert!(index.ready.entries().contains(&maria));
        let mut required = Required::default();
        required.prepare(&index, &plans, 1, FILTER_FROM - 1);
        assert!(
            required.filters.is_empty(),
            "a small level is scored as it is"
        );
        required.prepare(&index, &plans, 1, FILTER_FROM);
        assert!(matches!(required.filters[..], [(0, Cow::Borrowed(_))]));
        let marias = (0..index.key_count())
            .filter(|&k| required.allows(k, 1))
            .count();
        assert_eq!(marias, 900, "Maria, and Marie one edit away");
    }
}
