//! The `llama-alumni` command: parse, run, exit code. The work is in [`llama_alumni::cli`].

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A .env file, when present, fills in the environment (it never overrides what is set).
    let _ = dotenvy::dotenv();
    let result = llama_alumni::cli::run(llama_alumni::cli::Cli::parse());
    if let Err(err) = &result {
        eprintln!("llama-alumni: {err}");
    }
    ExitCode::from(llama_alumni::cli::exit_code(&result))
}
