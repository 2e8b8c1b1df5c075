//! Names that pair with a query token at all, a bit per key. In a query of several words a name
//! must pair with every token, so a name missing one token's bit is dropped before its parts are
//! read: at a million names, common words (`José Antonio`) send a walk through thousands of names
//! that lack another word, each a few cache misses to reject, where a bit costs one.

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

/// The filters made so far in one query.
#[derive(Debug, Default)]
pub(super) struct Required {
    /// Each filtered token, with a bit per key set when the name pairs with it.
    filters: Vec<(usize, Vec<u64>)>,
}

impl Required {
    /// Before a level of `level_names` names is walked for token `anchor`: makes the filter of the
    /// other token with the fewest names (not a letter: an initial pairs with too many), if it pays.
    pub(super) fn prepare(
        &mut self,
        index: &NameIndex,
        plans: &[TokenPlan],
        anchor: usize,
        level_names: usize,
    ) {
        if level_names < FILTER_FROM || self.filters.len() >= MAX_FILTERS {
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
        let mut bits = vec![0u64; index.key_count().div_ceil(64)];
        for v in plans[t].pairing_entries() {
            for posting in index.postings_of(v) {
                let k = posting.key as usize;
                bits[k / 64] |= 1 << (k % 64);
            }
        }
        self.filters.push((t, bits));
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
}
