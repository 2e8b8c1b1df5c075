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
//!
//! A name **matches** when every query token found a partner and not all of them are initials. A name
//! that does not match but comes close (one token matched, or a token shares its first three letters
//! and has a Jaro-Winkler similarity of at least 0.88) is a **near miss**, offered as "did you mean".
//!
//! Ranking is deterministic: matches before near misses, then more points, then more of the name
//! covered (a whole name beats a part of a longer one), then more words in the order typed, then the
//! mean Jaro-Winkler similarity of the paired tokens, then the folded name alphabetically, then file
//! order. Nothing depends on hashing.
//!
//! # The index
//! [`NameIndex`] is built once per dataset. Every distinct token is a vocabulary entry (sorted, so
//! the tokens that start with a prefix are one contiguous range), with a posting list of the names
//! that contain it, ordered by coverage then name. Typos are found with SymSpell-style deletion
//! neighbourhoods: each vocabulary token of 4 or more letters is stored under every string made by
//! deleting up to as many letters as it may have typos; a query token's own deletions look those up,
//! and each candidate is verified with the exact edit distance. A query then touches only the names
//! that contain a candidate token:
//!
//! - one token: the candidate lists are merged best first (points, then coverage, then similarity,
//!   then name) and the merge stops after `limit` names, however many contain the token;
//! - several tokens: the names of the rarest token are scored (with the per-query vocabulary tables,
//!   no string distance per name) and ranked.
//!
//! Matches are lossless: the index returns the same ranking as scoring every name
//! ([`brute_force`]), which a property test checks. Near misses are drawn from a bounded set of
//! candidates ([`NEAR_CANDIDATES`]).

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::fmt;
use std::ops::Range;

use crate::dataset::{CompanyIndex, Dataset, Person};
use crate::normalize;

/// The most tokens of a query that are matched; more would not be a name.
pub const MAX_QUERY_TOKENS: usize = 12;
/// The most tokens of a name that take part in matching (a bit each in a mask).
const MAX_NAME_TOKENS: usize = 32;
/// Jaro-Winkler similarity (×1000) of one token that makes a near miss.
const NEAR_TOKEN_SIMILARITY: u16 = 880;
/// Letters a token must share at the start with a name token to be a near miss by similarity.
const NEAR_PREFIX: usize = 3;
/// The most names scored when looking for near misses.
pub const NEAR_CANDIDATES: usize = 400;

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

/// The longest token that may match with typos; longer ones (no real name part) must match exactly
/// or by prefix, which keeps the typo index small whatever the data holds.
pub const MAX_TYPO_TOKEN: usize = 32;

/// How many typos a name token of this length tolerates.
fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        6..=MAX_TYPO_TOKEN => 2,
        _ => 0,
    }
}

/// How many typos a query token of this length may carry: as many as the word it was meant to be,
/// which may be one letter longer (a letter left out), but never for tokens past [`MAX_TYPO_TOKEN`].
fn query_edits(len: usize) -> usize {
    if len > MAX_TYPO_TOKEN {
        0
    } else {
        max_edits((len + 1).min(MAX_TYPO_TOKEN))
    }
}

/// Edits allowed between a query token and a name token: what the name token tolerates, but no
/// more than the query token's length allows (so `juan` is not `julian`).
fn allowed_edits(query: usize, name: usize) -> usize {
    max_edits(name).min(query_edits(query))
}

/// Matches one query token against one name token: the reference definition.
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
    let allowed = allowed_edits(query.len(), name.len());
    if allowed == 0 || query.len().abs_diff(name.len()) > allowed {
        return None;
    }
    let edits = strsim::osa_distance(query, name);
    (edits <= allowed).then_some(TokenMatch::Typo(edits as u8))
}

/// Jaro-Winkler similarity ×1000, as an integer so that ranking never compares floats.
fn similarity(a: &str, b: &str) -> u16 {
    (strsim::jaro_winkler(a, b) * 1000.0) as u16
}

/// Whether a query token that matched nothing is still close to a name token: the same first
/// [`NEAR_PREFIX`] letters and a Jaro-Winkler similarity of at least 0.88.
fn near_token(query: &str, name: &str) -> bool {
    query.len() >= NEAR_PREFIX
        && name.len() >= NEAR_PREFIX
        && query.as_bytes()[..NEAR_PREFIX] == name.as_bytes()[..NEAR_PREFIX]
        && similarity(query, name) >= NEAR_TOKEN_SIMILARITY
}

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
    covers: u32,
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
        let mut folded = String::new();
        for word in normalize::words(name) {
            let first = position;
            for token in &word.tokens {
                if !folded.is_empty() {
                    folded.push(' ');
                }
                folded.push_str(token);
                if position < MAX_NAME_TOKENS {
                    parts.push(Part {
                        text: token.clone(),
                        covers: 1 << position,
                    });
                }
                position += 1;
            }
            if word.tokens.len() > 1 && position <= MAX_NAME_TOKENS {
                let covers = (first..position).fold(0u32, |m, i| m | 1 << i);
                parts.push(Part {
                    text: word.tokens.concat(),
                    covers,
                });
            }
        }
        NameKey {
            parts,
            folded,
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
    /// Sum of the points of the paired query tokens.
    pub points: u32,
    /// Query tokens that found a partner.
    pub matched: u8,
    /// Query tokens that were not initials and found a partner.
    pub strong: u8,
    /// Tokens in the query.
    pub query_tokens: u8,
    /// Tokens of the name that were paired.
    pub covered: u8,
    /// Tokens in the name.
    pub name_tokens: u8,
    /// Adjacent query tokens paired with name tokens in the same order (`Rodríguez García` is in
    /// order for `Rodriguez Garcia`, `García Rodríguez` is not).
    pub in_order: u8,
    /// Mean Jaro-Winkler similarity of the paired tokens, ×1000.
    pub similarity: u16,
    /// For a name that does not match: a query token is close to one of its tokens.
    pub near_token: bool,
}

