//! Replies that carry files over the HTTP endpoint: Discord takes no files in the HTTP response,
//! so the bot answers "deferred" at once (type 5, or 6 for a page) and then edits that reply with
//! the message and its files, over REST.

use std::fmt;
use std::sync::Arc;

use serenity::all::{CreateInteractionResponse, CreateInteractionResponseMessage};
use tracing::{debug, warn};

use super::super::health::Health;
use super::super::rest::Rest;
use super::super::wire;
use crate::commands::Delivery;
use crate::reply::{Attachment, Reply};

/// The edit that completes a deferred reply.
pub struct FollowUp {
    pub application_id: u64,
    /// The interaction's token: a secret for 15 minutes, never logged.
    pub token: String,
    /// The message, JSON, as the webhook takes it.
    pub message: Vec<u8>,
    pub files: Vec<Attachment>,
}

impl fmt::Debug for FollowUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FollowUp")
            .field("application_id", &self.application_id)
            .field("files", &self.files.len())
            .finish_non_exhaustive()
    }
}

impl FollowUp {
    /// The follow-up of `reply`, for the interaction with this token.
    pub fn of(reply: &Reply, application_id: u64, token: &str) -> FollowUp {
        FollowUp {
            application_id,
            token: token.to_owned(),
            message: wire::to_bytes_with_files(&reply.message()),
            files: reply.attachments.clone(),
        }
    }

    /// Sends it, retrying as [`Rest::edit_original`] does; a failure is logged and counted.
    pub async fn send(self, rest: Rest, health: Arc<Health>) {
        let sent = rest
            .edit_original(self.application_id, &self.token, &self.message, &self.files)
            .await;
        match sent {
            Ok(()) => debug!("deferred reply completed"),
            Err(err) => {
                health.metrics.rest_error(err.status());
                warn!("could not complete a deferred reply: {err}");
            }
        }
    }
}

/// The immediate answer to an interaction whose reply follows: "thinking…" for a new message
/// (only the asker sees it when the reply is only theirs), or an acknowledgement for a page.
pub fn deferral(reply: &Reply, delivery: Delivery) -> Vec<u8> {
    match delivery {
        // serenity's Acknowledge serializes `"data": null`; Discord documents type 6 alone.
        Delivery::Update => br#"{"type":6}"#.to_vec(),
        Delivery::NewMessage => {
            let data = CreateInteractionResponseMessage::new().ephemeral(reply.ephemeral());
            wire::to_bytes(&CreateInteractionResponse::Defer(data))
        }
    }
}
