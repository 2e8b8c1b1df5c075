//! The command line: `ask`, `complete`, `check-data` and `serve` (the bot), on one pipeline.
//!
//! Exit codes: 0 an answer was found (or the data is valid, or the bot stopped on a signal);
//! 1 nothing was found (the reply says so), or the bot lost Discord; 2 the command line, the dataset
//! or the bot's configuration is wrong (one line on stderr says what and where).

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands::{self, CommandName, ParseError, Request};
use crate::dataset::{Dataset, DatasetError};
use crate::render;
use crate::search::Catalog;

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

/// The subcommands.
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
        /// Which command's `name` option.
        #[arg(value_enum)]
        command: CommandArg,
        /// What the user has typed so far.
        #[arg(value_name = "PARTIAL", num_args = 0..)]
        partial: Vec<String>,
    },
    /// Validate a dataset file (default: --data, or the embedded one) and summarize it.
    CheckData {
        /// The file to check.
        path: Option<PathBuf>,
    },
    /// Write a synthetic dataset (deterministic for a seed) to stdout, e.g. for benchmarks.
    Synth {
        /// How many people.
        #[arg(long, default_value_t = 100_000)]
        people: usize,
        /// The random seed: the same seed gives the same file.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Also write queries with their expected answers here (JSON Lines).
        #[arg(long, value_name = "FILE")]
        queries: Option<PathBuf>,
        /// Queries of each kind.
        #[arg(long, default_value_t = 50)]
        queries_per_kind: usize,
    },
    /// Time /whereis and autocomplete on a dataset with a query file from `synth --queries`, and
    /// print a JSON summary: queries/s, p50, p99, top-1 accuracy by kind, load time, memory.
    Measure {
        /// The query file (JSON Lines: kind, text, expected).
        #[arg(long, value_name = "FILE")]
        queries: PathBuf,
    },
    /// Run the Discord bot until SIGINT or SIGTERM (SIGHUP reloads the dataset).
    ///
    /// Configured by the environment or a .env file: DISCORD_TOKEN (required), DISCORD_GUILD_ID,
    /// DISCORD_PROXY, SHARDS, ALUMNI_DATA, RUST_LOG; see .env.example.
    Serve,
}

/// A command name on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CommandArg {
    /// `/whereis`
    Whereis,
    /// `/company`
    Company,
}

impl From<CommandArg> for CommandName {
    fn from(c: CommandArg) -> CommandName {
        match c {
            CommandArg::Whereis => CommandName::WhereIs,
            CommandArg::Company => CommandName::Company,
        }
    }
}

