//! `alumni-bench http-load`: signed `/whereis` interactions sent to a `serve-http` endpoint (or a
//! load balancer in front of several) as Discord would send them, over keep-alive connections with
//! a fixed number in flight, and a summary of what came back and how fast.
//!
//! The requests are signed before the clock starts, so that the client's own Ed25519 signing
//! does not compete for the CPU with the server being measured (on a 2-core machine it would), and
//! sent over hyper's bare HTTP/1.1 connections, one per request in flight, for the same reason: a
//! full client (pool, redirects, layers) cost about 40 µs of CPU a request, as much as a
//! signature check.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

// axum's re-export of `bytes::Bytes`: a body cloned per request without copying it.
use axum::body::Bytes;
use ed25519_dalek::{Signer, SigningKey};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{CONTENT_TYPE, HOST, HeaderValue};
use hyper_util::rt::TokioIo;
use serde::Serialize;
use serde_json::{Value, json};

/// Requests in flight unless told otherwise: what the bot itself allows for replies in flight.
pub const DEFAULT_CONCURRENCY: usize = 64;
/// The most requests in flight: past this the client, not the server, is what gets measured.
pub const MAX_CONCURRENCY: usize = 4096;
/// Distinct signed bodies sent in turn: enough variety (ids, names) without holding one body per
/// request in memory for long runs.
const POOL: usize = 256;
/// How often the pool is signed again with a fresh timestamp: well inside the server's 5-minute
/// replay window, so that a long run is never refused as stale.
const RESIGN_EVERY: Duration = Duration::from_secs(60);
/// Discord stops waiting for an interaction's response after 3 s; a request slower than that has
/// failed as far as Discord is concerned.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(3);
/// How long to wait for a TCP connection to the endpoint.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Names looked up unless told otherwise: an exact name, a typo, a name at Meta, someone not in the
/// dataset, two words.
pub const DEFAULT_QUERIES: [&str; 5] = [
    "Lample",
    "Izzacard",
    "Touvron",
    "Zuckerberg",
    "Timothée Lacroix",
];

/// Why a load run could not start.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("--url {url:?} is not a plain http:// URL ({reason})")]
    BadUrl { url: String, reason: String },
    #[error("--concurrency must be between 1 and {MAX_CONCURRENCY}, not {0}")]
    Concurrency(usize),
    #[error("no query text to send")]
    NoQueries,
}

/// What to send, where, and how.
#[derive(Debug, Clone)]
pub struct LoadPlan {
    /// Where interactions are POSTed, e.g. `http://127.0.0.1:8080/interactions`.
    pub url: String,
    /// The signing key's 32-byte seed (the server must have its public key, see [`public_key_hex`]).
    pub seed: [u8; 32],
    pub requests: usize,
    /// Requests in flight at once (one keep-alive connection each).
    pub concurrency: usize,
    /// The names looked up with `/whereis`, in turn.
    pub queries: Vec<String>,
}

/// What a run did: counts, throughput and latency (from sending to the whole response read).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub url: String,
    pub sent: usize,
    /// Answered with a 2xx status.
    pub ok: usize,
    /// Answered with another status, or not answered.
    pub failed: usize,
    /// `failed` by cause: `status 401`, `timeout`, `connect`, `transport`, ...
    pub failures: BTreeMap<String, usize>,
    pub concurrency: usize,
    pub elapsed_s: f64,
    pub requests_per_s: f64,
    pub p50_us: f64,
    pub p90_us: f64,
    pub p99_us: f64,
    pub max_us: f64,
}

/// The signing key of a seed given as one byte repeated (`--key-seed 42`: the tests' key).
pub fn seed_of(byte: u8) -> [u8; 32] {
    [byte; 32]
}

/// The public key of a seed, as `DISCORD_PUBLIC_KEY` takes it (64 hex digits).
pub fn public_key_hex(seed: &[u8; 32]) -> String {
    hex::encode(SigningKey::from_bytes(seed).verifying_key().to_bytes())
}

