//! The real bot against a fake Discord that misbehaves: a gateway that closes after HELLO or refuses
//! the token, REST calls answered 429, 5xx or an HTML page, or never answered. Each fault the
//! reliability issue names has its test here; the burst and memory figures are in `benches/burst.rs`.

mod common;

use std::time::{Duration, Instant};

use common::bot_process::BotProcess;
use common::fake_discord::{FakeDiscord, Fault, GatewayFault, Route};

const TOKEN: &str = "MTIzNDU2Nzg5.fake-bot-token.s3cr3t-PART";

fn bot(fake: &FakeDiscord, extra: &[(&str, &str)]) -> BotProcess {
    BotProcess::against(fake, TOKEN, "llama_alumni=debug,warn", extra)
}

/// A bot that is registered and live on the gateway.
async fn live_bot(fake: &FakeDiscord, extra: &[(&str, &str)]) -> BotProcess {
    let bot = bot(fake, extra);
    fake.registration().await;
    fake.wait_live().await;
    bot
}

fn assert_no_secret(output: &str) {
    assert!(!output.contains(TOKEN), "the bot token leaked:\n{output}");
    assert!(
        !output.contains("s3cr3t"),
        "part of the bot token leaked:\n{output}"
    );
    assert!(
        !output.contains("interaction-token-"),
        "an interaction token leaked:\n{output}"
    );
}

async fn stop(bot: BotProcess) -> String {
    bot.signal("TERM");
    let (code, output) = bot.wait(Duration::from_secs(15)).await;
    assert_eq!(code, Some(0), "{output}");
    output
}

/// Gateway connections accepted in the `window` before now.
fn connections_within(fake: &FakeDiscord, window: Duration) -> usize {
    fake.with_record(|r| {
        r.connected_at
            .iter()
            .filter(|t| t.elapsed() <= window)
            .count()
    })
}

