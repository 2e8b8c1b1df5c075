//! `ask` (one query, or one per line of stdin, with `--explain` for the ranking) and `complete`.

use std::io::Write;

use super::{CliError, Status};
use crate::catalog::Catalog;
use crate::commands::{self, Command, Request};
use crate::discord::wire;

/// One query: the reply as text, or as the JSON body with `json`; with `explain`, the ranking
/// behind it too (to stderr with `json`, so that stdout stays one JSON document).
pub(super) fn one(
    catalog: &Catalog,
    line: &str,
    json: bool,
    explain: bool,
    out: &mut impl Write,
) -> Result<Status, CliError> {
    let request = Request::parse(line)?;
    let reply = commands::run(catalog, &request);
    if json {
        writeln!(out, "{:#}", reply.to_json())?;
    } else {
        write!(out, "{}", reply.to_text())?;
    }
    if explain {
        let text = explanation(catalog, &request);
        if json {
            eprint!("{text}");
        } else {
            write!(out, "\n{text}")?;
        }
    }
    Ok(Status::Answered(reply.outcome))
}

/// Batch mode: one query per line in, one reply per line out (JSON Lines with `json`). A line that
/// is not a command gets `{"error": "..."}` and the others are still answered.
pub(super) fn batch(
    catalog: &Catalog,
    lines: impl Iterator<Item = std::io::Result<String>>,
    json: bool,
    out: &mut impl Write,
) -> Result<Status, CliError> {
    let mut malformed = false;
    for line in lines {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match Request::parse(&line) {
            Ok(request) => {
                let reply = commands::run(catalog, &request);
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
        Status::MalformedLines
    } else {
        Status::Done
    })
}

/// Autocomplete choices for a partial name: shown names, or the type-8 body with `json`.
pub(super) fn choices(
    catalog: &Catalog,
    command: Command,
    partial: &str,
    json: bool,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let choices = command.complete(catalog, partial);
    if json {
        writeln!(
            out,
            "{}",
            wire::body_json(&wire::autocomplete_response(&choices))
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
    let ranked = request.command.explain(catalog, &request.name);
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
