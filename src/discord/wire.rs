//! Replies and commands as Discord receives them, built with serenity's builders: interaction
//! responses (type 4 with one embed, its buttons and files and no pings; type 7 for a page; type 8
//! for autocomplete) and the registration.

use serenity::all::{
    AutocompleteChoice, ButtonStyle, CommandOptionType, CreateActionRow, CreateAllowedMentions,
    CreateAttachment, CreateAutocompleteResponse, CreateButton, CreateCommand, CreateCommandOption,
    CreateEmbed, CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseMessage,
    InstallationContext, InteractionContext,
};

use crate::commands::{self, Choice, Delivery, Pressed};
use crate::i18n::Locale;
use crate::limits::{self, truncate};
use crate::reply::{Reply, Rows, Style};

impl Reply {
    /// The interaction response Discord receives: type 4, the message.
    pub fn interaction_response(&self) -> CreateInteractionResponse {
        CreateInteractionResponse::Message(self.message())
    }

    /// The message: one embed, its buttons, no pings (`allowed_mentions: {"parse": []}`), flag 64
    /// (only the asker sees it) unless found, and the files it shows, named in `attachments` (their
    /// bytes go beside the JSON, in a multipart body).
    pub fn message(&self) -> CreateInteractionResponseMessage {
        let mut message = CreateInteractionResponseMessage::new()
            .embed(self.create_embed())
            .allowed_mentions(CreateAllowedMentions::new())
            .ephemeral(self.ephemeral());
        if !self.buttons.is_empty() {
            message = message.components(action_rows(&self.buttons));
        }
        for file in &self.attachments {
            // Only the name: the bytes are sent from the reply, not copied into the builder.
            message = message.add_file(CreateAttachment::bytes(Vec::new(), file.filename.clone()));
        }
        message
    }

    fn create_embed(&self) -> CreateEmbed {
        let e = &self.embed;
        let mut embed = CreateEmbed::new().title(&e.title).color(e.color);
        if !e.description.is_empty() {
            embed = embed.description(&e.description);
        }
        for f in &e.fields {
            embed = embed.field(&f.name, &f.value, f.inline);
        }
        if !e.footer.is_empty() {
            embed = embed.footer(CreateEmbedFooter::new(&e.footer));
        }
        if let Some(image) = &e.image {
            embed = embed.image(image);
        }
        embed
    }

    /// The response body as JSON, exactly as sent.
    pub fn to_json(&self) -> serde_json::Value {
        body_json(&self.interaction_response())
    }
}

/// Rows of buttons as Discord's action rows (component types 1 and 2).
fn action_rows(rows: &Rows) -> Vec<CreateActionRow> {
    rows.rows()
        .iter()
        .map(|row| {
            let buttons = row
                .iter()
                .map(|b| {
                    let style = match b.style {
                        Style::Primary => ButtonStyle::Primary,
                        Style::Secondary => ButtonStyle::Secondary,
                    };
                    CreateButton::new(&b.custom_id)
                        .label(&b.label)
                        .style(style)
                        .disabled(b.disabled)
                })
                .collect();
            CreateActionRow::Buttons(buttons)
        })
        .collect()
}

impl Pressed {
    /// A new message (type 4), or the pressed message updated in place (type 7).
    pub fn interaction_response(&self) -> CreateInteractionResponse {
        match self.delivery {
            Delivery::NewMessage => self.reply.interaction_response(),
            Delivery::Update => CreateInteractionResponse::UpdateMessage(self.reply.message()),
        }
    }
}

/// Serializes a response body as Discord receives it.
pub fn body_json(response: &CreateInteractionResponse) -> serde_json::Value {
    let mut body = serde_json::to_value(response).unwrap_or(serde_json::Value::Null);
    if let Some(data) = body.get_mut("data") {
        fix_attachments(data);
    }
    body
}

/// A body (an interaction response, or a message for a webhook) as the bytes sent, when it names
/// no file: serenity's serialization as is.
pub fn to_bytes(body: &impl serde::Serialize) -> Vec<u8> {
    serde_json::to_vec(body).unwrap_or_default()
}

/// A body that names files, as the bytes sent: its attachments as Discord's spec writes them.
/// Only replies with files (the chart) pay for the round trip through a JSON value.
pub fn to_bytes_with_files(body: &impl serde::Serialize) -> Vec<u8> {
    let mut value = serde_json::to_value(body).unwrap_or_default();
    fix_attachments(&mut value);
    if let Some(data) = value.get_mut("data") {
        fix_attachments(data);
    }
    serde_json::to_vec(&value).unwrap_or_default()
}