impl Score {
    /// Every query token found a partner, and not only initials.
    pub fn is_match(&self) -> bool {
        self.query_tokens > 0 && self.matched == self.query_tokens && self.strong > 0
    }

    /// Not a match, but close enough to suggest.
    pub fn is_near(&self) -> bool {
        !self.is_match() && (self.strong > 0 || self.near_token)
    }

    /// Orders better scores first.
    pub fn rank(&self, other: &Score) -> Ordering {
        other
            .is_match()
            .cmp(&self.is_match())
            .then_with(|| other.points.cmp(&self.points))
            .then_with(|| {
                coverage_order(
                    self.covered,
                    self.name_tokens,
                    other.covered,
                    other.name_tokens,
                )
            })
            .then_with(|| other.in_order.cmp(&self.in_order))
            .then_with(|| other.similarity.cmp(&self.similarity))
    }
}

/// Larger coverage (`covered / tokens`) first, without floats.
fn coverage_order(covered: u8, tokens: u8, other_covered: u8, other_tokens: u8) -> Ordering {
    let mine = u32::from(covered) * u32::from(other_tokens.max(1));
    let theirs = u32::from(other_covered) * u32::from(tokens.max(1));
    theirs.cmp(&mine)
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

/// A possible pairing of query token `query` with name part `part`.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    points: u32,
    covers: u32,
    similarity: u16,
    query: usize,
    part: usize,
    kind: TokenMatch,
}

/// Greedy assignment, best pairs first (points, then covering more, then similarity, then query
/// order, then name order): the one rule both scorers share.
fn assign(
    candidates: &mut [Candidate],
    query_tokens: usize,
    name_tokens: u8,
    mut pairing: impl FnMut(&Candidate),
) -> Score {
    candidates.sort_unstable_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then(b.covers.count_ones().cmp(&a.covers.count_ones()))
            .then(b.similarity.cmp(&a.similarity))
            .then(a.query.cmp(&b.query))
            .then(a.part.cmp(&b.part))
    });
    let (mut used_query, mut used_name) = (0u64, 0u32);
    let (mut points, mut matched, mut strong, mut similarity) = (0u32, 0u8, 0u8, 0u32);
    let mut paired = [0u32; MAX_QUERY_TOKENS];
    for c in candidates.iter() {
        if used_query & (1 << c.query) != 0 || used_name & c.covers != 0 {
            continue;
        }
        paired[c.query] = c.covers;
        used_query |= 1 << c.query;
        used_name |= c.covers;
        points += c.points;
        matched += 1;
        similarity += u32::from(c.similarity);
        if c.kind != TokenMatch::Initial {
            strong += 1;
        }
        pairing(c);
    }
    let in_order = paired[..query_tokens]
        .windows(2)
        .filter(|w| w[0] != 0 && w[1] != 0 && w[0].trailing_zeros() < w[1].trailing_zeros())
        .count() as u8;
    Score {
        points,
        matched,
        strong,
        query_tokens: query_tokens as u8,
        covered: used_name.count_ones() as u8,
        name_tokens,
        in_order,
        similarity: if matched == 0 {
            0
        } else {
            (similarity / u32::from(matched)) as u16
        },
        near_token: false,
    }
}

/// Scores a name against a query by comparing strings, with the pairings that earned the points.
/// This is the reference the index is checked against.
pub fn score_explained(query: &Query, key: &NameKey) -> (Score, Vec<Pairing>) {
    let mut candidates = Vec::new();
    for (qi, q) in query.tokens.iter().enumerate() {
        for (pi, part) in key.parts.iter().enumerate() {
            if let Some(kind) = match_token(q, &part.text) {
                candidates.push(Candidate {
                    points: kind.points(q.len(), part.text.len()),
                    covers: part.covers,
                    similarity: similarity(q, &part.text),
                    query: qi,
                    part: pi,
                    kind,
                });
            }
        }
    }
    let mut pairings = Vec::new();
    let mut score = assign(&mut candidates, query.tokens.len(), key.tokens, |c| {
        pairings.push(Pairing {
            query: query.tokens[c.query].clone(),
            name: key.parts[c.part].text.clone(),
            kind: c.kind,
            points: c.points,
        });
    });
    if !score.is_match() {
        score.near_token = query
            .tokens
            .iter()
            .any(|q| key.parts.iter().any(|p| near_token(q, &p.text)));
    }
    (score, pairings)
}

/// Scores a name against a query (the reference scorer).
pub fn score(query: &Query, key: &NameKey) -> Score {
    score_explained(query, key).0
}

