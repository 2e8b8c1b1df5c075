//! Queries of several words, walked token by token (a threshold algorithm): each strong token's
//! entries are read a level of equal points at a time, the level with the fewest names first, and
//! every name found is scored once. A name not seen yet pairs each token with an entry below the
//! levels walked, so the walk stops once that bound could not make the list.
//!
//! Common words tie across thousands of names (`Thị Lan`), so most candidates are never scored: the
//! best `limit` found so far set a bar, and a name is dropped as soon as what it could at most score
//! is below it: first from its posting alone (the points of the level, the coverage its length
//! allows, its alphabetical rank), then from the pairs its parts offer. Its posting list is left
//! once no name further down it could reach the bar.

use std::ops::Range;

use super::bar::{Best, Bound, QueryBound, later_bound};
use super::build::{NameIndex, Posting, READ_TOGETHER, initial_bit};
use super::plan::{Entry, TokenPlan};
use super::required::Required;
use super::score::{Candidate, Score, TokenMatch, assign};
use super::{Hit, MAX_QUERY_TOKENS, RankedHit, Stop, is_close};

/// Parts of a name taken into the pairing check: one bit each in a `u64` (names have far fewer).
const MAX_PARTS_CHECKED: usize = 64;

/// One token's entries, best first, walked a level (entries of equal points) at a time. A token
/// with an exact entry lists them only once its walk goes past that entry, its first level alone:
/// most queries end before every token is walked.
#[derive(Debug)]
struct Walk {
    token: usize,
    /// The most points the token earns: those of its first level.
    most: u32,
    entries: Option<Vec<Entry>>,
    /// Where the next level starts.
    next: usize,
}

impl Walk {
    /// The points of the next level, if any is left.
    fn level_points(&self) -> Option<u32> {
        match &self.entries {
            None => (self.most > 0).then_some(self.most),
            Some(entries) => entries.get(self.next).map(|e| e.points),
        }
    }

    /// The entries of the next level, which is then walked.
    fn take_level(&mut self) -> Range<usize> {
        let entries = self.entries.as_deref().unwrap_or_default();
        let start = self.next;
        let points = entries[start].points;
        let len = entries[start..]
            .iter()
            .take_while(|e| e.points == points)
            .count();
        self.next += len;
        start..self.next
    }
}

/// What a walk keeps from level to level: what the query allows at most, what its letters pair
/// with, the names seen, the filters taken, and scratch for scoring.
struct Scan<'a> {
    query: QueryBound,
    /// The entries each letter pairs with (as an initial, or exactly): one range, as the
    /// vocabulary is sorted (empty for longer words).
    letters: Vec<Range<u32>>,
    /// Each one-letter word's first letter: a name must have a part starting with each.
    needed_initials: u16,
    /// One bit per name: seen through an entry already walked.
    seen: Vec<u64>,
    required: Required<'a>,
    candidates: Vec<Candidate>,
    /// The bar's points, and what a name of that many points covers at most.
    covered: (u32, u32),
}

impl<'a> Scan<'a> {
    fn new(index: &'a NameIndex, plans: &mut [TokenPlan]) -> Self {
        Scan {
            query: index.query_bound(plans),
            letters: plans
                .iter()
                .map(|p| {
                    if p.text.len() == 1 {
                        index.prefix_range(&p.text)
                    } else {
                        0..0
                    }
                })
                .collect(),
            needed_initials: plans
                .iter()
                .filter(|p| p.text.len() == 1)
                .fold(0, |bits, p| bits | initial_bit(p.text.as_bytes()[0])),
            seen: vec![0u64; index.key_count().div_ceil(64)],
            required: Required::default(),
            candidates: Vec::new(),
            covered: (u32::MAX, 0),
        }
    }
}

