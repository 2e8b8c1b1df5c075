//! The Discord bot over the gateway: serenity's client, started after Discord has accepted the
//! token, with every REST call on one client with timeouts, the connections gated by
//! [`reconnect::gate`], and a clean stop on SIGINT or SIGTERM.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64};
use std::time::Duration;

use serenity::all::{ClientBuilder, GatewayIntents, GuildId, Http, HttpBuilder};
use tokio::sync::{Semaphore, mpsc};
use tracing::{info, warn};

use super::config::Config;
use super::error::{BotError, scrub};
use super::handler::{Handler, MAX_REPLIES_IN_FLIGHT};
use super::health::{self, Awaited, Health};
use super::reload::{SharedCatalog, reload_on_hangup};
use super::rest::{self, Rest};
use super::{memory, reconnect, retry};
use crate::catalog::Catalog;

/// How long shutdown waits for the gateway to close before giving up on it.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Runs the bot until `shutdown` completes, then closes the gateway and returns.
///
/// The token is checked before the gateway is contacted (`GET /users/@me`): a rejected token fails
/// fast, and a Discord that does not answer is retried for `config.startup_patience`.
pub async fn serve(
    config: &Config,
    catalog: SharedCatalog,
    health: Arc<Health>,
    shutdown: impl Future<Output = ()>,
) -> Result<(), BotError> {
    let token = config.token.expose();
    let (http, client, autoshards) = check_in(config).await?;
    health.expect_shards(match (&config.shards, autoshards) {
        (Some(range), _) => range.ids.clone(),
        (None, total) => 0..=total.unwrap_or(1).saturating_sub(1),
    });
    let (fatal, mut fatal_errors) = mpsc::unbounded_channel();
    let in_flight = Arc::new(Semaphore::new(MAX_REPLIES_IN_FLIGHT));
    let handled = Arc::new(AtomicU64::new(0));
    let trimmer = tokio::spawn(memory::trim_after_bursts(
        Arc::clone(&handled),
        Arc::clone(&in_flight),
    ));
    let readiness = Arc::clone(&health);
    let handler = Handler {
        catalog,
        guild: config.guild_id.map(GuildId::new),
        registered: AtomicBool::new(false),
        rest: Rest::new(client, config.proxy.as_deref(), Some(token)),
        in_flight,
        handled,
        health,
        fatal,
    };
    let mut client = ClientBuilder::new_with_http(http, GatewayIntents::empty())
        .event_handler(handler)
        .await
        .map_err(|e| BotError::from_serenity(e, token))?;
    let gate = tokio::spawn(reconnect::gate(Arc::clone(&client.ws_url)));
    let shard_manager = Arc::clone(&client.shard_manager);
    let shards = config.shards.clone();
    let run = async move {
        match (shards, autoshards) {
            // serenity 0.12 boots `range.start..=range.end` here: pass the last id, not one past it.
            (Some(range), _) => {
                client
                    .start_shard_range(*range.ids.start()..*range.ids.end(), range.total)
                    .await
            }
            (None, Some(total)) => client.start_shards(total).await,
            (None, None) => client.start_autosharded().await,
        }
    };
    tokio::pin!(run);
    let outcome = tokio::select! {
        result = &mut run => {
            gate.abort();
            trimmer.abort();
            return result.map_err(|e| BotError::from_serenity(e, token));
        }
        Some(err) = fatal_errors.recv() => Err(err),
        () = shutdown => Ok(()),
    };
    readiness.stopping();
    // The gate holds connections back: let them go, or each shard's shutdown waits it out.
    gate.abort();
    trimmer.abort();
    info!("shutting down: closing the gateway connection");
    shard_manager.shutdown_all().await;
    match tokio::time::timeout(SHUTDOWN_GRACE, run).await {
        Ok(Err(err)) => warn!(
            "gateway closed with an error: {}",
            scrub(&err.to_string(), token)
        ),
        Err(_) => warn!("the gateway did not close within {SHUTDOWN_GRACE:?}"),
        Ok(Ok(())) => {}
    }
    info!("stopped");
    outcome
}

/// Before the gateway: the REST client, the token checked (`GET /users/@me`), and how many shards
/// Discord recommends when `SHARDS` does not say (asked here rather than by serenity's
/// `start_autosharded`, so that it is retried like every startup call).
async fn check_in(config: &Config) -> Result<(Http, reqwest::Client, Option<u32>), BotError> {
    let client = rest::client();
    let mut http = HttpBuilder::new(config.token.expose()).client(client.clone());
    if let Some(proxy) = &config.proxy {
        // serenity's own ratelimiter would bypass the proxy: the proxy is in charge of rate limits.
        http = http.proxy(proxy.as_str()).ratelimiter_disabled(true);
        info!(proxy = %proxy, "REST calls go through the proxy");
    }
    let http = http.build();
    let patience = Some(config.startup_patience);
    let me = retry::until_done("GET /users/@me", patience, || http.get_current_user()).await?;
    info!("token accepted for {}", me.name);
    let autoshards = match config.shards {
        Some(_) => None,
        None => Some(
            retry::until_done("GET /gateway/bot", patience, || http.get_bot_gateway())
                .await?
                .shards,
        ),
    };
    Ok((http, client, autoshards))
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
/// SIGINT or SIGTERM, reloading the dataset on SIGHUP; `/healthz`, `/readyz` and `/metrics` on
/// `health_addr` when given.
pub async fn run(
    config: Config,
    data: Option<PathBuf>,
    health_addr: Option<SocketAddr>,
) -> Result<(), BotError> {
    let health = Arc::new(Health::waiting_for([
        Awaited::Dataset,
        Awaited::Commands,
        Awaited::Gateway,
    ]));
    let health_server = match health_addr {
        Some(addr) => Some(serve_health(addr, Arc::clone(&health)).await?),
        None => None,
    };
    let loaded = Catalog::load(data.as_deref())?;
    let dataset = loaded.dataset();
    info!(
        "serving {} people from {}",
        dataset.people().len(),
        dataset.source_name()
    );
    health.metrics.loaded(dataset.people().len());
    health.done(Awaited::Dataset);
    let catalog = SharedCatalog::new(loaded);
    let reloader = tokio::spawn(reload_on_hangup(
        catalog.clone(),
        data,
        Some(Arc::clone(&health)),
    ));
    let result = serve(&config, catalog, health, shutdown_signal()).await;
    reloader.abort();
    if let Some(server) = health_server {
        server.abort();
    }
    result
}

/// Starts the health and metrics server beside the gateway bot.
async fn serve_health(
    addr: SocketAddr,
    health: Arc<Health>,
) -> Result<tokio::task::JoinHandle<()>, BotError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| BotError::Discord(format!("cannot listen on {addr} for health: {e}")))?;
    info!("health and metrics on http://{addr} (/healthz, /readyz, /metrics)");
    let app = health::routes(health);
    Ok(tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, app).await {
            warn!("the health server stopped: {err}");
        }
    }))
}