/// Whether a match with `points` matched about as well as the best, with `best` points: within a
/// tenth.
pub fn is_close(points: u32, best: u32) -> bool {
    points * 10 >= best * 9
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
    /// Targets every query token matched (the best `limit`).
    pub matches: Vec<Hit>,
    /// Targets that came close: "did you mean".
    pub near: Vec<Hit>,
}

/// Ranks scored names: best score first, then by the target's alphabetical rank; one hit per target.
fn rank_hits(mut hits: Vec<(Hit, u32)>, limit: usize) -> Vec<Hit> {
    hits.sort_by(|(a, ra), (b, rb)| {
        a.score
            .rank(&b.score)
            .then(ra.cmp(rb))
            .then(a.name.cmp(&b.name))
    });
    let mut seen = HashSet::new();
    hits.into_iter()
        .filter(|(h, _)| seen.insert(h.target))
        .map(|(h, _)| h)
        .take(limit)
        .collect()
}

/// Scores every name with the reference scorer: the definition the index must reproduce.
/// `targets` are the names of each target, as given to [`NameIndex::new`].
pub fn brute_force(targets: &[Vec<String>], query: &Query, limit: usize) -> Ranking {
    let mut shown: Vec<(String, usize)> = targets
        .iter()
        .enumerate()
        .map(|(t, names)| {
            (
                NameKey::new(names.first().map_or("", String::as_str)).folded,
                t,
            )
        })
        .collect();
    shown.sort();
    let mut rank = vec![0u32; targets.len()];
    for (r, (_, t)) in shown.iter().enumerate() {
        rank[*t] = r as u32;
    }
    let mut matches = Vec::new();
    let mut near = Vec::new();
    for (target, names) in targets.iter().enumerate() {
        for (name, text) in names.iter().enumerate() {
            let score = score(query, &NameKey::new(text));
            let hit = (
                Hit {
                    target,
                    score,
                    name,
                },
                rank[target],
            );
            if score.is_match() {
                matches.push(hit);
            } else if score.is_near() {
                near.push(hit);
            }
        }
    }
    let matches = rank_hits(matches, limit);
    let matched: HashSet<usize> = matches.iter().map(|h| h.target).collect();
    near.retain(|(h, _)| !matched.contains(&h.target));
    Ranking {
        matches,
        near: rank_hits(near, limit),
    }
}

/// One name of a target, as stored in the index.
#[derive(Debug, Clone, Copy)]
struct KeyInfo {
    target: u32,
    name: u16,
    tokens: u8,
    parts_len: u8,
    parts_start: u32,
}

/// A name containing a vocabulary token: which name, and how much of it the token covers.
#[derive(Debug, Clone, Copy)]
struct Posting {
    key: u32,
    covers: u8,
    tokens: u8,
}

/// How many top bits of a hash pick its bucket: about four deletions a bucket.
fn bucket_bits(len: usize) -> u32 {
    (len / 4).max(1).ilog2().clamp(1, 24)
}

fn bucket_of(hash: u64, bits: u32) -> usize {
    (hash >> (64 - bits)) as usize
}

/// FNV-1a: a fixed, deterministic hash for deletion strings.
fn fnv(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Every string made by deleting up to `depth` bytes of `word` (the word itself included), hashed.
fn deletion_hashes(word: &[u8], depth: usize, out: &mut Vec<u64>) {
    fn go(word: &[u8], skip: &mut Vec<usize>, from: usize, depth: usize, out: &mut Vec<u64>) {
        out.push(fnv(word
            .iter()
            .enumerate()
            .filter(|(i, _)| !skip.contains(i))
            .map(|(_, b)| *b)));
        if depth == 0 {
            return;
        }
        for i in from..word.len() {
            skip.push(i);
            go(word, skip, i + 1, depth - 1, out);
            skip.pop();
        }
    }
    let start = out.len();
    go(word, &mut Vec::with_capacity(depth), 0, depth, out);
    let tail = &mut out[start..];
    tail.sort_unstable();
    let unique = {
        let mut n = 0;
        for i in 0..tail.len() {
            if i == 0 || tail[i] != tail[i - 1] {
                tail[n] = tail[i];
                n += 1;
            }
        }
        n
    };
    out.truncate(start + unique);
}

/// Names of a set of targets, each with one or more names, indexed for search.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    /// Distinct tokens and compounds, sorted: their ids are their positions.
    vocab: Vec<Box<str>>,
    /// Names containing each vocabulary entry: `postings[offsets[v]..offsets[v + 1]]`, ordered by
    /// coverage (larger first), then the target's alphabetical rank.
    postings: Vec<Posting>,
    posting_offsets: Vec<u32>,
    /// `(hash of a deletion string, vocabulary id)`, sorted.
    deletions: Vec<(u64, u32)>,
    /// `deletions[buckets[b]..buckets[b + 1]]` holds the hashes whose top bits are `b`.
    buckets: Vec<u32>,
    /// Vocabulary ids of each token length, sorted.
    by_length: Vec<Vec<u32>>,
    keys: Vec<KeyInfo>,
    /// `(vocabulary id, covers mask)` of each key's parts, `keys[k].parts_start..` .
    key_parts: Vec<(u32, u32)>,
    /// Alphabetical rank of each target's shown name.
    rank: Vec<u32>,
    /// Targets in alphabetical order of their shown name.
    alphabetical: Vec<usize>,
}

