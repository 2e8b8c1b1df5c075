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
        40
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
    assert_eq!(summary["queries"], 40);
    assert!(
        summary["top1"]["exact"].as_f64().unwrap() > 0.99,
        "{summary}"
    );
    assert!(summary["p99_us"].as_f64().unwrap() > 0.0);
}
