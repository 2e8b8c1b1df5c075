//! The Discord bot over the gateway: a thin serenity adapter. An interaction becomes a plain
//! [`Request`] (or a command and a partial input for autocomplete), [`commands`] answers it, and
//! the handler sends the reply. Everything but the socket is testable without Discord.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serenity::all::{
    ClientBuilder, Command as DiscordCommand, CommandData, Context, EventHandler, GatewayIntents,
    GuildId, HttpBuilder, Interaction, Ready, ResumedEvent,
};
use serenity::async_trait;
use tracing::{debug, error, info, warn};

use super::config::Config;
use super::error::{BotError, scrub};
use super::reload::{SharedCatalog, reload_on_hangup};
use super::wire::{self, Scope};
use crate::catalog::Catalog;
use crate::commands::{self, Command, ParseError, Request};
use crate::dataset::Dataset;

/// How long shutdown waits for the gateway to close before giving up on it.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Turns a slash command into a plain request. The command must be one of ours; a missing `name`
/// option becomes an empty name (answered with a hint).
pub fn request_of(data: &CommandData) -> Result<Request, ParseError> {
    let command =
        commands::find(&data.name).ok_or_else(|| ParseError::UnknownCommand(data.name.clone()))?;
    let name = data
        .options
        .iter()
        .find(|o| o.name == "name")
        .and_then(|o| o.value.as_str())
        .unwrap_or_default();
    Ok(Request::new(command, name))
}

/// Turns an autocomplete interaction into the command and what the user has typed so far.
pub fn partial_of(data: &CommandData) -> Option<(Command, String)> {
    let command = commands::find(&data.name)?;
    let focused = data.autocomplete().map_or("", |o| o.value);
    Some((command, focused.to_owned()))
}

/// The event handler: registration on ready, answers to interactions.
struct Handler {
    catalog: SharedCatalog,
    guild: Option<GuildId>,
    registered: AtomicBool,
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let (scope, where_) = match self.guild {
            Some(guild) => (Scope::Guild, format!("in guild {guild}")),
            None => (Scope::Global, "globally".to_owned()),
        };
        if self.registered.swap(true, Ordering::SeqCst) {
            info!(
                "ready again as {} (shard {:?}); commands already registered",
                ready.user.name, ready.shard
            );
            return;
        }
        let commands = wire::registration(scope);
        let result = match self.guild {
            Some(guild) => guild.set_commands(&ctx.http, commands).await,
            None => DiscordCommand::set_global_commands(&ctx.http, commands).await,
        };
        match result {
            Ok(registered) => info!(
                "ready as {}, {} guilds, {} commands registered {where_}",
                ready.user.name,
                ready.guilds.len(),
                registered.len()
            ),
            Err(err) => {
                self.registered.store(false, Ordering::SeqCst);
                error!(
                    "ready as {}, {} guilds, but registering commands {where_} failed: {err}",
                    ready.user.name,
                    ready.guilds.len()
                );
            }
        }
    }

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        info!("gateway session resumed");
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let catalog = self.catalog.get();
        match interaction {
            Interaction::Command(command) => {
                let reply = match request_of(&command.data) {
                    Ok(request) => {
                        debug!(%request, "command");
                        commands::run(&catalog, &request)
                    }
                    Err(_) => {
                        warn!(command = %command.data.name, "a command this bot does not have");
                        commands::unknown_command(&command.data.name)
                    }
                };
                if let Err(err) = command
                    .create_response(&ctx.http, reply.interaction_response())
                    .await
                {
                    warn!("could not answer /{}: {err}", command.data.name);
                }
            }
            Interaction::Autocomplete(auto) => {
                let choices = partial_of(&auto.data)
                    .map(|(command, partial)| command.complete(&catalog, &partial))
                    .unwrap_or_default();
                let response = wire::autocomplete_response(&choices);
                if let Err(err) = auto.create_response(&ctx.http, response).await {
                    warn!("could not autocomplete /{}: {err}", auto.data.name);
                }
            }
            _ => {}
        }
    }
}

/// Runs the bot until `shutdown` completes, then closes the gateway and returns.
///
/// A rejected token is found before the gateway is contacted (`GET /users/@me`), so it fails fast
/// instead of retrying forever.
pub async fn serve(
    config: &Config,
    catalog: SharedCatalog,
    shutdown: impl Future<Output = ()>,
) -> Result<(), BotError> {
    let token = config.token.expose();
    let mut http = HttpBuilder::new(token);
    if let Some(proxy) = &config.proxy {
        // serenity's own ratelimiter would bypass the proxy: the proxy is in charge of rate limits.
        http = http.proxy(proxy.as_str()).ratelimiter_disabled(true);
        info!(proxy = %proxy, "REST calls go through the proxy");
    }
    let http = http.build();
    let me = http
        .get_current_user()
        .await
        .map_err(|e| BotError::from_serenity(e, token))?;
    info!("token accepted for {}", me.name);

    let handler = Handler {
        catalog,
        guild: config.guild_id.map(GuildId::new),
        registered: AtomicBool::new(false),
    };
    let mut client = ClientBuilder::new_with_http(http, GatewayIntents::empty())
        .event_handler(handler)
        .await
        .map_err(|e| BotError::from_serenity(e, token))?;
    let shard_manager = Arc::clone(&client.shard_manager);
    let shards = config.shards.clone();
    let run = async move {
        match shards {
            // serenity 0.12 boots `range.start..=range.end` here: pass the last id, not one past it.
            Some(range) => {
                client
                    .start_shard_range(*range.ids.start()..*range.ids.end(), range.total)
                    .await
            }
            None => client.start_autosharded().await,
        }
    };
    tokio::pin!(run);
    tokio::select! {
        result = &mut run => result.map_err(|e| BotError::from_serenity(e, token)),
        () = shutdown => {
            info!("shutting down: closing the gateway connection");
            shard_manager.shutdown_all().await;
            match tokio::time::timeout(SHUTDOWN_GRACE, run).await {
                Ok(Err(err)) => warn!("gateway closed with an error: {}", scrub(&err.to_string(), token)),
                Err(_) => warn!("the gateway did not close within {SHUTDOWN_GRACE:?}"),
                Ok(Ok(())) => {}
            }
            info!("stopped");
            Ok(())
        }
    }
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(err) => {
                warn!("cannot listen for SIGTERM: {err}");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// `llama-alumni serve`: loads the dataset (`data`, or the embedded one), then runs the bot until
/// SIGINT or SIGTERM, reloading the dataset on SIGHUP.
pub async fn run(config: Config, data: Option<PathBuf>) -> Result<(), BotError> {
    let dataset = Dataset::load(data.as_deref())?;
    info!(
        "serving {} people from {}",
        dataset.people().len(),
        dataset.source_name()
    );
    let catalog = SharedCatalog::new(Catalog::new(dataset));
    let reloader = tokio::spawn(reload_on_hangup(catalog.clone(), data));
    let result = serve(&config, catalog, shutdown_signal()).await;
    reloader.abort();
    result
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
