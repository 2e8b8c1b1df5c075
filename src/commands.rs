//! The bot's commands, `/whereis` and `/company`: what each takes and what it answers, as plain data.
//!
//! Nothing here knows Discord: a [`Request`] (parsed from `/whereis Lample` or built by the bot from an
//! interaction) goes in, an [`Answer`] comes out; [`crate::render`] turns answers into Discord bodies.

use std::fmt;
use std::str::FromStr;

use crate::dataset::{Company, Person};
use crate::search::{Catalog, NameIndex, NameKey, Pairing, Query, Score, score_explained};

/// The longest name a user may type, in characters (the slash option's `max_length`).
pub const QUERY_MAX_CHARS: usize = 100;
/// The most autocomplete choices Discord shows.
pub const MAX_CHOICES: usize = 25;
/// The most "did you mean" suggestions in a reply.
pub const MAX_SUGGESTIONS: usize = 5;
/// The most other close matches named beside the best one.
pub const MAX_OTHERS: usize = 10;

/// A slash command of the bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandName {
    /// `/whereis NAME`: where a researcher works now.
    WhereIs,
    /// `/company NAME`: every researcher now at a company.
    Company,
}

impl CommandName {
    /// Every command, in the order they are listed.
    pub const ALL: [CommandName; 2] = [CommandName::WhereIs, CommandName::Company];

    /// The command's name as typed after the slash.
    pub fn as_str(self) -> &'static str {
        match self {
            CommandName::WhereIs => "whereis",
            CommandName::Company => "company",
        }
    }

    /// What the command does, as Discord shows it (at most 100 characters).
    pub fn description(self) -> &'static str {
        match self {
            CommandName::WhereIs => {
                "Where does a LLaMA paper author work now? Role, company, when they left Meta."
            }
            CommandName::Company => "Which LLaMA paper authors work at a company now?",
        }
    }

    /// What the `name` option takes, as Discord shows it (at most 100 characters).
    pub fn option_description(self) -> &'static str {
        match self {
            CommandName::WhereIs => "A researcher's name, or part of it (typos are fine)",
            CommandName::Company => "A company, e.g. Mistral, DeepMind, Meta",
        }
    }

    /// An example of the command in use.
    pub fn example(self) -> &'static str {
        match self {
            CommandName::WhereIs => "/whereis Lample",
            CommandName::Company => "/company Mistral",
        }
    }
}

impl fmt::Display for CommandName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CommandName {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let word = s.trim().trim_start_matches('/');
        CommandName::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(word))
            .ok_or_else(|| ParseError::UnknownCommand(word.to_owned()))
    }
}

/// Why a command line could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Nothing was typed.
    #[error("no command: try \"/whereis Lample\" or \"/company Mistral\"")]
    Empty,
    /// The command is not one of ours.
    #[error("unknown command \"/{0}\": the commands are /whereis NAME and /company NAME")]
    UnknownCommand(String),
    /// The command came without its name.
    #[error("/{0} needs a name, e.g. \"{example}\"", example = .0.example())]
    MissingName(CommandName),
}

/// A command with its argument, as the bot receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Which command.
    pub command: CommandName,
    /// The `name` option, as typed.
    pub name: String,
}

impl Request {
    /// Builds a request.
    pub fn new(command: CommandName, name: impl Into<String>) -> Request {
        Request {
            command,
            name: name.into(),
        }
    }

    /// Parses a command line as typed in chat: `/whereis Lample`, `whereis name: Lample`.
    ///
    /// ```
    /// use llama_alumni::commands::{CommandName, Request};
    /// let r = Request::parse("/whereis Guillaume Lample").unwrap();
    /// assert_eq!(r, Request::new(CommandName::WhereIs, "Guillaume Lample"));
    /// assert!(Request::parse("/whois Lample").is_err());
    /// assert!(Request::parse("/company").is_err());
    /// ```
    pub fn parse(line: &str) -> Result<Request, ParseError> {
        let line = line.trim();
        if line.is_empty() || line == "/" {
            return Err(ParseError::Empty);
        }
        let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let command: CommandName = word.parse()?;
        let rest = rest.trim_start();
        let name = match rest.get(..5) {
            Some(prefix) if prefix.eq_ignore_ascii_case("name:") => rest[5..].trim(),
            _ => rest.trim(),
        };
        if name.is_empty() {
            return Err(ParseError::MissingName(command));
        }
        Ok(Request::new(command, name))
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{} {}", self.command, self.name)
    }
}

/// Why a query was not searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryProblem {
    /// No letters or digits.
    Empty,
    /// Longer than [`QUERY_MAX_CHARS`].
    TooLong {
        /// How many characters it had.
        chars: usize,
    },
}

/// What a command answers, before it is rendered.
#[derive(Debug, Clone)]
pub enum Answer<'a> {
    /// `/whereis` found someone.
    Person {
        /// The best match.
        person: &'a Person,
        /// Others who matched about as well.
        others: Vec<&'a Person>,
    },
    /// `/company` found a company.
    Company {
        /// The company.
        company: &'a Company,
        /// Its index in the dataset, for [`Catalog::roster`].
        company_index: usize,
        /// Other companies that matched about as well.
        others: Vec<&'a Company>,
    },
    /// Nothing matched.
    NotFound {
        /// Which command.
        command: CommandName,
        /// What was typed.
        query: String,
        /// Names that came close, best first.
        suggestions: Vec<String>,
    },
    /// The query could not be searched.
    Rejected {
        /// Which command.
        command: CommandName,
        /// What was typed.
        query: String,
        /// Why.
        problem: QueryProblem,
    },
}

