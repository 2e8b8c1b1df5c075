//! Giving memory back after a burst. A burst of thousands of interactions takes hundreds of MiB
//! (each waiting interaction, its reply, its request); glibc keeps what is freed in its arenas, so
//! the process would stay that large for good. Once the burst is over, `malloc_trim` returns the
//! free pages to the system.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::Semaphore;
use tracing::debug;

use super::handler::MAX_REPLIES_IN_FLIGHT;

/// How often the trimmer looks whether a burst has ended.
const CHECK_EVERY: Duration = Duration::from_secs(1);
/// Interactions since the last trim that make it worth trimming: a trickle does not grow the heap.
const TRIM_AFTER: u64 = 256;

/// Runs until aborted: trims once no reply is in flight after [`TRIM_AFTER`] more interactions.
pub async fn trim_after_bursts(answered: Arc<AtomicU64>, in_flight: Arc<Semaphore>) {
    let mut at_last_trim = 0;
    loop {
        tokio::time::sleep(CHECK_EVERY).await;
        let now = answered.load(Ordering::Relaxed);
        let idle = in_flight.available_permits() == MAX_REPLIES_IN_FLIGHT;
        if idle && now - at_last_trim >= TRIM_AFTER {
            at_last_trim = now;
            let _ = tokio::task::spawn_blocking(trim).await;
            debug!("memory handed back after {now} interactions");
        }
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim() {
    // SAFETY: malloc_trim only walks glibc's own arenas under their locks; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}
