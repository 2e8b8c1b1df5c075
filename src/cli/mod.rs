//! The command line: `ask`, `complete`, `check-data` and `serve` (the bot), on the pipeline the bot
//! uses. [`run`] does the work; [`exit_code`] alone decides the process's exit code:
//!
//! - 0 (`FOUND`): an answer was found, the data is valid, or the bot stopped on a signal;
//! - 1 (`NOT_FOUND`): nothing was found (the reply says so and suggests names);
//! - 2 (`BAD_INPUT`): the command line, a query (blank, too long, not a command, a button out of
//!   date) or the bot's configuration is wrong, or Discord refused the token or a call;
//! - 3 (`CANNOT_REACH_DISCORD`): Discord cannot be reached (the bot gave up retrying), or the
//!   connection was lost;
//! - 4 (`BAD_DATA`): the dataset file is refused (one line on stderr names the file, line and
//!   field).
//!
//! Batch mode exits with the worst of its lines: 2 if any line was refused, else 1 if any found
//! nothing, else 0.

mod ask;
mod check_data;

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};

use crate::catalog::Catalog;
use crate::commands::{self, Command as SlashCommand, ParseError};
use crate::dataset::DatasetError;
use crate::discord::{self, BotError};
use crate::i18n::{Locale, UnknownLocale};
use crate::reply::Outcome;

pub use check_data::summary;

/// Where did the authors of Meta's 2023 LLaMA paper go? Look them up offline, or run the Discord bot.
#[derive(Debug, Parser)]
#[command(name = "llama-alumni", version, about, long_about = None)]
pub struct Cli {
    /// Dataset file to use instead of the embedded one.
    #[arg(long, global = true, env = "ALUMNI_DATA", value_name = "PATH")]
    pub data: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer a slash command as the bot would, e.g. `ask "/whereis Lample"`.
    ///
    /// Without a query, reads one query per line from stdin and answers each in turn (with --json,
    /// one response body per line).
    Ask {
        /// Print the interaction-response body the bot sends to Discord (JSON).
        #[arg(long)]
        json: bool,
        /// Also print the ranking behind the answer, with each candidate's score (to stderr with --json).
        #[arg(long)]
        explain: bool,
        /// Write the reply's files (the /stats chart) into this directory.
        #[arg(long, value_name = "DIR")]
        attach: Option<PathBuf>,
        /// The reply's language: en or fr, or a Discord locale (fr-* is French, any other English).
        #[arg(long, default_value = "en", value_name = "LOCALE")]
        locale: String,
        /// The command, e.g. "/whereis Lample" or "/company Mistral".
        #[arg(value_name = "QUERY", num_args = 0..)]
        query: Vec<String>,
    },
    /// Print the autocomplete choices for a partial name, e.g. `complete whereis lam`.
    ///
    /// An empty partial ("") lists the first 25 alphabetically. Without a partial, reads one per line
    /// from stdin.
    Complete {
        /// Print the autocomplete response body (type 8) the bot sends to Discord.
        #[arg(long)]
        json: bool,
        /// The choices' language: en or fr, or a Discord locale (fr-* is French, any other English).
        #[arg(long, default_value = "en", value_name = "LOCALE")]
        locale: String,
        /// Which command's `name` option.
        #[arg(value_parser = command_parser())]
        command: SlashCommand,
        /// What the user has typed so far.
        #[arg(value_name = "PARTIAL", num_args = 0..)]
        partial: Vec<String>,
    },
    /// Print what pressing a reply's button answers, e.g. `press 'v1:whereis:Guillaume Lample'`.
    ///
    /// Each reply lists its buttons' ids under it (and `ask --json` has them in `components`).
    Press {
        /// Print the interaction-response body (type 4, or 7 for a page) the bot sends to Discord.
        #[arg(long)]
        json: bool,
        /// The reply's language: en or fr, or a Discord locale (fr-* is French, any other English).
        #[arg(long, default_value = "en", value_name = "LOCALE")]
        locale: String,
        /// Write the reply's files into this directory.
        #[arg(long, value_name = "DIR")]
        attach: Option<PathBuf>,
        /// The button's custom id.
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Validate a dataset file (default: --data, or the embedded one) and summarize it.
    CheckData {
        /// The file to check.
        path: Option<PathBuf>,
    },
    /// Serve Discord's HTTP interactions endpoint until SIGINT or SIGTERM (SIGHUP reloads the dataset).
    ///
    /// Configured by the environment or a .env file: DISCORD_PUBLIC_KEY (required); with
    /// DISCORD_TOKEN, it registers the commands too. GET /healthz, /readyz and /metrics beside.
    ServeHttp {
        /// Where to listen.
        #[arg(
            long,
            env = "LISTEN_ADDR",
            default_value = "127.0.0.1:8080",
            value_name = "ADDR"
        )]
        listen: std::net::SocketAddr,
    },
    /// Register the commands with Discord and exit (DISCORD_TOKEN; DISCORD_GUILD_ID for one guild).
    Register,
    /// Run the Discord bot until SIGINT or SIGTERM (SIGHUP reloads the dataset).
    ///
    /// Configured by the environment or a .env file: DISCORD_TOKEN (required), DISCORD_GUILD_ID,
    /// DISCORD_PROXY, SHARDS, ALUMNI_DATA, RUST_LOG; see .env.example.
    Serve {
        /// Also serve /healthz, /readyz and /metrics here.
        #[arg(long, env = "HEALTH_ADDR", value_name = "ADDR")]
        health: Option<std::net::SocketAddr>,
    },
}

