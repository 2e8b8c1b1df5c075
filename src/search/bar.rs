//! The bar a name must beat to make a list, and what a name could at most score: the bounds a
//! [walk](super::many_words) drops names by, before or instead of scoring them.

use rustc_hash::FxHashSet;
use std::cmp::Ordering;

use super::build::Posting;
use super::score::coverage_order;
use super::{Hit, RankedHit, rank_hits};

/// The most a name could score, field by field in ranking order, with its place in the alphabet:
/// a name whose bound ranks after the bar cannot make the list.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bound {
    pub(super) points: u32,
    pub(super) covered: u32,
    pub(super) name_tokens: u8,
    pub(super) in_order: u8,
    pub(super) similarity: u16,
    /// Whether the query's first word may pair in its usual place (see
    /// [`Score::usual_place`]): `true` unless the name's parts rule it out.
    pub(super) usual_place: bool,
    /// The name's key: keys are stored in alphabetical order, then name number, so their ids order
    /// names as the last tie-breaks do. `None` when any place would do (a bound for many names).
    pub(super) place: Option<u32>,
}

impl Bound {
    /// Whether a name with this bound may still rank before `bar`.
    pub(super) fn may_beat(&self, bar: &RankedHit) -> bool {
        let s = &bar.hit.score;
        let order = s
            .points
            .cmp(&self.points)
            .then_with(|| {
                coverage_order(
                    self.covered.min(u32::from(self.name_tokens)) as u8,
                    self.name_tokens,
                    s.covered,
                    s.name_tokens,
                )
            })
            .then_with(|| s.in_order.cmp(&self.in_order))
            .then_with(|| s.similarity.cmp(&self.similarity))
            .then_with(|| s.usual_place.cmp(&self.usual_place));
        match (order, self.place) {
            (Ordering::Equal, Some(key)) => key < bar.rank,
            (order, _) => order != Ordering::Greater,
        }
    }
}

/// The best `limit` hits so far (their `rank` the key's id, which orders them as the alphabetical
/// rank and name number do), one per target, and once there are that many the last of them:
/// the bar a new hit must beat.
#[derive(Debug)]
pub(super) struct Best {
    limit: usize,
    hits: Vec<RankedHit>,
    pub(super) bar: Option<RankedHit>,
    pub(super) most_points: Option<u32>,
}

impl Best {
    pub(super) fn new(limit: usize) -> Best {
        Best {
            limit,
            hits: Vec::new(),
            bar: None,
            most_points: None,
        }
    }

    pub(super) fn push(&mut self, hit: RankedHit) {
        if self.bar.as_ref().is_some_and(|bar| !before(&hit, bar)) {
            return;
        }
        let points = hit.hit.score.points;
        self.most_points = Some(self.most_points.map_or(points, |p| p.max(points)));
        self.hits.push(hit);
        let settles = if self.bar.is_none() {
            self.limit
        } else {
            self.limit.saturating_mul(2).saturating_add(8)
        };
        if self.hits.len() >= settles {
            self.settle();
        }
    }

    /// Ranks the hits kept and keeps the best `limit`, one per target; the last sets the bar once
    /// there are `limit`.
    pub(super) fn settle(&mut self) {
        self.hits.sort_by(order);
        let mut seen = FxHashSet::default();
        self.hits.retain(|r| seen.insert(r.hit.target));
        self.hits.truncate(self.limit);
        if self.hits.len() == self.limit {
            self.bar = self.hits.last().cloned();
        }
    }

    pub(super) fn into_hits(self) -> Vec<Hit> {
        rank_hits(self.hits, self.limit)
    }
}

/// The order of [`rank_hits`]: score, then alphabetical rank, then name number.
fn order(a: &RankedHit, b: &RankedHit) -> Ordering {
    a.hit
        .score
        .rank(&b.hit.score)
        .then(a.rank.cmp(&b.rank))
        .then(a.hit.which_name.cmp(&b.hit.which_name))
}