impl NameIndex {
    /// Indexes targets, each with its names (the first is the one shown; each target needs one).
    pub fn new<'a, N>(targets: impl IntoIterator<Item = N>) -> NameIndex
    where
        N: IntoIterator<Item = &'a str>,
    {
        // One pass: each name is normalized once, its parts interned (vocabulary ids are provisional
        // until the vocabulary is sorted), nothing of it kept but integers.
        let mut interned: HashMap<Box<str>, u32> = HashMap::new();
        let mut provisional: Vec<Box<str>> = Vec::new();
        let mut shown: Vec<(String, u32)> = Vec::new();
        let mut keys = Vec::new();
        let mut key_parts: Vec<(u32, u32)> = Vec::new();
        for (target, names) in targets.into_iter().enumerate() {
            for (n, name) in names.into_iter().enumerate() {
                let key = NameKey::new(name);
                keys.push(KeyInfo {
                    target: target as u32,
                    name: n as u16,
                    tokens: key.tokens,
                    parts_len: key.parts.len() as u8,
                    parts_start: key_parts.len() as u32,
                });
                for part in &key.parts {
                    let id = match interned.get(part.text.as_str()) {
                        Some(&id) => id,
                        None => {
                            let id = provisional.len() as u32;
                            provisional.push(part.text.as_str().into());
                            interned.insert(part.text.as_str().into(), id);
                            id
                        }
                    };
                    key_parts.push((id, part.covers));
                }
                if n == 0 {
                    shown.push((key.folded, target as u32));
                }
            }
        }
        drop(interned);
        shown.sort_unstable();
        let mut rank = vec![0u32; shown.len()];
        for (r, (_, t)) in shown.iter().enumerate() {
            rank[*t as usize] = r as u32;
        }
        let alphabetical = shown.iter().map(|(_, t)| *t as usize).collect();
        drop(shown);

        // Store names in alphabetical order: posting lists (ordered by rank) then walk memory forward.
        let mut by_rank: Vec<u32> = (0..keys.len() as u32).collect();
        by_rank.sort_unstable_by_key(|&k| {
            let info = keys[k as usize];
            (rank[info.target as usize], info.name)
        });
        let mut ordered_keys = Vec::with_capacity(keys.len());
        let mut ordered_parts = Vec::with_capacity(key_parts.len());
        for &k in &by_rank {
            let mut info: KeyInfo = keys[k as usize];
            let start = info.parts_start as usize;
            info.parts_start = ordered_parts.len() as u32;
            ordered_parts.extend_from_slice(&key_parts[start..start + info.parts_len as usize]);
            ordered_keys.push(info);
        }
        let (keys, mut key_parts) = (ordered_keys, ordered_parts);
        drop(by_rank);

        // Sort the vocabulary and renumber the parts.
        let mut order: Vec<u32> = (0..provisional.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| provisional[a as usize].cmp(&provisional[b as usize]));
        let mut final_id = vec![0u32; provisional.len()];
        for (new, &old) in order.iter().enumerate() {
            final_id[old as usize] = new as u32;
        }
        for part in &mut key_parts {
            part.0 = final_id[part.0 as usize];
        }
        let mut provisional: Vec<Option<Box<str>>> = provisional.into_iter().map(Some).collect();
        let vocab: Vec<Box<str>> = order
            .iter()
            .map(|&old| provisional[old as usize].take().unwrap_or_default())
            .collect();

        // Postings, ordered by entry, then coverage (larger first), then rank, then key. Coverage
        // `covers / tokens` (both at most 32) is exact as `(covers << 16) / tokens`.
        let mut sortable: Vec<(u32, u32, u32, u32, u8)> = Vec::with_capacity(key_parts.len());
        for (k, info) in keys.iter().enumerate() {
            let parts = &key_parts
                [info.parts_start as usize..info.parts_start as usize + info.parts_len as usize];
            for &(v, covers) in parts {
                let coverage = (covers.count_ones() << 16) / u32::from(info.tokens.max(1));
                sortable.push((
                    v,
                    u32::MAX - coverage,
                    rank[info.target as usize],
                    k as u32,
                    covers.count_ones() as u8,
                ));
            }
        }
        sortable.sort_unstable();
        let mut posting_offsets = vec![0u32; vocab.len() + 1];
        for (v, ..) in &sortable {
            posting_offsets[*v as usize + 1] += 1;
        }
        for v in 0..vocab.len() {
            posting_offsets[v + 1] += posting_offsets[v];
        }
        let postings: Vec<Posting> = sortable
            .into_iter()
            .map(|(_, _, _, k, covers)| Posting {
                key: k,
                covers,
                tokens: keys[k as usize].tokens,
            })
            .collect();
        let mut deletions = Vec::new();
        let mut scratch = Vec::new();
        for (v, word) in vocab.iter().enumerate() {
            let depth = max_edits(word.len());
            if depth == 0 {
                continue;
            }
            scratch.clear();
            deletion_hashes(word.as_bytes(), depth, &mut scratch);
            deletions.extend(scratch.iter().map(|h| (*h, v as u32)));
        }
        deletions.sort_unstable();
        let bits = bucket_bits(deletions.len());
        let mut buckets = vec![0u32; (1usize << bits) + 1];
        for (h, _) in &deletions {
            buckets[bucket_of(*h, bits) + 1] += 1;
        }
        for b in 0..(1usize << bits) {
            buckets[b + 1] += buckets[b];
        }
        let mut by_length: Vec<Vec<u32>> = Vec::new();
        for (v, word) in vocab.iter().enumerate() {
            if by_length.len() <= word.len() {
                by_length.resize(word.len() + 1, Vec::new());
            }
            by_length[word.len()].push(v as u32);
        }

        NameIndex {
            vocab,
            postings,
            posting_offsets,
            deletions,
            buckets,
            by_length,
            keys,
            key_parts,
            rank,
            alphabetical,
        }
    }

