//! What a command answers, as plain data, and the replies every command shares: not found and
//! refused. A command's own found answer shows itself through [`Show`].

use std::fmt::Write as _;

use super::QUERY_MAX_CHARS;
use crate::reply::{Button, COLOR_FAILURE, Embed, Outcome, Reply, Rows, bold, echo};
use crate::search::{Pairing, Score};

/// What a command answered: `F` is what it found, its own type.
#[derive(Debug, Clone)]
pub enum Answer<F> {
    Found(F),
    NotFound(NotFound),
    Rejected(Rejected),
}

/// A found answer's own reply, written in the command's file.
pub trait Show {
    /// Found, unless what was found is empty.
    fn outcome(&self) -> Outcome {
        Outcome::Found
    }

    /// The embed; `footer` must be set before the description, which gets the room left.
    fn embed(&self, footer: &str) -> Embed;

    /// Buttons under it: the others that matched, pages.
    fn buttons(&self) -> Rows {
        Rows::default()
    }
}

impl<F: Show> Answer<F> {
    pub fn outcome(&self) -> Outcome {
        match self {
            Answer::Found(found) => found.outcome(),
            Answer::NotFound(_) => Outcome::NotFound,
            Answer::Rejected(_) => Outcome::Refused,
        }
    }

    /// The reply: a pure function of the answer and the data's footer.
    pub fn reply(&self, footer: &str) -> Reply {
        let (embed, buttons) = match self {
            Answer::Found(found) => (found.embed(footer), found.buttons()),
            Answer::NotFound(missed) => (missed.embed(footer), missed.buttons()),
            Answer::Rejected(rejected) => (rejected.embed(), Rows::default()),
        };
        Reply::new(embed, self.outcome()).with_buttons(buttons)
    }
}

/// How a command says it found nothing.
#[derive(Debug)]
pub struct NotFoundWords {
    /// The title, e.g. "No one found".
    pub title: &'static str,
    /// Followed by the query, e.g. "Nobody in the dataset matches".
    pub lead: &'static str,
    /// What to type instead, e.g. "a first or last name".
    pub hint: &'static str,
}

/// A list shown beside a miss, e.g. the companies one can ask about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub title: &'static str,
    pub names: Vec<String>,
}

/// A name that came close, and the button that answers for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub name: String,
    /// `None` when its custom id would be too long: the text still names it.
    pub button: Option<Button>,
}

/// Nothing matched.
#[derive(Debug, Clone)]
pub struct NotFound {
    pub words: &'static NotFoundWords,
    /// The command's example, e.g. `/whereis Lample`.
    pub example: &'static str,
    /// What was typed.
    pub query: String,
    /// Names that came close, best first.
    pub suggestions: Vec<Suggestion>,
    pub listing: Option<Listing>,
}

impl NotFound {
    /// "Did you mean" as buttons.
    fn buttons(&self) -> Rows {
        Rows::default().wrap(self.suggestions.iter().filter_map(|s| s.button.clone()))
    }

    fn embed(&self, footer: &str) -> Embed {
        let mut text = format!("{} {}.", self.words.lead, echo(&self.query));
        if !self.suggestions.is_empty() {
            let names: Vec<String> = self.suggestions.iter().map(|s| bold(&s.name)).collect();
            let _ = write!(text, "\nDid you mean {}?", names.join(", "));
        }
        let _ = write!(text, "\nTry {}, e.g. `{}`.", self.words.hint, self.example);
        let mut e = Embed::new(self.words.title, COLOR_FAILURE);
        if let Some(listing) = &self.listing {
            e = e.field(listing.title, &listing.names.join(", "), false);
        }
        e.footer(footer).description(&text)
    }
}

/// Why a query was not searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryProblem {
    /// No letters or digits.
    Empty,
    /// Longer than [`QUERY_MAX_CHARS`].
    TooLong { chars: usize },
}

/// The query could not be searched.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub example: &'static str,
    pub query: String,
    pub problem: QueryProblem,
}

impl Rejected {
    fn embed(&self) -> Embed {
        let text = match self.problem {
            QueryProblem::Empty => format!(
                "Give me a name with at least one letter, e.g. `{}`.",
                self.example
            ),
            QueryProblem::TooLong { chars } => format!(
                "That is {chars} characters long; a name is at most {QUERY_MAX_CHARS} ({}).",
                echo(&self.query)
            ),
        };
        Embed::new("Cannot search that", COLOR_FAILURE).description(&text)
    }
}

/// An autocomplete choice: what the user sees, and what is filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Shown in the list, e.g. `Guillaume Lample · Mistral AI`.
    pub name: String,
    /// Put in the option when chosen, e.g. `Guillaume Lample`.
    pub value: String,
}

/// One ranked candidate with the reasons for its score, for `--explain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explained {
    /// The candidate's shown name.
    pub name: String,
    /// Which of its names scored (differs from `name` for a company alias).
    pub matched_name: String,
    /// Whether it matched (or only came close).
    pub is_match: bool,
    pub score: Score,
    /// How each query token was paired.
    pub pairings: Vec<Pairing>,
}
