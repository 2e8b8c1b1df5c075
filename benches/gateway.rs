//! The full loop through a fake Discord on 127.0.0.1: INTERACTION_CREATE written on the gateway
//! socket -> the release `llama-alumni serve` process -> its callback POST received. Also the bot's
//! resident memory once ready.
//!
//! `cargo bench --bench gateway`: prints median and p99 of 5,000 sequential round trips per kind,
//! then criterion's estimate of the same loop. Figures are in the README.

use std::time::{Duration, Instant};

use criterion::Criterion;

#[path = "../tests/common/mod.rs"]
mod common;

use common::bot_process::BotProcess;
use common::fake_discord::FakeDiscord;
use common::percentile;

const TOKEN: &str = "bench-token";
const ROUNDS: usize = 5_000;

async fn round_trip(fake: &FakeDiscord, autocomplete: bool) -> Duration {
    let start = Instant::now();
    let id = if autocomplete {
        fake.autocomplete("whereis", "lam")
    } else {
        fake.command("whereis", "Izzacard")
    };
    fake.callback(&id).await;
    start.elapsed()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (fake, bot) = runtime.block_on(async {
        let fake = FakeDiscord::start(TOKEN).await;
        let bot = BotProcess::against(&fake, TOKEN, "warn", &[]);
        fake.registration().await;
        fake.wait_live().await;
        (fake, bot)
    });
    // Let the process settle after registration before reading its memory.
    std::thread::sleep(Duration::from_millis(500));
    let ready_kib = bot.resident_kib().unwrap_or(0);
    println!(
        "resident memory once ready: {:.1} MiB",
        ready_kib as f64 / 1024.0
    );

    for (name, autocomplete) in [("/whereis Izzacard", false), ("autocomplete lam", true)] {
        let mut samples = runtime.block_on(async {
            for _ in 0..200 {
                round_trip(&fake, autocomplete).await;
            }
            let mut samples = Vec::with_capacity(ROUNDS);
            for _ in 0..ROUNDS {
                samples.push(round_trip(&fake, autocomplete).await);
            }
            samples
        });
        samples.sort();
        println!(
            "{name}: {ROUNDS} round trips, median {:.0} µs, p99 {:.0} µs, max {:.0} µs",
            percentile(&samples, 0.5).as_secs_f64() * 1e6,
            percentile(&samples, 0.99).as_secs_f64() * 1e6,
            samples.last().unwrap().as_secs_f64() * 1e6,
        );
    }
    let after_kib = bot.resident_kib().unwrap_or(0);
    println!(
        "resident memory after {} interactions: {:.1} MiB",
        2 * (ROUNDS + 200),
        after_kib as f64 / 1024.0
    );

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("gateway-loop");
    for (name, autocomplete) in [("whereis", false), ("autocomplete", true)] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                runtime.block_on(async {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        total += round_trip(&fake, autocomplete).await;
                    }
                    total
                })
            })
        });
    }
    group.finish();
    criterion.final_summary();

    bot.signal("TERM");
    let _ = runtime.block_on(bot.wait(Duration::from_secs(10)));
}
