//! The `llama-alumni` command: a thin shell over [`llama_alumni::cli`].

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A .env file, when present, fills in the environment (it never overrides what is set).
    let _ = dotenvy::dotenv();
    let cli = llama_alumni::cli::Cli::parse();
    match llama_alumni::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("llama-alumni: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
