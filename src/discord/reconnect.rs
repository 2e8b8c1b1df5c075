//! A gate on gateway connections, so that a gateway that keeps closing cannot make the bot
//! reconnect in a hot loop.
//!
//! serenity 0.12.5 resumes a session at once when the connection closes, with no wait: against a
//! gateway that closes right after HELLO that is thousands of connections a second. Every attempt
//! (identify, resume, reconnect) first locks the client's `ws_url` mutex to read the URL. The gate
//! holds that lock, lets one attempt through when one is waiting, and then holds it again for a
//! backoff that doubles (1 s to 60 s, with jitter) while attempts keep coming, and starts over once
//! a connection has stayed up. tokio's mutex is fair, so a waiting attempt always gets the lock when
//! the gate lets it go. Abort the gate before shutting the shards down.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;
use tracing::{debug, warn};

use super::retry::Backoff;

/// How often the gate looks for a waiting attempt: what a healthy connection attempt waits at most.
const POLL: Duration = Duration::from_millis(50);
/// A connection that stays up this long ends a run of failures: the next attempt goes straight
/// through and the backoff starts over.
pub const STABLE: Duration = Duration::from_secs(30);

/// Runs until aborted.
pub async fn gate(ws_url: Arc<Mutex<String>>) {
    let mut guard = ws_url.lock().await;
    let mut backoff = Backoff::default();
    let mut last_release: Option<Instant> = None;
    let mut in_a_row = 0u32;
    loop {
        drop(guard);
        if let Ok(again) = ws_url.try_lock() {
            // Nobody was waiting.
            guard = again;
            tokio::time::sleep(POLL).await;
            continue;
        }
        // An attempt took the lock; wait for it to read the URL and let go.
        guard = ws_url.lock().await;
        let quick = last_release.is_some_and(|t| t.elapsed() < STABLE);
        if quick {
            in_a_row += 1;
            let wait = backoff.next_wait();
            if in_a_row == 1 {
                debug!("gateway: a new connection; the next may start in {wait:.1?}");
            } else {
                warn!(
                    "gateway: {} connection attempts in a row; waiting {wait:.1?} before the next",
                    in_a_row + 1
                );
            }
            tokio::time::sleep(wait).await;
        } else {
            in_a_row = 0;
            backoff.reset();
        }
        last_release = Some(Instant::now());
    }
}