impl NameIndex {
    pub(super) fn many_word_matches(
        &self,
        plans: &mut [TokenPlan],
        limit: usize,
        stop: Stop,
    ) -> Vec<Hit> {
        // The tokens whose entries are walked: those of two letters or more, through which every
        // match is found; only single letters are strong, the exact ones (one of them pairs
        // exactly in any match).
        let longer: Vec<usize> = (0..plans.len())
            .filter(|&t| plans[t].is_strong() && plans[t].text.len() > 1)
            .collect();
        let letters_only = longer.is_empty();
        let walked: Vec<usize> = if letters_only {
            (0..plans.len()).filter(|&t| plans[t].is_strong()).collect()
        } else {
            longer
        };
        let mut walks: Vec<Walk> = walked
            .iter()
            .map(|&t| Walk {
                token: t,
                most: plans[t].max_points(),
                // Without an exact entry, a token's first level is known only from its entries:
                // its names in all would send the walk through the others' (larger) levels.
                entries: plans[t]
                    .exact
                    .is_none()
                    .then(|| self.strong_entries(&mut plans[t])),
                next: 0,
            })
            .collect();
        // What the tokens not walked can add at most.
        let fixed: u32 = (0..plans.len())
            .filter(|t| !walked.contains(t))
            .map(|t| plans[t].max_points())
            .sum();
        let mut scan = Scan::new(self, plans);
        let mut best = Best::new(limit);
        while let Some(bound) = unseen_points(&walks, fixed, letters_only) {
            best.settle();
            let unseen = Bound {
                points: bound,
                covered: 1,
                name_tokens: 1,
                in_order: scan.query.in_order,
                similarity: scan.query.similarity,
                usual_place: true,
                place: None,
            };
            let full = best.bar.as_ref().is_some_and(|bar| !unseen.may_beat(bar));
            let none_close = stop == Stop::WhenNoneClose
                && best.most_points.is_some_and(|b| !is_close(bound, b));
            if full || none_close {
                break;
            }
            // The next level to walk: the one with the fewest names.
            let Some(w) = (0..walks.len())
                .filter(|&w| walks[w].level_points().is_some())
                .min_by_key(|&w| (self.level_postings(&walks[w], &plans[walks[w].token]), w))
            else {
                break;
            };
            let token = walks[w].token;
            if walks[w].entries.is_none() {
                walks[w].entries = Some(self.strong_entries(&mut plans[token]));
                debug_assert_eq!(
                    walks[w].level_points(),
                    Some(walks[w].most),
                    "the exact entry is the first level, as the bound had it"
                );
            }
            let names = self.level_postings(&walks[w], &plans[token]);
            scan.required.prepare(self, plans, token, names);
            let level = walks[w].take_level();
            for entry in &walks[w].entries.as_deref().unwrap_or_default()[level] {
                let postings = self.postings_of(entry.vocab);
                self.scan_postings(postings, plans, token, bound, stop, &mut scan, &mut best);
            }
        }
        best.into_hits()
    }

    /// Scores the names of a posting list that are not seen yet, pass the filters and may still
    /// beat the bar, [`READ_TOGETHER`] at a time: each batch's records are read together before
    /// any is scored, so that their cache misses overlap.
    #[allow(clippy::too_many_arguments)]
    fn scan_postings(
        &self,
        postings: &[Posting],
        plans: &mut [TokenPlan],
        token: usize,
        bound: u32,
        stop: Stop,
        scan: &mut Scan<'_>,
        best: &mut Best,
    ) {
        let mut postings = postings.iter();
        let mut batch = [0u32; READ_TOGETHER];
        loop {
            let (taken, more) =
                self.next_batch(&mut postings, token, bound, scan, best, &mut batch);
            let batch = &batch[..taken];
            self.read_records(batch);
            for &k in batch {
                let (letters, candidates) = (&scan.letters, &mut scan.candidates);
                if let Some(hit) =
                    self.match_key(plans, letters, token, k as usize, best, stop, candidates)
                {
                    best.push(hit);
                }
            }
            if !more {
                return;
            }
        }
    }

    /// Fills `batch` with the next names of `postings` to score: how many, and whether the list
    /// may hold more. A name is marked seen when met; one the filters drop, or whose posting
    /// alone shows it cannot beat the bar, is not scored, and the list is left once no name
    /// further down it could.
    fn next_batch(
        &self,
        postings: &mut std::slice::Iter<'_, Posting>,
        token: usize,
        bound: u32,
        scan: &mut Scan<'_>,
        best: &Best,
        batch: &mut [u32; READ_TOGETHER],
    ) -> (usize, bool) {
        let mut taken = 0;
        for posting in postings.by_ref() {
            let k = posting.key as usize;
            let (word, bit) = (k / 64, 1u64 << (k % 64));
            if scan.seen[word] & bit != 0 {
                continue;
            }
            scan.seen[word] |= bit;
            if posting.initials & scan.needed_initials != scan.needed_initials
                || !scan.required.allows(k, token)
            {
                continue;
            }
            if let Some(bar) = &best.bar {
                if scan.covered.0 != bar.hit.score.points {
                    let points = bar.hit.score.points;
                    scan.covered = (points, scan.query.covered(points));
                }
                let at_most = self.posting_bound(posting, bound, &scan.query, scan.covered.1);
                if !at_most.may_beat(bar) {
                    if !later_bound(posting, at_most).may_beat(bar) {
                        return (taken, false);
                    }
                    continue;
                }
            }
            batch[taken] = posting.key;
            taken += 1;
            if taken == READ_TOGETHER {
                return (taken, true);
            }
        }
        (taken, false)
    }

