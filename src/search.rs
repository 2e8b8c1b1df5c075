//! Matching names the way people type them in chat, and ranking the candidates.
//!
//! A query and a name are both [normalized](crate::normalize) into tokens. Each query token is
//! matched to one distinct token of the name, best pairs first, as one of:
//!
//! | kind | example | points |
//! | --- | --- | --- |
//! | exact | `lample` / `lample` | 100 |
//! | one edit (Damerau: insert, delete, replace, swap) | `lampel` / `lample` | 80 |
//! | prefix of 2 letters or more | `lam` / `lample` | 50 + 40 × typed / whole |
//! | two edits, for tokens of 6 letters or more | `edward` / `edouard` | 60 |
//! | initial | `t` / `timothee` | 30 |
//!
//! A name **matches** when every query token found a partner and not all of them are initials. Names
//! that do not match but come close (a token matched, or a token or the whole name spelled nearly the
//! same by Jaro-Winkler similarity) are **near misses**, offered as "did you mean".
//!
//! Ranking is deterministic: matches before near misses, then more points, then more of the name
//! covered (a whole name beats a part of a longer one), then higher Jaro-Winkler similarity of the whole
//! strings, then the folded name alphabetically, then file order. Nothing depends on hashing.

use std::cmp::Ordering;
use std::fmt;

use crate::dataset::Dataset;
use crate::normalize;

/// The most tokens of a query that are matched; more would not be a name.
pub const MAX_QUERY_TOKENS: usize = 12;
/// The most tokens of a name that take part in matching (a bit each in a mask).
const MAX_NAME_TOKENS: usize = 64;
/// Jaro-Winkler similarity (×1000) of one token that makes a near miss.
const NEAR_TOKEN_SIMILARITY: u16 = 880;
/// Jaro-Winkler similarity (×1000) of the whole strings that makes a near miss.
const NEAR_NAME_SIMILARITY: u16 = 850;

/// How one query token matched one token of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenMatch {
    /// The same token.
    Exact,
    /// The query token is the start of the name token.
    Prefix,
    /// One letter, the first of the name token.
    Initial,
    /// Spelled with this many edits (1 or 2).
    Typo(u8),
}

impl TokenMatch {
    /// Points for this match of a query token of `typed` letters to a name token of `whole`.
    fn points(self, typed: usize, whole: usize) -> u32 {
        match self {
            TokenMatch::Exact => 100,
            TokenMatch::Typo(1) => 80,
            TokenMatch::Typo(_) => 60,
            TokenMatch::Prefix => 50 + (40 * typed / whole.max(1)) as u32,
            TokenMatch::Initial => 30,
        }
    }
}

impl fmt::Display for TokenMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenMatch::Exact => f.write_str("exact"),
            TokenMatch::Prefix => f.write_str("prefix"),
            TokenMatch::Initial => f.write_str("initial"),
            TokenMatch::Typo(1) => f.write_str("1 edit"),
            TokenMatch::Typo(n) => write!(f, "{n} edits"),
        }
    }
}

/// How many edits a query token of this length may have and still match.
fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

/// Matches one query token against one name token.
fn match_token(query: &str, name: &str) -> Option<TokenMatch> {
    if query == name {
        return Some(TokenMatch::Exact);
    }
    if query.len() == 1 {
        return name.starts_with(query).then_some(TokenMatch::Initial);
    }
    if name.starts_with(query) {
        return Some(TokenMatch::Prefix);
    }
    let allowed = max_edits(query.len().min(name.len()));
    if allowed == 0 || query.len().abs_diff(name.len()) > allowed {
        return None;
    }
    let edits = strsim::osa_distance(query, name);
    (edits <= allowed).then_some(TokenMatch::Typo(edits as u8))
}

/// A query as typed, normalized once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    tokens: Vec<String>,
    folded: String,
}

