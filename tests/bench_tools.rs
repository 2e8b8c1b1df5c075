//! `alumni-bench`, the benchmark tooling (feature `bench-tools`): `cargo test --features
//! bench-tools --test bench_tools`, which `.ci/run` runs.

use assert_cmd::Command;
use predicates::prelude::*;

fn cli() -> Command {
    let mut cmd = Command::cargo_bin("llama-alumni").unwrap();
    cmd.env_remove("ALUMNI_DATA");
    cmd
}

fn bench() -> Command {
    let mut cmd = Command::cargo_bin("alumni-bench").unwrap();
    cmd.env_remove("ALUMNI_DATA");
    cmd
}

fn json_of(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("stdout is one JSON document")
}

#[test]
fn synth_writes_a_valid_dataset_and_queries_measure_reads() {
    let dir = std::env::temp_dir().join(format!("llama-alumni-synth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("people.json");
    let queries = dir.join("queries.jsonl");
    let out = bench()
        .args([
            "synth",
            "--people",
            "3000",
            "--seed",
            "3",
            "--queries-per-kind",
            "5",
            "--queries",
        ])
        .arg(&queries)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    std::fs::write(&data, &out.stdout).unwrap();
    // Deterministic: the same seed gives the same file.
    let again = bench()
        .args(["synth", "--people", "3000", "--seed", "3"])
        .output()
        .unwrap();
    assert_eq!(out.stdout, again.stdout);
    cli()
        .args(["check-data"])
        .arg(&data)
        .assert()
        .success()
        .stdout(predicate::str::contains("3000 people"));
    assert_eq!(
        std::fs::read_to_string(&queries).unwrap().lines().count(),
        60
    );
    let out = bench()
        .args(["measure", "--queries"])
        .arg(&queries)
        .arg("--data")
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let summary = json_of(&out.stdout);
    assert_eq!(summary["people"], 3000);
    assert_eq!(summary["queries"], 60);
    assert!(
        summary["top1"]["exact"].as_f64().unwrap() > 0.99,
        "{summary}"
    );
    assert!(summary["p99_us"].as_f64().unwrap() > 0.0);
}

/// A `llama-alumni serve-http` child, stopped with SIGTERM by the test (killed if the test fails).
struct Server {
    child: std::process::Child,
    addr: String,
}

impl Server {
    fn start(public_key: &str) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr = format!("127.0.0.1:{port}");
        // An empty working directory and a clean environment: no developer's .env or token.
        let dir =
            std::env::temp_dir().join(format!("llama-alumni-http-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_llama-alumni"))
            .args(["serve-http", "--listen", &addr])
            .env_clear()
            .env("DISCORD_PUBLIC_KEY", public_key)
            .env("RUST_LOG", "error")
            .current_dir(&dir)
            .stdin(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let server = Server { child, addr };
        server.wait_ready();
        server
    }

    /// The status code of a GET, over a plain socket (no client library needed for one line).
    fn get_status(&self, path: &str) -> Option<u16> {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.addr).ok()?;
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).ok()?;
        let mut head = String::new();
        stream.read_to_string(&mut head).ok()?;
        head.split_whitespace().nth(1)?.parse().ok()
    }

    fn wait_ready(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while self.get_status("/readyz") != Some(200) {
            assert!(
                std::time::Instant::now() < deadline,
                "serve-http never ready"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// SIGTERM, then the exit status.
    fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "serve-http did not stop on SIGTERM"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn http_load_gets_every_signed_interaction_answered() {
    let out = bench()
        .args(["public-key", "--key-seed", "42"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let public_key = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(public_key.len(), 64, "{public_key}");
    let server = Server::start(&public_key);
    let url = format!("http://{}/interactions", server.addr);
    let out = bench()
        .args(["http-load", "--url", &url, "--key-seed", "42"])
        .args(["--requests", "300", "--concurrency", "16"])
        .output()
        .unwrap();
    let summary = json_of(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{summary}");
    assert_eq!(summary["sent"], 300, "{summary}");
    assert_eq!(summary["ok"], 300, "{summary}");
    assert_eq!(summary["failed"], 0, "{summary}");
    assert!(summary["p99_us"].as_f64().unwrap() > 0.0, "{summary}");
    assert!(
        summary["requests_per_s"].as_f64().unwrap() > 0.0,
        "{summary}"
    );

    // Another key's signatures are all refused, each counted with its status.
    let out = bench()
        .args(["http-load", "--url", &url, "--key-seed", "7"])
        .args(["--requests", "20"])
        .output()
        .unwrap();
    let summary = json_of(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{summary}");
    assert_eq!(summary["failed"], 20, "{summary}");
    assert_eq!(summary["failures"]["status 401"], 20, "{summary}");

    assert_eq!(server.terminate().code(), Some(0));
}

#[test]
fn http_load_refuses_a_bad_url_in_one_line() {
    let out = bench()
        .args(["http-load", "--url", "not a url"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("not a plain http:// URL"), "{stderr}");
}
