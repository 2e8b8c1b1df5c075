//! The bot's slash commands, as plain functions of the catalog: nothing here knows Discord.
//!
//! Each command lives in one file (as in serenity's `e14_slash_commands` example): its [`Spec`]
//! (name, description, option, example), its answer, its autocomplete and its reply. [`ALL`] lists
//! them; adding a command is one new file and one line there. Every transport (the gateway bot, the
//! CLI) turns its input into a [`Request`] and calls [`run`].

mod answer;
pub mod buttons;
pub mod company;
mod lookup;
pub mod stats;
pub mod timeline;
pub mod whereis;

use std::borrow::Cow;
use std::fmt;

pub use answer::{
    Answer, Choice, Elsewhere, Explained, Listing, NotFound, NotFoundWords, QueryProblem, Rejected,
    Show, Suggestion, Tie, TieWords,
};
pub use buttons::{Delivery, Pressed, press};
pub use lookup::{MAX_OTHERS, MAX_SUGGESTIONS};

use crate::catalog::Catalog;
use crate::i18n::Locale;
use crate::reply::{COLOR_FAILURE, Embed, Outcome, Reply, echo};

/// Every command, in the order they are registered and listed.
pub static ALL: &[Command] = &[
    &whereis::Whereis,
    &company::CompanyCommand,
    &stats::Stats,
    &timeline::Timeline,
];

/// The longest name a user may type, in characters (the `name` option's `max_length`): no name is
/// longer, and a bound keeps every lookup fast.
pub const QUERY_MAX_CHARS: usize = 100;

/// The most of a line echoed in a parse error.
const ECHOED_CHARS: usize = 60;

/// What Discord shows of a command, and how it is used.
#[derive(Debug)]
pub struct Spec {
    /// Typed after the slash.
    pub name: &'static str,
    /// The message (in `src/i18n/*.ftl`) that describes it: [`Spec::description`].
    pub description_id: &'static str,
    /// Its one string option, if it takes one.
    pub option: Option<OptionSpec>,
    /// The command in use, e.g. `/whereis Lample`.
    pub example: &'static str,
}

/// A command's string option: what Discord shows, and whether it must be given.
#[derive(Debug)]
pub struct OptionSpec {
    /// The option's name, e.g. `name` (what `whereis name: Lample` types).
    pub name: &'static str,
    /// The message that describes it: [`OptionSpec::description`].
    pub description_id: &'static str,
    pub required: bool,
    /// Typed in upper case in usage lines, e.g. `NAME`.
    pub placeholder: &'static str,
}

impl Spec {
    /// The command as it is used: `/whereis NAME`, `/stats [COMPANY]`, `/timeline`.
    pub fn usage(&self) -> String {
        match &self.option {
            Some(o) if o.required => format!("/{} {}", self.name, o.placeholder),
            Some(o) => format!("/{} [{}]", self.name, o.placeholder),
            None => format!("/{}", self.name),
        }
    }

    /// What Discord shows under the command, in `locale`.
    pub fn description(&self, locale: Locale) -> Cow<'static, str> {
        locale.text(self.description_id)
    }
}

impl OptionSpec {
    /// What Discord shows under the option, in `locale`.
    pub fn description(&self, locale: Locale) -> Cow<'static, str> {
        locale.text(self.description_id)
    }
}

/// A slash command: one file under `src/commands/` implements it.
pub trait SlashCommand: Sync + fmt::Debug {
    fn spec(&self) -> &'static Spec;

    /// The reply to the command with its `name` option, written in `locale`.
    fn run_in(&self, catalog: &Catalog, name: &str, locale: Locale) -> Reply;

    /// The reply in English: [`SlashCommand::run_in`] with [`Locale::En`].
    fn run(&self, catalog: &Catalog, name: &str) -> Reply {
        self.run_in(catalog, name, Locale::En)
    }

    /// Autocomplete choices for what has been typed so far, best first, shown in `locale`.
    fn complete_in(&self, catalog: &Catalog, partial: &str, locale: Locale) -> Vec<Choice>;

    /// Autocomplete choices shown in English.
    fn complete(&self, catalog: &Catalog, partial: &str) -> Vec<Choice> {
        self.complete_in(catalog, partial, Locale::En)
    }

    /// The ranking behind the answer, with each candidate's reasons (`ask --explain`).
    fn explain(&self, catalog: &Catalog, name: &str) -> Vec<Explained>;