impl Query {
    /// Normalizes the text; at most [`MAX_QUERY_TOKENS`] tokens are kept.
    pub fn new(text: &str) -> Query {
        let mut tokens = normalize::tokens(text);
        tokens.truncate(MAX_QUERY_TOKENS);
        let folded = tokens.join(" ");
        Query { tokens, folded }
    }

    /// Whether nothing searchable was typed (only spaces or punctuation).
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The normalized tokens.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }
}

/// One token of a name, or a compound of several (`marieanne` for `Marie-Anne`).
#[derive(Debug, Clone)]
struct Part {
    text: String,
    /// Bit `i` is set when this part stands for token `i` of the name.
    covers: u64,
}

/// A name prepared for matching.
#[derive(Debug, Clone)]
pub struct NameKey {
    parts: Vec<Part>,
    folded: String,
    tokens: u8,
}

impl NameKey {
    /// Prepares a name: its tokens, plus the joined form of each hyphenated word.
    pub fn new(name: &str) -> NameKey {
        let mut parts = Vec::new();
        let mut position = 0usize;
        let mut folded = Vec::new();
        for word in normalize::words(name) {
            let first = position;
            for token in &word.tokens {
                folded.push(token.as_str().to_owned());
                if position < MAX_NAME_TOKENS {
                    parts.push(Part {
                        text: token.clone(),
                        covers: 1 << position,
                    });
                }
                position += 1;
            }
            if word.tokens.len() > 1 && position <= MAX_NAME_TOKENS {
                let covers = (first..position).fold(0u64, |m, i| m | 1 << i);
                parts.push(Part {
                    text: word.tokens.concat(),
                    covers,
                });
            }
        }
        NameKey {
            parts,
            folded: folded.join(" "),
            tokens: position.min(MAX_NAME_TOKENS) as u8,
        }
    }

    /// The normalized name, tokens joined by spaces.
    pub fn folded(&self) -> &str {
        &self.folded
    }
}

/// How well a name matches a query; see the [module docs](self) for the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    /// Sum of the points of the matched query tokens.
    pub points: u32,
    /// Query tokens that found a partner.
    pub matched: u8,
    /// Query tokens that were not initials and found a partner.
    pub strong: u8,
    /// Tokens in the query.
    pub query_tokens: u8,
    /// Tokens of the name that were matched.
    pub covered: u8,
    /// Tokens in the name.
    pub name_tokens: u8,
    /// Jaro-Winkler similarity of the folded query and name, ×1000.
    pub similarity: u16,
    /// Best Jaro-Winkler similarity of any query token to any name token, ×1000.
    pub best_token_similarity: u16,
}

impl Score {
    /// Every query token found a partner, and not only initials.
    pub fn is_match(&self) -> bool {
        self.query_tokens > 0 && self.matched == self.query_tokens && self.strong > 0
    }

    /// Not a match, but close enough to suggest.
    pub fn is_near(&self) -> bool {
        !self.is_match()
            && (self.strong > 0
                || self.best_token_similarity >= NEAR_TOKEN_SIMILARITY
                || self.similarity >= NEAR_NAME_SIMILARITY)
    }

    /// Orders better scores first.
    pub fn rank(&self, other: &Score) -> Ordering {
        other
            .is_match()
            .cmp(&self.is_match())
            .then_with(|| other.points.cmp(&self.points))
            .then_with(|| {
                // covered / name_tokens, larger first, without floats.
                let mine = u32::from(self.covered) * u32::from(other.name_tokens.max(1));
                let theirs = u32::from(other.covered) * u32::from(self.name_tokens.max(1));
                theirs.cmp(&mine)
            })
            .then_with(|| other.similarity.cmp(&self.similarity))
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} points, {}/{} query tokens, {}/{} of the name, similarity {:.3}",
            self.points,
            self.matched,
            self.query_tokens,
            self.covered,
            self.name_tokens,
            f64::from(self.similarity) / 1000.0
        )
    }
}

/// One query token's partner in a name, for explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    /// The query token.
    pub query: String,
    /// The name token (or compound) it matched.
    pub name: String,
    /// How.
    pub kind: TokenMatch,
    /// Points it earned.
    pub points: u32,
}

