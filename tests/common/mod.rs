//! Helpers shared by the integration tests.
//!
//! [`assert_within_discord_limits`] is an independent checker of interaction-response bodies: it
//! does not use the crate's `limits` module; the numbers are written again
//! from Discord's documentation:
//!
//! - Embed limits: <https://discord.com/developers/docs/resources/message#embed-object-embed-limits>
//! - Message content: <https://discord.com/developers/docs/resources/message#create-message>
//! - Autocomplete choices:
//!   <https://discord.com/developers/docs/interactions/application-commands#application-command-object-application-command-option-choice-structure>
//!   and
//!   <https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-autocomplete>
//!
//! Not every test file uses every helper.
#![allow(dead_code)]

pub mod bot_process;
pub mod fake_discord;
pub mod openapi;

use llama_alumni::catalog::Catalog;
use llama_alumni::commands::{self, Request};
use llama_alumni::dataset::Dataset;
use serde_json::Value;

/// Interaction callback type: respond with a message (`CHANNEL_MESSAGE_WITH_SOURCE`).
const TYPE_MESSAGE: u64 = 4;
/// Interaction callback type: autocomplete result (`APPLICATION_COMMAND_AUTOCOMPLETE_RESULT`).
const TYPE_AUTOCOMPLETE: u64 = 8;
/// UPDATE_MESSAGE: a page of the message the pressed button is on.
const TYPE_UPDATE: u64 = 7;
/// Action rows per message, buttons per row, a button's label and custom id (Discord's
/// "Component reference").
const MAX_ROWS: usize = 5;
const MAX_BUTTONS_PER_ROW: usize = 5;
const MAX_LABEL: usize = 80;
const MAX_CUSTOM_ID: usize = 100;

/// Message content.
const MAX_CONTENT: usize = 2000;
/// Embeds per message.
const MAX_EMBEDS: usize = 10;
/// Embed title.
const MAX_TITLE: usize = 256;
/// Embed description.
const MAX_DESCRIPTION: usize = 4096;
/// Fields per embed.
const MAX_FIELDS: usize = 25;
/// Field name.
const MAX_FIELD_NAME: usize = 256;
/// Field value.
const MAX_FIELD_VALUE: usize = 1024;
/// Footer text.
const MAX_FOOTER: usize = 2048;
/// Author name.
const MAX_AUTHOR_NAME: usize = 256;
/// All embeds of a message together: titles, descriptions, field names and values, footer texts
/// and author names.
const MAX_EMBEDS_TOTAL: usize = 6000;
/// Autocomplete choices per response.
const MAX_CHOICES: usize = 25;
/// Autocomplete choice name (at least 1).
const MAX_CHOICE_NAME: usize = 100;
/// Autocomplete choice string value.
const MAX_CHOICE_VALUE: usize = 100;

fn count(s: &str) -> usize {
    s.chars().count()
}

/// A short, printable excerpt of a string for panic messages.
fn excerpt(s: &str) -> String {
    let head: String = s.chars().take(60).collect();
    if count(s) > 60 {
        format!("{head:?}…")
    } else {
        format!("{head:?}")
    }
}

/// The string at `key` of `obj`, if present; panics if present but not a string.
fn opt_str<'a>(obj: &'a Value, key: &str, what: &str) -> Option<&'a str> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => panic!("{what}.{key} must be a string, found {other}"),
    }
}

/// Checks the length of an optional string; returns its length (0 when absent).
fn check_len(obj: &Value, key: &str, what: &str, max: usize) -> usize {
    match opt_str(obj, key, what) {
        None => 0,
        Some(s) => {
            let n = count(s);
            assert!(
                n <= max,
                "{what}.{key} is {n} characters, Discord allows at most {max}: {}",
                excerpt(s)
            );
            n
        }
    }
}

