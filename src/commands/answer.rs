//! What a command answers, as plain data, and the replies every command shares: not found and
//! refused. A command's own found answer shows itself through [`Show`].

use super::QUERY_MAX_CHARS;
use crate::i18n::Locale;
use crate::reply::{Attachment, Button, COLOR_FAILURE, Embed, Outcome, Reply, Rows, bold, echo};
use crate::search::{Pairing, Score};

/// What a command answered: `F` is what it found, its own type.
#[derive(Debug, Clone)]
pub enum Answer<F> {
    Found(F),
    /// Several matched exactly as well: listed, none picked.
    Tie(Tie),
    NotFound(NotFound),
    Rejected(Rejected),
}

/// How a command says several matched equally: the ids of its messages.
#[derive(Debug)]
pub struct TieWords {
    /// With `n`, e.g. "3 companies match equally".
    pub title: &'static str,
    /// With `n`, `names` and `query`.
    pub text: &'static str,
}

/// Several matched exactly as well as each other, in the order the ranking gives: each a button.
#[derive(Debug, Clone)]
pub struct Tie {
    pub words: &'static TieWords,
    /// What was typed.
    pub query: String,
    pub candidates: Vec<Suggestion>,
}

impl Tie {
    fn embed(&self, footer: &str, locale: Locale) -> Embed {
        let n = self.candidates.len();
        let names: Vec<String> = self.candidates.iter().map(|c| bold(&c.name)).collect();
        let (names, query) = (locale.list(&names), echo(&self.query));
        let text = locale.format(
            self.words.text,
            &[
                ("n", n.into()),
                ("names", (&names).into()),
                ("query", (&query).into()),
            ],
        );
        let title = locale.format(self.words.title, &[("n", n.into())]);
        Embed::new(&title, COLOR_TIE)
            .footer(footer)
            .description(&text)
    }

    fn buttons(&self) -> Rows {
        Rows::default().wrap(self.candidates.iter().filter_map(|c| c.button.clone()))
    }
}

/// Colour of a tie: Discord's blurple, a question back rather than an answer.
const COLOR_TIE: u32 = 0x58_65_F2;

/// A found answer's own reply, written in the command's file.
pub trait Show {
    /// Found, unless what was found is empty.
    fn outcome(&self) -> Outcome {
        Outcome::Found
    }

    /// The embed, written in `locale`; `footer` must be set before the description, which gets
    /// the room left.
    fn embed(&self, footer: &str, locale: Locale) -> Embed;

    /// Buttons under it, labelled in `locale`: the others that matched, pages.
    fn buttons(&self, _locale: Locale) -> Rows {
        Rows::default()
    }

    /// A picture shown in the embed (sent as a file beside it), with its text in `locale`.
    fn image(&self, _locale: Locale) -> Option<Attachment> {
        None
    }
}

impl<F: Show> Answer<F> {
    pub fn outcome(&self) -> Outcome {
        match self {
            Answer::Found(found) => found.outcome(),
            Answer::Tie(_) => Outcome::Found,
            Answer::NotFound(_) => Outcome::NotFound,
            Answer::Rejected(_) => Outcome::Refused,
        }
    }

    /// The reply: a pure function of the answer, the data's footer and the language.
    pub fn reply(&self, footer: &str, locale: Locale) -> Reply {
        let (embed, buttons) = match self {
            Answer::Found(found) => (found.embed(footer, locale), found.buttons(locale)),
            Answer::Tie(tie) => (tie.embed(footer, locale), tie.buttons()),
            Answer::NotFound(missed) => (missed.embed(footer, locale), missed.buttons()),
            Answer::Rejected(rejected) => (rejected.embed(locale), Rows::default()),
        };
        let reply = Reply::new(embed, self.outcome()).with_buttons(buttons);
        match self {
            Answer::Found(found) => match found.image(locale) {
                Some(picture) => reply.with_image(picture),
                None => reply,
            },
            _ => reply,
        }
    }
}

/// How a command says it found nothing: the ids of its messages.
#[derive(Debug)]
pub struct NotFoundWords {
    /// The title, e.g. "No one found".
    pub title: &'static str,
    /// The first line, with the `query`, e.g. "Nobody in the dataset matches `x`."
    pub lead: &'static str,
    /// What to type instead, with an `example`, e.g. "Try a first or last name, e.g. `/whereis
    /// Lample`."
    pub hint: &'static str,
}

/// A list shown beside a miss, e.g. the companies one can ask about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// The id of its title's message.
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

/// What the other command would have found: "Mistral AI is a company: try `/company Mistral`".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elsewhere {
    /// The message that says what it is, with `name` and `command`.
    pub message: &'static str,
    pub name: String,
    /// What to type instead, e.g. `/company Mistral`.
    pub command: String,
    pub button: Option<Button>,
}

impl<F> Answer<F> {
    /// A miss that the other command would have found says so (`elsewhere` runs only on a miss).
    pub fn or_elsewhere(self, elsewhere: impl FnOnce() -> Option<Elsewhere>) -> Answer<F> {
        match self {
            Answer::NotFound(mut missed) => {
                missed.elsewhere = elsewhere();
                Answer::NotFound(missed)
            }
            other => other,
        }
    }
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
    /// What the other command would have found.
    pub elsewhere: Option<Elsewhere>,
}

impl NotFound {
    /// "Did you mean" as buttons.
    fn buttons(&self) -> Rows {
        let elsewhere = self.elsewhere.iter().filter_map(|e| e.button.clone());
        let suggested = self.suggestions.iter().filter_map(|s| s.button.clone());
        Rows::default().wrap(elsewhere.chain(suggested))
    }

    fn embed(&self, footer: &str, locale: Locale) -> Embed {
        let query = echo(&self.query);
        let mut text = locale
            .format(self.words.lead, &[("query", (&query).into())])
            .into_owned();
        if !self.suggestions.is_empty() {
            let names: Vec<String> = self.suggestions.iter().map(|s| bold(&s.name)).collect();
            let names = names.join(", ");
            text.push('\n');
            text.push_str(&locale.format("did-you-mean", &[("names", (&names).into())]));
        }
        if let Some(other) = &self.elsewhere {
            let (name, command) = (bold(&other.name), echo(&other.command));
            let args = [("name", (&name).into()), ("command", (&command).into())];
            text.push('\n');
            text.push_str(&locale.format(other.message, &args));
        }
        text.push('\n');
        text.push_str(&locale.format(self.words.hint, &[("example", self.example.into())]));
        let mut e = Embed::new(&locale.text(self.words.title), COLOR_FAILURE);
        if let Some(listing) = &self.listing {
            e = e.field(
                &locale.text(listing.title),
                &listing.names.join(", "),
                false,
            );
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
    fn embed(&self, locale: Locale) -> Embed {
        let text = match self.problem {
            QueryProblem::Empty => {
                locale.format("rejected-empty", &[("example", self.example.into())])
            }
            QueryProblem::TooLong { chars } => locale.format(
                "rejected-too-long",
                &[
                    ("chars", chars.into()),
                    ("max", QUERY_MAX_CHARS.into()),
                    ("query", (&echo(&self.query)).into()),
                ],
            ),
        };
        Embed::new(&locale.text("rejected-title"), COLOR_FAILURE).description(&text)
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