    /// The answer to one of this command's buttons; `what` is its custom id after
    /// `v1:<command>:`. `None` when the press no longer makes sense.
    fn press(&self, _catalog: &Catalog, _what: &str, _locale: Locale) -> Option<Pressed> {
        None
    }
}

/// A command of [`ALL`].
pub type Command = &'static dyn SlashCommand;

/// The command with this name, as typed after the slash (any case, slash optional).
pub fn find(word: &str) -> Option<Command> {
    let word = word.trim().trim_start_matches('/');
    ALL.iter()
        .copied()
        .find(|c| c.spec().name.eq_ignore_ascii_case(word))
}

/// A command with its argument, as the bot receives it.
#[derive(Debug, Clone)]
pub struct Request {
    pub command: Command,
    /// The command's option as typed; empty when it takes none, or it was left out.
    pub name: String,
    /// The language the reply is written in.
    pub locale: Locale,
}

impl PartialEq for Request {
    fn eq(&self, other: &Request) -> bool {
        self.command.spec().name == other.command.spec().name
            && self.name == other.name
            && self.locale == other.locale
    }
}

impl Eq for Request {}

/// Why a command line could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("no command: try {}", joined(ALL.iter().map(|c| format!("\"{}\"", c.spec().example)), "or"))]
    Empty,
    #[error("unknown command \"/{0}\": the commands are {list}", list = joined(usages(), "and"))]
    UnknownCommand(String),
    /// The line does not start with a command (no slash, and not a command's name).
    #[error("\"{0}\" does not start with a command: try \"/whereis {0}\" or \"/company {0}\"")]
    NoCommand(String),
    /// The command came without its name.
    #[error("/{0} needs a name, e.g. \"{1}\"")]
    MissingName(&'static str, &'static str),
}

/// `/whereis NAME`, `/company NAME`, …: each command as it is used.
fn usages() -> impl Iterator<Item = String> {
    ALL.iter().map(|c| c.spec().usage())
}

/// `a`, `a and b`, `a, b and c`.
fn joined(items: impl Iterator<Item = String>, last: &str) -> String {
    let items: Vec<String> = items.collect();
    match items.split_last() {
        None => String::new(),
        Some((only, [])) => only.clone(),
        Some((tail, head)) => format!("{} {last} {tail}", head.join(", ")),
    }
}

impl Request {
    /// A request answered in English; [`Request::in_locale`] changes the language.
    pub fn new(command: Command, name: impl Into<String>) -> Request {
        Request {
            command,
            name: name.into(),
            locale: Locale::En,
        }
    }

    /// The same request, answered in `locale`.
    pub fn in_locale(self, locale: Locale) -> Request {
        Request { locale, ..self }
    }

    /// Parses a command line as typed in chat: `/whereis Lample`, `whereis name: Lample`.
    ///
    /// ```
    /// use llama_alumni::commands::{Request, whereis::Whereis};
    /// let r = Request::parse("/whereis Guillaume Lample").unwrap();
    /// assert_eq!(r, Request::new(&Whereis, "Guillaume Lample"));
    /// assert!(Request::parse("/whois Lample").is_err());
    /// assert!(Request::parse("/company").is_err());
    /// ```
    pub fn parse(line: &str) -> Result<Request, ParseError> {
        let line = line.trim();
        if line.is_empty() || line == "/" {
            return Err(ParseError::Empty);
        }
        let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let command = find(word).ok_or_else(|| match word.strip_prefix('/') {
            Some(name) => ParseError::UnknownCommand(name.to_owned()),
            // Echoed in the hint: cut, so that a pasted paragraph stays one short line.
            None => ParseError::NoCommand(crate::limits::truncate(line, ECHOED_CHARS)),
        })?;
        let spec = command.spec();
        let Some(option) = &spec.option else {
            return Ok(Request::new(command, ""));
        };
        let rest = rest.trim_start();
        // Discord's form: `whereis name: Lample`.
        let prefix = format!("{}:", option.name);
        let name = match rest.get(..prefix.len()) {
            Some(p) if p.eq_ignore_ascii_case(&prefix) => rest[prefix.len()..].trim(),
            _ => rest.trim(),
        };
        if name.is_empty() && option.required {
            return Err(ParseError::MissingName(spec.name, spec.example));
        }
        Ok(Request::new(command, name))
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{} {}", self.command.spec().name, self.name)
    }
}

/// The footer of every answer from the data, in `locale`: written once per load and language.
fn footer(catalog: &Catalog, locale: Locale) -> &str {
    catalog.footer(locale, |ds| crate::reply::footer(ds, locale))
}

