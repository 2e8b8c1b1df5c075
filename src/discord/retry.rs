//! Trying again without hammering Discord: exponential backoff with jitter, and the retry loop of
//! the calls the bot cannot run without (who am I, command registration).

use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use serenity::http::HttpError;
use tokio::time::Instant;
use tracing::warn;

use super::error::BotError;
use super::rest::cause_chain;

/// The first wait after a failure.
pub const FIRST_WAIT: Duration = Duration::from_secs(1);
/// The longest wait: long enough not to matter to Discord, short enough to come back soon.
pub const LONGEST_WAIT: Duration = Duration::from_secs(60);
/// Each wait is the nominal one ±20%, so that many bots (or shards) do not retry in step.
const JITTER_PERCENT: u64 = 20;

/// Waits that double from [`FIRST_WAIT`] to [`LONGEST_WAIT`], each with jitter.
#[derive(Debug, Clone)]
pub struct Backoff {
    next: Duration,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff { next: FIRST_WAIT }
    }
}

impl Backoff {
    /// The next wait (jittered); the one after is twice as long, up to [`LONGEST_WAIT`].
    pub fn next_wait(&mut self) -> Duration {
        let wait = jitter(self.next);
        self.next = (self.next * 2).min(LONGEST_WAIT);
        wait
    }

    /// Back to [`FIRST_WAIT`], after a success.
    pub fn reset(&mut self) {
        self.next = FIRST_WAIT;
    }
}

/// `d` ±[`JITTER_PERCENT`], from the standard library's randomly keyed hasher (no RNG dependency).
fn jitter(d: Duration) -> Duration {
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let spread = 2 * JITTER_PERCENT + 1;
    let percent = 100 - JITTER_PERCENT + random % spread;
    d * percent as u32 / 100
}

/// What to do about a failed call.
enum Verdict {
    /// Worth another try (429, 5xx, no answer), with the line that says why it failed.
    Retry(String),
    Fatal(BotError),
}

/// One line for a failed serenity call: the route, the status, Discord's code and message (when the
/// body had them), or the cause chain of a call that got no answer.
fn classify(err: serenity::Error, route: &str) -> Verdict {
    match &err {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) => {
            let status = response.status_code.as_u16();
            let mut line = format!("{route}: HTTP {status}");
            // serenity gives code -1 when the body was not Discord's JSON error (a 429, a proxy page).
            if response.error.code >= 0 {
                line.push_str(&format!(
                    ", Discord code {}: {}",
                    response.error.code, response.error.message
                ));
            }
            match status {
                401 => Verdict::Fatal(BotError::TokenRejected(super::error::RejectedBy::Rest)),
                429 | 500..=599 => Verdict::Retry(line),
                _ => Verdict::Fatal(BotError::Refused(line)),
            }
        }
        serenity::Error::Http(HttpError::Request(e)) => {
            let timeout = if e.is_timeout() { "timed out: " } else { "" };
            Verdict::Retry(format!("{route}: {timeout}{}", cause_chain(e)))
        }
        _ => Verdict::Fatal(BotError::Discord(format!("{route}: {err}"))),
    }
}

/// Runs `call` until it succeeds, waiting with [`Backoff`] after each 429, 5xx or call without an
/// answer, one line per failed attempt. Gives up with [`BotError::Unreachable`] once the next try
/// would start after `patience` (never, without one), and at once on any other error.
pub async fn until_done<T, F, Fut>(
    route: &str,
    patience: Option<Duration>,
    mut call: F,
) -> Result<T, BotError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, serenity::Error>>,
{
    let started = Instant::now();
    let mut backoff = Backoff::default();
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let line = match call().await {
            Ok(value) => return Ok(value),
            Err(err) => match classify(err, route) {
                Verdict::Fatal(err) => return Err(err),
                Verdict::Retry(line) => line,
            },
        };
        let wait = backoff.next_wait();
        if patience.is_some_and(|p| started.elapsed() + wait > p) {
            return Err(BotError::Unreachable {
                attempts: attempt,
                elapsed: started.elapsed(),
                last: line,
            });
        }
        warn!("{line} (attempt {attempt}); trying again in {wait:.1?}");
        tokio::time::sleep(wait).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_with_jitter_up_to_a_minute() {
        let mut b = Backoff::default();
        let waits: Vec<Duration> = (0..10).map(|_| b.next_wait()).collect();
        for (i, w) in waits.iter().enumerate() {
            let nominal = (FIRST_WAIT * 2u32.pow(i as u32)).min(LONGEST_WAIT);
            assert!(
                *w >= nominal * 8 / 10 && *w <= nominal * 12 / 10,
                "{i}: {w:?}"
            );
        }
        b.reset();
        assert!(b.next_wait() <= FIRST_WAIT * 12 / 10);
    }
}
