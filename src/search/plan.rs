//! A query planned against the vocabulary: for each query token, once, the entries it pairs with
//! (exact, prefix range, verified typos). Stored names are then scored by vocabulary ids, with no
//! string comparison per name, to the same result as the string scorer.

use std::collections::HashSet;
use std::ops::Range;

use super::build::{NameIndex, PartRef, READ_TOGETHER};

use super::closeness::NearTable;
use super::score::{
    Candidate, Score, TokenMatch, assign, in_usual_place, is_pinned, match_token, pinned_typo,
    query_edits, similarity,
};
use super::typos::one_edit_variants;
use super::{Hit, Query, RankedHit, rank_hits};

/// A vocabulary entry within one or two typos of the query token (a [pinned](pinned_typo) one
/// included).
#[derive(Debug, Clone, Copy)]
pub(super) struct Typo {
    pub(super) vocab: u32,
    edits: u8,
    points: u32,
    similarity: u16,
}

/// Bits in a plan's filter of its typo entries: a few hundred typos set under a tenth of them.
const TYPO_MARKS: usize = 4096;

/// A query token's plan: the vocabulary entries it pairs with.
#[derive(Debug, Clone)]
pub(super) struct TokenPlan {
    pub(super) text: String,
    pub(super) exact: Option<u32>,
    /// Entries starting with the token (tokens of 2 letters or more; includes `exact`).
    pub(super) prefix: Range<u32>,
    /// Sorted by entry; none of them in `prefix`. Pinned typos are here only in queries with
    /// another strong token, the only ones where they may count.
    pub(super) typos: Vec<Typo>,
    /// Bit `v % TYPO_MARKS` set for each entry `v` in `typos`: most name parts are no typo of the
    /// token, and this says so without a binary search (a walk asks it for every part it scores).
    typo_marks: [u64; TYPO_MARKS / 64],
    /// The most points a prefix pair can earn (from the shortest longer entry), 0 without one.
    prefix_best: u32,
    /// Similarity to an entry of each length, for exact, prefix and initial pairs (0 = not yet known).
    sims_by_len: Vec<u16>,
}

/// How a query token pairs with one vocabulary entry.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pair {
    pub(super) kind: TokenMatch,
    pub(super) points: u32,
    pub(super) similarity: u16,
    pub(super) pinned: bool,
}

/// A vocabulary entry a token pairs with strongly (not as an initial), with what the pair earns.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub(super) points: u32,
    pub(super) similarity: u16,
    pub(super) vocab: u32,
}

impl TokenPlan {
    /// The most points this token can earn with any name token.
    pub(super) fn max_points(&self) -> u32 {
        if self.exact.is_some() {
            100
        } else if self.text.len() == 1 {
            TokenMatch::Initial.points(1, 2)
        } else {
            let typo = self.typos.iter().map(|t| t.points).max().unwrap_or(0);
            typo.max(self.prefix_best)
        }
    }

    /// Whether the token pairs strongly with something: more than one letter, or an exact letter.
    pub(super) fn is_strong(&self) -> bool {
        self.text.len() > 1 || self.exact.is_some()
    }

    fn typo(&self, v: u32) -> Option<&Typo> {
        let bit = v as usize % TYPO_MARKS;
        if self.typo_marks[bit / 64] & (1 << (bit % 64)) == 0 {
            return None;
        }
        let i = self.typos.binary_search_by_key(&v, |t| t.vocab).ok()?;
        Some(&self.typos[i])
    }

    /// How the token pairs with entry `v` of `vocab`: the rule of [`match_token`], by ids. The
    /// entry's text is read only for a letter (an initial): for the others, the ids tell, and
    /// reading the text of every part of every name scored costs a cache miss each.
    pub(super) fn kind_of(&self, v: u32, vocab: &[Box<str>]) -> Option<TokenMatch> {
        if self.exact == Some(v) {
            Some(TokenMatch::Exact)
        } else if self.text.len() == 1 {
            let t = &vocab[v as usize];
            (t.as_bytes()[0] == self.text.as_bytes()[0]).then_some(TokenMatch::Initial)
        } else if self.prefix.contains(&v) {
            Some(TokenMatch::Prefix)
        } else {
            self.typo(v).map(|t| TokenMatch::Typo(t.edits))
        }
    }