/// A command name on the command line: one of [`commands::ALL`].
fn command_parser() -> impl TypedValueParser<Value = SlashCommand> {
    let names = commands::ALL.iter().map(|c| {
        let name = c.spec().name;
        PossibleValue::new(name).help(format!("`/{name}`"))
    });
    PossibleValuesParser::new(names)
        .try_map(|name| commands::find(&name).ok_or(ParseError::UnknownCommand(name)))
}

/// Why the command line failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Data(#[from] DatasetError),
    /// The query is not a command.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// `--locale` is not a language.
    #[error(transparent)]
    Locale(#[from] UnknownLocale),
    /// Something else about the command line.
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Bot(#[from] BotError),
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
}

impl CliError {
    /// Writing failed because the reader closed the pipe (`llama-alumni … | head`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// How a run ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The data was checked, the choices listed, or the bot stopped on a signal.
    Done,
    /// One query was answered.
    Answered(Outcome),
    /// Queries read from stdin were answered, but some lines were not commands.
    MalformedLines,
}

/// An answer was found (or the work is done).
pub const FOUND: u8 = 0;
/// Nothing was found: the reply says so.
pub const NOT_FOUND: u8 = 1;
/// The input (command line, query, configuration) is wrong.
pub const BAD_INPUT: u8 = 2;
/// Discord cannot be reached (or is lost): not 1, which means "not found".
pub const CANNOT_REACH_DISCORD: u8 = 3;
/// The dataset file is refused.
pub const BAD_DATA: u8 = 4;

/// The process's exit code for what [`run`] returned: the one place that decides it.
pub fn exit_code(result: &Result<Status, CliError>) -> u8 {
    match result {
        Ok(Status::Done | Status::Answered(Outcome::Found)) => FOUND,
        Ok(Status::Answered(Outcome::NotFound)) => NOT_FOUND,
        Ok(Status::Answered(Outcome::Refused) | Status::MalformedLines) => BAD_INPUT,
        Err(CliError::Bot(err)) if err.is_unreachable() => CANNOT_REACH_DISCORD,
        Err(CliError::Data(err) | CliError::Bot(BotError::Data(err)))
            if err.is_about_the_file() =>
        {
            BAD_DATA
        }
        Err(_) => BAD_INPUT,
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Status, CliError> {
    // Styles reach a terminal only, and not with NO_COLOR set: anstream strips them otherwise.
    let mut out = anstream::AutoStream::auto(std::io::stdout().lock());
    let data = cli.data;
    let catalog = || -> Result<Catalog, CliError> { Ok(Catalog::load(data.as_deref())?) };
    match cli.command {
        Command::Ask {
            json,
            explain,
            attach,
            locale,
            query,
        } => {
            let how = ask::How {
                json,
                locale: Locale::from_cli(&locale)?,
            };
            let catalog = catalog()?;
            if query.is_empty() {
                ask::batch(&catalog, stdin_lines("ask")?, how, &mut out)
            } else {
                let shown = ask::Shown {
                    how,
                    explain,
                    attach: attach.as_deref(),
                };
                ask::one(&catalog, &query.join(" "), shown, &mut out)
            }
        }
        Command::Press {
            json,
            locale,
            attach,
            id,
        } => {
            let how = ask::How {
                json,
                locale: Locale::from_cli(&locale)?,
            };
            let catalog = catalog()?;
            let shown = ask::Shown {
                how,
                explain: false,
                attach: attach.as_deref(),
            };
            ask::press(&catalog, &id, shown, &mut out)
        }
        Command::Complete {
            json,
            locale,
            command,
            partial,
        } => {
            let how = ask::How {
                json,
                locale: Locale::from_cli(&locale)?,
            };
            let catalog = catalog()?;
            if partial.is_empty() {
                ask::choices_batch(&catalog, command, stdin_lines("complete")?, how, &mut out)
            } else {
                ask::choices(&catalog, command, &partial.join(" "), how, &mut out)?;
                Ok(Status::Done)
            }
        }
        Command::CheckData { path } => check_data::run(path.or(data).as_deref(), &mut out),
        Command::Serve { health } => serve(data, health),
        Command::ServeHttp { listen } => serve_http(data, listen),
        Command::Register => register(),
    }
}

fn serve_http(data: Option<PathBuf>, listen: std::net::SocketAddr) -> Result<Status, CliError> {
    let config = discord::config::endpoint_from_lookup(|name| std::env::var(name).ok(), listen)
        .map_err(BotError::from)?;
    init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(discord::endpoint::run(config, data))?;
    Ok(Status::Done)
}

fn register() -> Result<Status, CliError> {
    let config = discord::Config::from_env().map_err(BotError::from)?;
    init_logging();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(discord::endpoint::register_once(&config))?;
    Ok(Status::Done)
}

fn serve(data: Option<PathBuf>, health: Option<std::net::SocketAddr>) -> Result<Status, CliError> {
    let config = discord::Config::from_env().map_err(BotError::from)?;
    init_logging();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(discord::gateway::run(config, data, health))?;
    Ok(Status::Done)
}

/// Logs to stderr, filtered by `RUST_LOG` (default [`discord::config::DEFAULT_LOG_FILTER`]), never
/// below the caps that keep tokens out of the log.
fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let rust_log = std::env::var("RUST_LOG").ok();
    let filter = discord::config::log_filter(rust_log.as_deref());
    let filter = EnvFilter::try_new(&filter).unwrap_or_else(|err| {
        eprintln!(
            "llama-alumni: RUST_LOG {rust_log:?} is not a log filter ({err}); using the default"
        );
        EnvFilter::new(discord::config::log_filter(None))
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}

/// Lines of stdin as bytes, without their `\n` or `\r\n`: a line that is not UTF-8 is refused
/// alone, by the batch. Refused when stdin is a terminal (a forgotten argument, not a pipe).
fn stdin_lines(command: &str) -> Result<impl Iterator<Item = Result<Vec<u8>, CliError>>, CliError> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(CliError::Usage(format!(
            "{command} needs an argument (e.g. llama-alumni {command} {}), or input piped on stdin",
            if command == "ask" {
                "\"/whereis Lample\""
            } else {
                "whereis lam"
            }
        )));
    }
    Ok(stdin.lock().split(b'\n').map(|line| {
        let mut line = line.map_err(|e| CliError::Usage(format!("cannot read stdin: {e}")))?;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok(line)
    }))
}