    /// Targets in alphabetical order of their shown name (accents folded).
    pub fn alphabetical(&self) -> &[usize] {
        &self.alphabetical
    }

    fn postings_of(&self, v: u32) -> &[Posting] {
        let (lo, hi) = (
            self.posting_offsets[v as usize] as usize,
            self.posting_offsets[v as usize + 1] as usize,
        );
        &self.postings[lo..hi]
    }

    fn postings_in(&self, range: &Range<u32>) -> usize {
        (self.posting_offsets[range.end as usize] - self.posting_offsets[range.start as usize])
            as usize
    }

    /// The vocabulary ids of tokens starting with `prefix`: a contiguous range.
    fn prefix_range(&self, prefix: &str) -> Range<u32> {
        let lo = self.vocab.partition_point(|t| &**t < prefix);
        let len = self.vocab[lo..].partition_point(|t| t.starts_with(prefix));
        lo as u32..(lo + len) as u32
    }

    /// The length of the shortest vocabulary entry in `range` of at least `min` letters.
    fn shortest_in(&self, range: &Range<u32>, min: usize) -> Option<usize> {
        if range.is_empty() {
            return None;
        }
        (min..self.by_length.len()).find(|&len| {
            let ids = &self.by_length[len];
            let at = ids.partition_point(|&v| v < range.start);
            ids.get(at).is_some_and(|&v| v < range.end)
        })
    }

    /// Works out, once per query token, which vocabulary entries it matches and how.
    fn plan(&self, query: &Query) -> Vec<TokenPlan> {
        query
            .tokens
            .iter()
            .map(|q| {
                let mut plan = TokenPlan {
                    text: q.clone(),
                    exact: None,
                    prefix: 0..0,
                    typos: Vec::new(),
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
                    && *self.vocab[plan.prefix.start as usize] == **q)
                    .then_some(plan.prefix.start);
                if let Some(len) = self.shortest_in(&plan.prefix, q.len() + 1) {
                    plan.prefix_best = TokenMatch::Prefix.points(q.len(), len);
                }
                let depth = query_edits(q.len());
                if depth > 0 {
                    let mut hashes = Vec::new();
                    deletion_hashes(q.as_bytes(), depth, &mut hashes);
                    let mut found: Vec<u32> = Vec::new();
                    for h in hashes {
                        let bits = bucket_bits(self.deletions.len());
                        let b = bucket_of(h, bits);
                        let bucket =
                            &self.deletions[self.buckets[b] as usize..self.buckets[b + 1] as usize];
                        let lo = bucket.partition_point(|(x, _)| *x < h);
                        found.extend(
                            bucket[lo..]
                                .iter()
                                .take_while(|(x, _)| *x == h)
                                .map(|(_, v)| *v),
                        );
                    }
                    found.sort_unstable();
                    found.dedup();
                    for v in found {
                        let t = &self.vocab[v as usize];
                        if plan.prefix.contains(&v) {
                            continue;
                        }
                        if let Some(TokenMatch::Typo(d)) = match_token(q, t) {
                            plan.typos.push((v, d, similarity(q, t)));
                        }
                    }
                }
                plan
            })
            .collect()
    }

    /// How query token `plan` pairs with vocabulary entry `v`, exactly as [`match_token`] would.
    fn pair(&self, plan: &mut TokenPlan, v: u32) -> Option<(TokenMatch, u32, u16)> {
        let t = &self.vocab[v as usize];
        let q_len = plan.text.len();
        let kind = if plan.exact == Some(v) {
            TokenMatch::Exact
        } else if q_len == 1 {
            if t.as_bytes()[0] != plan.text.as_bytes()[0] {
                return None;
            }
            TokenMatch::Initial
        } else if plan.prefix.contains(&v) {
            TokenMatch::Prefix
        } else {
            let i = plan.typos.binary_search_by_key(&v, |x| x.0).ok()?;
            let (_, d, sim) = plan.typos[i];
            return Some((
                TokenMatch::Typo(d),
                TokenMatch::Typo(d).points(q_len, t.len()),
                sim,
            ));
        };
        // Exact, prefix and initial similarities depend only on the two lengths.
        let sim = plan.similarity_for_length(t);
        Some((kind, kind.points(q_len, t.len()), sim))
    }

