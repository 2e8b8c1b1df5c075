//! The scorer: how one query token pairs with one token of a name, and how the pairs of a whole
//! name add up to a [`Score`]. This is the definition; the index reproduces it with integers.

use std::cmp::Ordering;
use std::fmt;

use super::closeness::{closeness, jaro_winkler, nearness, osa};
use super::{MAX_QUERY_TOKENS, Query};

/// The most tokens of a name that take part in matching: one bit each in a `u32` mask.
const MAX_NAME_TOKENS: usize = 32;
/// Jaro-Winkler similarity (×1000) of one token that makes a near miss.
pub(super) const NEAR_TOKEN_SIMILARITY: u16 = 880;
/// Letters a token must share at the start with a name token to be a near miss by similarity.
pub(super) const NEAR_PREFIX: usize = 3;
/// Points for one edit in a 2-3 letter name token, pinned by another query token: below one edit in
/// a longer token (80), since far more names are one edit from a short word.
const SHORT_TYPO_POINTS: u32 = 70;
/// Name tokens shorter than this take one edit only when another query token pins the name.
const ONE_EDIT_ALONE: usize = 4;
/// The longest name tokens that take two edits only when another query token pins the name (4 or 5
/// letters; longer ones take two edits alone, shorter ones never). Also the least letters the
/// longer of the two words must have.
pub(super) const PINNED_TWO_EDITS: usize = 5;

/// How one query token matched one token of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenMatch {
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
    pub(super) fn points(self, typed: usize, whole: usize) -> u32 {
        match self {
            TokenMatch::Exact => 100,
            TokenMatch::Typo(1) if whole < ONE_EDIT_ALONE => SHORT_TYPO_POINTS,
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
pub(super) fn max_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        6..=MAX_TYPO_TOKEN => 2,
        _ => 0,
    }
}

