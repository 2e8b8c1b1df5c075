//! The README's sample sessions are the program's real output: each ```text block that starts with
//! `$ llama-alumni …` or `$ cargo run --release -- …` is run with the binary under test and its
//! output compared, line for line, with what the block shows.

use assert_cmd::Command;

const README: &str = include_str!("../README.md");

/// A sample: the command line's arguments, and the output shown under it.
struct Sample {
    line: String,
    args: Vec<String>,
    output: String,
}

fn samples() -> Vec<Sample> {
    let mut samples = Vec::new();
    let mut lines = README.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```text" {
            continue;
        }
        let block: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        let Some(command) = block.first().and_then(|l| l.strip_prefix("$ ")) else {
            continue;
        };
        let args = command
            .strip_prefix("cargo run --release -- ")
            .or_else(|| command.strip_prefix("llama-alumni "));
        let Some(args) = args else { continue };
        let args = shell_words::split(args).expect("a sample's command line parses as a shell's");
        let mut output = block[1..].join("\n");
        output.push('\n');
        samples.push(Sample {
            line: command.to_owned(),
            args,
            output,
        });
    }
    samples
}

#[test]
fn every_sample_session_is_the_real_output() {
    let samples = samples();
    assert!(!samples.is_empty(), "the README shows sample sessions");
    for sample in samples {
        let out = Command::cargo_bin("llama-alumni")
            .unwrap()
            .env_remove("ALUMNI_DATA")
            .env("NO_COLOR", "1")
            .args(&sample.args)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            stdout, sample.output,
            "the README shows other output for `{}`",
            sample.line
        );
    }
}