    /// Scores key `k` against the planned query, pairing by vocabulary ids: the same result as
    /// [`score`] on the key's name.
    ///
    /// With `only_matches`, a name that cannot match (a query token finds no partner) is given up
    /// early, and its `near_token` is not worked out.
    fn score_key(
        &self,
        plans: &mut [TokenPlan],
        k: usize,
        candidates: &mut Vec<Candidate>,
        only_matches: bool,
    ) -> Option<Score> {
        let key = self.keys[k];
        let parts = self.parts_of(k);
        candidates.clear();
        for (qi, plan) in plans.iter_mut().enumerate() {
            let before = candidates.len();
            for (pi, (v, covers)) in parts.iter().enumerate() {
                if let Some((kind, points, similarity)) = self.pair(plan, *v) {
                    candidates.push(Candidate {
                        points,
                        covers: *covers,
                        similarity,
                        query: qi,
                        part: pi,
                        kind,
                    });
                }
            }
            if only_matches && candidates.len() == before {
                return None;
            }
        }
        let mut score = assign(candidates, plans.len(), key.tokens, |_| {});
        if only_matches {
            return score.is_match().then_some(score);
        }
        if !score.is_match() {
            score.near_token = plans.iter().any(|p| {
                parts
                    .iter()
                    .any(|(v, _)| near_token(&p.text, &self.vocab[*v as usize]))
            });
        }
        Some(score)
    }

    /// Every vocabulary entry the token pairs with strongly, as `(points, similarity, entry)`,
    /// best first: the levels the searches walk.
    fn strong_entries(&self, plan: &mut TokenPlan) -> Vec<(u32, u16, u32)> {
        let mut entries: Vec<(u32, u16, u32)> = Vec::new();
        for v in Self::strong_vocab(plan).collect::<Vec<_>>() {
            if let Some((_, points, sim)) = self.pair(plan, v) {
                entries.push((points, sim, v));
            }
        }
        entries.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        entries
    }