    /// How many names the next level of a walk has (before its entries are listed, those of the
    /// exact entry: a walk without one lists them at once).
    fn level_postings(&self, walk: &Walk, plan: &TokenPlan) -> usize {
        let Some(entries) = &walk.entries else {
            return plan.exact.map_or(0, |v| self.postings_of(v).len());
        };
        let entries = &entries[walk.next..];
        let points = entries.first().map_or(0, |e| e.points);
        entries
            .iter()
            .take_while(|e| e.points == points)
            .map(|e| self.postings_of(e.vocab).len())
            .sum()
    }

    /// What a name could at most score, from its posting alone.
    fn posting_bound(
        &self,
        posting: &Posting,
        points: u32,
        query: &QueryBound,
        covered: u32,
    ) -> Bound {
        Bound {
            points,
            covered,
            name_tokens: posting.tokens(),
            in_order: query.in_order,
            similarity: query.similarity,
            // The first word may pair with another part than this posting's, wherever it is.
            usual_place: true,
            place: Some(posting.key),
        }
    }

    /// The bounds that hold for every candidate: the entries each token pairs with (their points
    /// and widths), and its most similar entry.
    fn query_bound(&self, plans: &mut [TokenPlan]) -> QueryBound {
        let mut widths = Vec::with_capacity(plans.len());
        let mut similarity = 0u32;
        for plan in plans.iter_mut() {
            let typed = plan.text.len();
            // A letter pairs, as an initial, with every entry starting with it.
            let range = if typed == 1 {
                self.prefix_range(&plan.text)
            } else {
                plan.prefix.clone()
            };
            let typos: Vec<u32> = plan.typos.iter().map(|t| t.vocab).collect();
            let mut entries: Vec<(u32, u32)> = range
                .clone()
                .map(|v| {
                    let kind = if plan.exact == Some(v) {
                        TokenMatch::Exact
                    } else if typed == 1 {
                        TokenMatch::Initial
                    } else {
                        TokenMatch::Prefix
                    };
                    let points = kind.points(typed, self.vocab[v as usize].len());
                    (points, u32::from(self.width(v)))
                })
                .collect();
            for &v in &typos {
                if let Some(pair) = self.pair(plan, v) {
                    entries.push((pair.points, u32::from(self.width(v))));
                }
            }
            entries.sort_unstable_by(|a, b| b.cmp(a));
            let mut widest = 0;
            let mut table: Vec<(u32, u32)> = Vec::new();
            for (points, width) in entries {
                widest = widest.max(width);
                match table.last_mut() {
                    Some(last) if last.0 == points => last.1 = widest,
                    _ => table.push((points, widest)),
                }
            }
            widths.push((table.first().map_or(0, |t| t.0), table));
            let most_similar = if plan.exact.is_some() {
                1000
            } else {
                // Exact, prefix and initial similarities depend only on the two lengths.
                let by_length: Vec<u32> = self.one_of_each_length(&range).collect();
                by_length
                    .into_iter()
                    .chain(typos)
                    .filter_map(|v| self.pair(plan, v))
                    .map(|p| p.similarity)
                    .max()
                    .unwrap_or(0)
            };
            similarity += u32::from(most_similar);
        }
        QueryBound {
            widths,
            in_order: plans.len().saturating_sub(1) as u8,
            similarity: (similarity / plans.len().max(1) as u32) as u16,
        }
    }

