//! The Discord bot: a thin serenity adapter over the same pipeline the CLI uses.
//!
//! An interaction becomes a plain [`Request`] (or a command name and a partial input for
//! autocomplete), the pure functions of [`commands`] and [`render`] answer it, and the handler sends
//! the result. Everything but the socket is testable without Discord.

use std::future::Future;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use serenity::all::{
    ClientBuilder, Command, CommandData, Context, EventHandler, GatewayIntents, GuildId,
    HttpBuilder, Interaction, Ready, ResumedEvent, StatusCode,
};
use serenity::async_trait;
use tracing::{debug, error, info, warn};

use crate::commands::{self, CommandName, Request};
use crate::config::{Config, ConfigError};
use crate::dataset::{Dataset, DatasetError};
use crate::render::{self, Scope};
use crate::search::Catalog;

/// How long shutdown waits for the gateway to close before giving up on it.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The catalog the bot serves, replaceable while it runs (a reload that fails keeps the old one).
#[derive(Debug, Clone)]
pub struct SharedCatalog(Arc<RwLock<Arc<Catalog>>>);

impl SharedCatalog {
    /// Shares a catalog.
    pub fn new(catalog: Catalog) -> SharedCatalog {
        SharedCatalog(Arc::new(RwLock::new(Arc::new(catalog))))
    }

    /// The current catalog.
    pub fn get(&self) -> Arc<Catalog> {
        match self.0.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Loads the dataset again; on error the catalog being served stays as it was.
    pub fn reload(&self, path: Option<&Path>) -> Result<usize, DatasetError> {
        let catalog = Catalog::new(Dataset::load(path)?);
        let people = catalog.dataset().people().len();
        let mut guard = match self.0.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Arc::new(catalog);
        Ok(people)
    }
}

/// Why the bot stopped or could not start.
#[derive(Debug, thiserror::Error)]
pub enum BotError {
    /// The configuration is missing or wrong.
    #[error("{0}")]
    Config(#[from] ConfigError),
    /// The dataset was refused.
    #[error("{0}")]
    Data(#[from] DatasetError),
    /// Discord answered 401 to the token.
    #[error(
        "Discord rejected DISCORD_TOKEN (401 Unauthorized): copy the token again from the developer portal (Bot, Reset Token)"
    )]
    TokenRejected,
    /// Discord could not be reached or failed.
    #[error("Discord: {0}")]
    Discord(String),
}

impl BotError {
    /// The process exit code: 2 for what the operator must fix, 1 for failures along the way.
    pub fn exit_code(&self) -> u8 {
        match self {
            BotError::Discord(_) => 1,
            _ => 2,
        }
    }

    /// Classifies a serenity error, with the token scrubbed from its text whatever it says.
    fn from_serenity(err: serenity::Error, token: &str) -> BotError {
        use serenity::gateway::GatewayError;
        match &err {
            serenity::Error::Http(http) if http.status_code() == Some(StatusCode::UNAUTHORIZED) => {
                BotError::TokenRejected
            }
            serenity::Error::Gateway(GatewayError::InvalidAuthentication) => {
                BotError::TokenRejected
            }
            _ => BotError::Discord(scrub(&err.to_string(), token)),
        }
    }
}

/// Text with every occurrence of the token replaced.
fn scrub(text: &str, token: &str) -> String {
    if token.is_empty() {
        text.to_owned()
    } else {
        text.replace(token, "<redacted>")
    }
}

/// Turns a slash command into a plain request. The command name must be one of ours; a missing
/// `name` option becomes an empty name (answered with a hint).
pub fn request_of(data: &CommandData) -> Result<Request, String> {
    let command: CommandName = data.name.parse().map_err(|_| data.name.clone())?;
    let name = data
        .options
        .iter()
        .find(|o| o.name == "name")
        .and_then(|o| o.value.as_str())
        .unwrap_or_default();
    Ok(Request::new(command, name))
}

/// Turns an autocomplete interaction into the command and what the user has typed so far.
pub fn partial_of(data: &CommandData) -> Option<(CommandName, String)> {
    let command: CommandName = data.name.parse().ok()?;
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
        let commands = render::registration(scope);
        let result = match self.guild {
            Some(guild) => guild.set_commands(&ctx.http, commands).await,
            None => Command::set_global_commands(&ctx.http, commands).await,
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
                        render::respond(&catalog, &request)
                    }
                    Err(unknown) => {
                        warn!(command = %unknown, "a command this bot does not have");
                        render::unknown_command(&unknown)
                    }
                };
                if let Err(err) = command
                    .create_response(&ctx.http, reply.to_response())
                    .await
                {
                    warn!("could not answer /{}: {err}", command.data.name);
                }
            }
            Interaction::Autocomplete(auto) => {
                let choices = partial_of(&auto.data)
                    .map(|(name, partial)| commands::complete(&catalog, name, &partial))
                    .unwrap_or_default();
                let response = render::autocomplete(&choices);
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

/// Reloads the dataset on every SIGHUP; a file that fails validation is reported and the data
/// already loaded keeps being served.
async fn reload_on_hangup(catalog: SharedCatalog, path: Option<std::path::PathBuf>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut hangup) = signal(SignalKind::hangup()) else {
            return;
        };
        while hangup.recv().await.is_some() {
            match catalog.reload(path.as_deref()) {
                Ok(people) => info!("dataset reloaded: {people} people"),
                Err(err) => error!("dataset not reloaded, still serving the previous data: {err}"),
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (catalog, path);
    }
}

/// `llama-alumni serve`: loads the dataset, then runs the bot until SIGINT or SIGTERM.
pub async fn run(config: Config) -> Result<(), BotError> {
    let dataset = Dataset::load(config.data.as_deref())?;
    info!(
        "serving {} people from {}",
        dataset.people().len(),
        dataset.source_name()
    );
    let catalog = SharedCatalog::new(Catalog::new(dataset));
    let reloader = tokio::spawn(reload_on_hangup(catalog.clone(), config.data.clone()));
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
            Request::new(CommandName::WhereIs, "Izzacard")
        );
        let d = data(serde_json::json!({"id": "1", "name": "company", "type": 1}));
        assert_eq!(
            request_of(&d).unwrap(),
            Request::new(CommandName::Company, "")
        );
        let d = data(serde_json::json!({"id": "1", "name": "ping", "type": 1}));
        assert_eq!(request_of(&d).unwrap_err(), "ping");
    }

    #[test]
    fn an_autocomplete_becomes_a_partial() {
        let d = data(serde_json::json!({
            "id": "1", "name": "company", "type": 1,
            "options": [{"name": "name", "type": 3, "value": "mis", "focused": true}]
        }));
        assert_eq!(
            partial_of(&d),
            Some((CommandName::Company, "mis".to_owned()))
        );
    }

    #[test]
    fn errors_never_carry_the_token() {
        assert_eq!(
            scrub("bad request for Bot abc.def", "abc.def"),
            "bad request for Bot <redacted>"
        );
    }

    #[test]
    fn a_failed_reload_keeps_the_data() {
        let shared = SharedCatalog::new(Catalog::new(Dataset::embedded().unwrap()));
        let err = shared
            .reload(Some(Path::new("/nonexistent/x.json")))
            .unwrap_err();
        assert!(err.to_string().contains("/nonexistent/x.json"));
        assert_eq!(shared.get().dataset().people().len(), 14);
        assert_eq!(shared.reload(None).unwrap(), 14);
    }
}
