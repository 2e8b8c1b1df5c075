//! A fake Discord on 127.0.0.1, speaking Discord's real protocol: the REST routes the bot calls
//! (`/api/v10/...`) and the gateway WebSocket (HELLO, IDENTIFY, READY, heartbeats, RESUME,
//! dispatches), with plain JSON text frames. It records everything the bot sends, and lets a test
//! write INTERACTION_CREATE events and drop the gateway connection.
//!
//! Faults are injected per REST route ([`FakeDiscord::fail_next`], [`FakeDiscord::fail_always`]:
//! Discord's JSON errors, a proxy's HTML page, no answer at all) and on the gateway
//! ([`FakeDiscord::set_gateway_fault`]: close right after HELLO, refuse the token).
//!
//! The bot reaches it through `DISCORD_PROXY` (REST) and the gateway URL the fake returns from
//! `GET /api/v10/gateway[/bot]`. No such mock exists in the ecosystem; the payloads follow Discord's
//! documentation and what serenity 0.12.5 requires to deserialize them.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Request, State};
use axum::handler::Handler;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};
use axum::serve::ListenerExt;
use axum::{Json, Router};
use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc};

use gateway::gateway;
use rest::{
    Caller, current_application, current_user, edit_original, gateway_url, interaction_callback,
    not_found, rest_prologue, set_commands,
};

mod gateway;
mod rest;

/// The fake application's id (what command registration uses).
pub const APP_ID: &str = "300000000000000001";
/// The bot user's id.
pub const BOT_ID: &str = "300000000000000002";
/// The bot user's name.
pub const BOT_NAME: &str = "llama-alumni-test";
/// The one guild the bot is in.
pub const GUILD_ID: &str = "400000000000000001";
/// The channel interactions come from.
pub const CHANNEL_ID: &str = "400000000000000002";
/// The user who types the commands.
pub const USER_ID: &str = "500000000000000001";

/// How long a test waits for the bot before failing.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A REST request the bot made.
#[derive(Debug, Clone)]
pub struct RestCall {
    /// `GET`, `PUT`, `POST`, ...
    pub method: String,
    /// The path, e.g. `/api/v10/applications/300/commands`.
    pub path: String,
    /// Whether it carried `Authorization: Bot <the right token>`.
    pub authorized: bool,
    /// The JSON body (`Null` when none); of a multipart body, its `payload_json`.
    pub body: Value,
    /// The files of a multipart body, in order.
    pub files: Vec<File>,
}

/// A file sent in a multipart body.
#[derive(Debug, Clone)]
pub struct File {
    /// The form field, e.g. `files[0]`.
    pub field: String,
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// A REST route faults can be injected on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// `GET /users/@me`, the bot's first call.
    CurrentUser,
    /// `GET /gateway/bot`, where the gateway is and how many shards.
    GatewayBot,
    /// `PUT .../commands`, the registration.
    Commands,
    /// `POST /interactions/{id}/{token}/callback`, a reply.
    Callback,
    /// `PATCH /webhooks/{app}/{token}/messages/@original`, a deferred reply completed.
    EditOriginal,
}

impl Route {
    fn of(path: &str) -> Option<Route> {
        if path.ends_with("/users/@me") {
            Some(Route::CurrentUser)
        } else if path.ends_with("/gateway/bot") {
            Some(Route::GatewayBot)
        } else if path.ends_with("/commands") {
            Some(Route::Commands)
        } else if path.ends_with("/callback") {
            Some(Route::Callback)
        } else if path.ends_with("/messages/@original") {
            Some(Route::EditOriginal)
        } else {
            None
        }
    }
}

/// What a faulty REST route answers.
#[derive(Debug, Clone)]
pub enum Fault {
    /// This status with this JSON body (Discord's errors: `{"code", "message"}`, or a 429's
    /// `{"message", "retry_after", "global"}`).
    Json(u16, Value),
    /// This status with an HTML page, as a proxy or load balancer in front of Discord answers.
    Html(u16),
    /// No answer, ever (the connection stays open).
    Hang,
}

impl Fault {
    /// Discord's 429 for a route, asking to wait `retry_after` seconds.
    pub fn rate_limited(retry_after: f64) -> Fault {
        Fault::Json(
            429,
            json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": false}),
        )
    }

    /// Discord's JSON error.
    pub fn discord(status: u16, code: u64, message: &str) -> Fault {
        Fault::Json(status, json!({"code": code, "message": message}))
    }
}

