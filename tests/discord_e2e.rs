//! The real bot (`llama-alumni serve`, the same code path `main` runs) against a fake Discord on
//! 127.0.0.1: REST through `DISCORD_PROXY`, the gateway over a WebSocket. Every body the bot sends is
//! checked against Discord's OpenAPI spec and documented limits.

mod common;

use std::time::Duration;

use common::bot_process::BotProcess;
use common::button_ids;
use common::fake_discord::{self, FakeDiscord};
use common::openapi::{assert_valid_callback, assert_valid_registration};
use serde_json::Value;

const TOKEN: &str = "MTIzNDU2Nzg5.fake-bot-token.s3cr3t-PART";

fn bot_for(fake: &FakeDiscord, extra: &[(&str, &str)]) -> BotProcess {
    BotProcess::against(fake, TOKEN, "llama_alumni=debug,serenity=info,warn", extra)
}

fn embed_title(body: &Value) -> &str {
    body["data"]["embeds"][0]["title"]
        .as_str()
        .unwrap_or_default()
}

fn assert_no_pings(body: &Value) {
    assert_eq!(
        body["data"]["allowed_mentions"]["parse"],
        serde_json::json!([]),
        "{body}"
    );
}

fn assert_token_absent(output: &str) {
    assert!(
        !output.contains(TOKEN),
        "the token leaked into the output:\n{output}"
    );
    assert!(
        !output.contains("s3cr3t"),
        "part of the token leaked:\n{output}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_session() {
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = bot_for(&fake, &[]);

    // Registration: one bulk overwrite, global, valid against the spec.
    let registration = fake.registration().await;
    assert_eq!(
        registration.path,
        format!("/api/v10/applications/{}/commands", fake_discord::APP_ID)
    );
    assert!(registration.authorized);
    assert_valid_registration(&registration.body);
    let commands = registration.body.as_array().unwrap();
    let names: Vec<&str> = commands
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["whereis", "company", "stats", "timeline"]);
    for command in commands {
        // `/whereis` and `/company` take a required `name`, `/stats` an optional `company`,
        // `/timeline` nothing.
        let expected = match command["name"].as_str() {
            Some("whereis" | "company") => Some(("name", true)),
            Some("stats") => Some(("company", false)),
            _ => None,
        };
        match expected {
            Some((name, required)) => {
                let option = &command["options"][0];
                assert_eq!(option["name"], name);
                assert_eq!(option["type"], 3);
                assert_eq!(option["required"], required);
                assert_eq!(option["autocomplete"], true);
                assert_eq!(option["max_length"], 100);
            }
            None => assert!(
                command
                    .get("options")
                    .is_none_or(|o| o == &serde_json::json!([]))
            ),
        }
        assert_eq!(command["contexts"], serde_json::json!([0, 1, 2]));
        assert_eq!(command["integration_types"], serde_json::json!([0, 1]));
    }
    bot.wait_output("commands registered globally").await;
    assert!(
        bot.output().contains(&format!(
            "ready as {}, a member of 1 guilds (0 is normal when invited with only the applications.commands scope), 4 commands registered globally",
            fake_discord::BOT_NAME
        )),
        "{}",
        bot.output()
    );
    fake.wait_live().await;
    let identify = fake.with_record(|r| r.identifies[0].clone());
    assert_eq!(identify["intents"], 0, "slash commands need no intents");

    // /whereis with a typo.
    let id = fake.command("whereis", "Izzacard");
    let body = fake.callback(&id).await;
    assert_valid_callback(&body);
    assert_eq!(body["type"], 4);
    assert_eq!(embed_title(&body), "Gautier Izacard");
    assert_no_pings(&body);
    assert_ne!(body["data"]["flags"], 64, "a found answer is public");

    // /company.
    let id = fake.command("company", "Mistral");
    let body = fake.callback(&id).await;
    assert_valid_callback(&body);
    assert_eq!(embed_title(&body), "Mistral AI");
    assert!(
        body["data"]["embeds"][0]["description"]
            .as_str()
            .unwrap()
            .contains("Guillaume Lample")
    );

    // Both autocompletes.
    let id = fake.autocomplete("whereis", "lam");
    let body = fake.callback(&id).await;
    assert_valid_callback(&body);
    assert_eq!(body["type"], 8);
    assert_eq!(body["data"]["choices"][0]["value"], "Guillaume Lample");
    let id = fake.autocomplete("company", "goo");
    let body = fake.callback(&id).await;
    assert_valid_callback(&body);
    assert_eq!(body["data"]["choices"][0]["value"], "Google DeepMind");
    let id = fake.autocomplete("whereis", "");
    let body = fake.callback(&id).await;
    assert_valid_callback(&body);
    assert_eq!(body["data"]["choices"].as_array().unwrap().len(), 14);

    // Not found: ephemeral, no pings, even when the input tries.
    let id = fake.command("whereis", "@everyone Zuckerberg");
    let body = fake.callback(&id).await;
    assert_valid_callback(&body);
    assert_eq!(body["data"]["flags"], 64);
    assert_no_pings(&body);
    assert!(!body.to_string().contains("@everyone"));

    // A command this bot does not have (a stale registration) gets an ephemeral hint.
    let id = fake.command("whois", "Lample");
    let body = fake.callback(&id).await;
    assert_valid_callback(&body);
    assert_eq!(body["data"]["flags"], 64);

    // The gateway drops; serenity reconnects by itself and the next interaction is answered.
    let connections = fake.with_record(|r| r.connections);
    fake.drop_gateway();
    fake.wait_for("a new gateway connection", |r| {
        (r.connections > connections).then_some(())
    })
    .await;
    fake.wait_live().await;
    let (identifies, resumes) = fake.with_record(|r| (r.identifies.len(), r.resumes.clone()));
    assert_eq!(
        identifies, 1,
        "the session is resumed, not identified again"
    );
    assert_eq!(resumes.len(), 1);
    assert_eq!(resumes[0]["session_id"], "session-1");
    let id = fake.command("whereis", "Lample");
    let body = fake.callback(&id).await;
    assert_valid_callback(&body);
    assert_eq!(embed_title(&body), "Guillaume Lample");

    // Every REST call carried the token; every call went to a route the fake knows.
    for call in fake.rest_calls() {
        assert!(
            call.authorized,
            "{} {} without the token",
            call.method, call.path
        );
        assert!(call.path.starts_with("/api/v10/"), "{}", call.path);
    }
    let registrations = fake
        .rest_calls()
        .into_iter()
        .filter(|c| c.method == "PUT")
        .count();
    assert_eq!(
        registrations, 1,
        "commands are registered once, not on every reconnect"
    );

    // SIGTERM: the gateway closes and the process exits 0.
    bot.signal("TERM");
    let (code, output) = bot.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "{output}");
    assert!(output.contains("stopped"), "{output}");
    assert!(output.contains("gateway session resumed"), "{output}");
    assert_token_absent(&output);
    eprintln!("--- the bot's output ---\n{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_also_stops_the_bot() {
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = bot_for(&fake, &[]);
    fake.registration().await;
    fake.wait_live().await;
    bot.signal("INT");
    let (code, output) = bot.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "{output}");
    assert_token_absent(&output);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guild_registration_when_a_guild_is_set() {
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = bot_for(&fake, &[("DISCORD_GUILD_ID", fake_discord::GUILD_ID)]);
    let registration = fake.registration().await;
    assert_eq!(
        registration.path,
        format!(
            "/api/v10/applications/{}/guilds/{}/commands",
            fake_discord::APP_ID,
            fake_discord::GUILD_ID
        )
    );
    assert_valid_registration(&registration.body);
    for command in registration.body.as_array().unwrap() {
        assert!(command.get("contexts").is_none_or(Value::is_null));
        assert!(command.get("integration_types").is_none_or(Value::is_null));
    }
    bot.wait_output(&format!(
        "commands registered in guild {}",
        fake_discord::GUILD_ID
    ))
    .await;
    bot.signal("TERM");
    let (code, output) = bot.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_token_is_one_clear_line() {
    let bot = BotProcess::spawn(&[("RUST_LOG", "debug")]);
    let (code, output) = bot.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(2), "{output}");
    assert_eq!(output.lines().count(), 1, "{output}");
    assert!(output.contains("DISCORD_TOKEN is not set"), "{output}");
    assert!(output.contains("developers/applications"), "{output}");
    assert!(output.contains(".env"), "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_token_is_one_clear_line() {
    let fake = FakeDiscord::start("the-right-token").await;
    let bot = bot_for(&fake, &[]);
    let (code, output) = bot.wait(Duration::from_secs(15)).await;
    assert_eq!(code, Some(2), "{output}");
    let errors: Vec<&str> = output
        .lines()
        .filter(|l| l.starts_with("llama-alumni:"))
        .collect();
    assert_eq!(errors.len(), 1, "{output}");
    assert!(
        errors[0].contains("rejected DISCORD_TOKEN (401"),
        "{output}"
    );
    assert_token_absent(&output);
    // It failed fast, on the first authenticated call, before touching the gateway.
    assert_eq!(fake.with_record(|r| r.connections), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_dataset_stops_the_bot_before_it_connects() {
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = bot_for(&fake, &[("ALUMNI_DATA", "/nonexistent/alumni.json")]);
    let (code, output) = bot.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(4), "{output}");
    assert!(output.contains("/nonexistent/alumni.json"), "{output}");
    assert!(fake.rest_calls().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_reloads_the_dataset_and_keeps_serving_on_a_bad_file() {
    let dir = std::env::temp_dir().join(format!("llama-alumni-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("alumni.json");
    std::fs::write(&path, llama_alumni::dataset::EMBEDDED_JSON).unwrap();
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = bot_for(&fake, &[("ALUMNI_DATA", path.to_str().unwrap())]);
    fake.registration().await;
    fake.wait_live().await;

    // A good edit is picked up.
    let edited = llama_alumni::dataset::EMBEDDED_JSON.replacen(
        "\"Research Scientist\",\n      \"left_meta\"",
        "\"Chief Llama Officer\",\n      \"left_meta\"",
        1,
    );
    std::fs::write(&path, &edited).unwrap();
    bot.signal("HUP");
    bot.wait_output("dataset reloaded: 14 people").await;
    let body = fake.callback(&fake.command("whereis", "Grave")).await;
    assert!(body.to_string().contains("Chief Llama Officer"), "{body}");

    // A broken file is refused with its place, and the data already loaded keeps being served.
    std::fs::write(
        &path,
        edited.replacen("\"kyutai\" }", "\"kyutai\" ", 1).replacen(
            "\"company\": \"kyutai\"",
            "\"company\": \"kyutia\"",
            1,
        ),
    )
    .unwrap();
    bot.signal("HUP");
    bot.wait_output("dataset not reloaded").await;
    assert!(
        bot.output().contains("unknown company \\\"kyutia\\\"")
            || bot.output().contains("unknown company \"kyutia\""),
        "{}",
        bot.output()
    );
    let body = fake.callback(&fake.command("whereis", "Grave")).await;
    assert!(body.to_string().contains("Chief Llama Officer"), "{body}");

    bot.signal("TERM");
    let (code, output) = bot.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shards_runs_exactly_the_given_range() {
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = bot_for(&fake, &[("SHARDS", "2-3/4")]);
    let shards = fake
        .wait_for("two shards identified", |r| {
            (r.identifies.len() >= 2).then(|| {
                r.identifies
                    .iter()
                    .map(|d| d["shard"].clone())
                    .collect::<Vec<_>>()
            })
        })
        .await;
    assert_eq!(
        shards,
        [serde_json::json!([2, 4]), serde_json::json!([3, 4])]
    );
    // serenity waits 5 s between shard boots; give a third (wrong) shard the time to show up.
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(
        fake.with_record(|r| r.identifies.len()),
        2,
        "no shard beyond the range"
    );
    assert!(
        !fake
            .rest_calls()
            .iter()
            .any(|c| c.path == "/api/v10/gateway/bot"),
        "a fixed range does not ask Discord for a shard count"
    );
    bot.signal("TERM");
    let (code, output) = bot.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buttons_are_pressed_end_to_end_and_survive_a_restart() {
    // 30 people at Mistral: the roster takes three pages.
    let mut data: Value = serde_json::from_str(llama_alumni::dataset::EMBEDDED_JSON).unwrap();
    let people = data["people"].as_array_mut().unwrap();
    for i in 0..25 {
        people.push(serde_json::json!({
            "name": format!("Extra Person {i:02}"), "company": "mistral", "role": "Researcher",
            "left_meta": format!("2019-{:02}", i % 12 + 1)
        }));
    }
    let dir = std::env::temp_dir().join(format!("llama-alumni-buttons-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("alumni.json");
    std::fs::write(&path, data.to_string()).unwrap();
    let env = [("ALUMNI_DATA", path.to_str().unwrap())];

    let fake = FakeDiscord::start(TOKEN).await;
    let bot = bot_for(&fake, &env);
    fake.registration().await;
    fake.wait_live().await;

    // "Did you mean" is a button; pressing it answers for that person, as a new message.
    let miss = fake
        .callback(&fake.command("whereis", "xyzzy Lample"))
        .await;
    assert_valid_callback(&miss);
    assert_eq!(button_ids(&miss), ["v1:whereis:Guillaume Lample"]);
    let picked = fake
        .callback(&fake.press("v1:whereis:Guillaume Lample"))
        .await;
    assert_valid_callback(&picked);
    assert_eq!(picked["type"], 4);
    assert_eq!(embed_title(&picked), "Guillaume Lample");
    assert_no_pings(&picked);

    // A long roster pages; "Next" updates the message in place (type 7).
    let roster = fake.callback(&fake.command("company", "Mistral")).await;
    assert_valid_callback(&roster);
    let next = button_ids(&roster)[1].clone();
    assert_eq!(next, "v1:company:mistral:page:2");
    let page = fake.callback(&fake.press(&next)).await;
    assert_valid_callback(&page);
    assert_eq!(page["type"], 7);
    let footer = page["data"]["embeds"][0]["footer"]["text"]
        .as_str()
        .unwrap();
    assert!(footer.starts_with("Page 2 of 3"), "{footer}");

    // Past the end: an ephemeral "out of date".
    let stale = fake
        .callback(&fake.press("v1:company:mistral:page:9"))
        .await;
    assert_valid_callback(&stale);
    assert_eq!(embed_title(&stale), "This button is out of date");
    assert_eq!(stale["data"]["flags"], 64);

    // No state on the server: after a restart the same button still works.
    bot.signal("TERM");
    let (code, output) = bot.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "{output}");
    let connections = fake.with_record(|r| r.connections);
    let bot = bot_for(&fake, &env);
    fake.wait_for("a second connection", |r| {
        (r.connections > connections).then_some(())
    })
    .await;
    fake.wait_live().await;
    let again = fake.callback(&fake.press(&next)).await;
    assert_eq!(again["type"], 7);
    assert_eq!(again["data"]["embeds"], page["data"]["embeds"]);
    bot.signal("TERM");
    let (code, output) = bot.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "{output}");
    assert_token_absent(&output);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_french_client_is_answered_in_french() {
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = bot_for(&fake, &[]);

    // The commands are described in French too; their names stay.
    let registration = fake.registration().await;
    assert_valid_registration(&registration.body);
    let whereis = &registration.body[0];
    assert_eq!(whereis["name"], "whereis");
    let french = whereis["description_localizations"]["fr"].as_str().unwrap();
    assert!(french.starts_with("Où travaille"), "{french}");
    let option = &whereis["options"][0];
    assert_eq!(option["name"], "name");
    assert!(
        option["description_localizations"]["fr"].is_string(),
        "{option}"
    );
    fake.wait_live().await;

    // The interaction's `locale` is the user's client language.
    let send = |kind: u8, command: &str, value: &str, locale: &str| {
        let (id, mut d) = fake.interaction(kind, command, value);
        d["locale"] = locale.into();
        fake.dispatch("INTERACTION_CREATE", d);
        id
    };
    let body = fake.callback(&send(2, "whereis", "Lample", "fr")).await;
    assert_valid_callback(&body);
    let embed = &body["data"]["embeds"][0];
    assert_eq!(embed["title"], "Guillaume Lample");
    assert_eq!(embed["fields"][0]["name"], "Poste actuel");
    assert_eq!(embed["fields"][2]["name"], "A quitté Meta");
    assert_eq!(embed["fields"][2]["value"], "début 2023");
    assert!(
        embed["footer"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Source\u{a0}:")
    );

    let body = fake.callback(&send(4, "company", "mis", "fr")).await;
    assert_valid_callback(&body);
    assert_eq!(body["data"]["choices"][0]["name"], "Mistral AI · 5 auteurs");

    let body = fake.callback(&send(2, "whois", "Lample", "fr")).await;
    assert_valid_callback(&body);
    assert_eq!(embed_title(&body), "Commande inconnue");

    // Any other language is answered in English.
    let body = fake.callback(&send(2, "whereis", "Lample", "de")).await;
    assert_eq!(
        body["data"]["embeds"][0]["fields"][0]["name"],
        "Current role"
    );

    bot.signal("TERM");
    let (code, output) = bot.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "{output}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_sends_its_chart_beside_the_reply_in_one_multipart_callback() {
    let fake = FakeDiscord::start(TOKEN).await;
    let bot = bot_for(&fake, &[]);
    fake.registration().await;
    fake.wait_live().await;
    let id = fake.command("stats", "");
    let body = fake.callback(&id).await;
    assert_valid_callback(&body);
    assert_no_pings(&body);
    assert_eq!(
        body["data"]["embeds"][0]["image"]["url"],
        "attachment://where-they-went.png"
    );
    let files = fake.callback_files(&id);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].field, "files[0]");
    assert_eq!(files[0].filename, "where-they-went.png");
    assert_eq!(files[0].content_type, "image/png");
    assert!(files[0].bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    // The same bytes the CLI writes: one picture per load.
    let catalog = common::catalog();
    let reply = llama_alumni::commands::run(
        &catalog,
        &llama_alumni::commands::Request::parse("/stats").unwrap(),
    );
    assert_eq!(files[0].bytes, reply.attachments[0].bytes.to_vec());
    // A reply without a picture is still plain JSON.
    let plain = fake.command("whereis", "Lample");
    fake.callback(&plain).await;
    assert!(fake.callback_files(&plain).is_empty());
    bot.signal("TERM");
    let (code, output) = bot.wait(Duration::from_secs(10)).await;
    assert_eq!(code, Some(0), "{output}");
}
