//! A slash command or autocomplete (types 2 and 4) as the endpoint reads it: only what answering
//! takes, borrowed from the body. serenity's `CommandInteraction` builds the member, the user, the
//! entitlements... (dozens of allocations a request) that the answer never looks at.
//!
//! The fields serenity requires are required here too, and an option's value is checked as
//! serenity checks it where it matters (a string option, a focused one), so that a body refused
//! before is refused still. What becomes of the options is decided in one place for both
//! transports: [`request_of`](crate::discord::handler::request_of) through [`Invocation`].

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;
use serenity::all::{ApplicationId, ChannelId, CommandId, InteractionId};

use crate::discord::handler::Invocation;

/// Discord's option types that carry `options` instead of a `value`.
const SUB_COMMAND: u8 = 1;
const SUB_COMMAND_GROUP: u8 = 2;
/// The string option type: its value must be a JSON string.
const STRING: u8 = 3;
/// The highest option type serenity knows (attachment); above it an option is not checked.
const LAST_KNOWN: u8 = 11;

/// The interaction, as far as answering it goes.
#[derive(Deserialize)]
pub struct Invoked<'a> {
    pub application_id: ApplicationId,
    #[serde(borrow)]
    pub data: InvokedData<'a>,
    /// The interaction's token: a secret for 15 minutes, never logged.
    #[serde(borrow)]
    pub token: Cow<'a, str>,
    /// The user's client language.
    #[serde(borrow)]
    pub locale: Cow<'a, str>,
    // Not needed, but required by serenity: their absence still makes a body malformed.
    #[allow(dead_code)]
    id: InteractionId,
    #[allow(dead_code)]
    channel_id: ChannelId,
    #[allow(dead_code)]
    version: u8,
    #[allow(dead_code)]
    entitlements: IgnoredAny,
    #[allow(dead_code)]
    attachment_size_limit: u32,
}

/// The command invoked and its options.
#[derive(Deserialize)]
pub struct InvokedData<'a> {
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(default, borrow)]
    options: Vec<InvokedOption<'a>>,
    #[allow(dead_code)]
    id: CommandId,
    #[allow(dead_code)]
    #[serde(rename = "type")]
    kind: u8,
}

#[derive(Deserialize)]
struct InvokedOption<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(rename = "type")]
    kind: u8,
    /// Left raw: only a string value is ever read.
    #[serde(default, borrow)]
    value: Option<&'a RawValue>,
    #[serde(default, borrow)]
    options: Option<Vec<InvokedOption<'a>>>,
    #[serde(default)]
    focused: Option<bool>,
}

/// Why options serenity would refuse are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadOption {
    #[error("option {0:?} has no value")]
    NoValue(String),
    #[error("option {0:?} has no options")]
    NoOptions(String),
    #[error("option {0:?} is not a string")]
    NotAString(String),
}

impl<'a> Invoked<'a> {
    /// Reads a body, refusing what serenity's `CommandInteraction` refuses where answering
    /// depends on it.
    pub fn parse(body: &'a [u8]) -> Result<Invoked<'a>, String> {
        let invoked: Invoked = serde_json::from_slice(body).map_err(|e| e.to_string())?;
        check(&invoked.data.options).map_err(|e| e.to_string())?;
        Ok(invoked)
    }
}

/// Each option as serenity takes it: a focused or string option's value a string, a sub-command's
/// options present (and checked in turn), any other known type's value present.
fn check(options: &[InvokedOption]) -> Result<(), BadOption> {
    for option in options {
        let focused = option.focused == Some(true);
        match option.kind {
            _ if (focused || option.kind == STRING) && option.text().is_none() => {
                return Err(match option.value {
                    None => BadOption::NoValue(option.name.to_string()),
                    Some(_) => BadOption::NotAString(option.name.to_string()),
                });
            }
            _ if focused || option.kind == STRING => {}
            SUB_COMMAND | SUB_COMMAND_GROUP => match &option.options {
                Some(inner) => check(inner)?,
                None => return Err(BadOption::NoOptions(option.name.to_string())),
            },
            kind if (STRING..=LAST_KNOWN).contains(&kind) && option.value.is_none() => {
                return Err(BadOption::NoValue(option.name.to_string()));
            }
            _ => {}
        }
    }
    Ok(())
}

impl<'a> InvokedOption<'a> {
    /// The value when it is a JSON string: borrowed from the body unless it has escapes.
    fn text(&self) -> Option<Cow<'a, str>> {
        let raw = self.value?.get();
        if !raw.starts_with('"') {
            return None;
        }
        serde_json::from_str::<&'a str>(raw)
            .map(Cow::Borrowed)
            .or_else(|_| serde_json::from_str::<String>(raw).map(Cow::Owned))
            .ok()
    }

    fn is_sub_command(&self) -> bool {
        matches!(self.kind, SUB_COMMAND | SUB_COMMAND_GROUP)
    }
}