/// A gateway that accepts, says HELLO and closes, on a resume: backoff, not a hot loop, and the bot
/// answers again once the gateway heals.
async fn reconnects_with_backoff(close: Option<u16>) {
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = live_bot(&fake, &[]).await;
    fake.set_gateway_fault(Some(GatewayFault::CloseAfterHello(close)));
    fake.drop_gateway();
    let watched = Duration::from_secs(8);
    tokio::time::sleep(watched).await;
    let attempts = connections_within(&fake, watched);
    eprintln!("close {close:?}: {attempts} connection attempts in {watched:?}");
    // Backoff 1, 2, 4 s: about five attempts; a hot loop makes thousands.
    assert!(
        (2..=watched.as_secs() as usize + 1).contains(&attempts),
        "{attempts} attempts in {watched:?}:\n{}",
        bot.output()
    );
    let output = bot.output();
    let steps = output.matches("connection attempts in a row").count();
    assert!(
        steps <= attempts,
        "one line per backoff step, not more:\n{output}"
    );

    // Healed: the next attempt (within one backoff step) resumes and interactions are answered.
    fake.set_gateway_fault(None);
    let healed = Instant::now();
    fake.wait_live().await;
    let id = fake.command("whereis", "Lample");
    fake.callback(&id).await;
    assert!(
        healed.elapsed() < Duration::from_secs(17),
        "{:?}",
        healed.elapsed()
    );
    assert_no_secret(&stop(bot).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_closing_4000_after_hello_gets_backoff() {
    reconnects_with_backoff(Some(4000)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_resetting_the_connection_after_hello_gets_backoff() {
    reconnects_with_backoff(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_4004_says_the_gateway_refused_the_token() {
    let fake = FakeDiscord::start(TOKEN).await;
    fake.set_gateway_fault(Some(GatewayFault::RejectToken));
    let bot = bot(&fake, &[]);
    let (code, output) = bot.wait(Duration::from_secs(20)).await;
    assert_eq!(code, Some(2), "{output}");
    assert!(
        output.contains("gateway rejected DISCORD_TOKEN (close 4004"),
        "{output}"
    );
    // Not "401" alone: a log line's timestamp may hold those digits.
    assert!(!output.contains("HTTP 401"), "{output}");
    assert_no_secret(&output);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_startup_call_that_never_answers_times_out_and_is_retried() {
    let fake = FakeDiscord::start(TOKEN).await;
    fake.fail_next(Route::CurrentUser, [Fault::Hang]);
    let started = Instant::now();
    let bot = live_bot(&fake, &[]).await;
    let output = bot.output();
    assert!(output.contains("GET /users/@me: timed out"), "{output}");
    assert!(output.contains("token accepted"), "{output}");
    // The request timeout (10 s) and one backoff step, not forever.
    assert!(
        started.elapsed() < Duration::from_secs(25),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(fake.calls_to(Route::CurrentUser).len(), 2);
    stop(bot).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_url_is_retried_like_every_startup_call() {
    let fake = FakeDiscord::start(TOKEN).await;
    fake.fail_next(
        Route::GatewayBot,
        [Fault::rate_limited(0.1), Fault::Html(503)],
    );
    let bot = live_bot(&fake, &[]).await;
    let output = bot.output();
    assert!(output.contains("GET /gateway/bot: HTTP 429"), "{output}");
    assert!(output.contains("GET /gateway/bot: HTTP 503"), "{output}");
    stop(bot).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn startup_gives_up_after_its_patience_with_the_exit_code_for_unreachable() {
    let fake = FakeDiscord::start(TOKEN).await;
    fake.fail_always(Route::CurrentUser, Fault::Html(502));
    let bot = bot(&fake, &[("DISCORD_STARTUP_TIMEOUT", "4")]);
    let (code, output) = bot.wait(Duration::from_secs(20)).await;
    assert_eq!(code, Some(3), "{output}");
    let tries = output.matches("GET /users/@me: HTTP 502").count();
    assert!(tries >= 2, "one line per try:\n{output}");
    assert!(output.contains("cannot reach Discord"), "{output}");
    assert_eq!(
        fake.with_record(|r| r.connections),
        0,
        "never reached the gateway"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_answered_429_and_5xx_is_retried_until_it_succeeds() {
    let fake = FakeDiscord::start(TOKEN).await;
    fake.fail_next(
        Route::Commands,
        [
            Fault::rate_limited(0.1),
            Fault::discord(500, 0, "Internal Server Error"),
        ],
    );
    let bot = bot(&fake, &[]);
    bot.wait_output("commands registered").await;
    assert_eq!(fake.calls_to(Route::Commands).len(), 3);
    let output = bot.output();
    assert!(output.contains("HTTP 429"), "{output}");
    assert!(
        output.contains("HTTP 500, Discord code 0: Internal Server Error"),
        "{output}"
    );
    // "ready" is said only once the commands are there.
    let ready = output.find("ready as").expect("ready line");
    let last_failure = output.rfind("HTTP 500").unwrap();
    assert!(ready > last_failure, "{output}");
    stop(bot).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_refused_400_stops_the_bot_with_discords_message() {
    let fake = FakeDiscord::start(TOKEN).await;
    fake.fail_always(
        Route::Commands,
        Fault::discord(400, 50035, "Invalid Form Body"),
    );
    let bot = bot(&fake, &[]);
    let (code, output) = bot.wait(Duration::from_secs(20)).await;
    assert_eq!(code, Some(2), "{output}");
    assert!(output.contains("Discord refused a call"), "{output}");
    assert!(
        output.contains("HTTP 400, Discord code 50035: Invalid Form Body"),
        "{output}"
    );
    assert_eq!(
        fake.calls_to(Route::Commands).len(),
        1,
        "a 400 is not retried"
    );
}

/// Sends `/whereis Lample` with `faults` on its callback; returns the callback attempts and output.
async fn callback_with(faults: Vec<Fault>) -> (usize, String) {
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = live_bot(&fake, &[]).await;
    fake.fail_next(Route::Callback, faults);
    let id = fake.command("whereis", "Lample");
    tokio::time::sleep(Duration::from_secs(4)).await;
    let attempts = fake
        .calls_to(Route::Callback)
        .iter()
        .filter(|c| c.path.contains(&id))
        .count();
    // The next interaction is answered whatever happened to this one.
    fake.heal();
    let next = fake.command("whereis", "Lample");
    fake.callback(&next).await;
    let output = stop(bot).await;
    assert_no_secret(&output);
    (attempts, output)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_answered_429_is_retried_after_retry_after() {
    let (attempts, output) = callback_with(vec![Fault::rate_limited(0.3)]).await;
    assert_eq!(attempts, 2, "{output}");
    assert!(!output.contains("could not answer"), "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_answered_5xx_is_retried_within_the_window() {
    let faults = vec![
        Fault::Html(502),
        Fault::discord(500, 0, "Internal Server Error"),
    ];
    let (attempts, output) = callback_with(faults).await;
    assert_eq!(attempts, 3, "{output}");
    assert!(!output.contains("could not answer"), "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_refused_400_is_not_retried_and_its_cause_is_logged() {
    let fault = Fault::discord(400, 50035, "Invalid Form Body");
    let (attempts, output) = callback_with(vec![fault]).await;
    assert_eq!(attempts, 1, "{output}");
    assert!(
        output.contains("/interactions/")
            && output
                .contains("/<token>/callback: HTTP 400, Discord code 50035: Invalid Form Body"),
        "{output}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_that_never_answers_is_given_up_when_the_window_closes() {
    let (attempts, output) = callback_with(vec![Fault::Hang]).await;
    assert_eq!(attempts, 1, "{output}");
    assert!(output.contains("timed out"), "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_interaction_is_not_a_warning() {
    let fault = Fault::discord(404, 10062, "Unknown interaction");
    let (attempts, output) = callback_with(vec![fault]).await;
    assert_eq!(attempts, 1, "{output}");
    assert!(!output.contains("could not answer"), "{output}");
    assert!(
        output.contains("Discord code 10062"),
        "logged at debug:\n{output}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_reaches_the_log_even_at_trace() {
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = live_bot(&fake, &[("RUST_LOG", "trace")]).await;
    for value in ["Lample", "Zuckerberg"] {
        let id = fake.command("whereis", value);
        fake.callback(&id).await;
    }
    fake.fail_next(
        Route::Callback,
        [Fault::discord(400, 50035, "Invalid Form Body")],
    );
    fake.command("whereis", "Lample");
    // A payload serenity cannot decode: it would log it whole, interaction token and all.
    fake.dispatch(
        "INTERACTION_CREATE",
        serde_json::json!({"id": "1", "type": "not a type", "token": "interaction-token-undecodable"}),
    );
    // serenity treats it as a broken connection and resumes: give it time to read it.
    tokio::time::sleep(Duration::from_secs(1)).await;
    fake.drop_gateway();
    fake.wait_live().await;
    let output = stop(bot).await;
    assert!(output.len() > 1000, "trace logs were written:\n{output}");
    assert_no_secret(&output);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_closed_4009_is_identified_again_and_answers() {
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = live_bot(&fake, &[]).await;
    let closed = Instant::now();
    fake.close_gateway(4009);
    fake.wait_for("a second IDENTIFY", |r| {
        (r.identifies.len() == 2).then_some(())
    })
    .await;
    fake.wait_live().await;
    let id = fake.command("whereis", "Lample");
    fake.callback(&id).await;
    // serenity restarts the shard through its manager, whose 5 s shutdown timeout is fixed.
    eprintln!("close 4009: answering again after {:?}", closed.elapsed());
    assert!(
        closed.elapsed() < Duration::from_secs(15),
        "{:?}",
        closed.elapsed()
    );
    stop(bot).await;
}

/// A dataset of `n` people, all at Mistral, named "Given{i} Family{i}".
fn big_dataset(n: usize) -> String {
    let embedded: serde_json::Value =
        serde_json::from_str(llama_alumni::dataset::EMBEDDED_JSON).unwrap();
    let mut data = embedded.clone();
    let people: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "name": format!("Given{i} Family{i}"),
                "company": "mistral",
                "role": "Research Scientist",
                "left_meta": "2023-06"
            })
        })
        .chain(embedded["people"].as_array().unwrap().iter().cloned())
        .collect();
    data["people"] = serde_json::Value::Array(people);
    data.to_string()
}

/// Enough people that loading and indexing them takes seconds (in a debug build).
const RELOADED_PEOPLE: usize = 20_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interactions_keep_their_latency_during_a_large_reload() {
    let dir = std::env::temp_dir().join(format!("llama-alumni-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("people.json");
    std::fs::write(&path, llama_alumni::dataset::EMBEDDED_JSON).unwrap();
    let fake = FakeDiscord::start(TOKEN).await;
    let data = path.to_str().unwrap();
    let bot = live_bot(&fake, &[("ALUMNI_DATA", data)]).await;
    std::fs::write(&path, big_dataset(RELOADED_PEOPLE)).unwrap();
    bot.signal("HUP");
    let mut slowest = Duration::ZERO;
    let mut answered = 0;
    while !bot.output().contains("dataset reloaded") {
        let sent = Instant::now();
        let id = fake.command("whereis", "Lample");
        fake.callback(&id).await;
        slowest = slowest.max(sent.elapsed());
        answered += 1;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    eprintln!("{answered} interactions during the reload, the slowest in {slowest:?}");
    assert!(
        answered >= 3,
        "the reload was too quick to measure: {answered}"
    );
    assert!(slowest < Duration::from_millis(500), "{slowest:?}");
    stop(bot).await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_is_answered_in_full_on_a_bounded_number_of_sockets() {
    const BURST: usize = 1_000;
    const OPEN_FILES: u32 = 256;
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = live_bot(&fake, &[("RUST_LOG", "warn")]).await;
    bot.limit_open_files(OPEN_FILES);
    let ids: Vec<String> = (0..BURST)
        .map(|_| fake.command("whereis", "Lample"))
        .collect();
    let mut most_sockets = 0;
    let deadline = Instant::now() + Duration::from_secs(60);
    while fake.with_record(|r| r.callback_at.len()) < BURST && Instant::now() < deadline {
        most_sockets = most_sockets.max(bot.open_sockets());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let answered = fake.with_record(|r| {
        ids.iter()
            .filter(|id| r.callbacks.contains_key(*id))
            .count()
    });
    eprintln!("{answered}/{BURST} answered, at most {most_sockets} sockets open");
    assert_eq!(answered, BURST, "{}", bot.output());
    // Replies in flight (64) each on a connection, the idle pool, the gateway, the listeners.
    assert!(most_sockets <= 2 * 64 + 8, "{most_sockets} sockets");
    let output = stop(bot).await;
    assert!(!output.contains("could not answer"), "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_reports_health_readiness_and_metrics_when_asked() {
    let health = free_health_addr();
    let fake = FakeDiscord::start(TOKEN).await;
    fake.fail_next(Route::Commands, [Fault::rate_limited(1.0)]);
    let bot = bot(&fake, &[("HEALTH_ADDR", &health)]);
    bot.wait_output("health and metrics on").await;
    let get = |path: &'static str| get_health(&health, path);
    assert_eq!(get("/healthz").await.0, 200);
    let (status, why) = get("/readyz").await;
    assert_eq!(status, 503, "{why}");
    fake.registration().await;
    fake.wait_live().await;
    bot.wait_output("commands registered").await;
    assert_eq!(get("/readyz").await, (200, "ready\n".to_owned()));
    let id = fake.command("whereis", "Lample");
    fake.callback(&id).await;
    // Counted once the callback's answer is back at the bot, a moment after the fake records it.
    let counted =
        r#"llama_alumni_interactions_total{command="whereis",kind="command",outcome="found"} 1"#;
    let mut metrics = String::new();
    for _ in 0..50 {
        metrics = get("/metrics").await.1;
        if metrics.contains(counted) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(metrics.contains(counted), "{metrics}");
    stop(bot).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_waits_for_every_shard() {
    let health = free_health_addr();
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = bot(&fake, &[("HEALTH_ADDR", &health), ("SHARDS", "0-1/2")]);
    let readyz = || get_health(&health, "/readyz");
    // serenity boots one shard every 5 s: shard 0 is up and the commands are registered well
    // before shard 1 identifies.
    bot.wait_output("commands registered").await;
    assert_eq!(fake.with_record(|r| r.identifies.len()), 1);
    assert_eq!(
        readyz().await,
        (503, "not ready: shard 1 is not connected\n".to_owned())
    );
    fake.wait_for("shard 1 identified", |r| {
        (r.identifies.len() >= 2).then_some(())
    })
    .await;
    let mut last = readyz().await;
    for _ in 0..100 {
        if last.0 == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        last = readyz().await;
    }
    assert_eq!(last, (200, "ready\n".to_owned()));
    stop(bot).await;
}

/// An address on loopback nothing listens on yet, for `HEALTH_ADDR`.
fn free_health_addr() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("127.0.0.1:{port}")
}

/// `GET http://{health}{path}`: its status and body.
async fn get_health(health: &str, path: &str) -> (u16, String) {
    let r = reqwest::get(format!("http://{health}{path}"))
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}
