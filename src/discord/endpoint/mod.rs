//! The bot as Discord's HTTP interactions endpoint (`serve-http`): Discord POSTs each interaction,
//! signed, and takes the reply as the HTTP response. No gateway, no shards, no state: any number of
//! replicas behind any load balancer.

pub mod batch;
mod follow_up;
mod invoked;
pub mod verify;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serenity::all::{GuildId, HttpBuilder};
use tokio::time::Instant;
use tower_http::limit::RequestBodyLimitLayer;
use tracing::{debug, error, info, warn};

use super::config::Config;
use super::error::BotError;
use super::handler::{command_label, command_of_button, partial_of, request_of};
use super::health::{self, Awaited, Health};
use super::metrics::Counted;
use super::reload::{SharedCatalog, reload_on_hangup};
use super::{register, rest, wire};
use crate::catalog::Catalog;
use crate::commands::{self, Delivery};
use crate::i18n::Locale;
use crate::reply::{Outcome, Reply};
use batch::Batcher;
use follow_up::FollowUp;
use invoked::Invoked;
use rest::Rest;

/// The largest body taken: an interaction is a few KiB; more is refused (413) unread.
pub const MAX_BODY: usize = 64 * 1024;
/// How long a stop waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(5);

/// Why a signed body is not an interaction this bot answers (400).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadInteraction {
    #[error("the body is not an interaction: {0}")]
    Malformed(String),
    #[error("interaction type {0} is not handled by this bot")]
    Unhandled(u64),
}

/// An interaction answered: the response body, and what to count.
#[derive(Debug)]
pub struct Answered {
    /// The response body, JSON, exactly as sent.
    pub body: Vec<u8>,
    /// One of ours, or "unknown" (for metrics: a label a client cannot make up).
    pub command: &'static str,
    pub kind: &'static str,
    pub outcome: Outcome,
    /// For a reply with files: the body defers it, and this completes it.
    pub follow_up: Option<FollowUp>,
}

/// A button press as the endpoint reads it: only what answering it takes.
#[derive(serde::Deserialize)]
struct Press {
    data: PressData,
    token: String,
    application_id: String,
    /// The user's client language; Discord always sends it, but a press is answered without.
    #[serde(default)]
    locale: String,
}

#[derive(serde::Deserialize)]
struct PressData {
    custom_id: String,
}

/// The response to a reply: the reply itself, or with files a deferral and its follow-up.
fn answered(
    reply: &Reply,
    delivery: Delivery,
    body: impl FnOnce() -> Vec<u8>,
    (application_id, token): (u64, &str),
) -> (Vec<u8>, Option<FollowUp>) {
    if reply.attachments.is_empty() {
        (body(), None)
    } else {
        let follow_up = FollowUp::of(reply, application_id, token);
        (follow_up::deferral(reply, delivery), Some(follow_up))
    }
}

/// A response serialized once, straight to the bytes sent.
fn json_bytes(response: &serenity::all::CreateInteractionResponse) -> Vec<u8> {
    wire::to_bytes(response)
}

/// Answers a verified body: PING with PONG, a command with its reply, an autocomplete with its
/// choices, through the pipeline the gateway and the CLI use.
pub fn answer(catalog: &Catalog, body: &[u8]) -> Result<Answered, BadInteraction> {
    /// Only the type, read first: the rest is parsed once, straight into what that type is.
    #[derive(serde::Deserialize)]
    struct Envelope {
        r#type: u64,
    }
    let malformed = |e: serde_json::Error| BadInteraction::Malformed(e.to_string());
    let kind = serde_json::from_slice::<Envelope>(body)
        .map_err(malformed)?
        .r#type;
    if kind == 1 {
        // serenity's Pong serializes `"data": null`; Discord documents PONG as `{"type": 1}`.
        return Ok(Answered {
            body: br#"{"type":1}"#.to_vec(),
            command: "",
            kind: "ping",
            outcome: Outcome::Found,
            follow_up: None,
        });
    }
    if kind == 3 {
        return Ok(press(
            catalog,
            serde_json::from_slice(body).map_err(malformed)?,
        ));
    }
    if kind != 2 && kind != 4 {
        return Err(BadInteraction::Unhandled(kind));
    }
    let interaction = Invoked::parse(body).map_err(BadInteraction::Malformed)?;
    let command = command_label(&interaction.data.name);
    // The user's client language, as over the gateway.
    let locale = Locale::from_discord(&interaction.locale);
    if kind == 4 {
        let choices = partial_of(&interaction.data)
            .map(|(command, partial)| command.complete_in(catalog, &partial, locale))
            .unwrap_or_default();
        return Ok(Answered {
            body: json_bytes(&wire::autocomplete_response(&choices)),
            command,
            kind: "autocomplete",
            outcome: Outcome::Found,
            follow_up: None,
        });
    }
    let reply = match request_of(&interaction.data) {
        Ok(request) => commands::run(catalog, &request.in_locale(locale)),
        Err(_) => commands::unknown_command_in(&interaction.data.name, locale),
    };
    let to = (interaction.application_id.get(), &*interaction.token);
    let (body, follow_up) = answered(
        &reply,
        Delivery::NewMessage,
        || json_bytes(&reply.interaction_response()),
        to,
    );
    Ok(Answered {
        body,
        command,
        kind: "command",
        outcome: reply.outcome,
        follow_up,
    })
}