/// How many typos a query token of this length may carry: as many as the word it was meant to be,
/// which may be one letter longer (a letter left out), but never for tokens past [`MAX_TYPO_TOKEN`].
pub(super) fn query_edits(len: usize) -> usize {
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
pub(super) fn match_token(query: &str, name: &str) -> Option<TokenMatch> {
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
    let edits = osa(query.as_bytes(), name.as_bytes());
    (edits <= allowed).then_some(TokenMatch::Typo(edits as u8))
}

/// A typo that pairs only when another query token pins the name (see [`assign`]): one edit in a
/// 2-3 letter name token typed with 2 to 4 letters, or two edits in a 4-5 letter one when the
/// longer of the two has 5 letters or more (so that three letters at least are common, in order:
/// `rmaso` or `lnra` for a 5-letter `ramos` or `laura`, `liamm` for a 4-letter `lima`). Tokens that
/// [`match_token`] pairs are left to it.
pub(super) fn pinned_typo(query: &str, name: &str) -> Option<TokenMatch> {
    let (typed, whole) = (query.len(), name.len());
    let edits = if (2..ONE_EDIT_ALONE).contains(&whole) && (2..=ONE_EDIT_ALONE).contains(&typed) {
        1
    } else if (ONE_EDIT_ALONE..=PINNED_TWO_EDITS).contains(&whole)
        && typed.max(whole) >= PINNED_TWO_EDITS
    {
        2
    } else {
        return None;
    };
    if typed.abs_diff(whole) > edits || name.starts_with(query) {
        return None;
    }
    (osa(query.as_bytes(), name.as_bytes()) == edits).then_some(TokenMatch::Typo(edits as u8))
}

/// Whether a pair of this kind with a name token of `whole` letters is a [`pinned_typo`].
pub(super) fn is_pinned(kind: TokenMatch, whole: usize) -> bool {
    match kind {
        TokenMatch::Typo(1) => whole < ONE_EDIT_ALONE,
        TokenMatch::Typo(_) => whole <= PINNED_TWO_EDITS,
        _ => false,
    }
}

/// Jaro-Winkler similarity ×1000, as an integer so that ranking never compares floats.
pub(super) fn similarity(a: &str, b: &str) -> u16 {
    (jaro_winkler(a, b) * 1000.0) as u16
}

/// Whether a query token that matched nothing is still close to a name token: the same first
/// [`NEAR_PREFIX`] letters and a Jaro-Winkler similarity of at least 0.88, or two edits in a 4-5
/// letter token (`rmaso` / `ramos`: a match once another word pins the name).
pub(super) fn near_token(query: &str, name: &str) -> bool {
    near_token_with(query, name, || similarity(query, name))
}

/// [`near_token`], given the two tokens' [`similarity`] when the caller has it already (worked out
/// only if the first letters agree).
pub(super) fn near_token_with(query: &str, name: &str, similarity: impl FnOnce() -> u16) -> bool {
    let similar = query.len() >= NEAR_PREFIX
        && name.len() >= NEAR_PREFIX
        && query.as_bytes()[..NEAR_PREFIX] == name.as_bytes()[..NEAR_PREFIX]
        && similarity() >= NEAR_TOKEN_SIMILARITY;
    let typo = near_by_typo(name.len()) && pinned_typo(query, name).is_some();
    similar || typo
}

/// Whether a name token of `whole` letters may be a near token by a pinned two-edit typo (a
/// 4-5 letter one), whatever its similarity.
pub(super) fn near_by_typo(whole: usize) -> bool {
    (ONE_EDIT_ALONE..=PINNED_TWO_EDITS).contains(&whole)
}

/// One token of a name, or a compound of several (`marieanne` for `Marie-Anne`).
#[derive(Debug, Clone)]
pub(super) struct Part {
    pub(super) text: String,
    /// Bit `i` is set when this part stands for token `i` of the name.
    pub(super) covers: u32,
}

/// A name's parts, as [`NameKey`] has them, written into buffers reused from name to name: how
/// the index reads a million names without a dozen allocations each.
#[derive(Debug, Default)]
pub(super) struct NameParts {
    /// The normalized name, tokens joined by spaces.
    pub(super) folded: String,
    /// The parts' texts, one after another.
    texts: String,
    /// Where each part's text ends in `texts`, and the name tokens it stands for (bit mask).
    ends: Vec<(usize, u32)>,
    /// Tokens of the name that take part in matching, at most [`MAX_NAME_TOKENS`].
    pub(super) tokens: u8,
}

impl NameParts {
    /// Reads a name (see [`normalize`](crate::normalize) for the folding): each token, at most [`MAX_NAME_TOKENS`],
    /// then after a word of several tokens (`Marie-Anne`) their compound, when all are counted.
    pub(super) fn read(&mut self, name: &str) {
        self.folded.clear();
        self.texts.clear();
        self.ends.clear();
        let ascii = deunicode::deunicode_with_tofu_cow(name, "[?]");
        let mut position = 0usize;
        for raw in ascii.split_whitespace() {
            let (first, word_start) = (position, self.texts.len());
            let mut token_start = None;
            for c in raw.chars().chain(std::iter::once(' ')) {
                if c.is_ascii_alphanumeric() {
                    token_start.get_or_insert(self.texts.len());
                    self.texts.push(c.to_ascii_lowercase());
                } else if c == '\'' || c == '`' {
                    // O'Brien, D`Souza: an apostrophe joins.
                } else if let Some(start) = token_start.take() {
                    self.token_read(start, position);
                    position += 1;
                }
            }
            if position - first > 1 && position <= MAX_NAME_TOKENS {
                let covers = (first..position).fold(0u32, |m, i| m | 1 << i);
                // The word's tokens are the end of `texts`, back to back: their compound.
                let end = self.texts.len();
                self.texts.reserve(end - word_start);
                for i in word_start..end {
                    let b = self.texts.as_bytes()[i];
                    self.texts.push(char::from(b));
                }
                self.ends.push((self.texts.len(), covers));
            }
        }
        self.tokens = position.min(MAX_NAME_TOKENS) as u8;
    }

    /// The token at `texts[start..]`, the name's token `position`: into the folded name, and a
    /// part of its own when it counts.
    fn token_read(&mut self, start: usize, position: usize) {
        if !self.folded.is_empty() {
            self.folded.push(' ');
        }
        self.folded.push_str(&self.texts[start..]);
        if position < MAX_NAME_TOKENS {
            self.ends.push((self.texts.len(), 1 << position));
        } else {
            // Past the tokens that count: in the folded name only (no compound follows).
            self.texts.truncate(start);
        }
    }

    /// Each part's text and the name tokens it stands for.
    pub(super) fn parts(&self) -> impl Iterator<Item = (&str, u32)> {
        let starts = std::iter::once(0).chain(self.ends.iter().map(|&(end, _)| end));
        starts
            .zip(&self.ends)
            .map(|(start, &(end, covers))| (&self.texts[start..end], covers))
    }
}

/// A name prepared for matching.
#[derive(Debug, Clone)]
pub struct NameKey {
    pub(super) parts: Vec<Part>,
    pub(super) folded: String,
    /// Tokens of the name that take part in matching, at most [`MAX_NAME_TOKENS`].
    pub(super) tokens: u8,
}

impl NameKey {
    /// Prepares a name: its tokens, plus the joined form of each hyphenated word.
    pub fn new(name: &str) -> NameKey {
        let mut read = NameParts::default();
        read.read(name);
        NameKey {
            parts: read
                .parts()
                .map(|(text, covers)| Part {
                    text: text.to_owned(),
                    covers,
                })
                .collect(),
            tokens: read.tokens,
            folded: read.folded,
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
    /// The query's first word paired with a name word in the place that word usually has in the
    /// data: first (as given names mostly are), unless it stands further in
    /// [`FURTHER_IN_FACTOR`] times as often as it starts names (a family name). All else equal,
    /// `Michel` alone finds Michel Dupont before Agathe Michel, `Kumar` alone Arjun Kumar before
    /// Kumar Andreasson.
    pub usual_place: bool,
    /// For a name that does not match: a query token is close to one of its tokens.
    pub near_token: bool,
    /// For a near miss: how close the whole name is to the whole query, larger is nearer (see
    /// [`closeness`](super::closeness::closeness)); 0 for a match.
    pub closeness: u32,
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

    /// Orders better scores first. Near misses go nearest first (their closeness), since a name
    /// that did not match is better told by how close all of it is than by the points it earned.
    pub fn rank(&self, other: &Score) -> Ordering {
        other
            .is_match()
            .cmp(&self.is_match())
            .then_with(|| other.closeness.cmp(&self.closeness))
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
            .then_with(|| other.usual_place.cmp(&self.usual_place))
    }
}

/// Larger coverage (`covered / tokens`) first, without floats.
pub(super) fn coverage_order(
    covered: u8,
    tokens: u8,
    other_covered: u8,
    other_tokens: u8,
) -> Ordering {
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
    pub query: String,
    /// The name token (or compound) it matched.
    pub name: String,
    pub kind: TokenMatch,
    pub points: u32,
}

/// A possible pairing of query token `query` with name part `part`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    pub(super) points: u32,
    pub(super) covers: u32,
    pub(super) similarity: u16,
    pub(super) query: usize,
    pub(super) part: usize,
    pub(super) kind: TokenMatch,
    /// A [`pinned_typo`]: it counts only beside a pair that is neither pinned nor an initial.
    pub(super) pinned: bool,
    /// The part is where its word most often is (see [`Score::usual_place`]).
    pub(super) usual: bool,
}

/// How many times as often a word must stand further in names than start them for a word typed
/// alone to be read as a family name first: given names are what people most often type alone,
/// but a word that stands further in many times as often (`Kumar`, `Martin` in French data is not)
/// is read there.
pub(super) const FURTHER_IN_FACTOR: i32 = 4;

/// A name's vote for its word's usual place: the times it starts names count
/// [`FURTHER_IN_FACTOR`] each, the times it stands further in count -1; the word leads when the
/// votes add up to 0 or more.
pub(super) fn place_vote(covers: u32) -> i32 {
    if covers & 1 != 0 {
        FURTHER_IN_FACTOR
    } else {
        -1
    }
}

/// Whether a part covering `covers` of a name is in the usual place of its word, which `leads`
/// when it more often starts a name than not.
pub(super) fn in_usual_place(covers: u32, leads: bool) -> bool {
    (covers & 1 != 0) == leads
}

/// The candidates a greedy assignment keeps, by position.
struct Chosen {
    at: [usize; MAX_QUERY_TOKENS],
    len: usize,
}

/// Takes candidates in order, each unless its query token or a token of its part is taken already;
/// pinned typos too when `with_pinned`.
fn greedy(candidates: &[Candidate], with_pinned: bool) -> Chosen {
    let (mut used_query, mut used_name) = (0u64, 0u32);
    let mut chosen = Chosen {
        at: [0; MAX_QUERY_TOKENS],
        len: 0,
    };
    for (i, c) in candidates.iter().enumerate() {
        if used_query & (1 << c.query) != 0
            || used_name & c.covers != 0
            || (c.pinned && !with_pinned)
        {
            continue;
        }
        used_query |= 1 << c.query;
        used_name |= c.covers;
        chosen.at[chosen.len] = i;
        chosen.len += 1;
    }
    chosen
}

/// Greedy assignment, best pairs first (points, then covering more, then similarity, then a part in
/// its usual place, then query order, then name order): the one rule both scorers share. Pinned typos stay only when another
/// pair pins the name (one that is neither pinned nor an initial); otherwise the assignment is made
/// again without them, so that `Xi` alone never finds `Xu`.
pub(super) fn assign(
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
            .then(b.usual.cmp(&a.usual))
            .then(a.query.cmp(&b.query))
            .then(a.part.cmp(&b.part))
    });
    let mut chosen = greedy(candidates, true);
    let picked = &chosen.at[..chosen.len];
    let pins = |c: &Candidate| !c.pinned && c.kind != TokenMatch::Initial;
    if picked.iter().any(|&i| candidates[i].pinned) && !picked.iter().any(|&i| pins(&candidates[i]))
    {
        chosen = greedy(candidates, false);
    }
    let mut used_name = 0u32;
    let (mut points, mut matched, mut strong, mut similarity) = (0u32, 0u8, 0u8, 0u32);
    let mut paired = [0u32; MAX_QUERY_TOKENS];
    let mut usual_place = false;
    for &i in &chosen.at[..chosen.len] {
        let c = &candidates[i];
        paired[c.query] = c.covers;
        usual_place |= c.query == 0 && c.usual;
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
        usual_place,
        near_token: false,
        closeness: 0,
    }
}

