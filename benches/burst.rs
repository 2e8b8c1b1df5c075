//! Bursts of interactions written on the gateway at once, through the fake Discord on 127.0.0.1, to
//! the release `llama-alumni serve`: are all answered, how long from dispatch to callback, how many
//! sockets the bot opens, how much memory it takes during the burst and gives back after.
//!
//! `cargo bench --bench burst`: 2,000 interactions with the bot's open-file limit at 1,024, then
//! 20,000. Figures are in the README.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[path = "../tests/common/mod.rs"]
mod common;

use common::bot_process::{BotProcess, open_sockets_of, resident_kib_of};
use common::fake_discord::FakeDiscord;
use common::percentile;

const TOKEN: &str = "bench-token";
/// How long after the last callback memory is followed.
const AFTER: Duration = Duration::from_secs(10);
/// How long a burst may take before the benchmark gives up on the missing replies.
const PATIENCE: Duration = Duration::from_secs(60);
const QUERIES: [&str; 4] = ["Lample", "Izzacard", "Touvron", "Zuckerberg"];

fn resident_kib(pid: u32) -> u64 {
    resident_kib_of(pid).unwrap_or(0)
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

async fn burst(n: usize, fd_limit: Option<u32>) {
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = BotProcess::against(&fake, TOKEN, "warn", &[]);
    fake.registration().await;
    fake.wait_live().await;
    let pid = bot.pid();
    if let Some(limit) = fd_limit {
        bot.limit_open_files(limit);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle_kib = resident_kib(pid);

    // Sockets and memory, sampled through the burst until `stop`.
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = tokio::spawn({
        let stop = Arc::clone(&stop);
        async move {
            let (mut most_sockets, mut peak_kib) = (0, 0);
            while !stop.load(Ordering::Relaxed) {
                most_sockets = most_sockets.max(open_sockets_of(pid));
                peak_kib = peak_kib.max(resident_kib(pid));
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            (most_sockets, peak_kib)
        }
    });

    let started = Instant::now();
    let sent: Vec<(String, Instant)> = (0..n)
        .map(|i| {
            (
                fake.command("whereis", QUERIES[i % QUERIES.len()]),
                Instant::now(),
            )
        })
        .collect();
    while fake.with_record(|r| r.callback_at.len()) < n && started.elapsed() < PATIENCE {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let done = started.elapsed();
    let mut latencies: Vec<Duration> = fake.with_record(|r| {
        sent.iter()
            .filter_map(|(id, at)| r.callback_at.get(id).map(|c| c.duration_since(*at)))
            .collect()
    });
    latencies.sort();
    let answered = latencies.len();
    stop.store(true, Ordering::Relaxed);
    let (most_sockets, peak_kib) = sampler.await.unwrap_or_default();
    let mut after = Vec::new();
    for _ in 0..AFTER.as_secs() {
        tokio::time::sleep(Duration::from_secs(1)).await;
        after.push(resident_kib(pid));
    }
    println!(
        "burst of {n}{}: {answered}/{n} answered in {:.2} s; dispatch to callback p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        fd_limit.map_or(String::new(), |l| format!(" (open-file limit {l})")),
        done.as_secs_f64(),
        percentile(&latencies, 0.5).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
    println!(
        "  open sockets at most {most_sockets}; resident memory {:.1} MiB idle, {:.1} MiB at the peak, {} MiB 1..{} s after",
        mib(idle_kib),
        mib(peak_kib),
        after
            .iter()
            .map(|k| format!("{:.1}", mib(*k)))
            .collect::<Vec<_>>()
            .join(" / "),
        AFTER.as_secs()
    );
    bot.signal("TERM");
    let (_, output) = bot.wait(Duration::from_secs(15)).await;
    let lost = output.matches("could not answer").count() + output.matches("not answered").count();
    println!("  lines about lost replies in the bot's log: {lost}");
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        burst(2_000, Some(1_024)).await;
        burst(20_000, None).await;
    });
}