/// A button press (type 3): what the command named in its custom id answers.
fn press(catalog: &Catalog, press: Press) -> Answered {
    let locale = Locale::from_discord(&press.locale);
    let pressed = commands::press(catalog, &press.data.custom_id, locale);
    // An id that is not a number cannot be Discord's: the follow-up would go nowhere anyway.
    let application_id = press.application_id.parse().unwrap_or(0);
    let (body, follow_up) = answered(
        &pressed.reply,
        pressed.delivery,
        || json_bytes(&pressed.interaction_response()),
        (application_id, &press.token),
    );
    Answered {
        body,
        command: command_of_button(&press.data.custom_id),
        kind: "button",
        outcome: pressed.reply.outcome,
        follow_up,
    }
}

#[derive(Clone)]
struct Endpoint {
    catalog: SharedCatalog,
    /// Checks signatures, in batches when requests arrive together.
    signatures: Batcher,
    health: Arc<Health>,
    /// Where the follow-ups of deferred replies go.
    rest: Rest,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

async fn interactions(
    State(endpoint): State<Endpoint>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let received = Instant::now();
    let signature = header(&headers, "x-signature-ed25519");
    let timestamp = header(&headers, "x-signature-timestamp");
    let checked = match verify::claim(signature, timestamp, &body, SystemTime::now()) {
        Ok(claim) => match endpoint.signatures.verifies(claim).await {
            true => Ok(()),
            false => Err(verify::Refusal::BadSignature),
        },
        Err(refusal) => Err(refusal),
    };
    if let Err(refusal) = checked {
        endpoint.health.metrics.signature_failure();
        debug!("refused a request: {refusal}");
        return (StatusCode::UNAUTHORIZED, format!("{refusal}\n")).into_response();
    }
    let catalog = endpoint.catalog.get();
    match answer(&catalog, &body) {
        Ok(mut answered) => {
            if let Some(follow_up) = answered.follow_up.take() {
                let (rest, health) = (endpoint.rest.clone(), Arc::clone(&endpoint.health));
                tokio::spawn(follow_up.send(rest, health));
            }
            let metrics = &endpoint.health.metrics;
            metrics.interaction(
                answered.command,
                answered.kind,
                Counted::Answered(answered.outcome),
                received.elapsed(),
            );
            ([(header::CONTENT_TYPE, "application/json")], answered.body).into_response()
        }
        Err(bad) => {
            debug!("a signed request that is not an interaction: {bad}");
            (StatusCode::BAD_REQUEST, format!("{bad}\n")).into_response()
        }
    }
}

/// The whole service: interactions (at `/interactions` and `/`), health and metrics.
fn router(endpoint: Endpoint) -> Router {
    let health = health::routes(Arc::clone(&endpoint.health));
    Router::new()
        .route("/interactions", post(interactions))
        .route("/", post(interactions))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .with_state(endpoint)
        .merge(health)
}

/// What `serve-http` needs.
#[derive(Debug, Clone)]
pub struct EndpointConfig {
    pub public_key: String,
    pub listen: SocketAddr,
    /// `DISCORD_PROXY`: where follow-ups go instead of `https://discord.com`.
    pub api_base: Option<String>,
    /// With a token, this process registers the commands.
    pub bot: Option<Config>,
}

/// Registers the commands over REST alone (no gateway), retrying for `patience` (forever without).
async fn register_over_rest(
    config: &Config,
    patience: Option<Duration>,
) -> Result<usize, BotError> {
    let token = config.token.expose();
    let mut http = HttpBuilder::new(token).client(rest::client());
    if let Some(proxy) = &config.proxy {
        http = http.proxy(proxy.as_str()).ratelimiter_disabled(true);
    }
    let http = http.build();
    let guild = config.guild_id.map(GuildId::new);
    register::learn_application_id(&http, patience).await?;
    let n = register::commands(&http, guild, patience).await?;
    info!("{n} commands registered {}", register::scope_text(guild));
    Ok(n)
}

/// `llama-alumni register`: registers the commands and returns, giving up after the startup patience.
pub async fn register_once(config: &Config) -> Result<(), BotError> {
    register_over_rest(config, Some(config.startup_patience))
        .await
        .map(|_| ())
}

/// Registers the commands in the background; `/readyz` says ready once they are.
async fn register_in_background(config: Config, health: Arc<Health>) -> Result<(), BotError> {
    register_over_rest(&config, None).await?;
    health.done(Awaited::Commands);
    Ok(())
}

/// `llama-alumni serve-http`: serves until SIGINT or SIGTERM, then finishes the requests in flight.
pub async fn run(config: EndpointConfig, data: Option<PathBuf>) -> Result<(), BotError> {
    let key = verify::PublicKey::from_hex(&config.public_key).map_err(|why| {
        super::config::ConfigError::Invalid {
            name: "DISCORD_PUBLIC_KEY",
            message: why,
        }
    })?;
    let mut awaited = vec![Awaited::Dataset];
    if config.bot.is_some() {
        awaited.push(Awaited::Commands);
    }
    let health = Arc::new(Health::waiting_for(awaited));
    let observed = Arc::clone(&health);
    let signatures = Batcher::start(key, Box::new(move |n| observed.metrics.signature_batch(n)))
        .map_err(|e| BotError::Discord(format!("cannot start the signature thread: {e}")))?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| BotError::Discord(format!("cannot listen on {}: {e}", config.listen)))?;
    let loaded = Catalog::load(data.as_deref())?;
    health.metrics.loaded(loaded.dataset().people().len());
    let catalog = SharedCatalog::new(loaded);
    health.done(Awaited::Dataset);
    info!("listening on http://{} (POST /interactions)", config.listen);
    let (fatal, mut fatal_errors) = tokio::sync::mpsc::unbounded_channel();
    match config.bot.clone() {
        Some(bot) => {
            let health = Arc::clone(&health);
            tokio::spawn(async move {
                if let Err(err) = register_in_background(bot, health).await {
                    let _ = fatal.send(err);
                }
            });
        }
        None => warn!("DISCORD_TOKEN is not set: this process does not register the commands"),
    }
    let reloader = tokio::spawn(reload_on_hangup(
        catalog.clone(),
        data,
        Some(Arc::clone(&health)),
    ));
    let token = config.bot.as_ref().map(|b| b.token.expose().to_owned());
    let rest = Rest::new(rest::client(), config.api_base.as_deref(), token.as_deref());
    let readiness = Arc::clone(&health);
    let app = router(Endpoint {
        catalog,
        signatures,
        health,
        rest,
    });
    let (stop, stopped) = tokio::sync::oneshot::channel::<Result<(), BotError>>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        let outcome = tokio::select! {
            () = super::gateway::shutdown_signal() => Ok(()),
            Some(err) = fatal_errors.recv() => Err(err),
        };
        readiness.stopping();
        info!("stopping: finishing the requests in flight");
        let _ = stop.send(outcome);
    });
    let served = tokio::spawn(async move { server.await });
    let outcome = stopped.await.unwrap_or(Ok(()));
    match tokio::time::timeout(DRAIN, served).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(err))) => error!("the server stopped with an error: {err}"),
        Ok(Err(err)) => error!("the server stopped with an error: {err}"),
        Err(_) => warn!("requests still in flight after {DRAIN:?}: stopping anyway"),
    }
    reloader.abort();
    info!("stopped");
    outcome
}
