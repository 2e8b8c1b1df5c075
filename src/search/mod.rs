//! Matching names the way people type them in chat, and ranking the candidates, with an index that
//! stays fast at a million names.
//!
//! # The scorer
//! A query and a name are both [normalized](crate::normalize) into tokens (a hyphenated word also
//! gives its joined compound: `marieanne`). Each query token is paired with one distinct token of the
//! name, best pairs first, as one of:
//!
//! | kind | example | points |
//! | --- | --- | --- |
//! | exact | `lample` / `lample` | 100 |
//! | one edit (Damerau: insert, delete, replace, swap), name tokens of 4 letters or more | `lampel` / `lample` | 80 |
//! | prefix of 2 letters or more | `lam` / `lample` | 50 + 40 × typed / whole |
//! | two edits, for name tokens of 6 to 32 letters typed with 5 or more | `edward` / `edouard` | 60 |
//! | initial | `t` / `timothee` | 30 |
//! | *pinned:* one edit, name tokens of 2-3 letters typed with 2 to 4 | `xi` / `xu` | 70 |
//! | *pinned:* two edits, name tokens of 4-5 letters, the longer of the two of 5 or more | `rmaso` / `ramos`, `lnra` / `laura`, `liamm` / `lima` | 60 |
//!
//! A **pinned** typo counts only when another query token pins the name: the pairs kept hold one that
//! is neither pinned nor an initial (otherwise the name is paired again without pinned typos). So
//! `Wei Xi` finds Wei Xu and `Diego Rmaso` finds Diego Ramos, ranked below exact pairings, while `Xi`
//! or `Rmaso` alone matches nothing: too many names are one edit from a short word.
//!
//! A name **matches** when every query token found a partner and not all of them are initials. A name
//! that does not match but comes close (one token matched, or a token shares its first three letters
//! and has a Jaro-Winkler similarity of at least 0.88, or is two edits from a 5-letter token) is a
//! **near miss**, offered as "did you mean".
//!
//! Ranking is deterministic: matches before near misses. Matches go by more points, then more of the
//! name covered (a whole name beats a part of a longer one), then more words in the order typed, then
//! the mean Jaro-Winkler similarity of the paired tokens, then the query's first word paired where
//! that word most often is in the data, first or further in (`Michel` alone: Michel Dupont before
//! Agathe Michel where more names start with Michel than end with it), then the folded name
//! alphabetically, then file order. Near misses go nearest first: each query token takes the nearest name token left, and
//! names with fewer tokens more than two edits away (or left without one) come first, then fewer edits
//! in all, then more similarity in all; then as matches. Nothing depends on hashing.
//!
//! # The index
//! [`NameIndex`] is built once per dataset. Every distinct token is a vocabulary entry (sorted, so
//! the tokens that start with a prefix are one contiguous range), with a posting list of the names
//! that contain it, ordered by coverage, then the entry in its usual place first, then name. Typos are found with SymSpell-style deletion
//! neighbourhoods: each vocabulary token of 4 or more letters is stored under every string made by
//! deleting up to as many letters as it may have typos; a query token's own deletions look those up,
//! and each candidate is verified with the exact edit distance. Pinned typos are looked up only for
//! queries with two strong tokens: short ones by a scan of the 2-3 letter entries (the same as
//! trying each one-edit spelling against the vocabulary, which debug builds check), 5-letter ones in a table of the 5-letter tokens' deletions of up to two letters,
//! 4-letter ones typed longer in the typo table itself (they share its one-letter deletions). A
//! query then touches only the names that contain a candidate token:
//!
//! - one token: the candidate lists are merged best first (points, then coverage, then similarity,
//!   then name) and the merge stops after `limit` names, however many contain the token;
//! - several tokens: each strong token's entries are walked a level (equal points) at a time, the
//!   level with the fewest names first, and the names found are scored (with the per-query
//!   vocabulary tables, no string distance per name). A name not seen yet pairs each token below
//!   the levels walked, which bounds its score: the walk stops once no such name could make the
//!   list. The best `limit` so far set a bar, and a name whose bound (from its posting: points,
//!   the coverage its length allows, its place in the alphabet) ranks after it is not scored, so
//!   a tie across thousands of names (`Thị Lan`) costs little more than the names shown. A
//!   posting also holds the first letters of its name's parts, so a name without a part starting
//!   with each one-letter query word (`Jon Hansen P`) is dropped unread, and so is a name missing
//!   another query word, by a bit per name marked for that word (its filter): made for the query
//!   when it pays, or made with the index for the words that pair with the most names (`María`,
//!   160,000 names at a million: marking them costs more than the rest of the query). The
//!   usual place of the first word is the last part of the score a bound cannot read from a
//!   posting, so it is taken as met until the name's parts are read.
//!
//! Matches are lossless: the index returns the same ranking as scoring every name
//! ([`brute_force`]), which a property test checks. Near misses are drawn from a bounded set of
//! candidates ([`NEAR_CANDIDATES`]), the names of the rarest entries first.
//!
//! # Where things are
//! [`score`] (the scorer: the definition), [`reference`] (every name scored: the check),
//! [`closeness`] (near misses ranked), [`build`] (the index), [`typos`] (deletion neighbourhoods),
//! [`plan`] (a query against the vocabulary), [`one_word`], [`many_words`] and [`near`] (the three
//! searches), [`bar`] and [`required`] (what a walk drops names by).

