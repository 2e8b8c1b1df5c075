//! The HTTP interactions endpoint under load: the release `llama-alumni serve-http` on loopback,
//! signed `/whereis` interactions from the load generator in this process (64 in flight over
//! keep-alive connections), and what each request costs the server beyond the two things it must
//! do: verify the Ed25519 signature and look the name up.
//!
//! `cargo bench --features bench-tools --bench http`. Figures are in the README.

use std::hint::black_box;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, UNIX_EPOCH};

use ed25519_dalek::SigningKey;
use llama_alumni::catalog::Catalog;
use llama_alumni::commands::{self, Request};
use llama_alumni::dataset::Dataset;
use llama_alumni::discord::endpoint::batch::{self, MAX_BATCH};
use llama_alumni::discord::endpoint::{self, verify};
use llama_alumni::tools::http_load::{self, DEFAULT_CONCURRENCY, LoadPlan, Summary};

/// Requests timed; enough for a stable p99 (200 samples above it).
const REQUESTS: usize = 20_000;
/// Requests sent first, untimed: connections opened, allocator and caches warm.
const WARM_UP: usize = 2_000;
/// Calls per timed batch of an in-process cost: a few ms, far above the timer's resolution.
const BATCH: u32 = 1_000;
/// Batches timed; the fastest is kept.
const BATCHES: usize = 20;
/// Requests in flight for the latency of a server that is not saturated.
const UNSATURATED: usize = 4;
/// Requests sent at that concurrency.
const UNSATURATED_REQUESTS: usize = 5_000;
/// The client's runtime threads: one, so that the other core is the server's as far as possible.
const CLIENT_THREADS: usize = 1;
/// How long the server may take to say it is ready.
const READY_PATIENCE: Duration = Duration::from_secs(20);
/// The name the timed costs look up, and the load sends.
const NAME: &str = "Lample";

/// The server process; killed if the bench panics before stopping it.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server(public_key: &str, listen: &str) -> Server {
    // A clean environment and an empty directory: no developer's .env or DISCORD_TOKEN.
    let dir = std::env::temp_dir().join(format!("llama-alumni-http-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let child = Command::new(env!("CARGO_BIN_EXE_llama-alumni"))
        .args(["serve-http", "--listen", listen])
        .env_clear()
        .env("DISCORD_PUBLIC_KEY", public_key)
        .env("RUST_LOG", "warn")
        .current_dir(dir)
        .stdin(Stdio::null())
        .spawn()
        .expect("start llama-alumni serve-http");
    Server(child)
}

async fn wait_ready(base: &str) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + READY_PATIENCE;
    loop {
        let status = client.get(format!("{base}/readyz")).send().await;
        if status.is_ok_and(|r| r.status().as_u16() == 200) {
            return;
        }
        assert!(Instant::now() < deadline, "serve-http never became ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A field of /proc/PID/status, in kB.
fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// The process's CPU time so far, user and system, from /proc/PID/stat.
fn cpu_time(pid: u32, ticks_per_s: f64) -> (Duration, Duration) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let time = |t: u64| Duration::from_secs_f64(t as f64 / ticks_per_s);
    (time(ticks(11)), time(ticks(12)))
}

/// The kernel's clock ticks per second for /proc times (100 wherever `getconf` is missing).
fn ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

/// The bare time of one call to `f`: the fastest batch's mean, so that another process taking
/// the CPU for a while (this machine is shared) does not count.
fn per_call(mut f: impl FnMut()) -> Duration {
    for _ in 0..BATCH {
        f();
    }
    (0..BATCHES)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..BATCH {
                f();
            }
            started.elapsed() / BATCH
        })
        .min()
        .unwrap_or_default()
}

/// The in-process costs: verification, the lookup, and the whole handler without HTTP.
struct Costs {
    verify: Duration,
    lookup: Duration,
    handler: Duration,
}