/// Whether `a` ranks before `b`.
fn before(a: &RankedHit, b: &RankedHit) -> bool {
    order(a, b) == Ordering::Less
}

/// What bounds every candidate of a query, whichever name it is: the name tokens the whole query
/// can cover, its adjacent pairs, its mean similarity.
#[derive(Debug, Clone)]
pub(super) struct QueryBound {
    /// For each token, the most points it can earn, and the widest entry it pairs with among
    /// those earning at least some points: `(points, widest)`, most points first, the widest
    /// entry of that many points or more.
    pub(super) widths: Vec<(u32, Vec<(u32, u32)>)>,
    pub(super) in_order: u8,
    pub(super) similarity: u16,
}

impl QueryBound {
    /// The most name tokens a name scoring `points` (no more: a name scoring more beats any bar of
    /// `points`) can cover: every token then pairs with an entry earning at most `slack` points
    /// less than its best.
    pub(super) fn covered(&self, points: u32) -> u32 {
        let most: u32 = self.widths.iter().map(|(best, _)| best).sum();
        let slack = most.saturating_sub(points);
        self.widths
            .iter()
            .map(|(best, widest)| {
                let at_least = best.saturating_sub(slack);
                widest
                    .iter()
                    .take_while(|(p, _)| *p >= at_least)
                    .last()
                    .map_or(0, |(_, w)| *w)
            })
            .sum()
    }
}

/// What every name after `posting` in its list could at most score: the list is ordered by the
/// coverage of its entry (larger first), so a later name has at least `tokens / covers` tokens,
/// and a longer name is covered less by the same query.
pub(super) fn later_bound(posting: &Posting, at_most: Bound) -> Bound {
    let covers = u32::from(posting.covers.max(1));
    Bound {
        name_tokens: u32::from(posting.tokens()).div_ceil(covers) as u8,
        place: None,
        ..at_most
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Score;

    #[test]
    fn a_bar_of_fewer_points_lets_wider_entries_count() {
        let bound = QueryBound {
            // Exact at 100 (one token wide), a compound prefix at 80 (two tokens wide).
            widths: vec![(100, vec![(100, 1), (80, 2)]), (100, vec![(100, 1)])],
            in_order: 1,
            similarity: 1000,
        };
        assert_eq!(bound.covered(200), 2, "both exact: one token each");
        assert_eq!(bound.covered(180), 3, "20 points of slack: the compound");
    }

    #[test]
    fn a_name_ranks_after_the_bar_when_its_bound_does() {
        let bar = RankedHit {
            hit: Hit {
                target: 0,
                score: Score {
                    points: 200,
                    matched: 2,
                    strong: 2,
                    query_tokens: 2,
                    covered: 2,
                    name_tokens: 3,
                    in_order: 1,
                    similarity: 1000,
                    usual_place: true,
                    near_token: false,
                    closeness: 0,
                },
                which_name: 0,
            },
            rank: 10,
        };
        let at_most = |name_tokens: u8, key: u32| Bound {
            points: 200,
            covered: 2,
            name_tokens,
            in_order: 1,
            similarity: 1000,
            usual_place: true,
            place: Some(key),
        };
        assert!(at_most(3, 9).may_beat(&bar), "same score, earlier name");
        assert!(!at_most(3, 11).may_beat(&bar), "same score, later name");
        assert!(
            at_most(2, 11).may_beat(&bar),
            "a shorter name is covered more"
        );
        assert!(
            !at_most(4, 0).may_beat(&bar),
            "a longer name is covered less"
        );
        let posting = Posting::new(0, 1, 3, true, 0);
        assert!(
            later_bound(&posting, at_most(3, 11)).may_beat(&bar),
            "a later name of 3 tokens could still come first"
        );
        let posting = Posting::new(0, 1, 4, true, 0);
        assert!(!later_bound(&posting, at_most(4, 11)).may_beat(&bar));
    }
}
