//! The real `llama-alumni serve-http` process, with requests signed in the test by a key it makes:
//! what Discord sends is answered, what it did not send is refused, health and metrics tell the
//! truth, registration goes through the fake Discord's REST.

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::bot_process::BotProcess;
use common::fake_discord::{FakeDiscord, Fault, Route};
use common::openapi::assert_valid_callback;
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};

const TOKEN: &str = "MTIzNDU2Nzg5.fake-bot-token.s3cr3t-PART";

struct Endpoint {
    process: BotProcess,
    base: String,
    key: SigningKey,
    client: reqwest::Client,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Endpoint {
    /// Starts `serve-http` with a fresh key; `extra` environment variables added.
    async fn start(extra: &[(&str, &str)]) -> Endpoint {
        let key = SigningKey::from_bytes(&[42; 32]);
        let public = hex::encode(key.verifying_key().to_bytes());
        let listen = format!("127.0.0.1:{}", free_port());
        let mut env = vec![
            ("DISCORD_PUBLIC_KEY", public.as_str()),
            ("RUST_LOG", "llama_alumni=debug,warn"),
        ];
        env.extend_from_slice(extra);
        let process = BotProcess::spawn_with(&["serve-http", "--listen", &listen], &env);
        let endpoint = Endpoint {
            process,
            base: format!("http://{listen}"),
            key,
            client: reqwest::Client::new(),
        };
        endpoint.process.wait_output("listening on").await;
        endpoint
    }

    fn now() -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
    }

    /// POSTs `body` to /interactions, signed for `timestamp` (a signature over `signed_body`).
    async fn post_signed(
        &self,
        body: &[u8],
        signed_body: &[u8],
        timestamp: u64,
    ) -> reqwest::Response {
        let ts = timestamp.to_string();
        let signature = self.key.sign(&[ts.as_bytes(), signed_body].concat());
        self.client
            .post(format!("{}/interactions", self.base))
            .header("X-Signature-Ed25519", hex::encode(signature.to_bytes()))
            .header("X-Signature-Timestamp", ts)
            .header("Content-Type", "application/json")
            .body(body.to_vec())
            .send()
            .await
            .unwrap()
    }