fn costs(seed: &[u8; 32]) -> Costs {
    let key = SigningKey::from_bytes(seed);
    let public =
        verify::PublicKey::from_hex(&http_load::public_key_hex(seed)).expect("a valid key");
    let body = http_load::whereis_interaction(1, NAME)
        .to_string()
        .into_bytes();
    let signed = http_load::sign(&key, 1_700_000_000, body.clone());
    let then = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let verify = per_call(|| {
        let ok = verify::check(
            &public,
            Some(&signed.signature),
            Some(&signed.timestamp),
            black_box(&body),
            then,
        );
        assert!(ok.is_ok());
    });
    let catalog = Catalog::new(Dataset::embedded().expect("the embedded dataset"));
    let line = format!("/whereis {NAME}");
    let lookup = per_call(|| {
        let request = Request::parse(black_box(&line)).expect("a command line");
        let reply = commands::run(&catalog, &request);
        black_box(serde_json::to_vec(&reply.interaction_response()).expect("serializable"));
    });
    let handler = per_call(|| {
        // The response body comes back serialized, as it is sent.
        let answered = endpoint::answer(&catalog, black_box(&body)).expect("an interaction");
        black_box(answered.body);
    });
    Costs {
        verify,
        lookup,
        handler,
    }
}

/// What verifying one signature costs in a batch of `n` (as the server verifies under load).
fn batched_verify(seed: &[u8; 32], n: usize) -> Duration {
    let key = SigningKey::from_bytes(seed);
    let claims: Vec<verify::Claim> = (0..n)
        .map(|i| {
            let body = http_load::whereis_interaction(i as u64, NAME).to_string();
            let signed = http_load::sign(&key, 1_700_000_000, body.into_bytes());
            let then = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
            verify::claim(
                Some(&signed.signature),
                Some(&signed.timestamp),
                &signed.body,
                then,
            )
            .expect("well-formed headers")
        })
        .collect();
    let refs: Vec<&verify::Claim> = claims.iter().collect();
    let verifying = key.verifying_key();
    let per_batch = per_call(|| {
        assert!(
            batch::verify_all(&verifying, black_box(&refs))
                .iter()
                .all(|&ok| ok)
        );
    });
    per_batch / n as u32
}