/// Scores a name against a query by comparing strings, with the pairings that earned the points;
/// `leads` says whether a word more often starts a name than not, in the data the name is from.
/// This is the reference the index is checked against.
pub fn score_explained_in(
    query: &Query,
    key: &NameKey,
    leads: impl Fn(&str) -> bool,
) -> (Score, Vec<Pairing>) {
    let mut candidates = Vec::new();
    let several = query.tokens.len() > 1;
    for (qi, q) in query.tokens.iter().enumerate() {
        for (pi, part) in key.parts.iter().enumerate() {
            let text = &part.text;
            let kind = match_token(q, text).or_else(|| several.then(|| pinned_typo(q, text))?);
            if let Some(kind) = kind {
                candidates.push(Candidate {
                    points: kind.points(q.len(), text.len()),
                    covers: part.covers,
                    similarity: similarity(q, text),
                    query: qi,
                    part: pi,
                    kind,
                    pinned: is_pinned(kind, text.len()),
                    usual: in_usual_place(part.covers, leads(text)),
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
        if score.is_near() {
            let covers: Vec<u32> = key.parts.iter().map(|p| p.covers).collect();
            score.closeness = closeness(query.tokens.len(), &covers, |q, p| {
                nearness(&query.tokens[q], &key.parts[p].text)
            });
        }
    }
    (score, pairings)
}

/// [`score_explained_in`] a name alone, as if every word most often started a name.
pub fn score_explained(query: &Query, key: &NameKey) -> (Score, Vec<Pairing>) {
    score_explained_in(query, key, |_| true)
}

/// Scores a name against a query (the reference scorer), as if every word most often started a
/// name; [`brute_force`](super::brute_force) knows the data and says where each word most often is.
pub fn score(query: &Query, key: &NameKey) -> Score {
    score_explained(query, key).0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize;
    use proptest::prelude::*;

    /// A name's parts as [`normalize::words`] gives its words: what [`NameParts`] must agree with.
    fn parts_from_words(name: &str) -> (Vec<(String, u32)>, String, u8) {
        let (mut parts, mut folded, mut position) = (Vec::new(), Vec::new(), 0usize);
        for word in normalize::words(name) {
            let first = position;
            for token in &word.tokens {
                folded.push(token.clone());
                if position < MAX_NAME_TOKENS {
                    parts.push((token.clone(), 1 << position));
                }
                position += 1;
            }
            if word.tokens.len() > 1 && position <= MAX_NAME_TOKENS {
                let covers = (first..position).fold(0u32, |m, i| m | 1 << i);
                parts.push((word.tokens.concat(), covers));
            }
        }
        let tokens = position.min(MAX_NAME_TOKENS) as u8;
        (parts, folded.join(" "), tokens)
    }

    proptest! {
        #[test]
        fn name_parts_are_the_words_tokens_and_compounds(
            name in "([A-Za-zÀ-ÿŁ'`.-]{0,6}[ \\t-]?){0,40}",
        ) {
            let key = NameKey::new(&name);
            let parts: Vec<(String, u32)> =
                key.parts.iter().map(|p| (p.text.clone(), p.covers)).collect();
            prop_assert_eq!((parts, key.folded, key.tokens), parts_from_words(&name));
        }
    }

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
    fn pinned_typos_count_only_beside_a_pinning_pair() {
        assert_eq!(pinned_typo("xi", "xu"), Some(TokenMatch::Typo(1)));
        assert_eq!(pinned_typo("vna", "van"), Some(TokenMatch::Typo(1)));
        assert_eq!(pinned_typo("rmaso", "ramos"), Some(TokenMatch::Typo(2)));
        assert_eq!(pinned_typo("xi", "xun"), None, "two edits in a short word");
        let wei_xu = NameKey::new("Wei Xu");
        let s = score(&Query::new("wei xi"), &wei_xu);
        assert!(s.is_match());
        assert_eq!(s.points, 170, "below the exact pairing");
        assert!(!score(&Query::new("xi"), &wei_xu).is_match(), "not alone");
        assert!(
            !score(&Query::new("xi w"), &wei_xu).is_match(),
            "an initial pins nothing"
        );
        assert!(!score(&Query::new("xi we"), &NameKey::new("Xu Wa")).is_match());
    }

    #[test]
    fn two_edits_in_a_four_or_five_letter_word_count_when_pinned_and_three_letters_stay() {
        assert_eq!(pinned_typo("lnra", "laura"), Some(TokenMatch::Typo(2)));
        assert_eq!(pinned_typo("kua", "kuhar"), Some(TokenMatch::Typo(2)));
        assert_eq!(pinned_typo("liamm", "lima"), Some(TokenMatch::Typo(2)));
        assert_eq!(pinned_typo("remmu", "remy"), Some(TokenMatch::Typo(2)));
        assert_eq!(
            pinned_typo("dnb", "deng"),
            None,
            "two letters left in common"
        );
        assert_eq!(
            pinned_typo("rnmu", "remy"),
            None,
            "two letters left in common"
        );
        assert_eq!(pinned_typo("lmia", "lima"), None, "one edit: match_token's");
        let laura = NameKey::new("Laura Alonso");
        let s = score(&Query::new("lnra alonso"), &laura);
        assert!(s.is_match());
        assert_eq!(s.points, 160);
        assert!(!score(&Query::new("lnra"), &laura).is_match(), "not alone");
        assert!(score(&Query::new("felipe liamm"), &NameKey::new("Felipe Lima")).is_match());
        assert!(near_token("lnra", "laura"), "a near miss alone");
    }

    #[test]
    fn a_word_alone_in_its_usual_place_ranks_first_all_else_equal() {
        let q = Query::new("michel");
        let given = score(&q, &NameKey::new("Michel Dupont"));
        let family = score(&q, &NameKey::new("Agathe Michel"));
        assert!(given.usual_place && !family.usual_place);
        assert_eq!(given.rank(&family), Ordering::Less);
        let whole = score(&q, &NameKey::new("Michel"));
        assert_eq!(whole.rank(&given), Ordering::Less, "coverage comes first");
        let in_order = score(
            &Query::new("dupont michel"),
            &NameKey::new("Anne Dupont Michel"),
        );
        assert!(!in_order.usual_place);
        let rare = |_: &str| false;
        assert_eq!(place_vote(1), FURTHER_IN_FACTOR);
        assert_eq!(place_vote(0b10), -1);
        let (given, family) = (
            score_explained_in(&q, &NameKey::new("Michel Dupont"), rare).0,
            score_explained_in(&q, &NameKey::new("Agathe Michel"), rare).0,
        );
        assert_eq!(
            family.rank(&given),
            Ordering::Less,
            "where fewer names start with the word"
        );
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