/// Panics with a clear message when an interaction-response body (as produced by
/// `Reply::to_json()` or `wire::body_json(...)`) would be refused by Discord.
pub fn assert_within_discord_limits(body: &Value) {
    let kind = body
        .get("type")
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("response has no integer \"type\": {body}"));
    let data = body
        .get("data")
        .filter(|d| d.is_object())
        .unwrap_or_else(|| panic!("response of type {kind} has no \"data\" object: {body}"));
    if let Some(flags) = data.get("flags") {
        assert!(
            flags.is_u64() || flags.is_i64(),
            "data.flags must be an integer, found {flags}"
        );
    }
    match kind {
        TYPE_MESSAGE | TYPE_UPDATE => check_message(data),
        TYPE_AUTOCOMPLETE => check_autocomplete(data),
        other => panic!("unexpected interaction response type {other}: {body}"),
    }
}

fn check_message(data: &Value) {
    let parse = data
        .get("allowed_mentions")
        .and_then(|m| m.get("parse"))
        .unwrap_or_else(|| {
            panic!("message has no data.allowed_mentions.parse: it could ping (data: {data})")
        });
    assert_eq!(
        parse,
        &Value::Array(Vec::new()),
        "data.allowed_mentions.parse must be [] so nothing pings"
    );

    let content = check_len(data, "content", "data", MAX_CONTENT);
    check_components(data);
    check_attachments(data);

    let embeds: &[Value] = match data.get("embeds") {
        None | Some(Value::Null) => &[],
        Some(Value::Array(a)) => a,
        Some(other) => panic!("data.embeds must be an array, found {other}"),
    };
    assert!(
        embeds.len() <= MAX_EMBEDS,
        "{} embeds, Discord allows at most {MAX_EMBEDS}",
        embeds.len()
    );
    assert!(
        content > 0 || !embeds.is_empty(),
        "a message needs content or at least one embed (data: {data})"
    );

    let mut total = 0usize;
    for (i, embed) in embeds.iter().enumerate() {
        let what = format!("data.embeds[{i}]");
        assert!(embed.is_object(), "{what} must be an object, found {embed}");
        total += check_len(embed, "title", &what, MAX_TITLE);
        total += check_len(embed, "description", &what, MAX_DESCRIPTION);

        let fields: &[Value] = match embed.get("fields") {
            None | Some(Value::Null) => &[],
            Some(Value::Array(a)) => a,
            Some(other) => panic!("{what}.fields must be an array, found {other}"),
        };
        assert!(
            fields.len() <= MAX_FIELDS,
            "{what} has {} fields, Discord allows at most {MAX_FIELDS}",
            fields.len()
        );
        for (j, field) in fields.iter().enumerate() {
            let fwhat = format!("{what}.fields[{j}]");
            for (key, max) in [("name", MAX_FIELD_NAME), ("value", MAX_FIELD_VALUE)] {
                let text = opt_str(field, key, &fwhat)
                    .unwrap_or_else(|| panic!("{fwhat} has no {key} (field: {field})"));
                let n = count(text);
                assert!(
                    (1..=max).contains(&n),
                    "{fwhat}.{key} is {n} characters, Discord wants 1 to {max}: {}",
                    excerpt(text)
                );
                assert!(
                    !text.trim().is_empty(),
                    "{fwhat}.{key} is only whitespace: {}",
                    excerpt(text)
                );
                total += n;
            }
        }

        if let Some(footer) = embed.get("footer").filter(|f| !f.is_null()) {
            total += check_len(footer, "text", &format!("{what}.footer"), MAX_FOOTER);
        }
        if let Some(author) = embed.get("author").filter(|a| !a.is_null()) {
            total += check_len(author, "name", &format!("{what}.author"), MAX_AUTHOR_NAME);
        }
    }
    assert!(
        total <= MAX_EMBEDS_TOTAL,
        "the embeds total {total} characters (titles, descriptions, fields, footers, authors), \
         Discord allows at most {MAX_EMBEDS_TOTAL}"
    );
}