/// A `/whereis name:<name>` slash command as Discord POSTs it (the fake Discord's shape, which
/// serenity's `CommandInteraction` deserializes).
pub fn whereis_interaction(id: u64, name: &str) -> Value {
    let id = id.to_string();
    json!({
        "id": id,
        "application_id": "300000000000000001",
        "type": 2,
        "token": format!("interaction-token-{id}"),
        "version": 1,
        "guild_id": "400000000000000001",
        "channel_id": "400000000000000002",
        "locale": "en-US",
        "guild_locale": "en-US",
        "app_permissions": "0",
        "entitlements": [],
        "authorizing_integration_owners": {"0": "400000000000000001"},
        "context": 0,
        "attachment_size_limit": 8_388_608,
        "member": {
            "user": {"id": "500000000000000001", "username": "alice", "discriminator": "0", "global_name": "Alice", "avatar": null},
            "roles": [],
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "deaf": false,
            "mute": false,
            "flags": 0,
            "permissions": "0"
        },
        "data": {
            "id": "700000000000000001",
            "name": "whereis",
            "type": 1,
            "options": [{"name": "name", "type": 3, "value": name}]
        }
    })
}

/// The headers Discord sends with a body: its signature over `timestamp ++ body`, and the timestamp.
#[derive(Debug, Clone)]
pub struct Signed {
    pub body: Bytes,
    pub signature: String,
    pub timestamp: String,
}

/// Signs `body` at `timestamp` (unix seconds).
pub fn sign(key: &SigningKey, timestamp: u64, body: Vec<u8>) -> Signed {
    let timestamp = timestamp.to_string();
    let signature = key.sign(&[timestamp.as_bytes(), &body].concat());
    Signed {
        body: body.into(),
        signature: hex::encode(signature.to_bytes()),
        timestamp,
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// [`POOL`] distinct interactions, signed now.
fn signed_pool(key: &SigningKey, queries: &[String]) -> Arc<Vec<Signed>> {
    let now = unix_now();
    let pool = (0..POOL)
        .map(|i| {
            let name = &queries[i % queries.len()];
            let id = 900_000_000_000_000_000 + i as u64;
            sign(
                key,
                now,
                whereis_interaction(id, name).to_string().into_bytes(),
            )
        })
        .collect();
    Arc::new(pool)
}

type Pool = Arc<RwLock<Arc<Vec<Signed>>>>;

/// Current signed bodies (a poisoned lock only means a re-signing panicked: the old pool serves).
fn current(pool: &Pool) -> Arc<Vec<Signed>> {
    match pool.read() {
        Ok(guard) => Arc::clone(&guard),
        Err(poisoned) => Arc::clone(&poisoned.into_inner()),
    }
}

/// Where requests go: the address to connect to, and the request's `Host` and path.
#[derive(Clone)]
struct Target {
    host: String,
    port: u16,
    authority: HeaderValue,
    path: String,
}

fn check(plan: &LoadPlan) -> Result<Target, LoadError> {
    let bad = |reason: String| LoadError::BadUrl {
        url: plan.url.clone(),
        reason,
    };
    let url = reqwest::Url::parse(&plan.url).map_err(|e| bad(e.to_string()))?;
    if url.scheme() != "http" {
        // An endpoint or a load balancer on this machine: TLS would only measure the client.
        return Err(bad(format!("scheme {}: only http is sent", url.scheme())));
    }
    let host = url.host_str().ok_or_else(|| bad("no host".to_owned()))?;
    let port = url.port_or_known_default().unwrap_or(80);
    let authority = HeaderValue::from_str(&format!("{host}:{port}"))
        .map_err(|e| bad(format!("host {host}: {e}")))?;
    if plan.concurrency == 0 || plan.concurrency > MAX_CONCURRENCY {
        return Err(LoadError::Concurrency(plan.concurrency));
    }
    if plan.queries.is_empty() {
        return Err(LoadError::NoQueries);
    }
    let path = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    Ok(Target {
        host: host.trim_matches(['[', ']']).to_owned(),
        port,
        authority,
        path,
    })
}

/// A keep-alive HTTP/1.1 connection to `target`, or why there is none.
async fn connect(target: &Target) -> Result<SendRequest<Full<Bytes>>, &'static str> {
    let connecting = tokio::net::TcpStream::connect((target.host.as_str(), target.port));
    let stream = tokio::time::timeout(CONNECT_TIMEOUT, connecting)
        .await
        .map_err(|_| "connect")?
        .map_err(|_| "connect")?;
    // Requests are small and answered at once: Nagle's delay would be what gets measured.
    let _ = stream.set_nodelay(true);
    let (sender, connection) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|_| "connect")?;
    // Drives the connection until either side closes it.
    tokio::spawn(connection);
    Ok(sender)
}

