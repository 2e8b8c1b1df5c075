//! Near misses, offered as "did you mean": names that share a strong token, or a close token, with
//! the query without matching it, ranked by how close the whole name is to the whole query. They
//! come from a bounded set of candidates, so a miss costs about what a match does whatever the size
//! of the data; the names of the rarest entries come first, since they say most about the query.

use std::collections::HashSet;

use super::build::NameIndex;
use super::score::{NEAR_PREFIX, NEAR_TOKEN_SIMILARITY, near_by_typo, near_token};
use super::{Hit, Query};
use rapidfuzz::distance::jaro_winkler as jw;

/// The most names scored when looking for near misses.
pub const NEAR_CANDIDATES: usize = 400;
/// The most strong entries of one query token whose names are candidates: enough to reach
/// [`NEAR_CANDIDATES`] names, few enough that a two-letter token does not walk the vocabulary.
const NEAR_ENTRIES_PER_TOKEN: usize = 256;
/// The most entries sharing a token's first [`NEAR_PREFIX`] letters tested for similarity.
const NEAR_PREFIX_SCAN: usize = 512;
/// Below [`NEAR_TOKEN_SIMILARITY`] by a margin, for a first, quicker similarity test of the scanned
/// entries (rapidfuzz's, with the query's side worked out once and a cutoff that lets it stop
/// early): the exact test follows on those it lets through.
const NEAR_SCAN_CUTOFF: f64 = NEAR_TOKEN_SIMILARITY as f64 / 1000.0 - 0.001;

impl NameIndex {
    /// The best `wanted` near misses, leaving out the targets in `matches`.
    pub fn near_misses(&self, query: &Query, matches: &[Hit], wanted: usize) -> Vec<Hit> {
        let plans = &mut self.plan(query);
        let mut vocab: Vec<u32> = plans
            .iter()
            .flat_map(|p| p.strong_vocab().take(NEAR_ENTRIES_PER_TOKEN))
            .collect();
        for plan in plans.iter() {
            let close = |v: &u32| near_token(&plan.text, &self.vocab[*v as usize]);
            if plan.text.len() >= NEAR_PREFIX {
                let range = self.prefix_range(&plan.text[..NEAR_PREFIX]);
                let similar = jw::BatchComparator::new(plan.text.bytes());
                let at_least = jw::Args::default().score_cutoff(NEAR_SCAN_CUTOFF);
                let maybe = |v: &u32| {
                    let t = &self.vocab[*v as usize];
                    near_by_typo(t.len())
                        || similar.similarity_with_args(t.bytes(), &at_least).is_some()
                };
                vocab.extend(range.take(NEAR_PREFIX_SCAN).filter(maybe).filter(close));
            }
            // Two edits in a 4-5 letter word (`rmaso` for `ramos`) share no first three letters.
            vocab.extend(self.two_edit_typos(&plan.text).into_iter().filter(close));
        }
        vocab.sort_unstable();
        vocab.dedup();
        vocab.sort_by_key(|&v| self.postings_of(v).len());
        let keys = self.keys_of(vocab.into_iter(), NEAR_CANDIDATES);
        let matched: HashSet<usize> = matches.iter().map(|h| h.target).collect();
        self.ranked_near(plans, keys, &matched, wanted)
    }

    /// Distinct keys in the postings of some vocabulary entries, at most `most`.
    fn keys_of(&self, vocab: impl Iterator<Item = u32>, most: usize) -> Vec<u32> {
        let mut keys = Vec::new();
        for v in vocab {
            keys.extend(self.postings_of(v).iter().map(|p| p.key));
            if keys.len() >= most {
                break;
            }
        }
        keys.sort_unstable();
        keys.dedup();
        keys.truncate(most);
        keys
    }
}
