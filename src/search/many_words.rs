//! Queries of several words: the names of the rarest strong token are the candidates; a candidate
//! is scored only if every other token can pair with one of its parts, and the walk stops once the
//! remaining candidates could not make the list.

use super::build::{NameIndex, PartRef};
use super::plan::{TokenPlan, Wanted};
use super::{Hit, MAX_QUERY_TOKENS, RankedHit, Stop, is_close, rank_hits};

/// Parts of a name taken into the pairing check: one bit each in a `u64` (names have far fewer).
const MAX_PARTS_CHECKED: usize = 64;

impl NameIndex {
    pub(super) fn many_word_matches(
        &self,
        plans: &mut [TokenPlan],
        limit: usize,
        stop: Stop,
    ) -> Vec<Hit> {
        let anchor = self.rarest_strong_token(plans);
        // The anchor's entries by points, best first: names found through a lower level can only
        // score less, so the search stops once they could not make the list.
        let mut levels = self.strong_entries(&mut plans[anchor]);
        let rest: u32 = (0..plans.len())
            .filter(|&t| t != anchor)
            .map(|t| plans[t].max_points())
            .sum();
        if plans[anchor].text.len() == 1 {
            // Only single letters are strong: a name may pair the anchor as an initial, but then
            // another letter exactly, so the names of every exact letter are the candidates (all
            // at 100 points, as the anchor's: the bound holds).
            for (t, plan) in plans.iter_mut().enumerate() {
                if t != anchor && plan.is_strong() {
                    levels.extend(self.strong_entries(plan));
                }
            }
        }
        let mut hits: Vec<Hit> = Vec::new();
        // One bit per name: seen through an earlier entry.
        let mut seen = vec![0u64; self.keys.len().div_ceil(64)];
        let mut start = 0;
        while start < levels.len() {
            let points = levels[start].points;
            let bound = points + rest;
            let full = hits.len() >= limit && hits[limit - 1].score.points > bound;
            let none_close = stop == Stop::WhenNoneClose
                && hits
                    .first()
                    .is_some_and(|b| !is_close(bound, b.score.points));
            if full || none_close {
                break;
            }
            let level = &levels[start..];
            let level = &level[..level.iter().take_while(|l| l.points == points).count()];
            let mut keys = Vec::new();
            for entry in level {
                for posting in self.postings_of(entry.vocab) {
                    let k = posting.key as usize;
                    let (word, bit) = (k / 64, 1u64 << (k % 64));
                    if seen[word] & bit != 0 {
                        continue;
                    }
                    seen[word] |= bit;
                    if self.can_pair_all(plans, self.parts_of(k)) {
                        keys.push(posting.key);
                    }
                }
            }
            let found = self.ranked(plans, keys, limit, Wanted::Matches);
            if !found.is_empty() {
                let ranked = hits
                    .drain(..)
                    .chain(found)
                    .map(|hit| RankedHit {
                        rank: self.rank[hit.target],
                        hit,
                    })
                    .collect();
                hits = rank_hits(ranked, limit);
            }
            start += level.len();
        }
        hits
    }

    /// The strong token with the fewest names: its names are the fewest candidates. Ties go to the
    /// earlier token. A single letter comes last: it may also pair as an initial, outside its names.
    fn rarest_strong_token(&self, plans: &[TokenPlan]) -> usize {
        (0..plans.len())
            .filter(|&i| plans[i].is_strong())
            .min_by_key(|&i| (plans[i].text.len() == 1, self.strong_postings(&plans[i]), i))
            .unwrap_or(0)
    }

    /// Whether every query token can pair with a different part: a bipartite matching between
    /// tokens and parts (a necessary condition for a match, checked with integers only).
    fn can_pair_all(&self, plans: &[TokenPlan], parts: &[PartRef]) -> bool {
        if parts.len() < plans.len() {
            return false;
        }
        // For each token, the parts it can pair with.
        let mut options = [0u64; MAX_QUERY_TOKENS];
        for (t, plan) in plans.iter().enumerate() {
            for (p, part) in parts.iter().enumerate().take(MAX_PARTS_CHECKED) {
                if plan
                    .kind_of(part.vocab, &self.vocab[part.vocab as usize])
                    .is_some()
                {
                    options[t] |= 1 << p;
                }
            }
            if options[t] == 0 {
                return false;
            }
        }
        // Kuhn's augmenting paths: owner[p] is the token holding part p.
        fn augment(
            t: usize,
            options: &[u64],
            owner: &mut [usize; MAX_PARTS_CHECKED],
            visited: &mut u64,
        ) -> bool {
            let mut free = options[t] & !*visited;
            while free != 0 {
                let p = free.trailing_zeros() as usize;
                free &= free - 1;
                *visited |= 1 << p;
                if owner[p] == usize::MAX || augment(owner[p], options, owner, visited) {
                    owner[p] = t;
                    return true;
                }
            }
            false
        }
        let mut owner = [usize::MAX; MAX_PARTS_CHECKED];
        (0..plans.len()).all(|t| augment(t, &options, &mut owner, &mut 0))
    }
}