/// Answers a request: the pipeline every transport shares.
pub fn run(catalog: &Catalog, request: &Request) -> Reply {
    request
        .command
        .run_in(catalog, &request.name, request.locale)
}

/// The reply to a command this bot does not have (a stale registration), in English.
pub fn unknown_command(name: &str) -> Reply {
    unknown_command_in(name, Locale::En)
}

/// The reply to a command this bot does not have, in `locale`: the list of commands.
pub fn unknown_command_in(name: &str, locale: Locale) -> Reply {
    let usages: Vec<String> = usages().map(|u| format!("`{u}`")).collect();
    let command = echo(&format!("/{name}"));
    let list = locale.list(&usages);
    let text = locale.format(
        "unknown-command",
        &[("command", (&command).into()), ("list", (&list).into())],
    );
    let e = Embed::new(&locale.text("unknown-command-title"), COLOR_FAILURE).description(&text);
    Reply::new(e, Outcome::Refused)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits;

    #[test]
    fn parses_discord_style_option_prefix() {
        let r = Request::parse("whereis name: Lample").unwrap();
        assert_eq!(r.name, "Lample");
        let r = Request::parse("/COMPANY   Mistral AI ").unwrap();
        assert_eq!(r, Request::new(&company::CompanyCommand, "Mistral AI"));
    }

    #[test]
    fn parse_errors_say_what_to_do() {
        assert_eq!(Request::parse("   "), Err(ParseError::Empty));
        assert_eq!(
            Request::parse("/whereis   "),
            Err(ParseError::MissingName("whereis", "/whereis Lample"))
        );
        let err = Request::parse("/who Lample").unwrap_err();
        assert!(err.to_string().contains("/whereis NAME"), "{err}");
        // No slash typed, none added: the hint shows the line with a command before it.
        let err = Request::parse("Lample").unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"Lample\" does not start with a command: try \"/whereis Lample\" or \"/company Lample\""
        );
    }

    #[test]
    fn error_messages_list_every_command() {
        assert_eq!(
            ParseError::Empty.to_string(),
            "no command: try \"/whereis Lample\", \"/company Mistral\", \"/stats\" or \"/timeline\""
        );
        assert_eq!(
            ParseError::UnknownCommand("who".into()).to_string(),
            "unknown command \"/who\": the commands are /whereis NAME, /company NAME, /stats [COMPANY] and /timeline"
        );
        assert_eq!(
            joined(["a", "b", "c"].map(String::from).into_iter(), "or"),
            "a, b or c"
        );
    }

    #[test]
    fn commands_without_a_required_option_parse_alone() {
        assert_eq!(Request::parse("/stats").unwrap().name, "");
        assert_eq!(
            Request::parse("/stats company: Mistral").unwrap().name,
            "Mistral"
        );
        assert_eq!(Request::parse("/timeline").unwrap().name, "");
    }

    #[test]
    fn descriptions_fit_discord() {
        for c in ALL {
            let spec = c.spec();
            assert!((1..=limits::COMMAND_NAME).contains(&spec.name.chars().count()));
            for locale in Locale::ALL {
                let d = spec.description(locale);
                assert!(
                    (1..=limits::COMMAND_DESCRIPTION).contains(&d.chars().count()),
                    "{locale:?} /{}: {d:?}",
                    spec.name
                );
                if let Some(option) = &spec.option {
                    let d = option.description(locale);
                    assert!(
                        (1..=limits::OPTION_DESCRIPTION).contains(&d.chars().count()),
                        "{locale:?} /{} {}: {d:?}",
                        spec.name,
                        option.name
                    );
                }
            }
        }
    }

    #[test]
    fn english_descriptions_are_unchanged() {
        // Registration is compared by Discord: a changed English description re-registers.
        assert_eq!(
            whereis::Whereis.spec().description(Locale::En),
            "Where does a LLaMA paper author work now? Role, company, when they left Meta."
        );
        let french = whereis::Whereis.spec().description(Locale::Fr);
        assert!(french.starts_with("Où travaille"), "{french}");
    }

    #[test]
    fn a_request_keeps_its_locale() {
        let r = Request::parse("/whereis Lample").unwrap();
        assert_eq!(r.locale, Locale::En);
        let r = r.in_locale(Locale::Fr);
        assert_eq!(r.locale, Locale::Fr);
        assert_ne!(r, Request::new(&whereis::Whereis, "Lample"));
    }
}
