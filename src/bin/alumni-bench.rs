//! `alumni-bench`: benchmark tooling, kept out of the `llama-alumni` product. Built with
//! `--features bench-tools`; `bench/peer.sh`, `benches/scale.rs` and `deploy/local-cluster.sh` use it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use llama_alumni::tools::http_load::{self, DEFAULT_CONCURRENCY, DEFAULT_QUERIES, LoadPlan};
use llama_alumni::tools::{measure, synth};

/// Synthetic datasets and timed lookups for llama-alumni's benchmarks.
#[derive(Debug, Parser)]
#[command(name = "alumni-bench", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a synthetic dataset (deterministic for a seed) to stdout.
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
        /// The dataset (default: the embedded one).
        #[arg(long, env = "ALUMNI_DATA", value_name = "PATH")]
        data: Option<PathBuf>,
        /// The query file (JSON Lines: kind, text, expected).
        #[arg(long, value_name = "FILE")]
        queries: PathBuf,
    },
    /// Send signed /whereis interactions to a `serve-http` endpoint over keep-alive connections and
    /// print a JSON summary: sent, ok (2xx), failed by cause, requests/s, p50/p90/p99/max latency.
    /// Exits 1 when any request failed.
    HttpLoad {
        /// Where to POST, e.g. http://127.0.0.1:8080/interactions.
        #[arg(long)]
        url: String,
        /// The signing key's seed, one byte repeated 32 times (the server takes `public-key`'s output).
        #[arg(long, default_value_t = 42)]
        key_seed: u8,
        /// How many requests.
        #[arg(long, default_value_t = 1_000)]
        requests: usize,
        /// Requests in flight at once.
        #[arg(long, default_value_t = DEFAULT_CONCURRENCY)]
        concurrency: usize,
        /// A name to look up (repeatable; default a mix of exact, typo, not found).
        #[arg(long = "query", value_name = "NAME")]
        queries: Vec<String>,
    },
    /// Print the public key of a seed in hex, as DISCORD_PUBLIC_KEY takes it.
    PublicKey {
        /// The signing key's seed, one byte repeated 32 times.
        #[arg(long, default_value_t = 42)]
        key_seed: u8,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(err) => {
            eprintln!("alumni-bench: {err}");
            ExitCode::from(2)
        }
    }
}

/// Runs a command; `Ok(false)` when it ran but something it measured failed.
fn run(cli: Cli) -> Result<bool, Box<dyn std::error::Error>> {
    match cli.command {
        Command::Synth {
            people,
            seed,
            queries,
            queries_per_kind,
        } => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let generated = synth::generate(people, seed, queries_per_kind, &mut out)?;
            out.flush()?;
            if let Some(path) = queries {
                write_queries(&path, &generated)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            }
        }
        Command::Measure { data, queries } => {
            let summary = measure::run(data.as_deref(), &queries)?;
            println!("{summary:#}");
        }
        Command::HttpLoad {
            url,
            key_seed,
            requests,
            concurrency,
            queries,
        } => {
            let queries = if queries.is_empty() {
                DEFAULT_QUERIES.map(String::from).to_vec()
            } else {
                queries
            };
            let plan = LoadPlan {
                url,
                seed: http_load::seed_of(key_seed),
                requests,
                concurrency,
                queries,
            };
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            let summary = runtime.block_on(http_load::run(&plan))?;
            println!("{}", serde_json::to_string_pretty(&summary)?);
            return Ok(summary.failed == 0);
        }
        Command::PublicKey { key_seed } => {
            println!(
                "{}",
                http_load::public_key_hex(&http_load::seed_of(key_seed))
            );
        }
    }
    Ok(true)
}

/// One query per line (JSON Lines).
fn write_queries(path: &std::path::Path, queries: &[synth::SynthQuery]) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    for q in queries {
        serde_json::to_writer(&mut file, q)?;
        writeln!(file)?;
    }
    file.flush()
}