    /// Sorts the typos and marks them in the filter, once they are all found.
    fn index_typos(&mut self) {
        self.typos.sort_unstable_by_key(|t| t.vocab);
        self.typo_marks = [0; TYPO_MARKS / 64];
        for t in &self.typos {
            let bit = t.vocab as usize % TYPO_MARKS;
            self.typo_marks[bit / 64] |= 1 << (bit % 64);
        }
    }

    fn similarity_for_length(&mut self, t: &str) -> u16 {
        let len = t.len();
        if self.sims_by_len.len() <= len {
            self.sims_by_len.resize(len + 1, 0);
        }
        if self.sims_by_len[len] == 0 {
            self.sims_by_len[len] = similarity(&self.text, t).max(1);
        }
        self.sims_by_len[len]
    }

    /// Every entry a token of two letters or more pairs with: its prefix range (the exact entry
    /// included) and its typos.
    pub(super) fn pairing_entries(&self) -> impl Iterator<Item = u32> + '_ {
        debug_assert!(
            self.text.len() > 1,
            "a letter pairs as an initial, by range"
        );
        self.prefix
            .clone()
            .chain(self.typos.iter().map(|t| t.vocab))
    }

    /// The entries the token pairs with strongly (not as an initial).
    pub(super) fn strong_vocab(&self) -> impl Iterator<Item = u32> + '_ {
        // A one-letter token pairs strongly only with the same one-letter token.
        let single = self.exact.filter(|_| self.text.len() == 1);
        single
            .into_iter()
            .chain(self.prefix.clone())
            .chain(self.typos.iter().map(|t| t.vocab))
    }
}

impl NameIndex {
    /// How many names contain an entry the token pairs with (see [`TokenPlan::pairing_entries`]),
    /// counted once per entry.
    pub(super) fn pairing_names(&self, plan: &TokenPlan) -> usize {
        self.postings_in(&plan.prefix)
            + plan
                .typos
                .iter()
                .map(|t| self.postings_of(t.vocab).len())
                .sum::<usize>()
    }

    /// Works out, once per query token, which vocabulary entries it matches and how. Pinned typos
    /// are looked up only when two tokens are strong: otherwise none could count.
    pub(super) fn plan(&self, query: &Query) -> Vec<TokenPlan> {
        let mut plans: Vec<TokenPlan> = query.tokens.iter().map(|q| self.plan_token(q)).collect();
        if plans.iter().filter(|p| p.is_strong()).count() > 1 {
            for plan in &mut plans {
                let pinned = self.pinned_typos(&plan.text);
                plan.typos.extend(pinned);
            }
        }
        for plan in &mut plans {
            plan.index_typos();
        }
        plans
    }

    /// A token's plan as a query of several strong words has it (pinned typos included): what a
    /// filter made with the index must cover.
    pub(super) fn plan_among_others(&self, q: &str) -> TokenPlan {
        let mut plan = self.plan_token(q);
        let pinned = self.pinned_typos(q);
        plan.typos.extend(pinned);
        plan.index_typos();
        plan
    }

    /// The entries a [pinned typo](pinned_typo) away from `q`: short ones (one edit in 2-3 letters)
    /// by a scan of the 2-3 letter entries, checked in debug builds against trying every one-edit
    /// spelling; 4-5 letter ones (two edits) by their deletions.
    fn pinned_typos(&self, q: &str) -> Vec<Typo> {
        let mut found: Vec<u32> = Vec::new();
        if (2..=4).contains(&q.len()) {
            // The 2-3 letter entries one edit away, by a scan of those entries (no spelling made,
            // no string compared): the same as looking up every one-edit spelling.
            found.extend(
                self.short_entries()
                    .filter(|&v| within_one_edit(q.as_bytes(), self.vocab[v as usize].as_bytes())),
            );
            found.sort_unstable();
            debug_assert_eq!(found, {
                let mut variants = Vec::new();
                one_edit_variants(q.as_bytes(), 2..=3, &mut variants);
                let mut ids: Vec<u32> = variants
                    .iter()
                    .filter(|v| v.as_slice() != q.as_bytes())
                    .filter_map(|v| {
                        self.vocab
                            .binary_search_by(|t| t.as_bytes().cmp(v))
                            .ok()
                            .map(|i| i as u32)
                    })
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            });
        }
        found.extend(self.two_edit_typos(q));
        found.sort_unstable();
        found.dedup();
        found
            .into_iter()
            .filter_map(|v| {
                let t = &self.vocab[v as usize];
                let kind @ TokenMatch::Typo(edits) = pinned_typo(q, t)? else {
                    return None;
                };
                Some(Typo {
                    vocab: v,
                    edits,
                    points: kind.points(q.len(), t.len()),
                    similarity: similarity(q, t),
                })
            })
            .collect()
    }

