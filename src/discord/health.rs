//! `/healthz`, `/readyz` and `/metrics`: what a load balancer, Kubernetes or Prometheus asks.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::metrics::Metrics;

/// What the process waits for before it takes traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Awaited {
    /// The dataset is loaded and indexed.
    Dataset,
    /// The commands are registered with Discord (when this process registers them).
    Commands,
    /// How many shards this process runs is not known yet (`serve`).
    Gateway,
    /// This shard is connected to the gateway (`serve`): each shard answers its own guilds, so
    /// one down is a process not fully serving.
    Shard(u32),
    /// Not awaited but the opposite: the process is stopping and takes no new traffic.
    Stopping,
}

impl Awaited {
    fn describe(self) -> String {
        match self {
            Awaited::Dataset => "the dataset is not loaded yet".to_owned(),
            Awaited::Commands => "the commands are not registered yet".to_owned(),
            Awaited::Gateway => "the gateway is not connected".to_owned(),
            Awaited::Shard(id) => format!("shard {id} is not connected"),
            Awaited::Stopping => "the process is stopping".to_owned(),
        }
    }
}

/// The process's health: what it still waits for, and its metrics.
#[derive(Debug, Default)]
pub struct Health {
    waiting: Mutex<BTreeSet<Awaited>>,
    pub metrics: Metrics,
}

impl Health {
    /// Healthy, ready once `awaited` are all [done](Self::done).
    pub fn waiting_for(awaited: impl IntoIterator<Item = Awaited>) -> Health {
        Health {
            waiting: Mutex::new(awaited.into_iter().collect()),
            metrics: Metrics::new(),
        }
    }

    pub fn done(&self, what: Awaited) {
        self.lock().remove(&what);
    }

    pub fn undone(&self, what: Awaited) {
        self.lock().insert(what);
    }

    /// Once the shard count is known: waits for each of `shards` instead of "the gateway".
    pub fn expect_shards(&self, shards: impl IntoIterator<Item = u32>) {
        let mut waiting = self.lock();
        if waiting.remove(&Awaited::Gateway) {
            waiting.extend(shards.into_iter().map(Awaited::Shard));
        }
    }

    /// Not ready from now on, whatever else: a load balancer stops sending new requests.
    pub fn stopping(&self) {
        self.undone(Awaited::Stopping);
    }

    /// `Ok` when ready; otherwise why not.
    pub fn readiness(&self) -> Result<(), String> {
        let waiting = self.lock();
        if waiting.is_empty() {
            Ok(())
        } else {
            let why: Vec<String> = waiting.iter().map(|w| w.describe()).collect();
            Err(why.join("; "))
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeSet<Awaited>> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The three routes, on any router.
pub fn routes(health: Arc<Health>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(health)
}

async fn readyz(State(health): State<Arc<Health>>) -> Response {
    match health.readiness() {
        Ok(()) => "ready\n".into_response(),
        Err(why) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("not ready: {why}\n"),
        )
            .into_response(),
    }
}

async fn metrics(State(health): State<Arc<Health>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        health.metrics.encode(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_once_nothing_is_awaited() {
        let h = Health::waiting_for([Awaited::Dataset, Awaited::Commands]);
        h.done(Awaited::Dataset);
        assert_eq!(
            h.readiness(),
            Err("the commands are not registered yet".to_owned())
        );
        h.done(Awaited::Commands);
        assert_eq!(h.readiness(), Ok(()));
    }

    #[test]
    fn each_shard_is_awaited_once_their_number_is_known() {
        let h = Health::waiting_for([Awaited::Gateway]);
        assert_eq!(
            h.readiness(),
            Err("the gateway is not connected".to_owned())
        );
        h.expect_shards(2..4);
        h.done(Awaited::Shard(2));
        assert_eq!(h.readiness(), Err("shard 3 is not connected".to_owned()));
        h.done(Awaited::Shard(3));
        assert_eq!(h.readiness(), Ok(()));
        h.undone(Awaited::Shard(2));
        assert_eq!(h.readiness(), Err("shard 2 is not connected".to_owned()));
    }

    #[test]
    fn a_stopping_process_is_not_ready() {
        let h = Health::waiting_for([]);
        h.stopping();
        assert_eq!(h.readiness(), Err("the process is stopping".to_owned()));
    }
}