mod bar;
mod build;
mod closeness;
mod initial;
mod many_words;
mod near;
mod one_word;
mod plan;
mod reference;
mod required;
mod score;
mod typos;

use rustc_hash::FxHashSet;

pub use build::NameIndex;
pub use near::NEAR_CANDIDATES;
pub use reference::brute_force;
pub use score::{
    MAX_TYPO_TOKEN, NameKey, Pairing, Score, TokenMatch, score, score_explained, score_explained_in,
};

use crate::normalize;

/// The most tokens of a query that are matched; more would not be a name.
pub const MAX_QUERY_TOKENS: usize = 12;

/// A query as typed, normalized once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    tokens: Vec<String>,
}

impl Query {
    /// Normalizes the text; at most [`MAX_QUERY_TOKENS`] tokens are kept.
    pub fn new(text: &str) -> Query {
        let mut tokens = normalize::tokens(text);
        tokens.truncate(MAX_QUERY_TOKENS);
        Query { tokens }
    }

    /// Whether nothing searchable was typed (only spaces or punctuation).
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }
}

/// Whether a match with `points` matched about as well as the best, with `best` points: within a
/// tenth.
pub fn is_close(points: u32, best: u32) -> bool {
    points * 10 >= best * 9
}

/// A target (person or company) that a query found, and how well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the target, in the order the targets were given to [`NameIndex::new`].
    pub target: usize,
    /// Its best score over its names.
    pub score: Score,
    /// Which of its names scored best: 0 for the shown name, then aliases in order.
    pub which_name: usize,
}

/// What a query found: matches best first, then near misses best first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ranking {
    /// Targets every query token matched (the best `limit`).
    pub matches: Vec<Hit>,
    /// Targets that came close: "did you mean".
    pub near: Vec<Hit>,
}

/// A hit with its target's alphabetical rank, the last tie-break.
#[derive(Debug, Clone)]
struct RankedHit {
    hit: Hit,
    rank: u32,
}

/// Ranks scored names: best score first, then by the target's alphabetical rank; one hit per target.
fn rank_hits(mut hits: Vec<RankedHit>, limit: usize) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        a.hit
            .score
            .rank(&b.hit.score)
            .then(a.rank.cmp(&b.rank))
            .then(a.hit.which_name.cmp(&b.hit.which_name))
    });
    let mut seen = FxHashSet::default();
    hits.into_iter()
        .filter(|r| seen.insert(r.hit.target))
        .map(|r| r.hit)
        .take(limit)
        .collect()
}

/// When a search for matches stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// After `limit` matches.
    AtLimit,
    /// Also as soon as nothing unseen can be [close](is_close) to the best: for an answer and the
    /// others that matched about as well.
    WhenNoneClose,
}

impl NameIndex {
    /// The best `limit` matches, ranked as [`brute_force`] ranks them; when nothing matches, the
    /// best `limit` near misses instead.
    pub fn search(&self, query: &Query, limit: usize) -> Ranking {
        let matches = self.matches(query, limit);
        let near = if matches.is_empty() {
            self.near_misses(query, &matches, limit)
        } else {
            Vec::new()
        };
        Ranking { matches, near }
    }

    /// The best `limit` matches of a query, exactly as [`brute_force`] ranks them.
    pub fn matches(&self, query: &Query, limit: usize) -> Vec<Hit> {
        self.matches_until(query, limit, Stop::AtLimit)
    }

    /// The best match and the others that matched [about as well](is_close) (at most `limit` in
    /// all): the first of [`NameIndex::matches`] that are close to the best. Cheaper, since it stops
    /// as soon as nothing unseen can be close.
    pub fn close_matches(&self, query: &Query, limit: usize) -> Vec<Hit> {
        let mut hits = self.matches_until(query, limit, Stop::WhenNoneClose);
        let best = hits.first().map_or(0, |h| h.score.points);
        hits.retain(|h| is_close(h.score.points, best));
        hits
    }

    fn matches_until(&self, query: &Query, limit: usize, stop: Stop) -> Vec<Hit> {
        let mut plans = self.plan(query);
        if !plans.iter().any(|p| p.is_strong()) {
            // Only initials: they never match alone.
            return Vec::new();
        }
        if plans.len() == 1 {
            self.one_word_matches(&mut plans[0], limit, stop)
        } else {
            self.many_word_matches(&mut plans, limit, stop)
        }
    }
}