impl Answer<'_> {
    /// Whether the answer is a failure the user should see alone (not found, rejected).
    pub fn is_failure(&self) -> bool {
        matches!(self, Answer::NotFound { .. } | Answer::Rejected { .. })
    }
}

fn checked_query(request: &Request) -> Result<Query, QueryProblem> {
    let chars = request.name.chars().count();
    if chars > QUERY_MAX_CHARS {
        return Err(QueryProblem::TooLong { chars });
    }
    let query = Query::new(&request.name);
    if query.is_empty() {
        return Err(QueryProblem::Empty);
    }
    Ok(query)
}

fn index_of(catalog: &Catalog, command: CommandName) -> &NameIndex {
    match command {
        CommandName::WhereIs => catalog.people(),
        CommandName::Company => catalog.companies(),
    }
}

/// Answers a request from the catalog.
pub fn answer<'a>(catalog: &'a Catalog, request: &Request) -> Answer<'a> {
    let query = match checked_query(request) {
        Ok(q) => q,
        Err(problem) => {
            return Answer::Rejected {
                command: request.command,
                query: request.name.clone(),
                problem,
            };
        }
    };
    let ds = catalog.dataset();
    let index = index_of(catalog, request.command);
    let matches = index.close_matches(&query, 1 + MAX_OTHERS);
    let Some(best) = matches.first() else {
        let suggestions = index
            .near_misses(&query, &[], MAX_SUGGESTIONS)
            .iter()
            .map(|h| match request.command {
                CommandName::WhereIs => ds.people()[h.target].name.clone(),
                CommandName::Company => ds.companies()[h.target].name.clone(),
            })
            .collect();
        return Answer::NotFound {
            command: request.command,
            query: request.name.clone(),
            suggestions,
        };
    };
    match request.command {
        CommandName::WhereIs => Answer::Person {
            person: &ds.people()[best.target],
            others: matches[1..]
                .iter()
                .map(|h| &ds.people()[h.target])
                .collect(),
        },
        CommandName::Company => Answer::Company {
            company: &ds.companies()[best.target],
            company_index: best.target,
            others: matches[1..]
                .iter()
                .map(|h| &ds.companies()[h.target])
                .collect(),
        },
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

/// Autocomplete for a command's `name` option: up to [`MAX_CHOICES`] choices, best first, matches
/// then near misses; for empty input, the first ones alphabetically.
pub fn complete(catalog: &Catalog, command: CommandName, partial: &str) -> Vec<Choice> {
    let index = index_of(catalog, command);
    let query = Query::new(partial);
    let targets: Vec<usize> = if query.is_empty() || partial.chars().count() > QUERY_MAX_CHARS {
        index
            .alphabetical()
            .iter()
            .copied()
            .take(MAX_CHOICES)
            .collect()
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
    let ds = catalog.dataset();
    targets
        .into_iter()
        .map(|t| match command {
            CommandName::WhereIs => {
                let p = &ds.people()[t];
                Choice {
                    name: format!("{} · {}", p.name, ds.company_of(p).name),
                    value: p.name.clone(),
                }
            }
            CommandName::Company => {
                let c = &ds.companies()[t];
                let n = catalog.headcount(t);
                Choice {
                    name: format!(
                        "{} · {n} {}",
                        c.name,
                        if n == 1 { "author" } else { "authors" }
                    ),
                    value: c.name.clone(),
                }
            }
        })
        .collect()
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
    /// Its score.
    pub score: Score,
    /// How each query token was paired.
    pub pairings: Vec<Pairing>,
}

/// The ranking behind an answer, best first, with each candidate's reasons.
pub fn explain(catalog: &Catalog, request: &Request) -> Vec<Explained> {
    let Ok(query) = checked_query(request) else {
        return Vec::new();
    };
    let index = index_of(catalog, request.command);
    let ranking = index.search(&query, MAX_CHOICES);
    let ds = catalog.dataset();
    ranking
        .matches
        .iter()
        .chain(&ranking.near)
        .map(|h| {
            let (name, matched_name) = match request.command {
                CommandName::WhereIs => {
                    let n = ds.people()[h.target].name.clone();
                    (n.clone(), n)
                }
                CommandName::Company => {
                    let c = &ds.companies()[h.target];
                    let matched = c.names().nth(h.name).unwrap_or(&c.name).to_owned();
                    (c.name.clone(), matched)
                }
            };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_discord_style_option_prefix() {
        let r = Request::parse("whereis name: Lample").unwrap();
        assert_eq!(r.name, "Lample");
        let r = Request::parse("/COMPANY   Mistral AI ").unwrap();
        assert_eq!(r, Request::new(CommandName::Company, "Mistral AI"));
    }

    #[test]
    fn parse_errors_say_what_to_do() {
        assert_eq!(Request::parse("   "), Err(ParseError::Empty));
        assert_eq!(
            Request::parse("/whereis   "),
            Err(ParseError::MissingName(CommandName::WhereIs))
        );
        let err = Request::parse("/who Lample").unwrap_err();
        assert!(err.to_string().contains("/whereis NAME"), "{err}");
    }

    #[test]
    fn descriptions_fit_discord() {
        for c in CommandName::ALL {
            assert!((1..=100).contains(&c.description().chars().count()));
            assert!((1..=100).contains(&c.option_description().chars().count()));
        }
    }
}
