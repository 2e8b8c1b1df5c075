//! `alumni-bench`: benchmark tooling, kept out of the `llama-alumni` product. Built with
//! `--features bench-tools`; `bench/peer.sh` and `benches/scale.rs` use it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
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
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("alumni-bench: {err}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
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
    }
    Ok(())
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
