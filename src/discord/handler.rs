//! The event handler: commands registered on READY, interactions answered. An interaction becomes a
//! plain [`Request`] (or a command and a partial input), [`commands`] answers it, and the reply goes
//! back through [`Rest::callback`], at most [`MAX_REPLIES_IN_FLIGHT`] at a time.

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use serenity::all::{
    CommandData, ConnectionStage, Context, CreateInteractionResponse, EventHandler, GuildId,
    Interaction, InteractionId, Ready, ResumedEvent, ShardStageUpdateEvent,
};
use serenity::async_trait;
use tokio::sync::{Semaphore, mpsc};
use tokio::time::Instant;
use tracing::{debug, info, warn};

use super::error::BotError;
use super::health::{Awaited, Health};
use super::metrics::Counted;
use super::register;
use super::reload::SharedCatalog;
use super::rest::{CALLBACK_WINDOW, Rest};
use super::wire;
use crate::commands::{self, Command, ParseError, Request};
use crate::i18n::Locale;
use crate::reply::{Attachment, Outcome};

/// Replies computed and sent at once; more wait their turn. Bounds the sockets a burst opens
/// (each reply in flight holds one connection) and the memory it takes.
pub const MAX_REPLIES_IN_FLIGHT: usize = 64;

/// A slash command's name and options as a transport reads them: serenity's [`CommandData`] over
/// the gateway, the endpoint's borrowed view over HTTP. What becomes of them is decided once, in
/// [`request_of`] and [`partial_of`], for both.
pub trait Invocation {
    /// The command's name as sent.
    fn command_name(&self) -> &str;
    /// The text of the first top-level option called `name`, when it is a string (or focused).
    fn string_option(&self, name: &str) -> Option<Cow<'_, str>>;
    /// What the user has typed so far in the focused option, when one is.
    fn focused(&self) -> Option<Cow<'_, str>>;
}

impl Invocation for CommandData {
    fn command_name(&self) -> &str {
        &self.name
    }

    fn string_option(&self, name: &str) -> Option<Cow<'_, str>> {
        self.options
            .iter()
            .find(|o| o.name == name)
            .and_then(|o| o.value.as_str())
            .map(Cow::Borrowed)
    }

    fn focused(&self) -> Option<Cow<'_, str>> {
        self.autocomplete().map(|o| Cow::Borrowed(o.value))
    }
}

/// Turns a slash command into a plain request. The command must be one of ours; a missing `name`
/// option becomes an empty name (answered with a hint).
pub fn request_of(data: &(impl Invocation + ?Sized)) -> Result<Request, ParseError> {
    let name = data.command_name();
    let command = commands::find(name).ok_or_else(|| ParseError::UnknownCommand(name.into()))?;
    let option = command.spec().option.as_ref().map_or("", |o| o.name);
    let value = data.string_option(option).unwrap_or_default();
    Ok(Request::new(command, value))
}

/// Turns an autocomplete interaction into the command and what the user has typed so far.
pub fn partial_of(data: &(impl Invocation + ?Sized)) -> Option<(Command, Cow<'_, str>)> {
    let command = commands::find(data.command_name())?;
    Some((command, data.focused().unwrap_or_default()))
}

/// The command an interaction names, for logs and metrics: one of ours, or "unknown" (a name
/// Discord sends is one we registered; anything else must not add a metrics label).
pub fn command_label(name: &str) -> &'static str {
    commands::find(name).map_or(UNKNOWN_COMMAND, |c| c.spec().name)
}

/// The metrics label of a command this bot does not have.
const UNKNOWN_COMMAND: &str = "unknown";

/// An interaction's response, where it goes, and what it was.
struct Response {
    id: InteractionId,
    token: String,
    body: CreateInteractionResponse,
    /// Files sent beside the body (the chart).
    files: Vec<Attachment>,
    /// One of ours, or "unknown": [`command_label`].
    command: &'static str,
    kind: &'static str,
    outcome: Outcome,
}

/// The command a button's custom id names, for logs and metrics: one of ours, or "unknown" (an
/// id is user-controlled input; metrics labels must stay few).
pub fn command_of_button(custom_id: &str) -> &'static str {
    custom_id
        .split(':')
        .nth(1)
        .map_or(UNKNOWN_COMMAND, command_label)
}

pub(super) struct Handler {
    pub catalog: SharedCatalog,
    pub guild: Option<GuildId>,
    pub registered: AtomicBool,
    pub rest: Rest,
    pub in_flight: Arc<Semaphore>,
    /// Interactions handled so far (for the memory trimmer).
    pub handled: Arc<AtomicU64>,
    /// Readiness and metrics.
    pub health: Arc<Health>,
    /// Where an error that must stop the bot goes (a registration Discord refuses).
    pub fatal: mpsc::UnboundedSender<BotError>,
}