/// Scores a name against a query, with the pairings that earned the points.
pub fn score_explained(query: &Query, key: &NameKey) -> (Score, Vec<Pairing>) {
    let mut candidates: Vec<(u32, usize, usize, TokenMatch)> = Vec::new();
    let mut best_token_similarity = 0u16;
    for (qi, q) in query.tokens.iter().enumerate() {
        for (pi, part) in key.parts.iter().enumerate() {
            if let Some(kind) = match_token(q, &part.text) {
                candidates.push((kind.points(q.len(), part.text.len()), qi, pi, kind));
            }
            let sim = (strsim::jaro_winkler(q, &part.text) * 1000.0) as u16;
            best_token_similarity = best_token_similarity.max(sim);
        }
    }
    // Best pairs first; ties by query position, then by name position: deterministic.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_query = 0u64;
    let mut used_name = 0u64;
    let mut pairings = Vec::new();
    let (mut points, mut matched, mut strong) = (0u32, 0u8, 0u8);
    for (p, qi, pi, kind) in candidates {
        let part = &key.parts[pi];
        if used_query & (1 << qi) != 0 || used_name & part.covers != 0 {
            continue;
        }
        used_query |= 1 << qi;
        used_name |= part.covers;
        points += p;
        matched += 1;
        if kind != TokenMatch::Initial {
            strong += 1;
        }
        pairings.push(Pairing {
            query: query.tokens[qi].clone(),
            name: part.text.clone(),
            kind,
            points: p,
        });
    }
    let score = Score {
        points,
        matched,
        strong,
        query_tokens: query.tokens.len() as u8,
        covered: used_name.count_ones() as u8,
        name_tokens: key.tokens,
        similarity: (strsim::jaro_winkler(&query.folded, &key.folded) * 1000.0) as u16,
        best_token_similarity,
    };
    (score, pairings)
}

/// Scores a name against a query.
pub fn score(query: &Query, key: &NameKey) -> Score {
    score_explained(query, key).0
}

/// A target (person or company) that a query found, and how well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index of the target (into [`Dataset::people`] or [`Dataset::companies`]).
    pub target: usize,
    /// Its best score over its names.
    pub score: Score,
    /// Which of its names scored best (0 for the canonical name, then aliases in order).
    pub name: usize,
}

/// What a query found: matches best first, then near misses best first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ranking {
    /// Targets every query token matched.
    pub matches: Vec<Hit>,
    /// Targets that came close: "did you mean".
    pub near: Vec<Hit>,
}

/// Names of a set of targets, each with one or more names, ready to search.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    /// `(target, name number, key)`, grouped by target.
    keys: Vec<(usize, usize, NameKey)>,
    /// The folded shown name of each target, for tie-breaks.
    shown: Vec<String>,
    /// Targets in alphabetical order of their shown name.
    alphabetical: Vec<usize>,
}