/// One request on `sender`: its latency, or why it failed.
async fn send_one(
    sender: &mut SendRequest<Full<Bytes>>,
    target: &Target,
    signed: &Signed,
) -> Result<Duration, String> {
    let started = Instant::now();
    let request = hyper::Request::post(target.path.as_str())
        .header(HOST, target.authority.clone())
        .header(CONTENT_TYPE, "application/json")
        .header("X-Signature-Ed25519", signed.signature.as_str())
        .header("X-Signature-Timestamp", signed.timestamp.as_str())
        .body(Full::new(signed.body.clone()))
        .map_err(|_| "request".to_owned())?;
    let exchange = async {
        sender.ready().await.map_err(|_| "transport")?;
        let response = sender
            .send_request(request)
            .await
            .map_err(|_| "transport")?;
        let status = response.status();
        // The whole body is read: a response counts once it has arrived, as Discord sees it.
        response.into_body().collect().await.map_err(|_| "body")?;
        Ok::<_, &'static str>(status)
    };
    let status = tokio::time::timeout(REQUEST_TIMEOUT, exchange)
        .await
        .map_err(|_| "timeout".to_owned())?
        .map_err(str::to_owned)?;
    if status.is_success() {
        Ok(started.elapsed())
    } else {
        Err(format!("status {}", status.as_u16()))
    }
}

/// What one worker saw.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    failures: BTreeMap<String, usize>,
}

/// Takes request numbers from `next` until `requests` are sent, on one connection (opened again
/// after a failure, as a client of a restarted replica or load balancer would).
async fn worker(target: Target, pool: Pool, next: Arc<AtomicUsize>, requests: usize) -> Tally {
    let mut tally = Tally::default();
    let mut connection = None;
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= requests {
            return tally;
        }
        let sender = match connection.as_mut() {
            Some(sender) => sender,
            None => match connect(&target).await {
                Ok(sender) => connection.insert(sender),
                Err(cause) => {
                    *tally.failures.entry(cause.to_owned()).or_default() += 1;
                    continue;
                }
            },
        };
        let bodies = current(&pool);
        match send_one(sender, &target, &bodies[i % bodies.len()]).await {
            Ok(latency) => tally.latencies.push(latency),
            Err(cause) => {
                connection = None;
                *tally.failures.entry(cause).or_default() += 1;
            }
        }
    }
}

/// Nearest-rank percentile of sorted samples, in microseconds.
fn percentile_us(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1e6
}

fn summarize(plan: &LoadPlan, tallies: Vec<Tally>, elapsed: Duration) -> Summary {
    let mut latencies = Vec::with_capacity(plan.requests);
    let mut failures = BTreeMap::new();
    for tally in tallies {
        latencies.extend(tally.latencies);
        for (cause, n) in tally.failures {
            *failures.entry(cause).or_default() += n;
        }
    }
    latencies.sort_unstable();
    let failed = failures.values().sum();
    let sent = latencies.len() + failed;
    let seconds = elapsed.as_secs_f64();
    Summary {
        url: plan.url.clone(),
        sent,
        ok: latencies.len(),
        failed,
        failures,
        concurrency: plan.concurrency,
        elapsed_s: seconds,
        requests_per_s: if seconds > 0.0 {
            sent as f64 / seconds
        } else {
            0.0
        },
        p50_us: percentile_us(&latencies, 0.50),
        p90_us: percentile_us(&latencies, 0.90),
        p99_us: percentile_us(&latencies, 0.99),
        max_us: latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1e6),
    }
}

