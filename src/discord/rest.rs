//! Discord's REST API as the bot uses it. One HTTP client, with timeouts and a bounded pool, carries
//! every call (serenity's included). Interaction callbacks are sent here rather than by serenity, so
//! that a 429 (with its `retry_after`) or a 5xx is retried while Discord's 3-second window is open,
//! and every failure is one log line that names the route, the status, Discord's code and message,
//! and the cause, with the interaction token redacted.

use std::fmt;
use std::time::Duration;

use serenity::all::{CreateInteractionResponse, InteractionId};
use tokio::time::Instant;

use crate::reply::Attachment;

/// Time to open a TCP (and TLS) connection: Discord answers in well under a second when it is up.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Time for a whole request: no call of ours needs more, and a hung call must not hold a reply.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Idle connections kept for reuse: as many as replies in flight, so that a burst reuses them
/// instead of opening one socket per reply.
pub const MAX_IDLE_CONNECTIONS: usize = super::handler::MAX_REPLIES_IN_FLIGHT;
/// Idle connections are closed after this long.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// Discord takes the first response to an interaction within 3 seconds of its creation; what is
/// left of that once the bot has it is a little less.
pub const CALLBACK_WINDOW: Duration = Duration::from_millis(2_800);
/// How long a deferred reply's follow-up is retried: Discord keeps the interaction token 15
/// minutes, but the asker is watching "thinking…".
pub const FOLLOW_UP_WINDOW: Duration = Duration::from_secs(30);
/// The longest wait between two tries of a follow-up.
const FOLLOW_UP_LONGEST_WAIT: Duration = Duration::from_secs(5);
/// The first wait before retrying a callback that failed without a `retry_after`.
const CALLBACK_FIRST_RETRY: Duration = Duration::from_millis(100);
/// Discord's JSON error code for an interaction it no longer knows (expired, or answered elsewhere).
const UNKNOWN_INTERACTION: i64 = 10062;
/// Discord's JSON error code for an interaction already answered (a retry that had gone through).
const ALREADY_ACKNOWLEDGED: i64 = 40060;
/// The most of an error body quoted in a log line.
const MAX_MESSAGE: usize = 200;

/// The HTTP client for every REST call: timeouts, a bounded idle pool, rustls as serenity uses.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .use_rustls_tls()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        .pool_max_idle_per_host(MAX_IDLE_CONNECTIONS)
        .pool_idle_timeout(IDLE_TIMEOUT)
        .build()
        // Only a TLS backend that cannot start fails here; serenity's own default would too.
        .unwrap_or_default()
}

/// Why one REST call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Discord (or what stands in front of it) answered with an error status.
    Status {
        status: u16,
        /// Discord's JSON error code and message, when the body has them.
        code: Option<i64>,
        message: Option<String>,
        /// How long Discord asks to wait (429), in seconds.
        retry_after: Option<f64>,
    },
    /// No answer: DNS, connection refused, too many open files, a timeout...
    Transport { cause: String, timeout: bool },
}

/// A failed call: the route (secrets redacted) and why.
#[derive(Debug, Clone, PartialEq)]
pub struct CallError {
    pub route: String,
    pub failure: Failure,
    /// Attempts made, retries included.
    pub attempts: u32,
}

impl CallError {
    /// A 429, a 5xx or no answer at all: worth another try.
    pub fn is_retryable(&self) -> bool {
        match &self.failure {
            Failure::Status { status, .. } => *status == 429 || *status >= 500,
            Failure::Transport { .. } => true,
        }
    }

    /// The HTTP status, when an answer came.
    pub fn status(&self) -> Option<u16> {
        match &self.failure {
            Failure::Status { status, .. } => Some(*status),
            Failure::Transport { .. } => None,
        }
    }

    /// Discord no longer knows the interaction, or it was already answered: nothing to report.
    pub fn is_moot(&self) -> bool {
        matches!(&self.failure, Failure::Status { code: Some(c), .. } if *c == UNKNOWN_INTERACTION || *c == ALREADY_ACKNOWLEDGED)
    }