/// The server's mean signature batch so far: (sum, count) from its /metrics.
async fn batch_totals(base: &str) -> (f64, f64) {
    let text = reqwest::get(format!("{base}/metrics"))
        .await
        .expect("/metrics answers")
        .text()
        .await
        .unwrap_or_default();
    let value = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (
        value("llama_alumni_signature_batch_size_sum "),
        value("llama_alumni_signature_batch_size_count "),
    )
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn print_load(summary: &Summary) {
    println!(
        "{} requests, {} in flight: {} ok, {} failed {:?}; {:.0} requests/s; latency p50 {:.0} µs, p90 {:.0} µs, p99 {:.0} µs, max {:.0} µs",
        summary.sent,
        summary.concurrency,
        summary.ok,
        summary.failed,
        summary.failures,
        summary.requests_per_s,
        summary.p50_us,
        summary.p90_us,
        summary.p99_us,
        summary.max_us,
    );
}

/// The server under test, with its address.
struct Running {
    server: Server,
    pid: u32,
    base: String,
}

fn main() {
    let seed = http_load::seed_of(42);
    let costs = costs(&seed);
    println!(
        "in process: Ed25519 verification {:.0} ns, lookup /whereis {NAME} + JSON {:.0} ns, whole handler without HTTP (parse, lookup, JSON) {:.0} ns",
        costs.verify.as_nanos(),
        costs.lookup.as_nanos(),
        costs.handler.as_nanos(),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(CLIENT_THREADS)
        .enable_all()
        .build()
        .expect("a runtime");
    let mut running = runtime.block_on(start(&seed));
    let idle_kib = status_kib(running.pid, "VmRSS:");
    println!(
        "server resident memory idle: {:.1} MiB",
        idle_kib as f64 / 1024.0
    );
    let plan = |requests, concurrency| LoadPlan {
        url: format!("{}/interactions", running.base),
        seed,
        requests,
        concurrency,
        queries: vec![NAME.to_owned()],
    };
    let load = |plan: LoadPlan| runtime.block_on(http_load::run(&plan)).expect("a load run");
    let warm = load(plan(WARM_UP, DEFAULT_CONCURRENCY));
    assert_eq!(warm.failed, 0, "warm-up failures: {:?}", warm.failures);
    let ticks = ticks_per_second();
    let batches_before = runtime.block_on(batch_totals(&running.base));
    let before = cpu_time(running.pid, ticks);
    let summary = load(plan(REQUESTS, DEFAULT_CONCURRENCY));
    let after = cpu_time(running.pid, ticks);
    let batches_after = runtime.block_on(batch_totals(&running.base));
    print_load(&summary);
    let mean_batch = (batches_after.0 - batches_before.0) / (batches_after.1 - batches_before.1);
    let batch_size = (mean_batch.round() as usize).clamp(1, MAX_BATCH);
    let verified = batched_verify(&seed, batch_size);
    println!(
        "signatures verified in batches of {mean_batch:.1} on average: {:.0} ns each in a batch of {batch_size} (alone {:.0} ns)",
        verified.as_nanos(),
        costs.verify.as_nanos(),
    );
    let overhead = print_cpu(&costs, verified, before, after);
    let unsaturated = load(plan(UNSATURATED_REQUESTS, UNSATURATED));
    print_load(&unsaturated);
    println!(
        "server resident memory after the load: {:.1} MiB (peak {:.1} MiB)",
        status_kib(running.pid, "VmRSS:") as f64 / 1024.0,
        status_kib(running.pid, "VmHWM:") as f64 / 1024.0,
    );
    println!(
        "targets: >= 10,000 requests/s {}, p99 < 5 ms {}, overhead < 50 µs {}, idle RSS < 30 MB {}",
        verdict(summary.requests_per_s >= 10_000.0),
        verdict(summary.p99_us < 5_000.0),
        verdict(overhead < 50.0),
        verdict((idle_kib as f64) * 1024.0 < 30e6),
    );
    let _ = Command::new("kill")
        .args(["-TERM", &running.pid.to_string()])
        .status();
    let status = running.server.0.wait().expect("the server's exit status");
    println!("server stopped on SIGTERM: {status}");
    for run in [&warm, &summary, &unsaturated] {
        assert_eq!(run.failed, 0, "failures: {:?}", run.failures);
    }
}

/// Starts the server on a free port and waits until it is ready and settled.
async fn start(seed: &[u8; 32]) -> Running {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let listen = format!("127.0.0.1:{port}");
    let base = format!("http://{listen}");
    let server = start_server(&http_load::public_key_hex(seed), &listen);
    let pid = server.0.id();
    wait_ready(&base).await;
    // Let the process settle after startup before reading its memory.
    tokio::time::sleep(Duration::from_millis(500)).await;
    Running { server, pid, base }
}

/// The server's CPU time per request during the timed run, and what is left of it once
/// verification (`verified`: at the batch size the server used) and the lookup are taken out
/// (returned, in µs).
fn print_cpu(
    costs: &Costs,
    verified: Duration,
    before: (Duration, Duration),
    after: (Duration, Duration),
) -> f64 {
    let user = after.0.saturating_sub(before.0) / REQUESTS as u32;
    let system = after.1.saturating_sub(before.1) / REQUESTS as u32;
    let per_request = micros(user + system);
    let overhead = per_request - micros(verified) - micros(costs.lookup);
    println!(
        "server CPU per request {per_request:.1} µs ({:.1} user, {:.1} system); beyond verification and lookup {overhead:.1} µs, of which parsing the interaction and writing the response {:.1} µs",
        micros(user),
        micros(system),
        micros(costs.handler.saturating_sub(costs.lookup)),
    );
    overhead
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}