    /// Scores key `k` if it matches and may make the list: its pairs are worked out once, and give
    /// both the bound it is dropped by and the pairing check.
    #[allow(clippy::too_many_arguments)]
    fn match_key(
        &self,
        plans: &mut [TokenPlan],
        letters: &[Range<u32>],
        anchor: usize,
        k: usize,
        best: &Best,
        stop: Stop,
        candidates: &mut Vec<Candidate>,
    ) -> Option<RankedHit> {
        let parts = self.parts_of(k);
        candidates.clear();
        let mut options = [0u64; MAX_QUERY_TOKENS];
        let (mut points, mut covered, mut similarity) = (0u32, 0u32, 0u32);
        let mut usual_place = false;
        // The anchor pairs with this name (it was found through it): the others first, as they
        // are the ones that may not.
        let order = (0..plans.len()).filter(|&t| t != anchor).chain([anchor]);
        for qi in order {
            let plan = &mut plans[qi];
            let pairs = |v: u32| {
                if plan.text.len() == 1 {
                    letters[qi].contains(&v)
                } else {
                    plan.kind_of(v, &self.vocab).is_some()
                }
            };
            if qi != anchor && !parts.iter().any(|part| pairs(part.vocab)) {
                return None;
            }
            let (mut most_points, mut widest, mut most_similar) = (0u32, 0u32, 0u16);
            for (pi, part) in parts.iter().enumerate() {
                let Some(pair) = self.candidate(plan, part, qi, pi) else {
                    continue;
                };
                candidates.push(pair);
                usual_place |= qi == 0 && pair.usual;
                if pi < MAX_PARTS_CHECKED {
                    options[qi] |= 1 << pi;
                }
                most_points = most_points.max(pair.points);
                widest = widest.max(part.covers.count_ones());
                most_similar = most_similar.max(pair.similarity);
            }
            if options[qi] == 0 {
                return None;
            }
            points += most_points;
            covered += widest;
            similarity += u32::from(most_similar);
        }
        if stop == Stop::WhenNoneClose && best.most_points.is_some_and(|b| !is_close(points, b)) {
            return None;
        }
        let key = self.keys[k];
        let place = k as u32;
        if let Some(bar) = &best.bar {
            let at_most = Bound {
                points,
                covered,
                name_tokens: key.tokens,
                in_order: plans.len().saturating_sub(1) as u8,
                similarity: (similarity / plans.len() as u32) as u16,
                usual_place,
                place: Some(place),
            };
            if !at_most.may_beat(bar) {
                return None;
            }
        }
        if !can_pair_all(&options[..plans.len()]) {
            return None;
        }
        let score: Score = assign(candidates, plans.len(), key.tokens, |_| {});
        score.is_match().then_some(RankedHit {
            hit: Hit {
                target: key.target as usize,
                score,
                which_name: usize::from(key.which_name),
            },
            rank: place,
        })
    }
}

/// Whether every query token can pair with a different part (`options[t]`: the parts token `t`
/// pairs with): a bipartite matching between tokens and parts, a necessary condition for a match.
fn can_pair_all(options: &[u64]) -> bool {
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
    (0..options.len()).all(|t| augment(t, options, &mut owner, &mut 0))
}