    fn plan_token(&self, q: &str) -> TokenPlan {
        let mut plan = TokenPlan {
            text: q.to_owned(),
            exact: None,
            prefix: 0..0,
            typos: Vec::new(),
            typo_marks: [0; TYPO_MARKS / 64],
            prefix_best: 0,
            sims_by_len: Vec::new(),
        };
        if q.len() == 1 {
            plan.exact = self
                .vocab
                .binary_search_by(|t| (**t).cmp(q))
                .ok()
                .map(|v| v as u32);
            return plan;
        }
        plan.prefix = self.prefix_range(q);
        plan.exact = (plan.prefix.start < plan.prefix.end
            && *self.vocab[plan.prefix.start as usize] == *q)
            .then_some(plan.prefix.start);
        if let Some(len) = self.shortest_in(&plan.prefix, q.len() + 1) {
            plan.prefix_best = TokenMatch::Prefix.points(q.len(), len);
        }
        let depth = query_edits(q.len());
        if depth > 0 {
            for v in self.deletions.candidates(q, depth) {
                let t = &self.vocab[v as usize];
                if plan.prefix.contains(&v) {
                    continue;
                }
                if let Some(kind @ TokenMatch::Typo(edits)) = match_token(q, t) {
                    plan.typos.push(Typo {
                        vocab: v,
                        edits,
                        points: kind.points(q.len(), t.len()),
                        similarity: similarity(q, t),
                    });
                }
            }
        }
        plan
    }

    /// How the planned token (query word `query`) pairs with `part` (the `at`-th part of a name),
    /// as a candidate for the name's [assignment](super::score::assign).
    pub(super) fn candidate(
        &self,
        plan: &mut TokenPlan,
        part: &PartRef,
        query: usize,
        at: usize,
    ) -> Option<Candidate> {
        let pair = self.pair(plan, part.vocab)?;
        Some(Candidate {
            points: pair.points,
            covers: part.covers,
            similarity: pair.similarity,
            query,
            part: at,
            kind: pair.kind,
            pinned: pair.pinned,
            usual: in_usual_place(part.covers, self.leads[part.vocab as usize]),
        })
    }

    /// How the planned token pairs with entry `v`, with its points and similarity.
    pub(super) fn pair(&self, plan: &mut TokenPlan, v: u32) -> Option<Pair> {
        let kind = plan.kind_of(v, &self.vocab)?;
        let t = &self.vocab[v as usize];
        let similarity = match kind {
            TokenMatch::Typo(_) => plan.typo(v)?.similarity,
            // Exact, prefix and initial similarities depend only on the two lengths.
            _ => plan.similarity_for_length(t),
        };
        Some(Pair {
            kind,
            points: kind.points(plan.text.len(), t.len()),
            similarity,
            pinned: is_pinned(kind, t.len()),
        })
    }

    /// Every entry the token pairs with strongly, best first: the levels the searches walk.
    pub(super) fn strong_entries(&self, plan: &mut TokenPlan) -> Vec<Entry> {
        let mut entries: Vec<Entry> = Vec::new();
        for v in plan.strong_vocab().collect::<Vec<_>>() {
            if let Some(pair) = self.pair(plan, v) {
                entries.push(Entry {
                    points: pair.points,
                    similarity: pair.similarity,
                    vocab: v,
                });
            }
        }
        entries.sort_unstable_by(|a, b| {
            b.points
                .cmp(&a.points)
                .then(b.similarity.cmp(&a.similarity))
                .then(a.vocab.cmp(&b.vocab))
        });
        entries
    }

