//! The command line, run as a user runs it: output and exit codes.

use assert_cmd::Command;
use predicates::prelude::*;

fn cli() -> Command {
    let mut cmd = Command::cargo_bin("llama-alumni").unwrap();
    cmd.env_remove("ALUMNI_DATA");
    cmd
}

fn json_of(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("stdout is one JSON document")
}

#[test]
fn ask_prints_a_readable_reply() {
    cli()
        .args(["ask", "/whereis Lample"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Guillaume Lample"))
        .stdout(predicate::str::contains("Co-founder and Chief Scientist"))
        .stdout(predicate::str::contains("Mistral AI"))
        .stdout(predicate::str::contains("Early 2023"))
        .stdout(predicate::str::contains("7 years"))
        .stdout(predicate::str::contains("Pranav Dixit"));
}

#[test]
fn ask_accepts_the_query_unquoted() {
    cli()
        .args(["ask", "/whereis", "Timothée", "Lacroix"])
        .assert()
        .success()
        .stdout(predicate::str::contains("June 2023"));
}

#[test]
fn ask_json_prints_the_interaction_response_body() {
    let out = cli()
        .args(["ask", "--json", "/whereis Lample"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let body = json_of(&out.stdout);
    assert_eq!(body["type"], 4);
    assert_eq!(
        body["data"]["allowed_mentions"]["parse"],
        serde_json::json!([])
    );
    assert_eq!(body["data"]["embeds"][0]["title"], "Guillaume Lample");
    assert_eq!(body["data"]["flags"], 0);
}

#[test]
fn not_found_is_a_reply_with_exit_code_1() {
    let out = cli()
        .args(["ask", "--json", "/whereis Zuckerberg"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let body = json_of(&out.stdout);
    assert_eq!(body["data"]["flags"], 64, "not-found replies are ephemeral");
    cli()
        .args(["ask", "/company OpenAI"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("Mistral AI"));
}

#[test]
fn malformed_command_lines_are_usage_errors() {
    cli()
        .args(["ask", "/whois Lample"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown command"))
        .stderr(predicate::str::contains("/whereis NAME"));
    cli()
        .args(["ask", "/whereis"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a name"));
    cli()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Usage"));
    cli().args(["frobnicate"]).assert().code(2);
    cli().args(["complete", "people", "x"]).assert().code(2);
}

#[test]
fn explain_shows_the_ranking() {
    cli()
        .args(["ask", "--explain", "/whereis lampel"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Ranking for"))
        .stdout(predicate::str::contains("lampel→lample 1 edit"));
    // With --json the ranking goes to stderr, so stdout stays one JSON document.
    let out = cli()
        .args(["ask", "--json", "--explain", "/whereis la"])
        .output()
        .unwrap();
    json_of(&out.stdout);
    assert!(String::from_utf8_lossy(&out.stderr).contains("Ranking for"));
}

#[test]
fn complete_lists_choices() {
    cli()
        .args(["complete", "whereis", "lam"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Guillaume Lample"));
    let out = cli()
        .args(["complete", "--json", "whereis", ""])
        .output()
        .unwrap();
    let body = json_of(&out.stdout);
    assert_eq!(body["type"], 8);
    assert_eq!(body["data"]["choices"].as_array().unwrap().len(), 14);
    assert_eq!(body["data"]["choices"][0]["value"], "Armand Joulin");
}

#[test]
fn batch_mode_answers_each_line_in_order() {
    let out = cli()
        .args(["ask", "--json"])
        .write_stdin("/whereis Lample\n/company Mistral\n/whereis Zuckerberg\n")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a batch exits with its worst line: not found"
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["data"]["embeds"][0]["title"], "Guillaume Lample");
    assert_eq!(lines[1]["data"]["embeds"][0]["title"], "Mistral AI");
    assert_eq!(lines[2]["data"]["flags"], 64);

    let out = cli()
        .args(["complete", "--json", "company"])
        .write_stdin("mis\ngoo\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(text.lines().nth(1).unwrap().contains("Google DeepMind"));
}

#[test]
fn batch_mode_marks_malformed_lines() {
    let out = cli()
        .args(["ask", "--json"])
        .write_stdin("/whois x\n/whereis Lample\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert!(first["error"].as_str().unwrap().contains("unknown command"));
    assert_eq!(text.lines().count(), 2);
}

/// Each line of batch output as JSON, in order.
fn json_lines(stdout: &[u8]) -> Vec<serde_json::Value> {
    std::str::from_utf8(stdout)
        .expect("batch output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is one JSON document"))
        .collect()
}

/// The `error` of an output line, or "" when it is a reply.
fn error_of(line: &serde_json::Value) -> &str {
    line["error"].as_str().unwrap_or("")
}

#[test]
fn batch_mode_gives_one_line_per_input_line_whatever_the_line() {
    // CRLF, a line that is not UTF-8, a blank line, a bad command, a line of only "\r", and a
    // last line without its newline.
    let input: &[u8] =
        b"/whereis Lample\r\n\xff\xfe bad\n\n/whois x\r\n/company Mistral\n\r\n/whereis Zuckerberg";
    let out = cli()
        .args(["ask", "--json"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "malformed lines exit 2");
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 7, "one output line per input line: {lines:?}");
    assert_eq!(lines[0]["data"]["embeds"][0]["title"], "Guillaume Lample");
    assert_eq!(error_of(&lines[1]), "line 2 is not valid UTF-8");
    assert!(error_of(&lines[2]).contains("no command"), "{:?}", lines[2]);
    assert!(
        error_of(&lines[3]).contains("unknown command"),
        "{:?}",
        lines[3]
    );
    assert_eq!(lines[4]["data"]["embeds"][0]["title"], "Mistral AI");
    assert!(error_of(&lines[5]).contains("no command"), "{:?}", lines[5]);
    assert_eq!(lines[6]["data"]["flags"], 64);

    cli()
        .args(["ask"])
        .write_stdin(&b"\xff\n/whereis Lample\n"[..])
        .assert()
        .code(2)
        .stdout(predicate::str::starts_with(
            "error: line 1 is not valid UTF-8\n",
        ))
        .stdout(predicate::str::contains("Guillaume Lample"));
}

#[test]
fn complete_batch_continues_past_a_line_that_is_not_utf8() {
    let out = cli()
        .args(["complete", "--json", "whereis"])
        .write_stdin(&b"lam\r\n\xc3\n\r\ngoy\n"[..])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(lines[0]["data"]["choices"][0]["value"], "Guillaume Lample");
    assert_eq!(error_of(&lines[1]), "line 2 is not valid UTF-8");
    // A blank partial is valid: the first names alphabetically.
    assert_eq!(lines[2]["data"]["choices"][0]["value"], "Armand Joulin");
    assert_eq!(lines[3]["data"]["choices"][0]["value"], "Naman Goyal");

    cli()
        .args(["complete", "whereis"])
        .write_stdin(&b"\xff\nlam\n"[..])
        .assert()
        .code(2)
        .stdout("error: line 1 is not valid UTF-8\n\nGuillaume Lample · Mistral AI\n");
}

#[test]
fn check_data_summarizes_the_embedded_dataset() {
    cli()
        .args(["check-data"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "14 people, 8 companies, 1 paper\n",
        ))
        .stdout(predicate::str::contains(
            "Still at Meta (3): Hugo Touvron, Xavier Martinet, Faisal Azhar",
        ))
        .stdout(predicate::str::contains("Mistral AI"));
}

/// A scratch directory of this test process.
fn temp_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("llama-alumni-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let path = temp_dir().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_bad_dataset_is_refused_with_its_place_and_exit_code_4() {
    let bad = llama_alumni::dataset::EMBEDDED_JSON.replacen(
        "\"company\": \"kyutai\"",
        "\"company\": \"kyutia\"",
        1,
    );
    let path = temp_file("bad.json", &bad);
    let shown = path.display().to_string();
    for args in [
        vec!["check-data", shown.as_str()],
        vec!["--data", shown.as_str(), "ask", "/whereis Lample"],
        vec!["ask", "/whereis Lample", "--data", shown.as_str()],
        vec!["complete", "whereis", "la", "--data", shown.as_str()],
    ] {
        cli()
            .args(&args)
            .assert()
            .code(4)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(format!("{shown}:")))
            .stderr(predicate::str::contains("person \"Edouard Grave\""))
            .stderr(predicate::str::contains("unknown company \"kyutia\""));
    }
    cli()
        .env("ALUMNI_DATA", &path)
        .args(["ask", "/whereis Lample"])
        .assert()
        .code(4);
}

#[test]
fn data_flag_and_environment_replace_the_embedded_dataset() {
    let edited = llama_alumni::dataset::EMBEDDED_JSON.replacen(
        "\"role\": \"Research Scientist\",\n      \"left_meta\"",
        "\"role\": \"Chief Llama Whisperer\",\n      \"left_meta\"",
        1,
    );
    assert_ne!(edited, llama_alumni::dataset::EMBEDDED_JSON);
    let path = temp_file("edited.json", &edited);
    cli()
        .args(["ask", "/whereis Grave", "--data"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("Chief Llama Whisperer"));
    cli()
        .env("ALUMNI_DATA", &path)
        .args(["ask", "/whereis Grave"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Chief Llama Whisperer"));
    cli()
        .args(["check-data", "--data"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(path.display().to_string()));
}

#[test]
fn help_is_available_everywhere() {
    for args in [
        vec!["--help"],
        vec!["ask", "--help"],
        vec!["complete", "--help"],
        vec!["check-data", "--help"],
    ] {
        cli()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage"));
    }
}

#[test]
fn benchmark_tooling_is_not_in_the_product() {
    let out = cli().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("check-data"), "{help}");
    for tool in ["synth", "measure"] {
        assert!(!help.contains(tool), "--help lists {tool}: {help}");
        cli().arg(tool).assert().code(2);
    }
}

/// How long a refusal of a hostile data path may take: it must not read or block, so far less.
const REFUSED_AT_ONCE: std::time::Duration = std::time::Duration::from_secs(10);

/// Runs `args` with `--data path`, which must be refused at once with exit code 4 and one line on
/// stderr naming the path and containing each of `mentions`.
fn assert_refused_data(path: &std::path::Path, env: &[(&str, &str)], mentions: &[&str]) {
    let shown = path.display().to_string();
    for args in [
        vec!["ask", "/whereis Lample", "--data", shown.as_str()],
        vec!["check-data", shown.as_str()],
    ] {
        let mut cmd = cli();
        for (name, value) in env {
            cmd.env(name, value);
        }
        let out = cmd.args(&args).timeout(REFUSED_AT_ONCE).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: one line: {stderr}");
        for part in [shown.as_str()].iter().chain(mentions) {
            assert!(
                stderr.contains(part),
                "{args:?}: {part:?} missing: {stderr}"
            );
        }
    }
}

#[test]
fn data_that_is_not_a_regular_file_is_refused_at_once() {
    let dir = temp_dir().join("kinds");
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("people.fifo");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo failed");
    assert_refused_data(&dir, &[], &["a directory, not a regular file"]);
    assert_refused_data(&fifo, &[], &["a FIFO (named pipe), not a regular file"]);
    assert_refused_data(
        std::path::Path::new("/dev/zero"),
        &[],
        &["a character device, not a regular file"],
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn data_over_the_size_limit_is_refused_at_once() {
    let sparse = temp_file("sparse.json", "");
    std::fs::File::options()
        .write(true)
        .open(&sparse)
        .unwrap()
        .set_len(300 * 1024 * 1024)
        .unwrap();
    assert_refused_data(
        &sparse,
        &[],
        &[
            "314572800 bytes",
            "limit of 268435456 bytes",
            "ALUMNI_DATA_MAX_BYTES",
        ],
    );
    assert_refused_data(
        &sparse,
        &[("ALUMNI_DATA_MAX_BYTES", "1000")],
        &[
            "314572800 bytes",
            "limit of 1000 bytes",
            "ALUMNI_DATA_MAX_BYTES",
        ],
    );
    let bad_limit: &[(&str, &str)] = &[("ALUMNI_DATA_MAX_BYTES", "a lot")];
    let out = cli()
        .envs(bad_limit.iter().copied())
        .args(["check-data"])
        .arg(&sparse)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ALUMNI_DATA_MAX_BYTES=\"a lot\" is not a size"),
        "{stderr}"
    );
    std::fs::remove_file(&sparse).unwrap();
}

#[test]
fn the_size_limit_can_be_raised_or_lowered() {
    let path = temp_file("limit.json", llama_alumni::dataset::EMBEDDED_JSON);
    let size = llama_alumni::dataset::EMBEDDED_JSON.len();
    cli()
        .env("ALUMNI_DATA_MAX_BYTES", size.to_string())
        .arg("check-data")
        .arg(&path)
        .assert()
        .success();
    cli()
        .env("ALUMNI_DATA_MAX_BYTES", (size - 1).to_string())
        .arg("check-data")
        .arg(&path)
        .assert()
        .code(4)
        .stderr(predicate::str::contains(format!("{size} bytes")));
}

#[test]
fn a_reply_lists_its_buttons_and_press_answers_them() {
    cli()
        .args(["ask", "/whereis xyzzy Lample"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "Buttons (llama-alumni press ID):\n  [Guillaume Lample]  'v1:whereis:Guillaume Lample'",
        ));
    cli()
        .args(["press", "v1:whereis:Guillaume Lample"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Guillaume Lample\n"));
    let out = cli()
        .args(["press", "--json", "v1:company:mistral"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        json_of(&out.stdout)["data"]["embeds"][0]["title"],
        "Mistral AI"
    );
    // A button that no longer makes sense: the reply says so, and the input is refused.
    cli()
        .args(["press", "v1:whereis:Nobody At All"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("This button is out of date"));
}

#[test]
fn each_outcome_has_its_own_exit_code() {
    cli().args(["ask", "/whereis Lample"]).assert().code(0);
    cli().args(["ask", "/whereis Zuckerberg"]).assert().code(1);
    // A query that cannot be searched is bad input, not "not found".
    let long = format!("/whereis {}", "a".repeat(101));
    cli().args(["ask", &long]).assert().code(2);
    cli().args(["ask", "/whereis ???"]).assert().code(2);
    // A batch exits with its worst line, and says nothing else on a found-only batch.
    cli()
        .args(["ask"])
        .write_stdin("/whereis Lample\n/company Mistral\n")
        .assert()
        .code(0);
    cli()
        .args(["ask"])
        .write_stdin("/whereis Lample\n/whereis Zuckerberg\n")
        .assert()
        .code(1);
    cli()
        .args(["ask"])
        .write_stdin(format!("/whereis Zuckerberg\n{long}\n"))
        .assert()
        .code(2);
    let empty = temp_file("empty.json", "{}");
    cli()
        .arg("check-data")
        .arg(&empty)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("the file has no `schema_version`"));
}

#[test]
fn a_line_without_a_command_gets_a_hint_with_a_slash_the_user_did_not_type() {
    cli()
        .args(["ask", "Lample"])
        .assert()
        .code(2)
        .stderr("llama-alumni: \"Lample\" does not start with a command: try \"/whereis Lample\" or \"/company Lample\"\n");
}

#[test]
fn an_overlong_partial_completes_to_nothing_like_any_other_miss() {
    for n in [100, 101, 500] {
        let out = cli()
            .args(["complete", "--json", "whereis", &"a".repeat(n)])
            .output()
            .unwrap();
        let body = json_of(&out.stdout);
        assert_eq!(
            body["data"]["choices"],
            serde_json::json!([]),
            "{n} characters"
        );
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // `llama-alumni ask < many | head`: the reader goes away long before the replies (about 1 MB,
    // far over a pipe's buffer) are written; no "Broken pipe" message.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "yes /whereis Lample | head -n 2000 | {} ask | head -c 1 >/dev/null",
            assert_cmd::cargo::cargo_bin("llama-alumni").display()
        ))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn terminal_text_is_plain_and_styled_only_where_colour_is_on() {
    // Piped: no markdown (inline code reads as quotes), no escape codes.
    let out = cli().args(["ask", "/whereis Yann LeCun"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("matches \"Yann LeCun\"."), "{text}");
    assert!(text.contains("e.g. \"/whereis Lample\"."), "{text}");
    assert!(!text.contains('`') && !text.contains('\u{1b}'), "{text}");
    // Forced colour (as a terminal gets it): a bold title.
    let out = cli()
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .args(["ask", "/whereis Lample"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("\u{1b}[1mGuillaume Lample\u{1b}[0m\n"),
        "{text:?}"
    );
}

#[test]
fn ask_answers_in_french_with_locale_fr() {
    cli()
        .args(["ask", "--locale", "fr", "/whereis Lample"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Guillaume Lample"))
        .stdout(predicate::str::contains("Poste actuel"))
        .stdout(predicate::str::contains("Co-founder and Chief Scientist"))
        .stdout(predicate::str::contains("début 2023"))
        .stdout(predicate::str::contains("7 ans"))
        .stdout(predicate::str::contains("Early 2023").not());
    // Discord's own locale strings work too, mapped as an interaction's are.
    cli()
        .args(["ask", "/whereis", "Lacroix", "--locale", "fr-CA"])
        .assert()
        .success()
        .stdout(predicate::str::contains("juin 2023"));
    cli()
        .args(["ask", "--locale", "de", "/whereis Lacroix"])
        .assert()
        .success()
        .stdout(predicate::str::contains("June 2023"));
}

#[test]
fn locale_fr_applies_to_json_batch_and_complete() {
    let out = cli()
        .args(["ask", "--json", "--locale", "fr"])
        .write_stdin("/whereis Lample\n/whois x\n/whereis Zuckerberg\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0]["data"]["embeds"][0]["fields"][0]["name"],
        "Poste actuel"
    );
    // The command line's own errors stay in English.
    assert!(error_of(&lines[1]).contains("unknown command"));
    assert_eq!(
        lines[2]["data"]["embeds"][0]["title"],
        "Aucune personne trouvée"
    );

    cli()
        .args(["complete", "--locale", "fr", "company", "mis"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Mistral AI · 5 auteurs"));
}

#[test]
fn an_unknown_locale_is_a_usage_error_on_one_line() {
    for args in [
        &["ask", "--locale", "xx", "/whereis Lample"][..],
        &["complete", "--locale", "french", "whereis", "lam"][..],
    ] {
        let out = cli().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("unknown locale"), "{stderr}");
        assert!(stderr.contains("en or fr"), "{stderr}");
    }
}

#[test]
fn attach_writes_the_reply_files_the_json_references() {
    let dir = temp_dir().join("attach");
    std::fs::create_dir_all(&dir).unwrap();
    let out = cli()
        .args(["ask", "--json", "--attach"])
        .arg(&dir)
        .arg("/stats")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let body = json_of(&out.stdout);
    let name = body["data"]["attachments"][0]["filename"].as_str().unwrap();
    assert_eq!(
        body["data"]["embeds"][0]["image"]["url"],
        format!("attachment://{name}")
    );
    let png = std::fs::read(dir.join(name)).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    // Text mode says where the picture is; a directory that does not exist is a usage error.
    cli()
        .args(["ask", "/stats"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Picture: where-they-went.png"));
    cli()
        .args(["ask", "--attach", "/no/such/dir", "/stats"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--attach /no/such/dir: not a directory",
        ));
}

#[test]
fn complete_batch_prints_one_block_per_partial() {
    cli()
        .args(["complete", "whereis"])
        .write_stdin("lam\nzzzzzz\ngoy\n")
        .assert()
        .success()
        .stdout(
            "Guillaume Lample · Mistral AI\n\n(no match)\n\nNaman Goyal · Thinking Machines Lab\n",
        );
    cli()
        .args(["complete", "company", "qqqqqq"])
        .assert()
        .success()
        .stdout("(no match)\n");
}