impl Handler {
    /// The response to an interaction, where it goes, and what it was (logs and metrics).
    fn respond(&self, interaction: &Interaction) -> Option<Response> {
        let catalog = self.catalog.get();
        match interaction {
            Interaction::Command(command) => {
                // The user's client language, not the guild's: the reply is theirs.
                let locale = Locale::from_discord(&command.locale);
                let reply = match request_of(&command.data) {
                    Ok(request) => {
                        debug!(%request, locale = locale.code(), "command");
                        commands::run(&catalog, &request.in_locale(locale))
                    }
                    Err(_) => {
                        warn!(command = %command.data.name, "a command this bot does not have");
                        commands::unknown_command_in(&command.data.name, locale)
                    }
                };
                Some(Response {
                    id: command.id,
                    token: command.token.clone(),
                    body: reply.interaction_response(),
                    files: reply.attachments,
                    command: command_label(&command.data.name),
                    kind: "command",
                    outcome: reply.outcome,
                })
            }
            Interaction::Component(press) => {
                let locale = Locale::from_discord(&press.locale);
                let pressed = commands::press(&catalog, &press.data.custom_id, locale);
                debug!(custom_id = %press.data.custom_id, "button");
                Some(Response {
                    id: press.id,
                    token: press.token.clone(),
                    body: pressed.interaction_response(),
                    files: pressed.reply.attachments,
                    command: command_of_button(&press.data.custom_id),
                    kind: "button",
                    outcome: pressed.reply.outcome,
                })
            }
            Interaction::Autocomplete(auto) => {
                let locale = Locale::from_discord(&auto.locale);
                let choices = partial_of(&auto.data)
                    .map(|(command, partial)| command.complete_in(&catalog, &partial, locale))
                    .unwrap_or_default();
                Some(Response {
                    id: auto.id,
                    token: auto.token.clone(),
                    body: wire::autocomplete_response(&choices),
                    files: Vec::new(),
                    command: command_label(&auto.data.name),
                    kind: "autocomplete",
                    outcome: Outcome::Found,
                })
            }
            _ => None,
        }
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        // Discord sends the shard in READY whenever the bot shards, which it always does here.
        let shard = ready.shard.map_or(0, |s| s.id.0);
        self.health.done(Awaited::Shard(shard));
        if self.registered.swap(true, Ordering::SeqCst) {
            info!(
                "ready again as {} (shard {:?}); commands already registered",
                ready.user.name, ready.shard
            );
            return;
        }
        let where_ = register::scope_text(self.guild);
        let registered = register::commands(&ctx.http, self.guild, None).await;
        match registered {
            Ok(registered) => {
                self.health.done(Awaited::Commands);
                // A bot invited with only the applications.commands scope joins no guild as a
                // member: 0 guilds is normal then, and commands still work everywhere installed.
                info!(
                    "ready as {}, a member of {} guilds (0 is normal when invited with only the applications.commands scope), {registered} commands registered {where_}",
                    ready.user.name,
                    ready.guilds.len(),
                )
            }
            Err(err) => {
                self.registered.store(false, Ordering::SeqCst);
                let _ = self.fatal.send(err);
            }
        }
    }

    async fn shard_stage_update(&self, _ctx: Context, event: ShardStageUpdateEvent) {
        // Each shard on its own: one shard down leaves its guilds unanswered.
        let shard = Awaited::Shard(event.shard_id.0);
        if event.new == ConnectionStage::Connected {
            self.health.done(shard);
        } else {
            self.health.undone(shard);
        }
    }

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        info!("gateway session resumed");
    }

    async fn interaction_create(&self, _ctx: Context, interaction: Interaction) {
        let received = Instant::now();
        self.handled.fetch_add(1, Ordering::Relaxed);
        // Past Discord's window an answer is refused anyway: better not to wait for a turn.
        let Ok(Ok(_turn)) =
            tokio::time::timeout_at(received + CALLBACK_WINDOW, self.in_flight.acquire()).await
        else {
            warn!("an interaction waited past Discord's window for its turn; not answered");
            return;
        };
        let Some(r) = self.respond(&interaction) else {
            return;
        };
        let metrics = &self.health.metrics;
        let sent = self
            .rest
            .callback(r.id, &r.token, &r.body, &r.files, received)
            .await;
        let counted = match sent {
            Ok(()) => Counted::Answered(r.outcome),
            Err(err) => {
                metrics.rest_error(err.status());
                if err.is_moot() {
                    debug!("{} of /{}: {err}", r.kind, r.command);
                } else {
                    warn!("could not answer the {} of /{}: {err}", r.kind, r.command);
                }
                Counted::Error
            }
        };
        metrics.interaction(r.command, r.kind, counted, received.elapsed());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(json: serde_json::Value) -> CommandData {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_slash_command_becomes_a_request() {
        let d = data(serde_json::json!({
            "id": "1", "name": "whereis", "type": 1,
            "options": [{"name": "name", "type": 3, "value": "Izzacard"}]
        }));
        assert_eq!(
            request_of(&d).unwrap(),
            Request::new(&commands::whereis::Whereis, "Izzacard")
        );
        let d = data(serde_json::json!({"id": "1", "name": "company", "type": 1}));
        assert_eq!(
            request_of(&d).unwrap(),
            Request::new(&commands::company::CompanyCommand, "")
        );
        let d = data(serde_json::json!({"id": "1", "name": "ping", "type": 1}));
        assert_eq!(
            request_of(&d).unwrap_err(),
            ParseError::UnknownCommand("ping".into())
        );
    }

    #[test]
    fn an_autocomplete_becomes_a_partial() {
        let d = data(serde_json::json!({
            "id": "1", "name": "company", "type": 1,
            "options": [{"name": "name", "type": 3, "value": "mis", "focused": true}]
        }));
        let (command, partial) = partial_of(&d).unwrap();
        assert_eq!(command.spec().name, "company");
        assert_eq!(partial, "mis");
    }
}
