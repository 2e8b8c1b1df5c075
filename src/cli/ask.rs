//! `ask` (one query, or one per line of stdin, with `--explain` for the ranking) and `complete`.

use std::io::Write;
use std::path::Path;

use super::{CliError, Status};
use crate::catalog::Catalog;
use crate::commands::{self, Command, Request};
use crate::discord::wire;
use crate::i18n::Locale;
use crate::reply::{Outcome, Reply};

/// How answers are printed: as text or as the JSON body, and in which language. Errors of the
/// command line itself, and `--explain`, stay in English.
#[derive(Debug, Clone, Copy)]
pub(super) struct How {
    pub json: bool,
    pub locale: Locale,
}

/// How one reply is shown.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shown<'a> {
    pub how: How,
    /// The ranking behind the answer too.
    pub explain: bool,
    /// Where to write the reply's files.
    pub attach: Option<&'a Path>,
}

/// One query: the reply as text, or as the JSON body with `json`; with `explain`, the ranking
/// behind it too (to stderr with `json`, so that stdout stays one JSON document).
pub(super) fn one(
    catalog: &Catalog,
    line: &str,
    shown: Shown<'_>,
    out: &mut impl Write,
) -> Result<Status, CliError> {
    let request = Request::parse(line)?.in_locale(shown.how.locale);
    let reply = commands::run(catalog, &request);
    print(&reply, &reply.interaction_response(), shown, out)?;
    if shown.explain {
        let text = explanation(catalog, &request);
        if shown.how.json {
            eprint!("{text}");
        } else {
            write!(out, "\n{text}")?;
        }
    }
    Ok(Status::Answered(reply.outcome))
}

/// A button press: what it answers, as text or as the JSON body (type 4, or 7 for a page).
pub(super) fn press(
    catalog: &Catalog,
    id: &str,
    shown: Shown<'_>,
    out: &mut impl Write,
) -> Result<Status, CliError> {
    let pressed = commands::press(catalog, id, shown.how.locale);
    print(&pressed.reply, &pressed.interaction_response(), shown, out)?;
    Ok(Status::Answered(pressed.reply.outcome))
}

/// Prints a reply (as text, or its response `body`) and writes its files.
fn print(
    reply: &Reply,
    body: &serenity::all::CreateInteractionResponse,
    shown: Shown<'_>,
    out: &mut impl Write,
) -> Result<(), CliError> {
    if let Some(dir) = shown.attach {
        write_files(reply, dir)?;
    }
    if shown.how.json {
        writeln!(out, "{:#}", wire::body_json(body))?;
    } else {
        write!(out, "{}", reply.to_styled_text())?;
    }
    Ok(())
}

/// Writes a reply's files into `dir`, which must exist, under the names the embed uses.
fn write_files(reply: &Reply, dir: &Path) -> Result<(), CliError> {
    if !dir.is_dir() {
        return Err(CliError::Usage(format!(
            "--attach {}: not a directory",
            dir.display()
        )));
    }
    for file in &reply.attachments {
        let path = dir.join(&file.filename);
        std::fs::write(&path, &file.bytes)
            .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

/// Batch mode: one query per line in, one reply per line out (JSON Lines with `json`), so outputs
/// zip with inputs. A line that is blank, not UTF-8 or not a command gets `{"error": "..."}` in its
/// place and the others are still answered.
pub(super) fn batch(
    catalog: &Catalog,
    lines: impl Iterator<Item = Result<Vec<u8>, CliError>>,
    How { json, locale }: How,
    out: &mut impl Write,
) -> Result<Status, CliError> {
    let mut worst = Outcome::Found;
    for (i, line) in lines.enumerate() {
        let request =
            decode(i + 1, line?).and_then(|text| Request::parse(&text).map_err(|e| e.to_string()));
        match request {
            Ok(request) => {
                let reply = commands::run(catalog, &request.in_locale(locale));
                worst = worst.max(reply.outcome);
                if json {
                    writeln!(out, "{}", reply.to_json())?;
                } else {
                    writeln!(out, "{}", reply.to_styled_text())?;
                }
            }
            Err(message) => {
                worst = Outcome::Refused;
                error_line(out, json, &message)?;
                if !json {
                    // A blank line after the error, as after a reply.
                    writeln!(out)?;
                }
            }
        }
    }
    Ok(Status::Answered(worst))
}

/// `complete` in batch mode: the choices for each partial in turn (a blank one lists the first
/// names); a line that is not UTF-8 gets an error line in its place. As text, one block per input
/// line, blank lines between them, so that the blocks zip with the input.
pub(super) fn choices_batch(
    catalog: &Catalog,
    command: Command,
    lines: impl Iterator<Item = Result<Vec<u8>, CliError>>,
    how: How,
    out: &mut impl Write,
) -> Result<Status, CliError> {
    let mut malformed = false;
    for (i, line) in lines.enumerate() {
        if i > 0 && !how.json {
            writeln!(out)?;
        }
        match decode(i + 1, line?) {
            Ok(partial) => choices(catalog, command, &partial, how, out)?,
            Err(message) => {
                malformed = true;
                error_line(out, how.json, &message)?;
            }
        }
    }
    Ok(batch_status(malformed))
}

/// Line `number` (from 1) as text, or the message that takes its place.
fn decode(number: usize, raw: Vec<u8>) -> Result<String, String> {
    String::from_utf8(raw).map_err(|_| format!("line {number} is not valid UTF-8"))
}

/// `{"error": message}` with `json`, else `error: message`.
fn error_line(out: &mut impl Write, json: bool, message: &str) -> Result<(), CliError> {
    if json {
        writeln!(out, "{}", serde_json::json!({ "error": message }))?;
    } else {
        writeln!(out, "error: {message}")?;
    }
    Ok(())
}

fn batch_status(malformed: bool) -> Status {
    if malformed {
        Status::MalformedLines
    } else {
        Status::Done
    }
}

/// Autocomplete choices for a partial name: shown names, or the type-8 body with `json`.
pub(super) fn choices(
    catalog: &Catalog,
    command: Command,
    partial: &str,
    How { json, locale }: How,
    out: &mut impl Write,
) -> Result<(), CliError> {
    let choices = command.complete_in(catalog, partial, locale);
    if json {
        writeln!(
            out,
            "{}",
            wire::body_json(&wire::autocomplete_response(&choices))
        )?;
    } else if choices.is_empty() {
        // Said, not left blank: in a batch, an empty block would vanish between two others.
        writeln!(out, "{NO_MATCH}")?;
    } else {
        for c in &choices {
            writeln!(out, "{}", c.name)?;
        }
    }
    Ok(())
}

/// What `complete` prints for a partial nothing matches.
const NO_MATCH: &str = "(no match)";

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
