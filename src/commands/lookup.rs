//! What the commands that take a name share: checking the query, finding the best match and those
//! about as good, suggestions for a miss, autocomplete choices, and the ranking behind an answer.

use super::QUERY_MAX_CHARS;
use super::answer::{
    Answer, Choice, Explained, Listing, NotFound, NotFoundWords, QueryProblem, Rejected, Suggestion,
};
use crate::limits::CHOICES as MAX_CHOICES;
use crate::search::{Hit, NameIndex, NameKey, Query, score_explained};

/// The most other close matches named beside the best one: enough to see it is ambiguous.
pub const MAX_OTHERS: usize = 10;
/// The most "did you mean" suggestions in a reply.
pub const MAX_SUGGESTIONS: usize = 5;
/// The most names listed for an initial alone ("G"): four rows of buttons.
pub const MAX_INITIAL_LISTED: usize = 20;

/// The letter of a query that is one initial alone ("G", "g."): it can only mean the names with a
/// word starting with it.
fn initial_alone(query: &Query) -> Option<&str> {
    match query.tokens() {
        [only] if only.chars().count() == 1 => Some(only.as_str()),
        _ => None,
    }
}

/// The best match and the others that matched about as well, as targets of the index.
#[derive(Debug, Clone)]
pub(super) struct Matches {
    pub best: usize,
    pub others: Vec<usize>,
    /// How many of `others` (the first ones) match exactly as well as the best: a tie that only
    /// the alphabet would break, which a reply must not hide.
    pub tied: usize,
}

impl Matches {
    /// The best and those tied with it, in ranking order.
    pub fn tied(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.best).chain(self.others[..self.tied].iter().copied())
    }
}

/// Why a lookup found nothing.
#[derive(Debug, Clone)]
pub(super) enum Miss {
    Rejected(QueryProblem),
    /// Targets that came close, best first.
    NotFound(Vec<usize>),
}

impl Miss {
    /// The answer for a miss; `suggest` names a suggested target, with its button.
    pub(super) fn answer<F>(
        self,
        words: &'static NotFoundWords,
        example: &'static str,
        query: &str,
        suggest: impl Fn(usize) -> Suggestion,
        listing: Option<Listing>,
    ) -> Answer<F> {
        match self {
            Miss::Rejected(problem) => Answer::Rejected(Rejected {
                example,
                query: query.to_owned(),
                problem,
            }),
            Miss::NotFound(near) => Answer::NotFound(NotFound {
                words,
                example,
                query: query.to_owned(),
                suggestions: near.into_iter().map(suggest).collect(),
                listing,
                elsewhere: None,
            }),
        }
    }
}

fn checked_query(text: &str) -> Result<Query, QueryProblem> {
    let chars = text.chars().count();
    if chars > QUERY_MAX_CHARS {
        return Err(QueryProblem::TooLong { chars });
    }
    let query = Query::new(text);
    if query.is_empty() {
        return Err(QueryProblem::Empty);
    }
    Ok(query)
}

/// Looks a name up: the best match and those about as good, or why there is none.
pub(super) fn find(index: &NameIndex, text: &str) -> Result<Matches, Miss> {
    let query = checked_query(text).map_err(Miss::Rejected)?;
    let matches = index.close_matches(&query, 1 + MAX_OTHERS);
    match matches.split_first() {
        Some((best, others)) => Ok(Matches {
            best: best.target,
            others: others.iter().map(|h| h.target).collect(),
            tied: others
                .iter()
                .take_while(|h| h.score.rank(&best.score).is_eq())
                .count(),
        }),
        None => Err(Miss::NotFound(match initial_alone(&query) {
            Some(letter) => index.with_initial(letter, MAX_INITIAL_LISTED),
            None => index
                .near_misses(&query, &[], MAX_SUGGESTIONS)
                .iter()
                .map(|h| h.target)
                .collect(),
        })),
    }
}

/// Autocomplete: up to [`MAX_CHOICES`] targets, best first, matches then near misses; for empty
/// input, the first ones alphabetically; for overlong input (no name is that long), none.
pub(super) fn complete(
    index: &NameIndex,
    partial: &str,
    choice: impl Fn(usize) -> Choice,
) -> Vec<Choice> {
    if partial.chars().count() > QUERY_MAX_CHARS {
        return Vec::new();
    }
    let query = Query::new(partial);
    let targets: Vec<usize> = if query.is_empty() {
        index
            .alphabetical()
            .iter()
            .copied()
            .take(MAX_CHOICES)
            .collect()
    } else if let Some(letter) = initial_alone(&query) {
        index.with_initial(letter, MAX_CHOICES)
    } else {
        let ranking = index.search(&query, MAX_CHOICES);
        ranking
            .matches
            .iter()
            .chain(&ranking.near)
            .map(|h| h.target)
            .take(MAX_CHOICES)
            .collect()
    };
    targets.into_iter().map(choice).collect()
}

/// The ranking behind an answer, best first, with each candidate's reasons. `names` gives a hit's
/// shown name and the name of it that scored.
pub(super) fn explain(
    index: &NameIndex,
    text: &str,
    names: impl Fn(&Hit) -> (String, String),
) -> Vec<Explained> {
    let Ok(query) = checked_query(text) else {
        return Vec::new();
    };
    let ranking = index.search(&query, MAX_CHOICES);
    ranking
        .matches
        .iter()
        .chain(&ranking.near)
        .map(|h| {
            let (name, matched_name) = names(h);
            let pairings = score_explained(&query, &NameKey::new(&matched_name)).1;
            Explained {
                name,
                matched_name,
                is_match: h.score.is_match(),
                score: h.score,
                pairings,
            }
        })
        .collect()
}