/// Why the command line failed; all exit with code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The dataset was refused.
    #[error("{0}")]
    Data(#[from] DatasetError),
    /// The query is not a command.
    #[error("{0}")]
    Parse(#[from] ParseError),
    /// Something else about the command line.
    #[error("{0}")]
    Usage(String),
    /// A measurement could not run.
    #[error("{0}")]
    Measure(#[from] crate::measure::MeasureError),
    /// The bot failed.
    #[error("{0}")]
    Bot(#[from] crate::bot::BotError),
    /// Writing the output failed.
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Bot(err) => err.exit_code(),
            _ => 2,
        }
    }
}

/// Exit code when an answer is "not found".
const NOT_FOUND: u8 = 1;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match cli.command {
        Command::Ask {
            json,
            explain,
            query,
        } => {
            let catalog = Catalog::new(Dataset::load(cli.data.as_deref())?);
            if query.is_empty() {
                let lines = stdin_lines("ask")?;
                return ask_batch(&catalog, lines, json, &mut out);
            }
            let request = Request::parse(&query.join(" "))?;
            let reply = render::respond(&catalog, &request);
            if json {
                writeln!(out, "{:#}", reply.to_json())?;
            } else {
                write!(out, "{}", reply.to_text())?;
            }
            if explain {
                let text = explanation(&catalog, &request);
                if json {
                    eprint!("{text}");
                } else {
                    write!(out, "\n{text}")?;
                }
            }
            Ok(if reply.ephemeral {
                ExitCode::from(NOT_FOUND)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Complete {
            json,
            command,
            partial,
        } => {
            let catalog = Catalog::new(Dataset::load(cli.data.as_deref())?);
            let command = CommandName::from(command);
            if partial.is_empty() {
                for line in stdin_lines("complete")? {
                    write_choices(&catalog, command, &line?, json, &mut out)?;
                }
                return Ok(ExitCode::SUCCESS);
            }
            write_choices(&catalog, command, &partial.join(" "), json, &mut out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve => {
            let mut config =
                crate::config::Config::from_env().map_err(crate::bot::BotError::from)?;
            if cli.data.is_some() {
                config.data = cli.data;
            }
            init_logging();
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            runtime.block_on(crate::bot::run(config))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Synth {
            people,
            seed,
            queries,
            queries_per_kind,
        } => {
            let mut buffered = std::io::BufWriter::new(out);
            let generated = crate::synth::generate(people, seed, queries_per_kind, &mut buffered)?;
            buffered.flush()?;
            if let Some(path) = queries {
                let file = std::fs::File::create(&path).map_err(|e| {
                    CliError::Usage(format!("cannot write {}: {e}", path.display()))
                })?;
                let mut file = std::io::BufWriter::new(file);
                for q in &generated {
                    writeln!(
                        file,
                        "{}",
                        serde_json::to_string(q).map_err(std::io::Error::other)?
                    )?;
                }
                file.flush()?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Measure { queries } => {
            let summary = crate::measure::run(cli.data.as_deref(), &queries)?;
            writeln!(out, "{summary:#}")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::CheckData { path } => {
            let path = path.or(cli.data);
            let dataset = Dataset::load(path.as_deref())?;
            write!(out, "{}", summary(&dataset))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Logs to stderr, filtered by `RUST_LOG` (default [`crate::config::DEFAULT_LOG_FILTER`]).
fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(crate::config::DEFAULT_LOG_FILTER));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .try_init();
}

/// Lines of stdin, refused when stdin is a terminal (a forgotten argument, not a pipe).
fn stdin_lines(command: &str) -> Result<impl Iterator<Item = std::io::Result<String>>, CliError> {
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
    Ok(stdin.lock().lines())
}

/// Batch mode: one query per line in, one reply per line out (JSON Lines with `json`).
/// A line that is not a command gets `{"error": "..."}` and makes the exit code 2.
fn ask_batch(
    catalog: &Catalog,
    lines: impl Iterator<Item = std::io::Result<String>>,
    json: bool,
    out: &mut impl Write,
) -> Result<ExitCode, CliError> {
    let mut malformed = false;
    for line in lines {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match Request::parse(&line) {
            Ok(request) => {
                let reply = render::respond(catalog, &request);
                if json {
                    writeln!(out, "{}", reply.to_json())?;
                } else {
                    writeln!(out, "{}", reply.to_text())?;
                }
            }
            Err(err) => {
                malformed = true;
                if json {
                    writeln!(out, "{}", serde_json::json!({ "error": err.to_string() }))?;
                } else {
                    writeln!(out, "error: {err}\n")?;
                }
            }
        }
    }
    Ok(if malformed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_choices(
    catalog: &Catalog,
    command: CommandName,
    partial: &str,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let choices = commands::complete(catalog, command, partial);
    if json {
        writeln!(
            out,
            "{}",
            render::response_json(&render::autocomplete(&choices))
        )?;
    } else {
        for c in &choices {
            writeln!(out, "{}", c.name)?;
        }
    }
    Ok(())
}

/// The ranking behind an answer, one candidate per line.
fn explanation(catalog: &Catalog, request: &Request) -> String {
    let ranked = commands::explain(catalog, request);
    let mut text = format!("Ranking for {request:?}:\n", request = request.to_string());
    if ranked.is_empty() {
        text.push_str("  (no candidates)\n");
    }
    for (i, e) in ranked.iter().enumerate() {
        let via = if e.matched_name != e.name {
            format!(" (as {:?})", e.matched_name)
        } else {
            String::new()
        };
        let pairs: Vec<String> = e
            .pairings
            .iter()
            .map(|p| format!("{}→{} {} +{}", p.query, p.name, p.kind, p.points))
            .collect();
        text.push_str(&format!(
            "  {}. {}{via}: {}, {} [{}]\n",
            i + 1,
            e.name,
            if e.is_match { "match" } else { "near miss" },
            e.score,
            pairs.join("; ")
        ));
    }
    text
}

/// A one-screen summary of a dataset.
pub fn summary(ds: &Dataset) -> String {
    let mut text = String::new();
    let home = ds.home();
    let p = ds.provenance();
    text.push_str(&format!(
        "{}: OK (schema_version {}, as of {})\n",
        ds.source_name(),
        ds.schema_version(),
        ds.as_of()
    ));
    text.push_str(&format!("Source: {}\n", p.source));
    text.push_str(&format!(
        "{} people, {} companies, {} papers\n",
        ds.people().len(),
        ds.companies().len(),
        ds.papers().len()
    ));
    let stayed: Vec<&str> = ds
        .people()
        .iter()
        .filter(|p| ds.is_still_home(p))
        .map(|p| p.name.as_str())
        .collect();
    text.push_str(&format!(
        "Still at {} ({}): {}\n",
        home.name,
        stayed.len(),
        list_some(&stayed, 8)
    ));
    let mut by_company: Vec<Vec<&str>> = vec![Vec::new(); ds.companies().len()];
    for p in ds.people() {
        by_company[p.company()].push(p.name.as_str());
    }
    let mut counts: Vec<(usize, &str, Vec<&str>)> = ds
        .companies()
        .iter()
        .zip(by_company)
        .enumerate()
        .filter(|(i, _)| *i != ds.home_index())
        .map(|(_, (c, names))| (names.len(), c.name.as_str(), names))
        .collect();
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let left = ds.people().len() - stayed.len();
    text.push_str(&format!("Left {} ({left}), now at:\n", home.name));
    let shown = 12;
    for (n, name, names) in counts.iter().take(shown) {
        text.push_str(&format!("  {name:<24} {n:>6}  {}\n", list_some(names, 4)));
    }
    if counts.len() > shown {
        text.push_str(&format!(
            "  … and {} more companies\n",
            counts.len() - shown
        ));
    }
    text
}

fn list_some(names: &[&str], most: usize) -> String {
    let mut text = names
        .iter()
        .take(most)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > most {
        text.push_str(&format!(", … ({} more)", names.len() - most));
    }
    text
}