/// Sends `plan.requests` signed interactions, `plan.concurrency` at a time, and summarizes.
pub async fn run(plan: &LoadPlan) -> Result<Summary, LoadError> {
    let target = check(plan)?;
    let key = SigningKey::from_bytes(&plan.seed);
    let pool: Pool = Arc::new(RwLock::new(signed_pool(&key, &plan.queries)));
    let resigner = tokio::spawn({
        let (pool, queries) = (Arc::clone(&pool), plan.queries.clone());
        async move {
            loop {
                tokio::time::sleep(RESIGN_EVERY).await;
                let fresh = signed_pool(&key, &queries);
                if let Ok(mut guard) = pool.write() {
                    *guard = fresh;
                }
            }
        }
    });
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..plan.concurrency.min(plan.requests) {
        let (target, pool, next) = (target.clone(), pool.clone(), next.clone());
        workers.spawn(worker(target, pool, next, plan.requests));
    }
    let mut tallies = Vec::with_capacity(plan.concurrency);
    while let Some(joined) = workers.join_next().await {
        // A worker that panicked lost its tally; its requests show as not sent.
        if let Ok(tally) = joined {
            tallies.push(tally);
        }
    }
    let elapsed = started.elapsed();
    resigner.abort();
    Ok(summarize(plan, tallies, elapsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_micros).collect();
        assert_eq!(percentile_us(&samples, 0.5), 50.0);
        assert_eq!(percentile_us(&samples, 0.99), 99.0);
        assert_eq!(percentile_us(&[], 0.99), 0.0);
    }

    #[test]
    fn the_tests_key_has_a_known_public_key() {
        let public = public_key_hex(&seed_of(42));
        assert_eq!(public.len(), 64);
        let key = SigningKey::from_bytes(&[42; 32]);
        assert_eq!(public, hex::encode(key.verifying_key().to_bytes()));
    }

    #[test]
    fn signatures_verify_over_timestamp_and_body() {
        let key = SigningKey::from_bytes(&seed_of(42));
        let body = whereis_interaction(1, "Lample").to_string().into_bytes();
        let signed = sign(&key, 1_700_000_000, body.clone());
        let key =
            crate::discord::endpoint::verify::PublicKey::from_hex(&public_key_hex(&seed_of(42)))
                .expect("a valid key");
        let then = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let checked = crate::discord::endpoint::verify::check(
            &key,
            Some(&signed.signature),
            Some(&signed.timestamp),
            &body,
            then,
        );
        assert_eq!(checked, Ok(()));
    }

    #[test]
    fn bad_plans_are_refused_with_a_reason() {
        let plan = |url: &str, concurrency, queries: Vec<String>| LoadPlan {
            url: url.into(),
            seed: seed_of(1),
            requests: 1,
            concurrency,
            queries,
        };
        let q = vec!["Lample".to_owned()];
        assert!(matches!(
            check(&plan("ftp://x", 1, q.clone())),
            Err(LoadError::BadUrl { .. })
        ));
        assert!(matches!(
            check(&plan("https://127.0.0.1/", 1, q.clone())),
            Err(LoadError::BadUrl { .. })
        ));
        assert!(matches!(
            check(&plan("http://127.0.0.1:1/", 0, q.clone())),
            Err(LoadError::Concurrency(0))
        ));
        assert!(matches!(
            check(&plan("http://127.0.0.1:1/", 1, vec![])),
            Err(LoadError::NoQueries)
        ));
    }
}