/// What a name not seen yet scores at most: it pairs each walked token with an entry not walked
/// yet, so at most the points of its next level (a letter, once its exact entry is walked, as an
/// initial), plus `fixed` for the tokens not walked. `None` once no such name can match: a walked
/// token of two letters or more has no level left.
fn unseen_points(walks: &[Walk], fixed: u32, letters_only: bool) -> Option<u32> {
    let mut bound = fixed;
    let mut left = 0;
    for walk in walks {
        match walk.level_points() {
            Some(points) => {
                bound += points;
                left += 1;
            }
            None if letters_only => bound += TokenMatch::Initial.points(1, 2),
            None => {}
        }
    }
    let ended = left == 0 || (!letters_only && left < walks.len());
    (!ended).then_some(bound)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Query, brute_force};

    /// The index ranks each query's best `limit` matches as scoring every name does.
    fn ranks_as_every_name_scored(targets: &[Vec<String>], queries: &[&str], limits: &[usize]) {
        ranks_as_every_name_scored_by(targets, queries, limits, |_| {});
    }

    /// [`ranks_as_every_name_scored`], with the index changed by `change` once built.
    fn ranks_as_every_name_scored_by(
        targets: &[Vec<String>],
        queries: &[&str],
        limits: &[usize],
        change: impl FnOnce(&mut NameIndex),
    ) {
        let mut index = NameIndex::new(targets.iter().map(|n| n.iter().map(String::as_str)));
        change(&mut index);
        for q in queries {
            let query = Query::new(q);
            for &limit in limits {
                assert_eq!(
                    index.matches(&query, limit),
                    brute_force(targets, &query, limit).matches,
                    "{q:?} limit {limit}"
                );
            }
        }
    }

    /// Many names tie on a common pair of words, at several lengths, beside names that pair one of
    /// the words by a typo or a prefix: the bar drops most of them unscored, to the same ranking as
    /// scoring every name.
    #[test]
    fn ties_across_many_names_rank_as_every_name_scored() {
        let mut targets: Vec<Vec<String>> = Vec::new();
        for (i, family) in ["nguyen", "tran", "le", "pham", "hoang"].iter().enumerate() {
            for given in ["lan", "lana", "lam", "van", "thu", "lan anh", "lan-anh"] {
                targets.push(vec![format!("{family} thi {given}")]);
                targets.push(vec![format!("{family} {given}")]);
                if i % 2 == 0 {
                    targets.push(vec![format!("{family} dang thi {given}")]);
                }
            }
        }
        ranks_as_every_name_scored(
            &targets,
            &[
                "thi lan",
                "lan thi",
                "thi la",
                "nguyen thi lan",
                "thi lan a",
                "le van",
            ],
            &[1, 3, 11, 25],
        );
    }

    /// With a filter made with the index for nearly every word (typos, prefixes and pinned typos
    /// of short words included), names are dropped by it exactly when they could not match.
    #[test]
    fn filters_made_with_the_index_drop_names_as_every_name_scored() {
        let mut targets: Vec<Vec<String>> = Vec::new();
        for (i, given) in ["maria", "marie", "mario", "mariana", "wei", "wie"]
            .iter()
            .enumerate()
        {
            for family in ["lopez", "lopes", "garcia", "xu", "lam", "lopez garcia"] {
                // Levels large enough for filters to be taken (`FILTER_FROM`).
                for n in 0..100 + 10 * i {
                    targets.push(vec![format!("{given} {family} {n}")]);
                }
            }
        }
        // Only a pinned typo of `wie` pairs with Nagy: the filter of `wie` must hold it.
        targets.extend((0..600).map(|n| vec![format!("wei nagy {n}")]));
        ranks_as_every_name_scored_by(
            &targets,
            &[
                "maria lopez",
                "maria lop",
                "marie garcia",
                "lopez maria",
                "wie xu",
                "wie nagy",
                "wei xi",
                "mari lopez g",
                "maria lopez garcia",
            ],
            &[1, 3, 11, 25],
            |index| {
                index.ready = index.ready_filters(1);
                let wie = index.vocab.iter().position(|t| &**t == "wie");
                assert!(index.ready.entries().contains(&(wie.unwrap() as u32)));
            },
        );
    }

    /// Names dropped by their posting's initials (a query's one-letter word that no part starts
    /// with) are exactly those that could not match: letters sharing a bit (`a`, `q`), compounds,
    /// and a letter that is also a whole name part, ranked as every name scored.
    #[test]
    fn one_letter_words_drop_names_as_every_name_scored() {
        let mut targets: Vec<Vec<String>> = Vec::new();
        for (i, last) in [
            "vasquez",
            "quinn",
            "alves",
            "petrov",
            "anne-marie",
            "v",
            "q",
        ]
        .iter()
        .enumerate()
        {
            for given in ["ivan", "ivar", "iva", "jon", "john"] {
                targets.push(vec![format!("{given} ivanov {last}")]);
                targets.push(vec![format!("{given} {last}")]);
                if i % 2 == 0 {
                    targets.push(vec![format!("{last} {given} hansen")]);
                }
            }
        }
        ranks_as_every_name_scored(
            &targets,
            &[
                "ivarn iva v",
                "ivan v",
                "ivan a",
                "ivan q",
                "jon hansen q",
                "jon m",
                "iva m a",
                "v q",
                "ivanov v a",
            ],
            &[1, 3, 25],
        );
    }

    /// Names tie on every field but the usual place of the query's first word, which puts names
    /// later in the alphabet first: the bar and the posting bounds must not drop them.
    #[test]
    fn the_usual_place_breaks_ties_as_every_name_scored() {
        let mut targets: Vec<Vec<String>> = Vec::new();
        for other in [
            "agathe", "anne", "bruno", "celine", "zoe", "yann", "paul", "remi",
        ] {
            targets.push(vec![format!("{other} michel dupont")]);
            targets.push(vec![format!("michel {other} dupont")]);
            targets.push(vec![format!("{other} kumar dupont")]);
            targets.push(vec![format!("{other} zed kumar")]);
            targets.push(vec![format!("{other} lee kumar")]);
        }
        targets.push(vec!["kumar anne dupont".to_owned()]);
        // Enough other names with the first word that the walk starts from the second one, whose
        // postings say nothing of where the first word is.
        for a in ["b", "c", "d", "f", "g"] {
            for b in ["ar", "el", "is", "om", "us"] {
                targets.push(vec![format!("michel {a}{b}")]);
                targets.push(vec![format!("{a}{b} kumar")]);
            }
        }
        ranks_as_every_name_scored(
            &targets,
            &[
                "michel dupont",
                "dupont michel",
                "michel dup",
                "mich dupont",
                "kumar dupont",
                "dupont kumar",
                "kumar d",
                "michel a dupont",
            ],
            &[1, 2, 3, 5, 9, 25],
        );
    }
}