/// The focused option's value, found as serenity's `CommandData::autocomplete` finds it: the first
/// focused option, looking into the first sub-command met.
fn focused<'b>(options: &'b [InvokedOption]) -> Option<Cow<'b, str>> {
    for option in options {
        if option.focused == Some(true) {
            return option.text();
        }
        if option.is_sub_command() {
            return focused(option.options.as_deref().unwrap_or_default());
        }
    }
    None
}

impl Invocation for InvokedData<'_> {
    fn command_name(&self) -> &str {
        &self.name
    }

    fn string_option(&self, name: &str) -> Option<Cow<'_, str>> {
        let option = self.options.iter().find(|o| o.name == name)?;
        // serenity reads a string, or a focused option's text; a sub-command's is not a value.
        if option.kind == STRING || option.focused == Some(true) {
            option.text()
        } else {
            None
        }
    }

    fn focused(&self) -> Option<Cow<'_, str>> {
        focused(&self.options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discord::handler::{partial_of, request_of};
    use serde_json::{Value, json};
    use serenity::all::CommandInteraction;

    fn interaction(data: Value) -> Vec<u8> {
        json!({
            "id": "1", "application_id": "2", "type": 2, "token": "t", "version": 1,
            "channel_id": "3", "locale": "fr", "entitlements": [], "attachment_size_limit": 8,
            "data": data
        })
        .to_string()
        .into_bytes()
    }

    /// Both readings of a body: refused by both, or the same request and partial from both.
    fn same_as_serenity(body: &[u8]) {
        let lean = Invoked::parse(body);
        let full = serde_json::from_slice::<CommandInteraction>(body);
        match (&lean, &full) {
            (Ok(lean), Ok(full)) => {
                assert_eq!(request_of(&lean.data), request_of(&full.data));
                let partial = |p: Option<(crate::commands::Command, Cow<str>)>| {
                    p.map(|(c, typed)| (c.spec().name, typed.into_owned()))
                };
                assert_eq!(
                    partial(partial_of(&lean.data)),
                    partial(partial_of(&full.data))
                );
                assert_eq!(lean.locale, full.locale);
                assert_eq!(lean.token, full.token);
                assert_eq!(lean.application_id, full.application_id);
            }
            (Err(_), Err(_)) => {}
            _ => panic!(
                "lean {:?} but serenity {:?}: {}",
                lean.as_ref().err(),
                full.as_ref().err(),
                String::from_utf8_lossy(body)
            ),
        }
    }

    #[test]
    fn reads_options_as_serenity_does() {
        let option = |name: &str, kind: u8, value: Value| json!({"name": name, "type": kind, "value": value});
        let data = |name: &str, options: Value| json!({"id": "9", "name": name, "type": 1, "options": options});
        for data in [
            data("whereis", json!([option("name", 3, json!("Lample"))])),
            data(
                "whereis",
                json!([option("name", 3, json!("Gu\\u00e9 \"x\""))]),
            ),
            data("company", json!([])),
            json!({"id": "9", "name": "company", "type": 1}),
            data("ping", json!([option("name", 3, json!("x"))])),
            data(
                "whereis",
                json!([
                    option("other", 3, json!("x")),
                    option("name", 3, json!("y"))
                ]),
            ),
            data("whereis", json!([option("name", 4, json!(5))])),
            data("whereis", json!([option("name", 3, json!(5))])),
            data("whereis", json!([{"name": "name", "type": 3}])),
            data(
                "whereis",
                json!([{"name": "name", "type": 3, "value": "la", "focused": true}]),
            ),
            data(
                "whereis",
                json!([{"name": "name", "type": 4, "value": "la", "focused": true}]),
            ),
            data(
                "whereis",
                json!([{"name": "name", "type": 3, "value": 1, "focused": true}]),
            ),
            data(
                "whereis",
                json!([{"name": "s", "type": 1, "options": [
                {"name": "name", "type": 3, "value": "la", "focused": true}]}]),
            ),
            data("whereis", json!([{"name": "s", "type": 1}])),
            data("whereis", json!([option("name", 99, json!(null))])),
            json!({"name": "whereis", "type": 1}),
        ] {
            same_as_serenity(&interaction(data));
        }
    }

    #[test]
    fn refuses_what_serenity_refuses_at_the_top() {
        let full = interaction(json!({"id": "9", "name": "whereis", "type": 1}));
        let full: Value = serde_json::from_slice(&full).unwrap();
        for missing in [
            "id",
            "application_id",
            "token",
            "version",
            "channel_id",
            "locale",
            "entitlements",
            "attachment_size_limit",
            "data",
        ] {
            let mut body = full.clone();
            body.as_object_mut().unwrap().remove(missing);
            let body = body.to_string().into_bytes();
            assert!(Invoked::parse(&body).is_err(), "without {missing}");
            same_as_serenity(&body);
        }
    }
}
