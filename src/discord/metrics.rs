//! What the bot counts, in Prometheus' text format (`GET /metrics`), for both transports.

use std::sync::atomic::AtomicU64;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::reply::Outcome;

/// Latency buckets from 50 µs to about 3.3 s: a lookup is micro-seconds, Discord's window 3 s.
const LATENCY_BUCKETS: (f64, f64, u16) = (0.000_05, 2.0, 17);

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct InteractionLabels {
    /// `whereis`, `company`..., or `unknown`: never a name a client made up, so that the labels
    /// stay few whatever is sent.
    command: &'static str,
    /// `command`, `autocomplete` or `ping`.
    kind: &'static str,
    /// `found`, `not_found`, `bad_input` or `error`.
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    /// The HTTP status, or `none` when no answer came.
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReloadLabels {
    result: &'static str,
}

/// Every metric, registered once; cheap to update from any task.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    interactions: Family<InteractionLabels, Counter>,
    latency: Histogram,
    signature_failures: Counter,
    signature_batches: Histogram,
    rest_errors: Family<StatusLabels, Counter>,
    people: Gauge,
    loaded_at: Gauge<f64, AtomicU64>,
    reloads: Family<ReloadLabels, Counter>,
}

/// What an interaction came to, for the `outcome` label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    Answered(Outcome),
    /// The reply could not be delivered.
    Error,
}

impl Counted {
    fn label(self) -> &'static str {
        match self {
            Counted::Answered(Outcome::Found) => "found",
            Counted::Answered(Outcome::NotFound) => "not_found",
            Counted::Answered(Outcome::Refused) => "bad_input",
            Counted::Error => "error",
        }
    }
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let (start, factor, count) = LATENCY_BUCKETS;
        let mut m = Metrics {
            registry: Registry::with_prefix("llama_alumni"),
            interactions: Family::default(),
            latency: Histogram::new(exponential_buckets(start, factor, count)),
            signature_failures: Counter::default(),
            signature_batches: Histogram::new(exponential_buckets(1.0, 2.0, 5)),
            rest_errors: Family::default(),
            people: Gauge::default(),
            loaded_at: Gauge::default(),
            reloads: Family::default(),
        };
        let r = &mut m.registry;
        r.register(
            "interactions",
            "Interactions handled, by command, kind and outcome",
            m.interactions.clone(),
        );
        r.register(
            "interaction_seconds",
            "From receiving an interaction to its reply sent",
            m.latency.clone(),
        );
        r.register(
            "signature_failures",
            "Requests refused for a missing, bad or stale signature",
            m.signature_failures.clone(),
        );
        r.register(
            "signature_batch_size",
            "Signatures verified together (serve-http): about half the cost each from 8 on",
            m.signature_batches.clone(),
        );
        r.register(
            "rest_errors",
            "Failed REST calls to Discord, by HTTP status",
            m.rest_errors.clone(),
        );
        r.register(
            "dataset_people",
            "People in the dataset being served",
            m.people.clone(),
        );
        r.register(
            "dataset_loaded_timestamp_seconds",
            "When the dataset being served was loaded",
            m.loaded_at.clone(),
        );
        r.register(
            "dataset_reloads",
            "Dataset reloads, by result",
            m.reloads.clone(),
        );
        m
    }

    pub fn interaction(
        &self,
        command: &'static str,
        kind: &'static str,
        counted: Counted,
        took: Duration,
    ) {
        self.interactions
            .get_or_create(&InteractionLabels {
                command,
                kind,
                outcome: counted.label(),
            })
            .inc();
        self.latency.observe(took.as_secs_f64());
    }

    pub fn signature_failure(&self) {
        self.signature_failures.inc();
    }

    /// A batch of `n` signatures verified together.
    pub fn signature_batch(&self, n: usize) {
        self.signature_batches.observe(n as f64);
    }

    /// A failed REST call; `status` is `None` when no answer came.
    pub fn rest_error(&self, status: Option<u16>) {
        let status = status.map_or_else(|| "none".to_owned(), |s| s.to_string());
        self.rest_errors
            .get_or_create(&StatusLabels { status })
            .inc();
    }

    /// A dataset of `people` is now served.
    pub fn loaded(&self, people: usize) {
        self.people.set(people as i64);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        self.loaded_at.set(now.as_secs_f64());
    }

    pub fn reload(&self, ok: bool) {
        let result = if ok { "ok" } else { "failed" };
        self.reloads.get_or_create(&ReloadLabels { result }).inc();
    }

    /// The text format Prometheus scrapes.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_show_in_the_text_format() {
        let m = Metrics::new();
        m.interaction(
            "whereis",
            "command",
            Counted::Answered(Outcome::Found),
            Duration::from_micros(80),
        );
        m.signature_failure();
        m.signature_batch(3);
        m.rest_error(Some(429));
        m.loaded(14);
        m.reload(false);
        let text = m.encode();
        for line in [
            "llama_alumni_interactions_total{command=\"whereis\",kind=\"command\",outcome=\"found\"} 1",
            "llama_alumni_signature_failures_total 1",
            "llama_alumni_signature_batch_size_sum 3.0",
            "llama_alumni_rest_errors_total{status=\"429\"} 1",
            "llama_alumni_dataset_people 14",
            "llama_alumni_dataset_reloads_total{result=\"failed\"} 1",
            "llama_alumni_interaction_seconds_count 1",
        ] {
            assert!(text.contains(line), "{line} not in:\n{text}");
        }
    }
}