    fn retry_after(&self) -> Option<Duration> {
        match &self.failure {
            Failure::Status {
                retry_after: Some(s),
                ..
            } if s.is_finite() && *s >= 0.0 => Some(Duration::from_secs_f64(*s)),
            _ => None,
        }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.route)?;
        match &self.failure {
            Failure::Status {
                status,
                code,
                message,
                retry_after,
            } => {
                write!(f, "HTTP {status}")?;
                if let Some(code) = code {
                    write!(f, ", Discord code {code}")?;
                }
                if let Some(message) = message {
                    write!(f, ": {message}")?;
                }
                if let Some(s) = retry_after {
                    write!(f, " (retry after {s} s)")?;
                }
            }
            Failure::Transport { cause, timeout } => {
                if *timeout {
                    f.write_str("timed out: ")?;
                }
                f.write_str(cause)?;
            }
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

/// An error and every error it wraps, on one line: "error sending request: … : Connection refused".
pub fn cause_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let next = cause.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = cause.source();
    }
    text
}

/// Removes what must not be logged from a URL or message: the bot token and interaction tokens.
pub fn redact(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        text.to_owned()
    } else {
        text.replace(secret, "<token>")
    }
}

/// The transport failure of a reqwest error; its text (which holds the URL) with `secret` redacted.
fn transport(err: &reqwest::Error, secret: &str) -> Failure {
    Failure::Transport {
        cause: redact(&cause_chain(err), secret),
        timeout: err.is_timeout(),
    }
}

/// The status failure of an error response: Discord's JSON error (`code`, `message`, and for a 429
/// `retry_after`), or the start of whatever else the body is (a proxy's HTML page).
async fn status_failure(response: reqwest::Response) -> Failure {
    let status = response.status().as_u16();
    let header_retry = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok());
    let body = response.bytes().await.unwrap_or_default();
    let json: Option<serde_json::Value> = serde_json::from_slice(&body).ok();
    let field = |name: &str| json.as_ref().and_then(|j| j.get(name).cloned());
    let message = match field("message").and_then(|m| m.as_str().map(str::to_owned)) {
        Some(m) => Some(m),
        None => {
            let text = String::from_utf8_lossy(&body);
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            (!text.is_empty()).then_some(text)
        }
    };
    Failure::Status {
        status,
        code: field("code").and_then(|c| c.as_i64()),
        message: message.map(|m| crate::limits::truncate(&m, MAX_MESSAGE)),
        retry_after: field("retry_after")
            .and_then(|r| r.as_f64())
            .or(header_retry),
    }
}

/// Where interaction callbacks go: Discord, or the proxy that stands in for it.
#[derive(Clone)]
pub struct Rest {
    client: reqwest::Client,
    /// `https://discord.com`, or the proxy's base URL.
    base: String,
    /// `Bot <token>`: callbacks need no authorization, but a proxy in front may want it. None
    /// for `serve-http` without a token: webhooks carry the interaction token in their URL.
    authorization: Option<String>,
}

impl fmt::Debug for Rest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the authorization: it holds the bot token.
        f.debug_struct("Rest").field("base", &self.base).finish()
    }
}

impl Rest {
    pub fn new(client: reqwest::Client, proxy: Option<&str>, token: Option<&str>) -> Rest {
        Rest {
            client,
            base: proxy.unwrap_or("https://discord.com").to_owned(),
            authorization: token.map(|t| format!("Bot {t}")),
        }
    }

    fn post(&self, url: &str) -> reqwest::RequestBuilder {
        self.authorized(self.client.post(url))
    }

    fn authorized(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.authorization {
            Some(a) => request.header(reqwest::header::AUTHORIZATION, a),
            None => request,
        }
    }

    /// Edits the reply to a deferred interaction (`serve-http`'s replies with files): retries a
    /// 429, a 5xx, no answer, and a 404 (Discord may not have taken the deferral yet) for
    /// [`FOLLOW_UP_WINDOW`].
    pub async fn edit_original(
        &self,
        application_id: u64,
        token: &str,
        message: &[u8],
        files: &[Attachment],
    ) -> Result<(), CallError> {
        let route = format!("PATCH /webhooks/{application_id}/<token>/messages/@original");
        let url = format!(
            "{}/api/v10/webhooks/{application_id}/{token}/messages/@original",
            self.base
        );
        let body = bytes::Bytes::copy_from_slice(message);
        let deadline = Instant::now() + FOLLOW_UP_WINDOW;
        let mut wait = CALLBACK_FIRST_RETRY;
        let mut attempts = 0;
        loop {
            attempts += 1;
            let request = self.authorized(self.client.patch(&url));
            let failure = match with_body(request, &body, files).send().await {
                Ok(r) if r.status().is_success() => return Ok(()),
                Ok(r) => status_failure(r).await,
                Err(e) => transport(&e, token),
            };
            let err = CallError {
                route: route.clone(),
                failure,
                attempts,
            };
            let not_yet = err.status() == Some(404);
            let pause = err.retry_after().unwrap_or(wait);
            if !(err.is_retryable() || not_yet) || Instant::now() + pause >= deadline {
                return Err(err);
            }
            tokio::time::sleep(pause).await;
            wait = (wait * 2).min(FOLLOW_UP_LONGEST_WAIT);
        }
    }

