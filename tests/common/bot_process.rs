//! The real `llama-alumni serve` as a child process, with its output captured.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// A running `llama-alumni serve`.
pub struct BotProcess {
    child: Child,
    output: Arc<Mutex<String>>,
    readers: Vec<tokio::task::JoinHandle<()>>,
}

/// An empty working directory, so that no developer's `.env` is read.
fn empty_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "llama-alumni-e2e-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl BotProcess {
    /// Starts `llama-alumni serve` with exactly these environment variables (nothing inherited, so
    /// no system proxy or developer settings leak in).
    pub fn spawn(env: &[(&str, &str)]) -> BotProcess {
        BotProcess::spawn_with(&["serve"], env)
    }

    /// Starts `llama-alumni` with these arguments and exactly these environment variables.
    pub fn spawn_with(args: &[&str], env: &[(&str, &str)]) -> BotProcess {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_llama-alumni"));
        cmd.args(args)
            .env_clear()
            .current_dir(empty_dir())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start llama-alumni serve");
        let output = Arc::new(Mutex::new(String::new()));
        let mut readers = Vec::new();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        for stream in [
            Box::new(stdout) as Box<dyn tokio::io::AsyncRead + Send + Unpin>,
            Box::new(stderr),
        ] {
            let output = Arc::clone(&output);
            readers.push(tokio::spawn(async move {
                let mut lines = BufReader::new(stream).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    let mut out = output.lock().unwrap();
                    out.push_str(&line);
                    out.push('\n');
                }
            }));
        }
        BotProcess {
            child,
            output,
            readers,
        }
    }

    /// Starts `llama-alumni serve` against a fake Discord (its REST through `DISCORD_PROXY`) with
    /// `token` and `rust_log`; `extra` variables are added, or replace those.
    pub fn against(
        fake: &super::fake_discord::FakeDiscord,
        token: &str,
        rust_log: &str,
        extra: &[(&str, &str)],
    ) -> BotProcess {
        let base = fake.base_url();
        let mut env = vec![
            ("DISCORD_TOKEN", token),
            ("DISCORD_PROXY", base.as_str()),
            ("RUST_LOG", rust_log),
        ];
        env.extend_from_slice(extra);
        BotProcess::spawn(&env)
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id().expect("the bot is running")
    }

    /// Everything printed so far (stdout and stderr).
    pub fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// Waits until the output contains `text`.
    pub async fn wait_output(&self, text: &str) {
        let deadline = tokio::time::Instant::now() + super::fake_discord::PATIENCE;
        while !self.output().contains(text) {
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {text:?} in the bot's output:\n{}",
                self.output()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Sends a signal (`TERM`, `INT`, `HUP`) by name.
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.pid().to_string())
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// Waits for the process to exit and returns its exit code and full output.
    pub async fn wait(mut self, patience: Duration) -> (Option<i32>, String) {
        let status = tokio::time::timeout(patience, self.child.wait())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "the bot did not exit within {patience:?}:\n{}",
                    self.output()
                )
            })
            .expect("wait for the bot");
        for reader in self.readers.drain(..) {
            let _ = tokio::time::timeout(Duration::from_secs(5), reader).await;
        }
        (status.code(), self.output())
    }

    /// Resident memory (VmRSS) in KiB, from /proc.
    pub fn resident_kib(&self) -> Option<u64> {
        resident_kib_of(self.pid())
    }

    /// Sockets the process has open, from /proc.
    pub fn open_sockets(&self) -> usize {
        open_sockets_of(self.pid())
    }

    /// Lowers (or raises) the process's open-file limit, as `ulimit -n` would have.
    pub fn limit_open_files(&self, limit: u32) {
        let status = std::process::Command::new("prlimit")
            .args([
                "--pid",
                &self.pid().to_string(),
                &format!("--nofile={limit}:{limit}"),
            ])
            .status()
            .expect("run prlimit");
        assert!(status.success(), "prlimit failed");
    }
}

/// Resident memory (VmRSS) of a process in KiB, from /proc; `None` once it is gone.
pub fn resident_kib_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Sockets a process has open, from /proc.
pub fn open_sockets_of(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| {
                    std::fs::read_link(e.path())
                        .is_ok_and(|l| l.to_string_lossy().starts_with("socket:"))
                })
                .count()
        })
        .unwrap_or(0)
}