    /// The vocabulary entries a query token pairs with strongly (not as an initial).
    fn strong_vocab(plan: &TokenPlan) -> impl Iterator<Item = u32> + '_ {
        // A one-letter token pairs strongly only with the same one-letter token.
        let single = plan.exact.filter(|_| plan.text.len() == 1);
        single
            .into_iter()
            .chain(plan.prefix.clone())
            .chain(plan.typos.iter().map(|t| t.0))
    }

    /// How many names contain a vocabulary entry the token pairs with strongly.
    fn strong_postings(&self, plan: &TokenPlan) -> usize {
        let single = plan.exact.filter(|_| plan.text.len() == 1);
        single.map_or(0, |v| self.postings_of(v).len())
            + self.postings_in(&plan.prefix)
            + plan
                .typos
                .iter()
                .map(|t| self.postings_of(t.0).len())
                .sum::<usize>()
    }

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
        self.matches_within(query, limit, false)
    }

    /// The best match and the others that matched [about as well](is_close) (at most `limit` in
    /// all): the first of [`NameIndex::matches`] that are close to the best. Cheaper, since it stops
    /// as soon as nothing unseen can be close.
    pub fn close_matches(&self, query: &Query, limit: usize) -> Vec<Hit> {
        self.matches_within(query, limit, true)
    }

    fn matches_within(&self, query: &Query, limit: usize, close: bool) -> Vec<Hit> {
        let mut hits = self.ranked_matches(query, limit, close);
        if close {
            let best = hits.first().map_or(0, |h| h.score.points);
            hits.retain(|h| is_close(h.score.points, best));
        }
        hits
    }

    fn ranked_matches(&self, query: &Query, limit: usize, close: bool) -> Vec<Hit> {
        let mut plans = self.plan(query);
        let strong_tokens: Vec<usize> = (0..plans.len())
            .filter(|&i| plans[i].text.len() > 1 || plans[i].exact.is_some())
            .collect();
        match strong_tokens.as_slice() {
            [] => Vec::new(),
            [only] if plans.len() == 1 => {
                self.single_token_matches(&mut plans[*only], limit, close)
            }
            _ => {
                // The rarest strong token names the candidates; every other token must then find a
                // partner among a candidate's parts (cheap integer checks) before it is scored.
                let mut order: Vec<(usize, usize)> = (0..plans.len())
                    .map(|i| {
                        let size = if strong_tokens.contains(&i) {
                            self.strong_postings(&plans[i])
                        } else {
                            usize::MAX
                        };
                        (size, i)
                    })
                    .collect();
                order.sort_unstable();
                let anchor = order[0].1;
                // The anchor's entries by points, best first: names found through a lower level
                // can only score less, so the search stops once they could not make the list.
                let levels = self.strong_entries(&mut plans[anchor]);
                let rest: u32 = order[1..].iter().map(|&(_, t)| plans[t].max_points()).sum();
                let mut hits: Vec<Hit> = Vec::new();
                // One bit per name: seen through an earlier entry.
                let mut seen = vec![0u64; self.keys.len().div_ceil(64)];
                let mut start = 0;
                while start < levels.len() {
                    let points = levels[start].0;
                    let bound = points + rest;
                    let full = hits.len() >= limit && hits[limit - 1].score.points > bound;
                    let none_close = close
                        && hits
                            .first()
                            .is_some_and(|b| !is_close(bound, b.score.points));
                    if full || none_close {
                        break;
                    }
                    let end = start + levels[start..].iter().take_while(|l| l.0 == points).count();
                    let mut keys = Vec::new();
                    for &(_, _, v) in &levels[start..end] {
                        for posting in self.postings_of(v) {
                            let k = posting.key as usize;
                            let (word, bit) = (k / 64, 1u64 << (k % 64));
                            if seen[word] & bit != 0 {
                                continue;
                            }
                            seen[word] |= bit;
                            if self.can_pair_all(&plans, self.parts_of(k)) {
                                keys.push(posting.key);
                            }
                        }
                    }
                    let mut found = self.ranked(&mut plans, keys, limit, true);
                    if !found.is_empty() {
                        hits.append(&mut found);
                        let ranked = hits
                            .drain(..)
                            .map(|h| {
                                let r = self.rank[h.target];
                                (h, r)
                            })
                            .collect();
                        hits = rank_hits(ranked, limit);
                    }
                    start = end;
                }
                hits
            }
        }
    }

    /// The `(vocabulary id, covers)` parts of key `k`.
    fn parts_of(&self, k: usize) -> &[(u32, u32)] {
        let key = self.keys[k];
        &self.key_parts[key.parts_start as usize..key.parts_start as usize + key.parts_len as usize]
    }

    /// Whether the token pairs with vocabulary entry `v` at all (the test [`Self::pair`] makes,
    /// without its points).
    fn pairs_with(&self, plan: &TokenPlan, v: u32) -> bool {
        plan.exact == Some(v)
            || if plan.text.len() == 1 {
                self.vocab[v as usize].as_bytes()[0] == plan.text.as_bytes()[0]
            } else {
                plan.prefix.contains(&v) || plan.typos.binary_search_by_key(&v, |t| t.0).is_ok()
            }
    }

    /// Whether every query token can pair with a different part: a bipartite matching between
    /// tokens and parts (a necessary condition for a match, checked with integers only).
    fn can_pair_all(&self, plans: &[TokenPlan], parts: &[(u32, u32)]) -> bool {
        if parts.len() < plans.len() {
            return false;
        }
        // For each token, the parts it can pair with.
        let mut options = [0u64; MAX_QUERY_TOKENS];
        for (t, plan) in plans.iter().enumerate() {
            for (p, &(v, _)) in parts.iter().enumerate().take(64) {
                if self.pairs_with(plan, v) {
                    options[t] |= 1 << p;
                }
            }
            if options[t] == 0 {
                return false;
            }
        }
        // Kuhn's augmenting paths: owner[p] is the token holding part p.
        fn augment(t: usize, options: &[u64], owner: &mut [usize; 64], visited: &mut u64) -> bool {
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
        let mut owner = [usize::MAX; 64];
        (0..plans.len()).all(|t| augment(t, &options, &mut owner, &mut 0))
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

    /// Scores keys and ranks the matches (or, with `matches == false`, the near misses).
    fn ranked(
        &self,
        plans: &mut [TokenPlan],
        keys: Vec<u32>,
        limit: usize,
        matches: bool,
    ) -> Vec<Hit> {
        let mut candidates = Vec::new();
        let mut hits = Vec::new();
        for k in keys {
            let Some(score) = self.score_key(plans, k as usize, &mut candidates, matches) else {
                continue;
            };
            let wanted = if matches {
                score.is_match()
            } else {
                score.is_near()
            };
            if wanted {
                let key = self.keys[k as usize];
                hits.push((
                    Hit {
                        target: key.target as usize,
                        score,
                        name: usize::from(key.name),
                    },
                    self.rank[key.target as usize],
                ));
            }
        }
        rank_hits(hits, limit)
    }

    /// One query token: merge the candidate posting lists best first and stop after `limit` targets.
    fn single_token_matches(&self, plan: &mut TokenPlan, limit: usize, close: bool) -> Vec<Hit> {
        let entries = self.strong_entries(plan);
        let mut hits: Vec<Hit> = Vec::new();
        let mut seen: HashSet<u32> = HashSet::new();
        let mut level_start = 0;
        while level_start < entries.len() && hits.len() < limit {
            let points = entries[level_start].0;
            if close
                && hits
                    .first()
                    .is_some_and(|b| !is_close(points, b.score.points))
            {
                break;
            }
            let level_end = level_start
                + entries[level_start..]
                    .iter()
                    .take_while(|e| e.0 == points)
                    .count();
            // k-way merge of this level's lists by (coverage, similarity, rank).
            let mut heap = BinaryHeap::new();
            for (list, &(_, sim, v)) in entries[level_start..level_end].iter().enumerate() {
                if let Some(first) = self.postings_of(v).first() {
                    heap.push(Head::new(self, *first, sim, list, 0));
                }
            }
            while let Some(head) = heap.pop() {
                let (_, sim, v) = entries[level_start + head.list];
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
                            name_tokens: head.posting.tokens,
                            in_order: 0,
                            similarity: sim,
                            near_token: false,
                        },
                        name: usize::from(key.name),
                    });
                    if hits.len() == limit {
                        break;
                    }
                }
                let list = self.postings_of(v);
                if let Some(next) = list.get(head.position + 1) {
                    heap.push(Head::new(self, *next, sim, head.list, head.position + 1));
                }
            }
            level_start = level_end;
        }
        hits
    }

    /// The best `wanted` near misses, leaving out the targets in `matches`: names that share a strong
    /// token, or a close token, with the query; at most [`NEAR_CANDIDATES`] names are scored.
    pub fn near_misses(&self, query: &Query, matches: &[Hit], wanted: usize) -> Vec<Hit> {
        let plans = &mut self.plan(query);
        let mut vocab: Vec<u32> = plans
            .iter()
            .flat_map(|p| Self::strong_vocab(p).take(256))
            .collect();
        for plan in plans.iter() {
            if plan.text.len() >= NEAR_PREFIX {
                let range = self.prefix_range(&plan.text[..NEAR_PREFIX]);
                vocab.extend(
                    range
                        .take(512)
                        .filter(|&v| near_token(&plan.text, &self.vocab[v as usize])),
                );
            }
        }
        let keys = self.keys_of(vocab.into_iter(), NEAR_CANDIDATES);
        let matched: HashSet<usize> = matches.iter().map(|h| h.target).collect();
        let mut near = self.ranked(plans, keys, usize::MAX, false);
        near.retain(|h| !matched.contains(&h.target));
        near.truncate(wanted);
        near
    }
}