/// What a faulty gateway does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GatewayFault {
    /// Accept the connection, send HELLO, then close with this code (`None`: drop the TCP
    /// connection without a close frame).
    CloseAfterHello(Option<u16>),
    /// Close every IDENTIFY and RESUME with 4004 (authentication failed), whatever the token.
    RejectToken,
}

#[derive(Debug, Default)]
struct Faults {
    next: HashMap<Route, VecDeque<Fault>>,
    always: HashMap<Route, Fault>,
    gateway: Option<GatewayFault>,
}

impl Faults {
    fn take(&mut self, route: Route) -> Option<Fault> {
        self.next
            .get_mut(&route)
            .and_then(VecDeque::pop_front)
            .or_else(|| self.always.get(&route).cloned())
    }
}

/// Everything the fake has seen.
#[derive(Debug, Default)]
pub struct Record {
    /// REST calls, in order.
    pub rest: Vec<RestCall>,
    /// IDENTIFY payloads (`d`), in order.
    pub identifies: Vec<Value>,
    /// RESUME payloads (`d`), in order.
    pub resumes: Vec<Value>,
    /// Gateway connections accepted.
    pub connections: usize,
    /// When each gateway connection was accepted.
    pub connected_at: Vec<Instant>,
    /// Heartbeats received.
    pub heartbeats: usize,
    /// Interaction callbacks by interaction id (of a multipart one, its `payload_json`).
    pub callbacks: BTreeMap<String, Value>,
    /// The files sent with callbacks, by interaction id.
    pub callback_files: BTreeMap<String, Vec<File>>,
    /// Deferred replies completed (`PATCH …/messages/@original`), by interaction token.
    pub edits: BTreeMap<String, (Value, Vec<File>)>,
    /// When each interaction's callback arrived (the first, when retried).
    pub callback_at: HashMap<String, Instant>,
    /// Connections that completed a handshake (READY or RESUMED sent) and are still open.
    live: BTreeMap<usize, mpsc::UnboundedSender<Control>>,
}

enum Control {
    Dispatch { event: &'static str, data: Value },
    Drop,
    Close(u16),
}

struct Shared {
    token: String,
    faults: Mutex<Faults>,
    heartbeat_interval: u64,
    ws_url: Mutex<String>,
    record: Mutex<Record>,
    changed: Notify,
    next_id: AtomicU64,
}

impl Shared {
    fn record<T>(&self, f: impl FnOnce(&mut Record) -> T) -> T {
        let out = f(&mut self.record.lock().unwrap());
        self.changed.notify_waiters();
        out
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == format!("Bot {}", self.token))
    }
}

/// A running fake Discord.
pub struct FakeDiscord {
    shared: Arc<Shared>,
    addr: SocketAddr,
    server: tokio::task::JoinHandle<()>,
}

impl FakeDiscord {
    /// Starts a fake that accepts `token`, with Discord's usual heartbeat interval.
    pub async fn start(token: &str) -> FakeDiscord {
        FakeDiscord::start_with(token, 41_250).await
    }

    /// Starts a fake that accepts `token` and asks for heartbeats every `heartbeat_interval` ms.
    pub async fn start_with(token: &str, heartbeat_interval: u64) -> FakeDiscord {
        let shared = Arc::new(Shared {
            token: token.to_owned(),
            faults: Mutex::new(Faults::default()),
            heartbeat_interval,
            ws_url: Mutex::new(String::new()),
            record: Mutex::new(Record::default()),
            changed: Notify::new(),
            next_id: AtomicU64::new(1),
        });
        // Layered on each handler rather than on the router, so that a wrong method (405) and the
        // WebSocket route stay unrecorded.
        let prologue =
            |caller| middleware::from_fn_with_state((Arc::clone(&shared), caller), rest_prologue);
        let bot = prologue(Caller::Bot);
        let anyone = prologue(Caller::Anyone);
        let app = Router::new()
            .route("/api/v10/gateway", get(gateway_url.layer(bot.clone())))
            .route("/api/v10/gateway/bot", get(gateway_url.layer(bot.clone())))
            .route("/api/v10/users/@me", get(current_user.layer(bot.clone())))
            .route(
                "/api/v10/oauth2/applications/@me",
                get(current_application.layer(bot.clone())),
            )
            .route(
                "/api/v10/applications/{app}/commands",
                put(set_commands.layer(bot.clone())),
            )
            .route(
                "/api/v10/applications/{app}/guilds/{guild}/commands",
                put(set_commands.layer(bot)),
            )
            .route(
                "/api/v10/interactions/{id}/{token}/callback",
                post(interaction_callback.layer(anyone.clone())),
            )
            .route(
                "/api/v10/webhooks/{app}/{token}/messages/@original",
                patch(edit_original.layer(anyone.clone())),
            )
            .route("/gateway", get(gateway))
            .fallback(not_found.layer(anyone))
            .with_state(Arc::clone(&shared));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        *shared.ws_url.lock().unwrap() = format!("ws://{addr}/gateway");
        // Without TCP_NODELAY, loopback round trips stall for 40 ms (Nagle + delayed ACK).
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        FakeDiscord {
            shared,
            addr,
            server,
        }
    }