impl NameIndex {
    /// Indexes targets, each with its names (the first is the one shown).
    pub fn new<'a, N>(targets: impl IntoIterator<Item = N>) -> NameIndex
    where
        N: IntoIterator<Item = &'a str>,
    {
        let mut keys = Vec::new();
        let mut display: Vec<(String, &'a str, usize)> = Vec::new();
        for (target, names) in targets.into_iter().enumerate() {
            for (n, name) in names.into_iter().enumerate() {
                let key = NameKey::new(name);
                if n == 0 {
                    display.push((key.folded.clone(), name, target));
                }
                keys.push((target, n, key));
            }
        }
        let shown = display
            .iter()
            .map(|(folded, _, _)| folded.clone())
            .collect();
        display.sort();
        NameIndex {
            keys,
            shown,
            alphabetical: display.into_iter().map(|(_, _, t)| t).collect(),
        }
    }

    /// Targets in alphabetical order of their shown name (accents folded).
    pub fn alphabetical(&self) -> &[usize] {
        &self.alphabetical
    }

    /// Every target the query matches or nearly matches, ranked.
    pub fn search(&self, query: &Query) -> Ranking {
        let mut best: Vec<(Hit, &str)> = Vec::new();
        for (target, n, key) in &self.keys {
            let s = score(query, key);
            if !s.is_match() && !s.is_near() {
                continue;
            }
            let hit = Hit {
                target: *target,
                score: s,
                name: *n,
            };
            match best.last_mut() {
                Some((last, _)) if last.target == *target => {
                    if s.rank(&last.score) == Ordering::Less {
                        *last = hit;
                    }
                }
                _ => best.push((hit, self.shown[*target].as_str())),
            }
        }
        best.sort_by(|(a, ka), (b, kb)| {
            a.score
                .rank(&b.score)
                .then_with(|| ka.cmp(kb))
                .then(a.target.cmp(&b.target))
        });
        let (matches, near): (Vec<_>, Vec<_>) = best
            .into_iter()
            .map(|(h, _)| h)
            .partition(|h| h.score.is_match());
        Ranking { matches, near }
    }

    /// How a query scored against one of a target's names, token by token.
    pub fn explain(&self, query: &Query, target: usize, name: usize) -> Option<Vec<Pairing>> {
        self.keys
            .iter()
            .find(|(t, n, _)| *t == target && *n == name)
            .map(|(_, _, key)| score_explained(query, key).1)
    }
}

/// A dataset with its people and companies indexed for search. Built once per dataset.
#[derive(Debug, Clone)]
pub struct Catalog {
    dataset: Dataset,
    people: NameIndex,
    companies: NameIndex,
}

impl Catalog {
    /// Indexes a dataset.
    pub fn new(dataset: Dataset) -> Catalog {
        let people = NameIndex::new(
            dataset
                .people()
                .iter()
                .map(|p| std::iter::once(p.name.as_str())),
        );
        let companies = NameIndex::new(dataset.companies().iter().map(|c| c.names()));
        Catalog {
            dataset,
            people,
            companies,
        }
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// The people index.
    pub fn people(&self) -> &NameIndex {
        &self.people
    }

    /// The companies index (canonical names and aliases).
    pub fn companies(&self) -> &NameIndex {
        &self.companies
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(q: &str, n: &str) -> Option<TokenMatch> {
        match_token(q, n)
    }

    #[test]
    fn token_kinds() {
        assert_eq!(kind("lample", "lample"), Some(TokenMatch::Exact));
        assert_eq!(kind("lam", "lample"), Some(TokenMatch::Prefix));
        assert_eq!(kind("t", "timothee"), Some(TokenMatch::Initial));
        assert_eq!(kind("lampel", "lample"), Some(TokenMatch::Typo(1)));
        assert_eq!(kind("jouiln", "joulin"), Some(TokenMatch::Typo(1)));
        assert_eq!(kind("edward", "edouard"), Some(TokenMatch::Typo(2)));
        assert_eq!(kind("ab", "ac"), None, "short tokens must be exact");
        assert_eq!(kind("mark", "marie"), None, "4 letters allow one edit");
    }

    #[test]
    fn hyphenated_names_match_joined_or_apart() {
        let key = NameKey::new("Marie-Anne Lachaux");
        for q in [
            "marieanne lachaux",
            "Marie Anne Lachaux",
            "lachaux marie-anne",
        ] {
            let s = score(&Query::new(q), &key);
            assert!(s.is_match(), "{q}: {s}");
            assert_eq!(s.covered, 3, "{q}");
        }
    }

    #[test]
    fn initials_alone_do_not_match() {
        let s = score(&Query::new("T L"), &NameKey::new("Timothée Lacroix"));
        assert!(!s.is_match());
    }

    #[test]
    fn whole_name_outranks_part_of_longer_name() {
        let short = score(&Query::new("hugo"), &NameKey::new("Hugo"));
        let long = score(&Query::new("hugo"), &NameKey::new("Hugo Touvron"));
        assert_eq!(short.rank(&long), Ordering::Less);
    }
}