    /// Answers an interaction (received at `received`), with `files` beside the body when it
    /// shows any: retries a 429 (after its `retry_after`), a 5xx or no answer while Discord's window
    /// is open; never retries another 4xx.
    pub async fn callback(
        &self,
        id: InteractionId,
        token: &str,
        response: &CreateInteractionResponse,
        files: &[Attachment],
        received: Instant,
    ) -> Result<(), CallError> {
        let route = format!("POST /interactions/{id}/<token>/callback");
        let url = format!("{}/api/v10/interactions/{id}/{token}/callback", self.base);
        let body = bytes::Bytes::from(if files.is_empty() {
            super::wire::to_bytes(response)
        } else {
            super::wire::to_bytes_with_files(response)
        });
        let deadline = received + CALLBACK_WINDOW;
        let mut wait = CALLBACK_FIRST_RETRY;
        let mut attempts = 0;
        loop {
            attempts += 1;
            let sent = with_body(self.post(&url), &body, files).send();
            let failure = match tokio::time::timeout_at(deadline, sent).await {
                Ok(Ok(r)) if r.status().is_success() => return Ok(()),
                Ok(Ok(r)) => status_failure(r).await,
                Ok(Err(e)) => transport(&e, token),
                Err(_) => Failure::Transport {
                    cause: format!("no answer within Discord's {CALLBACK_WINDOW:?} window"),
                    timeout: true,
                },
            };
            let err = CallError {
                route: route.clone(),
                failure,
                attempts,
            };
            let pause = err.retry_after().unwrap_or(wait);
            if !err.is_retryable() || Instant::now() + pause >= deadline {
                return Err(err);
            }
            tokio::time::sleep(pause).await;
            wait *= 2;
        }
    }
}

/// A JSON body, or with files the multipart body Discord takes: `payload_json`, then `files[n]`.
pub fn with_body(
    request: reqwest::RequestBuilder,
    json: &bytes::Bytes,
    files: &[Attachment],
) -> reqwest::RequestBuilder {
    use reqwest::multipart::{Form, Part};
    if files.is_empty() {
        return request
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(json.clone());
    }
    let json_part = Part::stream(json.clone());
    let mut form = Form::new().part("payload_json", with_mime(json_part, "application/json"));
    for (i, file) in files.iter().enumerate() {
        let part = Part::stream(file.bytes.clone()).file_name(file.filename.clone());
        form = form.part(
            format!("files[{i}]"),
            with_mime(part, mime_of(&file.filename)),
        );
    }
    request.multipart(form)
}

/// A part with its content type (a constant one, which always parses).
fn with_mime(part: reqwest::multipart::Part, mime: &str) -> reqwest::multipart::Part {
    let fallback = || reqwest::multipart::Part::bytes(Vec::new());
    part.mime_str(mime).unwrap_or_else(|_| fallback())
}

fn mime_of(filename: &str) -> &'static str {
    if filename.ends_with(".png") {
        "image/png"
    } else {
        "application/octet-stream"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16, code: Option<i64>) -> CallError {
        CallError {
            route: "POST /interactions/1/<token>/callback".into(),
            failure: Failure::Status {
                status,
                code,
                message: Some("m".into()),
                retry_after: None,
            },
            attempts: 1,
        }
    }

    #[test]
    fn only_429_5xx_and_silence_are_retried() {
        assert!(status(429, None).is_retryable());
        assert!(status(502, None).is_retryable());
        assert!(!status(400, Some(50035)).is_retryable());
        assert!(!status(404, Some(10062)).is_retryable());
        assert!(status(404, Some(10062)).is_moot());
    }

    #[test]
    fn a_log_line_names_route_status_code_and_message() {
        let line = status(400, Some(50035)).to_string();
        assert_eq!(
            line,
            "POST /interactions/1/<token>/callback: HTTP 400, Discord code 50035: m"
        );
        assert_eq!(redact("a/tok/b", "tok"), "a/<token>/b");
    }
}
