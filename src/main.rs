//! The `llama-alumni` command: parse, run, exit code. The work is in [`llama_alumni::cli`].

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A .env file, when present, fills in the environment (it never overrides what is set).
    let _ = dotenvy::dotenv();
    let result = llama_alumni::cli::run(llama_alumni::cli::Cli::parse());
    match &result {
        // The reader went away (`| head`): nothing is wrong, and nobody is left to tell.
        Err(err) if err.is_broken_pipe() => return ExitCode::SUCCESS,
        Err(err) => eprintln!("llama-alumni: {err}"),
        Ok(_) => {}
    }
    ExitCode::from(llama_alumni::cli::exit_code(&result))
}