/// Discord's component rules: rows of buttons, at most 5 rows of 5, labels of at most 80
/// characters, custom ids of 1 to 100, all different.
fn check_components(data: &Value) {
    let rows: &[Value] = match data.get("components") {
        None | Some(Value::Null) => return,
        Some(Value::Array(a)) => a,
        Some(other) => panic!("data.components must be an array, found {other}"),
    };
    assert!(
        rows.len() <= MAX_ROWS,
        "{} action rows, at most {MAX_ROWS}",
        rows.len()
    );
    let mut ids = std::collections::HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(
            row["type"], 1,
            "data.components[{i}] is not an action row: {row}"
        );
        let buttons = row["components"].as_array().expect("a row's components");
        assert!(
            (1..=MAX_BUTTONS_PER_ROW).contains(&buttons.len()),
            "row {i} has {} buttons, Discord wants 1 to {MAX_BUTTONS_PER_ROW}",
            buttons.len()
        );
        for b in buttons {
            assert_eq!(b["type"], 2, "not a button: {b}");
            let label = b["label"].as_str().expect("a button label");
            assert!(
                (1..=MAX_LABEL).contains(&count(label)),
                "label {} has {} characters",
                excerpt(label),
                count(label)
            );
            let id = b["custom_id"].as_str().expect("a custom id");
            assert!(
                (1..=MAX_CUSTOM_ID).contains(&count(id)),
                "custom_id {} has {} characters",
                excerpt(id),
                count(id)
            );
            assert!(ids.insert(id.to_owned()), "custom_id {id:?} is used twice");
        }
    }
}

/// Every `attachment://name` an embed shows is a file the message declares in `attachments`.
fn check_attachments(data: &Value) {
    let declared: Vec<&str> = data["attachments"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|a| a["filename"].as_str())
        .collect();
    for embed in data["embeds"].as_array().into_iter().flatten() {
        if let Some(url) = embed["image"]["url"].as_str() {
            let name = url.strip_prefix("attachment://").unwrap_or_else(|| {
                panic!("embed image {url:?} is not an attachment of the message")
            });
            assert!(declared.contains(&name), "{name} is shown but not attached");
        }
    }
}

fn check_autocomplete(data: &Value) {
    let choices = match data.get("choices") {
        Some(Value::Array(a)) => a,
        Some(other) => panic!("data.choices must be an array, found {other}"),
        None => panic!("autocomplete response has no data.choices (data: {data})"),
    };
    assert!(
        choices.len() <= MAX_CHOICES,
        "{} autocomplete choices, Discord allows at most {MAX_CHOICES}",
        choices.len()
    );
    for (i, choice) in choices.iter().enumerate() {
        let what = format!("data.choices[{i}]");
        let name = opt_str(choice, "name", &what)
            .unwrap_or_else(|| panic!("{what} has no name (choice: {choice})"));
        let n = count(name);
        assert!(
            (1..=MAX_CHOICE_NAME).contains(&n),
            "{what}.name is {n} characters, Discord wants 1 to {MAX_CHOICE_NAME}: {}",
            excerpt(name)
        );
        match choice.get("value") {
            Some(Value::String(v)) => {
                let n = count(v);
                assert!(
                    n <= MAX_CHOICE_VALUE,
                    "{what}.value is {n} characters, Discord allows at most {MAX_CHOICE_VALUE}: {}",
                    excerpt(v)
                );
            }
            Some(Value::Number(_)) => {}
            other => panic!("{what}.value must be a string or a number, found {other:?}"),
        }
    }
}

/// The sample at fraction `p` of sorted durations (nearest rank), for the benchmarks' tables.
pub fn percentile(sorted: &[std::time::Duration], p: f64) -> std::time::Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// The catalog of the embedded dataset.
pub fn catalog() -> Catalog {
    Catalog::new(Dataset::embedded().expect("the embedded dataset loads"))
}

/// The response body for a command line such as `/whereis Lample`, as the bot would send it.
pub fn ask(catalog: &Catalog, line: &str) -> Value {
    let request = Request::parse(line).unwrap_or_else(|e| panic!("{line:?} does not parse: {e}"));
    commands::run(catalog, &request).to_json()
}

/// The custom ids of the buttons of a response body, row by row.
pub fn button_ids(body: &Value) -> Vec<String> {
    body["data"]["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["custom_id"].as_str().map(str::to_owned))
        .collect()
}

/// The custom ids of a reply's buttons, row by row.
pub fn reply_button_ids(reply: &llama_alumni::reply::Reply) -> Vec<String> {
    reply
        .buttons
        .buttons()
        .map(|b| b.custom_id.clone())
        .collect()
}