/// serenity writes a new attachment as `{"description": null, "filename": …, "id": 0}`; Discord's
/// spec has the id a snowflake string (`"0"`, the file's index) and no null description.
fn fix_attachments(message: &mut serde_json::Value) {
    let Some(files) = message
        .get_mut("attachments")
        .and_then(|a| a.as_array_mut())
    else {
        return;
    };
    for file in files {
        if let Some(file) = file.as_object_mut() {
            if let Some(id) = file.get("id").and_then(|id| id.as_u64()) {
                file.insert("id".into(), id.to_string().into());
            }
            if file.get("description").is_some_and(|d| d.is_null()) {
                file.remove("description");
            }
        }
    }
}

/// The autocomplete response (type 8): at most 25 choices, each name and value cut to 100.
pub fn autocomplete_response(choices: &[Choice]) -> CreateInteractionResponse {
    let choices = choices
        .iter()
        .take(limits::CHOICES)
        .map(|c| {
            AutocompleteChoice::new(
                truncate(&c.name, limits::CHOICE_NAME),
                truncate(&c.value, limits::CHOICE_VALUE),
            )
        })
        .collect();
    CreateInteractionResponse::Autocomplete(CreateAutocompleteResponse::new().set_choices(choices))
}

/// Where commands are registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// For every guild and user that installs the app (takes effect within the hour).
    Global,
    /// In one guild, instantly (development).
    Guild,
}

/// The commands as registered with Discord, each with a required `name` string option
/// (autocomplete, at most [`commands::QUERY_MAX_CHARS`] characters), described in English and, in
/// `description_localizations`, in every other language (names stay). Global commands are usable in
/// guilds, bot DMs and private channels, installed to a guild or to a user; Discord takes
/// `contexts` and `integration_types` only on global commands.
pub fn registration(scope: Scope) -> Vec<CreateCommand> {
    commands::ALL
        .iter()
        .map(|command| {
            let spec = command.spec();
            let mut created =
                CreateCommand::new(spec.name).description(spec.description(Locale::En));
            for locale in &Locale::ALL[1..] {
                created = created.description_localized(locale.code(), spec.description(*locale));
            }
            if let Some(option) = &spec.option {
                let mut created_option = CreateCommandOption::new(
                    CommandOptionType::String,
                    option.name,
                    option.description(Locale::En),
                );
                for locale in &Locale::ALL[1..] {
                    created_option = created_option
                        .description_localized(locale.code(), option.description(*locale));
                }
                created = created.add_option(
                    created_option
                        .required(option.required)
                        .max_length(commands::QUERY_MAX_CHARS as u16)
                        .set_autocomplete(true),
                );
            }
            match scope {
                Scope::Global => created
                    .contexts(vec![
                        InteractionContext::Guild,
                        InteractionContext::BotDm,
                        InteractionContext::PrivateChannel,
                    ])
                    .integration_types(vec![InstallationContext::Guild, InstallationContext::User]),
                Scope::Guild => created,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{Attachment, Embed, Outcome};

    #[test]
    fn attachment_ids_are_snowflake_strings_in_every_serialization() {
        let file = Attachment {
            filename: "chart.png".into(),
            bytes: bytes::Bytes::from_static(b"png"),
        };
        let reply = Reply::new(Embed::new("t", 0), Outcome::Found).with_image(file);
        let expected = serde_json::json!([{"id": "0", "filename": "chart.png"}]);
        let sent: serde_json::Value =
            serde_json::from_slice(&to_bytes_with_files(&reply.interaction_response())).unwrap();
        assert_eq!(sent["data"]["attachments"], expected);
        assert_eq!(
            body_json(&reply.interaction_response())["data"]["attachments"],
            expected
        );
        let message: serde_json::Value =
            serde_json::from_slice(&to_bytes_with_files(&reply.message())).unwrap();
        assert_eq!(message["attachments"], expected);
        // No file: the bytes are serenity's, untouched.
        let plain = Reply::new(Embed::new("t", 0), Outcome::Found).interaction_response();
        assert_eq!(to_bytes(&plain), serde_json::to_vec(&plain).unwrap());
    }
}