/// A query token's plan: the vocabulary entries it pairs with.
#[derive(Debug, Clone)]
struct TokenPlan {
    text: String,
    exact: Option<u32>,
    /// Entries starting with the token (tokens of 2 letters or more; includes `exact`).
    prefix: Range<u32>,
    /// `(entry, edits, similarity)`, sorted by entry.
    typos: Vec<(u32, u8, u16)>,
    /// The most points a prefix pair can earn (from the shortest longer entry), 0 without one.
    prefix_best: u32,
    /// Similarity to an entry of each length, for exact, prefix and initial pairs (0 = not yet known).
    sims_by_len: Vec<u16>,
}

impl TokenPlan {
    /// The most points this token can earn with any name token.
    fn max_points(&self) -> u32 {
        if self.exact.is_some() {
            100
        } else if self.text.len() == 1 {
            TokenMatch::Initial.points(1, 2)
        } else {
            let typo = self
                .typos
                .iter()
                .map(|t| TokenMatch::Typo(t.1).points(0, 0))
                .max()
                .unwrap_or(0);
            typo.max(self.prefix_best)
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
}

/// The head of one posting list in the single-token merge.
#[derive(Debug, Clone, Copy)]
struct Head {
    posting: Posting,
    similarity: u16,
    rank: u32,
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

    /// Better first: coverage, then similarity, then rank, then name number, then list.
    fn order(&self, other: &Head) -> Ordering {
        coverage_order(
            self.posting.covers,
            self.posting.tokens,
            other.posting.covers,
            other.posting.tokens,
        )
        .then(other.similarity.cmp(&self.similarity))
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

/// A dataset with its people and companies indexed for search. Built once per dataset.
#[derive(Debug, Clone)]
pub struct Catalog {
    dataset: Dataset,
    people: NameIndex,
    companies: NameIndex,
    /// Each company's people, in roster order.
    rosters: Vec<Vec<u32>>,
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
        let mut rosters = vec![Vec::new(); dataset.companies().len()];
        for (i, p) in dataset.people().iter().enumerate() {
            rosters[p.company()].push(i as u32);
        }
        let all = dataset.people();
        for roster in &mut rosters {
            roster.sort_by(|&a, &b| roster_order(&all[a as usize], &all[b as usize]));
        }
        Catalog {
            dataset,
            people,
            companies,
            rosters,
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

    /// Everyone at a company: earliest departure first, those with no date last, then by name.
    pub fn roster(&self, company: CompanyIndex) -> impl ExactSizeIterator<Item = &Person> {
        let people = self.dataset.people();
        self.rosters[company]
            .iter()
            .map(move |&i| &people[i as usize])
    }

    /// How many people are at a company.
    pub fn headcount(&self, company: CompanyIndex) -> usize {
        self.rosters[company].len()
    }
}

/// Roster order: earliest departure first, those with no date last, then by name.
fn roster_order(a: &Person, b: &Person) -> Ordering {
    let when = |p: &Person| p.left_meta.map(crate::dataset::Departure::earliest);
    match (when(a), when(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| a.name.cmp(&b.name))
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

    #[test]
    fn deletion_neighbourhoods_are_complete() {
        let mut out = Vec::new();
        deletion_hashes(b"abcd", 1, &mut out);
        assert_eq!(out.len(), 5, "the word and its four one-letter deletions");
        out.clear();
        deletion_hashes(b"aab", 1, &mut out);
        assert_eq!(out.len(), 3, "aab, ab, aa: duplicates collapse");
    }

    fn names(list: &[&str]) -> Vec<Vec<String>> {
        list.iter().map(|n| vec![n.to_string()]).collect()
    }

    #[test]
    fn the_index_agrees_with_brute_force() {
        let targets = names(&[
            "Maria Garcia",
            "Mario Rossi",
            "Marianne Dupont",
            "Marie-Anne Lachaux",
            "Mariana Silva",
            "Maria",
            "Garcia Lopez",
            "Jean-Pierre Martin",
            "Lamplé Guillaume",
        ]);
        let index = NameIndex::new(targets.iter().map(|n| n.iter().map(String::as_str)));
        for q in [
            "maria",
            "mar",
            "mari",
            "garcia",
            "garsia",
            "maria garcia",
            "m garcia",
            "marieanne",
            "marie anne",
            "jean pierre",
            "lample",
            "lampel guillaume",
            "ma",
            "xyz",
            "g",
            "rossi m",
        ] {
            let query = Query::new(q);
            for limit in [1, 3, 25] {
                assert_eq!(
                    index.search(&query, limit).matches,
                    brute_force(&targets, &query, limit).matches,
                    "{q:?} limit {limit}"
                );
            }
        }
    }
}