    /// A properly signed interaction: status and JSON body.
    async fn send(&self, interaction: &Value) -> (u16, Value) {
        let body = interaction.to_string().into_bytes();
        let response = self.post_signed(&body, &body, Self::now()).await;
        let status = response.status().as_u16();
        let bytes = response.bytes().await.unwrap_or_default();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn get(&self, path: &str) -> (u16, String) {
        let r = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }
}

/// A slash command or autocomplete, as Discord POSTs it (the same payload the gateway carries).
async fn interaction(kind: u8, command: &str, value: &str) -> Value {
    let fake = FakeDiscord::start(TOKEN).await;
    fake.interaction(kind, command, value).1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ping_commands_and_autocompletes_are_answered_in_the_response() {
    let e = Endpoint::start(&[]).await;
    let (status, body) = e
        .send(&json!({"type": 1, "id": "1", "application_id": "2", "token": "t", "version": 1}))
        .await;
    assert_eq!((status, body), (200, json!({"type": 1})));

    let (status, body) = e.send(&interaction(2, "whereis", "Izzacard").await).await;
    assert_eq!(status, 200);
    assert_valid_callback(&body);
    assert_eq!(body["data"]["embeds"][0]["title"], "Gautier Izacard");
    assert_eq!(body["data"]["allowed_mentions"]["parse"], json!([]));

    let (_, body) = e.send(&interaction(2, "company", "Mistral").await).await;
    assert_valid_callback(&body);
    assert_eq!(body["data"]["embeds"][0]["title"], "Mistral AI");

    let (_, body) = e.send(&interaction(2, "whereis", "Zuckerberg").await).await;
    assert_valid_callback(&body);
    assert_eq!(body["data"]["flags"], 64, "not found is ephemeral");

    for (command, partial) in [("whereis", "lam"), ("company", "mis")] {
        let (status, body) = e.send(&interaction(4, command, partial).await).await;
        assert_eq!(status, 200);
        assert_valid_callback(&body);
        assert_eq!(body["type"], 8);
        assert!(!body["data"]["choices"].as_array().unwrap().is_empty());
    }
    let (_, metrics) = e.get("/metrics").await;
    assert!(
        metrics.contains(
            r#"llama_alumni_interactions_total{command="whereis",kind="command",outcome="found"} 1"#
        ),
        "{metrics}"
    );
    assert!(metrics.contains(r#"llama_alumni_interactions_total{command="whereis",kind="command",outcome="not_found"} 1"#), "{metrics}");
    assert!(metrics.contains(r#"kind="autocomplete""#), "{metrics}");
    assert!(
        metrics.contains("llama_alumni_dataset_people 14"),
        "{metrics}"
    );
    e.process.signal("TERM");
    let (code, output) = e.process.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_french_client_is_answered_in_french() {
    let e = Endpoint::start(&[]).await;
    let french = |mut interaction: Value| {
        interaction["locale"] = json!("fr");
        interaction
    };
    let (status, body) = e
        .send(&french(interaction(2, "whereis", "Lacroix").await))
        .await;
    assert_eq!(status, 200);
    assert_valid_callback(&body);
    let embed = &body["data"]["embeds"][0];
    assert_eq!(embed["title"], "Timothée Lacroix");
    assert_eq!(embed["fields"][2]["value"], "juin 2023");
    assert_eq!(embed["fields"][3]["value"], "8 ans et 5 mois");

    let (_, body) = e
        .send(&french(interaction(2, "whereis", "Zuckerberg").await))
        .await;
    assert_valid_callback(&body);
    assert_eq!(
        body["data"]["embeds"][0]["title"],
        "Aucune personne trouvée"
    );

    let (_, body) = e
        .send(&french(interaction(4, "company", "mis").await))
        .await;
    assert_valid_callback(&body);
    assert_eq!(body["data"]["choices"][0]["name"], "Mistral AI · 5 auteurs");

    // English for every other locale, as before.
    let (_, body) = e.send(&interaction(2, "whereis", "Lacroix").await).await;
    assert_eq!(body["data"]["embeds"][0]["fields"][2]["value"], "June 2023");
    e.process.signal("TERM");
    let (code, output) = e.process.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_discord_did_not_sign_get_401() {
    let e = Endpoint::start(&[]).await;
    let body = br#"{"type":1}"#;
    let now = Endpoint::now();
    let unsigned = e
        .client
        .post(format!("{}/interactions", e.base))
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 401);
    type Case<'a> = (&'a [u8], &'a [u8], u64, u16, &'a str);
    let cases: [Case; 5] = [
        (body, br#"{"type":2}"#, now, 401, "signed for another body"),
        (
            br#"{"type":1} "#,
            body,
            now,
            401,
            "body changed after signing",
        ),
        (body, body, now - 400, 401, "older than 5 minutes"),
        (body, body, now + 400, 401, "more than 5 minutes ahead"),
        (body, body, now - 200, 200, "within the window"),
    ];
    for (sent, signed, ts, expected, what) in cases {
        let status = e.post_signed(sent, signed, ts).await.status().as_u16();
        assert_eq!(status, expected, "{what}");
    }
    let garbage = e
        .client
        .post(format!("{}/", e.base))
        .header("X-Signature-Ed25519", "not hex")
        .header("X-Signature-Timestamp", now.to_string())
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 401, "POST / is the same endpoint");
    let (_, metrics) = e.get("/metrics").await;
    assert!(
        metrics.contains("llama_alumni_signature_failures_total 6"),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_and_non_interaction_bodies_are_refused() {
    let e = Endpoint::start(&[]).await;
    // Declared too long: refused before any of the body is sent.
    let head = "POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n";
    assert_eq!(raw_status(&e.base, head.as_bytes()).await, 413);
    // Chunked, no length: cut off once it passes the limit.
    let mut chunked =
        b"POST /interactions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..20 {
        chunked.extend_from_slice(format!("{:x}\r\n{}\r\n", 4096, " ".repeat(4096)).as_bytes());
    }
    assert_eq!(raw_status(&e.base, &chunked).await, 413);
    for body in [
        &b"not json"[..],
        b"{}",
        b"[]",
        br#"{"type":3}"#,
        br#"{"type":2,"id":"x"}"#,
    ] {
        let status = e.post_signed(body, body, Endpoint::now()).await.status();
        assert_eq!(status, 400, "{}", String::from_utf8_lossy(body));
    }
}

/// Writes `request` on a new connection and returns the status of the response.
async fn raw_status(base: &str, request: &[u8]) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut socket = tokio::net::TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap();
    // The server may answer and close before all of it is written: that is the point.
    let _ = socket.write_all(request).await;
    let mut response = vec![0; 64];
    let n = socket.read(&mut response).await.unwrap();
    let line = String::from_utf8_lossy(&response[..n]).to_string();
    line.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {line:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_only_once_the_commands_are_registered() {
    let fake = FakeDiscord::start(TOKEN).await;
    fake.fail_next(Route::Commands, [Fault::Hang]);
    let base = fake.base_url();
    let e = Endpoint::start(&[("DISCORD_TOKEN", TOKEN), ("DISCORD_PROXY", &base)]).await;
    assert_eq!(e.get("/healthz").await.0, 200);
    let (status, why) = e.get("/readyz").await;
    assert_eq!(status, 503, "{why}");
    assert!(why.contains("commands are not registered"), "{why}");
    // The hung registration times out (10 s) and is retried.
    let registration = fake.registration().await;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while e.get("/readyz").await.0 != 200 {
        assert!(
            std::time::Instant::now() < deadline,
            "never ready:\n{}",
            e.process.output()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        registration.path,
        format!(
            "/api/v10/applications/{}/commands",
            common::fake_discord::APP_ID
        )
    );
    assert_eq!(fake.calls_to(Route::Commands).len(), 2);
    e.process.signal("TERM");
    let (code, output) = e.process.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "{output}");
    assert!(!output.contains(TOKEN), "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_token_it_serves_and_says_it_does_not_register() {
    let e = Endpoint::start(&[]).await;
    assert_eq!(e.get("/readyz").await.0, 200);
    assert!(
        e.process
            .output()
            .contains("does not register the commands")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_or_bad_public_key_is_one_line_and_exit_2() {
    for (env, expected) in [
        (vec![], "DISCORD_PUBLIC_KEY is not set"),
        (
            vec![("DISCORD_PUBLIC_KEY", "abcd")],
            "DISCORD_PUBLIC_KEY: 2 bytes, not 32",
        ),
        (
            vec![("DISCORD_PUBLIC_KEY", "not hex at all")],
            "DISCORD_PUBLIC_KEY: not hex",
        ),
    ] {
        let p = BotProcess::spawn_with(&["serve-http", "--listen", "127.0.0.1:0"], &env);
        let (code, output) = p.wait(Duration::from_secs(10)).await;
        assert_eq!(code, Some(2), "{output}");
        assert!(output.contains(expected), "{output}");
        assert_eq!(output.trim().lines().count(), 1, "{output}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_requests_in_flight_finish() {
    let e = Endpoint::start(&[]).await;
    let command = interaction(2, "whereis", "Lample").await;
    let in_flight: Vec<_> = (0..100)
        .map(|_| {
            let body = command.to_string().into_bytes();
            let ts = Endpoint::now().to_string();
            let signature = hex::encode(e.key.sign(&[ts.as_bytes(), &body].concat()).to_bytes());
            tokio::spawn(
                e.client
                    .post(format!("{}/interactions", e.base))
                    .header("X-Signature-Ed25519", signature)
                    .header("X-Signature-Timestamp", ts)
                    .body(body)
                    .send(),
            )
        })
        .collect();
    let requests = tokio::spawn(statuses_of(in_flight));
    tokio::time::sleep(Duration::from_millis(5)).await;
    e.process.signal("TERM");
    let statuses = requests.await.unwrap();
    let answered = statuses.iter().filter(|s| **s == Some(200)).count();
    let refused = statuses.iter().filter(|s| s.is_none()).count();
    // Each request either completed, or was never accepted: none cut off halfway.
    assert_eq!(answered + refused, statuses.len(), "{statuses:?}");
    assert!(answered > 0);
    let (code, output) = e.process.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "{output}");
    assert!(
        output.contains("finishing the requests in flight"),
        "{output}"
    );
}

/// Awaits every request; the status of each, `None` for one refused before it was accepted.
async fn statuses_of(
    requests: Vec<tokio::task::JoinHandle<reqwest::Result<reqwest::Response>>>,
) -> Vec<Option<u16>> {
    let mut statuses = Vec::new();
    for h in requests {
        statuses.push(h.await.unwrap().ok().map(|r| r.status().as_u16()));
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_registers_and_exits_0_or_fails_without_sending_on_a_rejected_token() {
    let fake = FakeDiscord::start(TOKEN).await;
    let base = fake.base_url();
    let p = BotProcess::spawn_with(
        &["register"],
        &[("DISCORD_TOKEN", TOKEN), ("DISCORD_PROXY", &base)],
    );
    let (code, output) = p.wait(Duration::from_secs(20)).await;
    assert_eq!(code, Some(0), "{output}");
    assert!(
        output.contains("4 commands registered globally"),
        "{output}"
    );
    assert_eq!(fake.calls_to(Route::Commands).len(), 1);

    let fake = FakeDiscord::start(TOKEN).await;
    let base = fake.base_url();
    let p = BotProcess::spawn_with(
        &["register"],
        &[("DISCORD_TOKEN", "wrong"), ("DISCORD_PROXY", &base)],
    );
    let (code, output) = p.wait(Duration::from_secs(20)).await;
    assert_eq!(code, Some(2), "{output}");
    assert!(output.contains("rejected DISCORD_TOKEN"), "{output}");
    assert!(
        fake.calls_to(Route::Commands).is_empty(),
        "nothing sent with a rejected token"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_are_answered_in_the_response() {
    let e = Endpoint::start(&[]).await;
    let fake = FakeDiscord::start(TOKEN).await;
    let (_, miss) = e
        .send(&fake.interaction(2, "whereis", "xyzzy Lample").1)
        .await;
    let id = miss["data"]["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(id, "v1:whereis:Guillaume Lample");
    let (status, picked) = e.send(&fake.button_interaction(&id).1).await;
    assert_eq!(status, 200);
    assert_valid_callback(&picked);
    assert_eq!(picked["type"], 4);
    assert_eq!(picked["data"]["embeds"][0]["title"], "Guillaume Lample");

    let (status, stale) = e
        .send(&fake.button_interaction("v1:timeline:page:7").1)
        .await;
    assert_eq!(status, 200);
    assert_valid_callback(&stale);
    assert_eq!(
        stale["data"]["embeds"][0]["title"],
        "This button is out of date"
    );
    assert_eq!(stale["data"]["flags"], 64);

    // A press without a custom id is not an interaction this bot can answer.
    let mut broken = fake.button_interaction("x").1;
    broken["data"] = json!({"component_type": 2});
    let (status, _) = e.send(&broken).await;
    assert_eq!(status, 400);
    let (_, metrics) = e.get("/metrics").await;
    assert!(
        metrics.contains("command=\"whereis\",kind=\"button\",outcome=\"found\""),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_with_a_picture_is_deferred_then_completed_with_its_file() {
    let fake = FakeDiscord::start(TOKEN).await;
    // Discord may not have taken the deferral when the edit arrives: "Unknown Webhook", once.
    fake.fail_next(
        Route::EditOriginal,
        [Fault::discord(404, 10015, "Unknown Webhook")],
    );
    let base = fake.base_url();
    let e = Endpoint::start(&[("DISCORD_PROXY", base.as_str())]).await;
    let (_, interaction) = fake.interaction(2, "stats", "");
    let token = interaction["token"].as_str().unwrap().to_owned();
    let (status, deferral) = e.send(&interaction).await;
    assert_eq!(status, 200);
    assert_valid_callback(&deferral);
    assert_eq!(deferral["type"], 5, "{deferral}");
    assert_eq!(
        deferral["data"]["flags"], 0,
        "the picture is for everyone: {deferral}"
    );

    let (message, files) = fake.edit(&token).await;
    common::openapi::assert_valid_webhook_edit(&message);
    assert_eq!(
        message["embeds"][0]["image"]["url"],
        "attachment://where-they-went.png"
    );
    assert_eq!(message["allowed_mentions"]["parse"], json!([]));
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].filename, "where-they-went.png");
    assert!(files[0].bytes.starts_with(b"\x89PNG"));
    let edits = fake.calls_to(Route::EditOriginal);
    assert_eq!(edits.len(), 2, "retried after the 404");
    assert!(edits.iter().all(|c| c.method == "PATCH"));
    assert!(
        edits[0]
            .path
            .contains(&format!("/webhooks/{}/", common::fake_discord::APP_ID)),
        "{}",
        edits[0].path
    );
    // The interaction token is a secret: never in the log.
    assert!(
        !e.process.output().contains(&token),
        "{}",
        e.process.output()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signatures_arriving_together_are_verified_together_and_forgeries_alone_refused() {
    let e = Endpoint::start(&[]).await;
    let command = interaction(2, "whereis", "Lample").await;
    const REQUESTS: usize = 96;
    // Every eighth request forged: signed by another key, or its body changed after signing.
    let forger = SigningKey::from_bytes(&[99; 32]);
    let requests: Vec<_> = (0..REQUESTS)
        .map(|i| {
            let body = command.to_string().into_bytes();
            let ts = Endpoint::now().to_string();
            let message = [ts.as_bytes(), &body].concat();
            let signature = match i % 16 {
                0 => forger.sign(&message),
                _ => e.key.sign(&message),
            };
            let mut body = body;
            if i % 16 == 8 {
                body.push(b' ');
            }
            tokio::spawn(
                e.client
                    .post(format!("{}/interactions", e.base))
                    .header("X-Signature-Ed25519", hex::encode(signature.to_bytes()))
                    .header("X-Signature-Timestamp", ts)
                    .body(body)
                    .send(),
            )
        })
        .collect();
    let statuses = statuses_of(requests).await;
    let expected: Vec<Option<u16>> = (0..REQUESTS)
        .map(|i| Some(if i % 8 == 0 { 401 } else { 200 }))
        .collect();
    assert_eq!(statuses, expected);
    let (_, metrics) = e.get("/metrics").await;
    let value = |name: &str| -> f64 {
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} not in {metrics}"))
    };
    assert_eq!(
        value("llama_alumni_signature_batch_size_sum "),
        REQUESTS as f64
    );
    let batches = value("llama_alumni_signature_batch_size_count ");
    assert!(
        batches < REQUESTS as f64,
        "{REQUESTS} requests at once, {batches} batches"
    );
    assert!(
        metrics.contains("llama_alumni_signature_failures_total 12"),
        "{metrics}"
    );
}
