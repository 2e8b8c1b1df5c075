//! One-word queries: the posting lists of the token's entries are merged best first, and the merge
//! stops after `limit` names, however many names contain the token.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rustc_hash::FxHashSet;

use super::build::{NameIndex, Posting};
use super::plan::TokenPlan;
use super::score::{Score, coverage_order};
use super::{Hit, Stop, is_close};

/// The head of one posting list in the merge.
#[derive(Debug, Clone, Copy)]
struct Head {
    posting: Posting,
    similarity: u16,
    rank: u32,
    /// Which list of the level, and where in it.
    list: usize,
    position: usize,
}

impl Head {
    fn new(
        index: &NameIndex,
        posting: Posting,
        similarity: u16,
        list: usize,
        position: usize,
    ) -> Head {
        let rank = index.rank[index.keys[posting.key as usize].target as usize];
        Head {
            posting,
            similarity,
            rank,
            list,
            position,
        }
    }

    /// Better first: coverage, then similarity, then the usual place, then rank, then name number,
    /// then list.
    fn order(&self, other: &Head) -> Ordering {
        coverage_order(
            self.posting.covers,
            self.posting.tokens(),
            other.posting.covers,
            other.posting.tokens(),
        )
        .then(other.similarity.cmp(&self.similarity))
        .then(other.posting.usual().cmp(&self.posting.usual()))
        .then(self.rank.cmp(&other.rank))
        .then(self.posting.key.cmp(&other.posting.key))
        .then(self.list.cmp(&other.list))
    }
}

impl PartialEq for Head {
    fn eq(&self, other: &Head) -> bool {
        self.order(other) == Ordering::Equal
    }
}

impl Eq for Head {}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Head) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Head {
    // BinaryHeap pops the greatest: the best head must compare greatest.
    fn cmp(&self, other: &Head) -> Ordering {
        other.order(self)
    }
}

impl NameIndex {
    /// The token's entries in levels of equal points, best level first; within a level, a k-way
    /// merge of the entries' posting lists by (coverage, similarity, usual place, rank).
    pub(super) fn one_word_matches(
        &self,
        plan: &mut TokenPlan,
        limit: usize,
        stop: Stop,
    ) -> Vec<Hit> {
        let entries = self.strong_entries(plan);
        let mut hits: Vec<Hit> = Vec::new();
        let mut seen: FxHashSet<u32> = FxHashSet::default();
        let mut level_start = 0;
        while level_start < entries.len() && hits.len() < limit {
            let points = entries[level_start].points;
            if stop == Stop::WhenNoneClose
                && hits
                    .first()
                    .is_some_and(|b| !is_close(points, b.score.points))
            {
                break;
            }
            let level = &entries[level_start..];
            let level = &level[..level.iter().take_while(|e| e.points == points).count()];
            let mut heap = BinaryHeap::new();
            for (list, entry) in level.iter().enumerate() {
                if let Some(first) = self.postings_of(entry.vocab).first() {
                    heap.push(Head::new(self, *first, entry.similarity, list, 0));
                }
            }
            while let Some(head) = heap.pop() {
                let entry = level[head.list];
                let key = self.keys[head.posting.key as usize];
                if seen.insert(key.target) {
                    hits.push(Hit {
                        target: key.target as usize,
                        score: Score {
                            points,
                            matched: 1,
                            strong: 1,
                            query_tokens: 1,
                            covered: head.posting.covers,
                            name_tokens: head.posting.tokens(),
                            in_order: 0,
                            similarity: entry.similarity,
                            usual_place: head.posting.usual(),
                            near_token: false,
                            closeness: 0,
                        },
                        which_name: usize::from(key.which_name),
                    });
                    if hits.len() == limit {
                        break;
                    }
                }
                if let Some(next) = self.postings_of(entry.vocab).get(head.position + 1) {
                    heap.push(Head::new(
                        self,
                        *next,
                        entry.similarity,
                        head.list,
                        head.position + 1,
                    ));
                }
            }
            level_start += level.len();
        }
        hits
    }
}