    /// Scores key `k` as a near miss by vocabulary ids, its parts [read](NearTable::read) into
    /// `near` already: the same result as the string scorer on the key's name. `None` unless it
    /// is a near miss.
    fn score_near(
        &self,
        plans: &mut [TokenPlan],
        k: usize,
        candidates: &mut Vec<Candidate>,
        near: &NearTable,
    ) -> Option<Score> {
        let parts = self.parts_of(k);
        candidates.clear();
        for (qi, plan) in plans.iter_mut().enumerate() {
            for (pi, part) in parts.iter().enumerate() {
                candidates.extend(self.candidate(plan, part, qi, pi));
            }
        }
        let mut score = assign(candidates, plans.len(), self.keys[k].tokens, |_| {});
        if !score.is_match() {
            score.near_token = near.any_near_token();
        }
        if !score.is_near() {
            return None;
        }
        score.closeness = near.closeness();
        Some(score)
    }

    /// The best `wanted` near misses among `keys`, one hit per target, leaving out the targets in
    /// `matched`. Every key's closeness is worked out first, as near misses are ranked by it
    /// before the rest of their score; the rest is worked out nearest first, until `wanted`
    /// targets are found and the keys left are less near.
    pub(super) fn ranked_near(
        &self,
        plans: &mut [TokenPlan],
        keys: Vec<u32>,
        matched: &HashSet<usize>,
        wanted: usize,
    ) -> Vec<Hit> {
        let mut near = NearTable::new(plans.iter().map(|p| p.text.as_str()));
        let read = |near: &mut NearTable, k: u32| {
            let parts = self.parts_of(k as usize).iter();
            near.read(parts.map(|p| (p.vocab, p.covers)), |v| {
                &*self.vocab[v as usize]
            });
        };
        let mut nearest: Vec<(u32, u32)> = Vec::with_capacity(keys.len());
        for batch in keys.chunks(READ_TOGETHER) {
            self.read_texts(batch);
            for &k in batch {
                read(&mut near, k);
                nearest.push((near.closeness(), k));
            }
        }
        nearest.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let (mut candidates, mut hits, mut found) = (Vec::new(), Vec::new(), HashSet::new());
        // The closeness of the `wanted`-th target found: keys less near rank after them all.
        let mut bar = None;
        for (closeness, k) in nearest {
            if bar.is_some_and(|b| closeness < b) {
                break;
            }
            read(&mut near, k);
            let Some(score) = self.score_near(plans, k as usize, &mut candidates, &near) else {
                continue;
            };
            let key = self.keys[k as usize];
            if matched.contains(&(key.target as usize)) {
                continue;
            }
            found.insert(key.target);
            hits.push(RankedHit {
                hit: Hit {
                    target: key.target as usize,
                    score,
                    which_name: usize::from(key.which_name),
                },
                rank: self.rank[key.target as usize],
            });
            if bar.is_none() && found.len() >= wanted {
                bar = Some(closeness);
            }
        }
        rank_hits(hits, wanted)
    }
}

/// Whether `a` and `b` are exactly one Damerau edit apart (a letter inserted, deleted or replaced,
/// or two neighbours swapped), for short tokens, without allocating.
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let at = (0..short.len())
        .find(|&i| short[i] != long[i])
        .unwrap_or(short.len());
    match long.len() - short.len() {
        0 if at == a.len() => false,
        0 => {
            a[at + 1..] == b[at + 1..]
                || (at + 1 < a.len()
                    && a[at] == b[at + 1]
                    && a[at + 1] == b[at]
                    && a[at + 2..] == b[at + 2..])
        }
        1 => short[at..] == long[at + 1..],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_is_one_damerau_edit() {
        let words = [
            "a", "ab", "ba", "abc", "acb", "bac", "abd", "xbc", "ac", "bc", "abcd", "abdc", "aab",
            "aba", "xu", "xi", "xun", "van", "vna", "an", "lee", "lea", "li",
        ];
        for a in words {
            for b in words {
                let one = strsim::osa_distance(a, b) == 1;
                assert_eq!(within_one_edit(a.as_bytes(), b.as_bytes()), one, "{a} {b}");
            }
        }
    }
}