    /// The base URL to put in `DISCORD_PROXY`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Waits until `f` finds something in the record, or panics after [`PATIENCE`] saying `what`.
    pub async fn wait_for<T>(&self, what: &str, mut f: impl FnMut(&Record) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let notified = self.shared.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(found) = f(&self.shared.record.lock().unwrap()) {
                return found;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                let r = self.shared.record.lock().unwrap();
                panic!(
                    "fake Discord: timed out waiting for {what}; seen {} REST calls {:?}, {} connections, {} identifies, {} resumes",
                    r.rest.len(),
                    r.rest
                        .iter()
                        .map(|c| format!("{} {}", c.method, c.path))
                        .collect::<Vec<_>>(),
                    r.connections,
                    r.identifies.len(),
                    r.resumes.len()
                );
            }
        }
    }

    /// A copy of what the fake has seen so far.
    pub fn rest_calls(&self) -> Vec<RestCall> {
        self.shared.record.lock().unwrap().rest.clone()
    }

    /// Reads the record.
    pub fn with_record<T>(&self, f: impl FnOnce(&Record) -> T) -> T {
        f(&self.shared.record.lock().unwrap())
    }

    /// Waits for the command registration (a bulk overwrite, global or guild).
    pub async fn registration(&self) -> RestCall {
        self.wait_for("command registration (PUT .../commands)", |r| {
            r.rest
                .iter()
                .find(|c| c.method == "PUT" && c.path.ends_with("/commands"))
                .cloned()
        })
        .await
    }

    /// Waits until a gateway connection is open and handshaken (READY or RESUMED sent).
    pub async fn wait_live(&self) {
        self.wait_for("a live gateway session", |r| {
            r.live.values().any(|tx| !tx.is_closed()).then_some(())
        })
        .await
    }

    fn new_id(&self) -> String {
        format!(
            "6{:017}",
            self.shared.next_id.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// The INTERACTION_CREATE payload (`d`) of a slash command or autocomplete from a guild member.
    pub fn interaction(&self, kind: u8, command: &str, value: &str) -> (String, Value) {
        let id = self.new_id();
        let mut option = json!({"name": "name", "type": 3, "value": value});
        if kind == 4 {
            option["focused"] = json!(true);
        }
        let d = json!({
            "id": id,
            "application_id": APP_ID,
            "type": kind,
            "token": format!("interaction-token-{id}"),
            "version": 1,
            "guild_id": GUILD_ID,
            "channel_id": CHANNEL_ID,
            "locale": "en-US",
            "guild_locale": "en-US",
            "app_permissions": "0",
            "entitlements": [],
            "authorizing_integration_owners": {"0": GUILD_ID},
            "context": 0,
            "attachment_size_limit": 8_388_608,
            "member": {
                "user": {"id": USER_ID, "username": "alice", "discriminator": "0", "global_name": "Alice", "avatar": null},
                "roles": [],
                "joined_at": "2024-01-01T00:00:00.000000+00:00",
                "deaf": false,
                "mute": false,
                "flags": 0,
                "permissions": "0"
            },
            "data": {
                "id": "700000000000000001",
                "name": command,
                "type": 1,
                "options": [option]
            }
        });
        (id, d)
    }

    /// The INTERACTION_CREATE payload (`d`) of a press of the button with `custom_id`, on a message
    /// of the bot's.
    pub fn button_interaction(&self, custom_id: &str) -> (String, Value) {
        let (id, mut d) = self.interaction(3, "", "");
        d["data"] = json!({"custom_id": custom_id, "component_type": 2});
        d["message"] = json!({
            "id": "900000000000000001",
            "channel_id": CHANNEL_ID,
            "author": {"id": BOT_ID, "username": BOT_NAME, "discriminator": "0000", "bot": true, "avatar": null},
            "content": "",
            "timestamp": "2025-05-26T12:00:00.000000+00:00",
            "edited_timestamp": null,
            "tts": false,
            "mention_everyone": false,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": false,
            "type": 20,
            "flags": 0,
            "components": []
        });
        (id, d)
    }

    /// Presses the button with `custom_id` and returns the interaction id.
    pub fn press(&self, custom_id: &str) -> String {
        let (id, d) = self.button_interaction(custom_id);
        self.dispatch("INTERACTION_CREATE", d);
        id
    }

    /// The files sent with the callback to an interaction (once it has arrived).
    pub fn callback_files(&self, id: &str) -> Vec<File> {
        self.with_record(|r| r.callback_files.get(id).cloned().unwrap_or_default())
    }

    /// Waits for the edit that completes a deferred reply, by interaction token.
    pub async fn edit(&self, token: &str) -> (Value, Vec<File>) {
        self.wait_for(&format!("the edit of the reply to {token}"), |r| {
            r.edits.get(token).cloned()
        })
        .await
    }

    /// Writes a dispatch on the newest live gateway connection.
    pub fn dispatch(&self, event: &'static str, data: Value) {
        let r = self.shared.record.lock().unwrap();
        let (_, tx) = r
            .live
            .iter()
            .rev()
            .find(|(_, tx)| !tx.is_closed())
            .expect("no live gateway connection: call wait_live first");
        tx.send(Control::Dispatch { event, data }).unwrap();
    }

    /// Sends a slash command (`/command name:value`) and returns the interaction id.
    pub fn command(&self, command: &str, value: &str) -> String {
        let (id, d) = self.interaction(2, command, value);
        self.dispatch("INTERACTION_CREATE", d);
        id
    }

    /// Sends an autocomplete for `/command name:<value>` and returns the interaction id.
    pub fn autocomplete(&self, command: &str, value: &str) -> String {
        let (id, d) = self.interaction(4, command, value);
        self.dispatch("INTERACTION_CREATE", d);
        id
    }

    /// Waits for the bot's callback to an interaction and returns its body.
    pub async fn callback(&self, id: &str) -> Value {
        self.wait_for(&format!("the callback to interaction {id}"), |r| {
            r.callbacks.get(id).cloned()
        })
        .await
    }

    /// The next calls to `route` answer these faults, one each, in order.
    pub fn fail_next(&self, route: Route, faults: impl IntoIterator<Item = Fault>) {
        let mut f = self.shared.faults.lock().unwrap();
        f.next.entry(route).or_default().extend(faults);
    }

    /// Every call to `route` answers `fault` (after any [`Self::fail_next`]), until `heal`.
    pub fn fail_always(&self, route: Route, fault: Fault) {
        self.shared
            .faults
            .lock()
            .unwrap()
            .always
            .insert(route, fault);
    }

    /// Every route and the gateway work again.
    pub fn heal(&self) {
        *self.shared.faults.lock().unwrap() = Faults::default();
    }

    /// New gateway connections get `fault` (`None`: they work).
    pub fn set_gateway_fault(&self, fault: Option<GatewayFault>) {
        self.shared.faults.lock().unwrap().gateway = fault;
    }

    /// The REST calls made to `route`, in order.
    pub fn calls_to(&self, route: Route) -> Vec<RestCall> {
        self.rest_calls()
            .into_iter()
            .filter(|c| Route::of(&c.path) == Some(route))
            .collect()
    }

    /// Closes every gateway connection with `code` (e.g. 4009, session timed out: not resumable).
    pub fn close_gateway(&self, code: u16) {
        let mut r = self.shared.record.lock().unwrap();
        for (_, tx) in std::mem::take(&mut r.live) {
            let _ = tx.send(Control::Close(code));
        }
    }

    /// Drops every gateway connection without a close frame, as a network failure would.
    pub fn drop_gateway(&self) {
        let mut r = self.shared.record.lock().unwrap();
        for (_, tx) in std::mem::take(&mut r.live) {
            let _ = tx.send(Control::Drop);
        }
    }
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        self.server.abort();
    }
}
