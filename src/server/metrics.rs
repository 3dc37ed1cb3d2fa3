//! Prometheus metrics (`GET /metrics`, `http::metrics`): the `metrics`
//! facade with its Prometheus exporter, not hand-written text. What is
//! measured, and where:
//!
//! - `bounty_http_requests_total{method,route,status}` and
//!   `bounty_http_request_duration_seconds{method,route}`: every request, by
//!   the router's route pattern (never the raw path, so ids do not explode
//!   the series);
//! - `bounty_websockets_open`: sockets open on this instance;
//! - `bounty_chat_messages_total`: chat messages stored;
//! - `bounty_payment_webhooks_total{provider,outcome}`: webhook deliveries
//!   by answer (`accepted`, `refused`, `failed`);
//! - `bounty_db_pool_connections{state}` (`in_use`, `idle`): read at scrape;
//! - `bounty_db_pool_wait_seconds{pool}` (`main`, `writer`): how long a
//!   request waited for a connection (`Db::acquire`, `Db::begin_write`);
//! - `bounty_mail_outbox_waiting`: mails queued and not yet sent nor given
//!   up, read at scrape; `bounty_mail_total{outcome}` (`sent`, `retried`,
//!   `given_up`): the outbox worker's attempts;
//! - `bounty_bus_reconnects_total`: reconnections of the Redis connections;
//! - `bounty_bus_lagged_messages_total`: bus messages this instance's
//!   listener fell behind on (its subscribers are then told to catch up).
//!
//! Invariants: one recorder per process, installed on first use (tests run
//! many apps in one process, which then share it); recording never fails a
//! request; labels come from fixed sets or route patterns, never from input.

use crate::server::state::AppState;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

pub const HTTP_REQUESTS: &str = "bounty_http_requests_total";
pub const HTTP_DURATION: &str = "bounty_http_request_duration_seconds";
pub const WEBSOCKETS_OPEN: &str = "bounty_websockets_open";
pub const CHAT_MESSAGES: &str = "bounty_chat_messages_total";
pub const PAYMENT_WEBHOOKS: &str = "bounty_payment_webhooks_total";
pub const DB_POOL: &str = "bounty_db_pool_connections";
pub const DB_POOL_WAIT: &str = "bounty_db_pool_wait_seconds";
pub const MAIL_WAITING: &str = "bounty_mail_outbox_waiting";
pub const MAIL: &str = "bounty_mail_total";
pub const BUS_RECONNECTS: &str = "bounty_bus_reconnects_total";
pub const BUS_LAGGED: &str = "bounty_bus_lagged_messages_total";

/// Latency buckets, in seconds: a page is a few milliseconds, a slow one
/// a second or more.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Pool wait buckets, in seconds: usually microseconds; the pool's acquire
/// timeout is 5 s.
const WAIT_BUCKETS: [f64; 10] = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process's recorder (once) and returns its handle; `None`
/// if another recorder was installed first (metrics are then not served).
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(HTTP_DURATION.to_owned()), &BUCKETS)
                .ok()?
                .set_buckets_for_metric(Matcher::Full(DB_POOL_WAIT.to_owned()), &WAIT_BUCKETS)
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            Some(handle)
        })
        .as_ref()
}

/// The exposition text, with the values read at scrape time refreshed.
pub async fn render(state: &AppState) -> Option<String> {
    let handle = handle()?;
    let pool = state.db.pool();
    let idle = pool.num_idle() as f64;
    metrics::gauge!(DB_POOL, "state" => "idle").set(idle);
    metrics::gauge!(DB_POOL, "state" => "in_use").set(f64::from(pool.size()) - idle);
    match mail_waiting(state).await {
        Ok(waiting) => metrics::gauge!(MAIL_WAITING).set(waiting as f64),
        Err(error) => tracing::warn!(?error, "the outbox depth could not be read"),
    }
    Some(handle.render())
}

async fn mail_waiting(state: &AppState) -> Result<i64, sqlx::Error> {
    let mut connection = state.db.pool().acquire().await?;
    crate::server::db::mail_outbox::waiting(&mut connection).await
}

/// Records how long a connection took to come from pool `pool`.
pub fn pool_waited(pool: &'static str, waited: std::time::Duration) {
    metrics::histogram!(DB_POOL_WAIT, "pool" => pool).record(waited.as_secs_f64());
}

/// Counts an open socket for as long as it lives.
pub struct OpenSocket(());

impl OpenSocket {
    pub fn opened() -> OpenSocket {
        metrics::gauge!(WEBSOCKETS_OPEN).increment(1.0);
        OpenSocket(())
    }
}

impl Drop for OpenSocket {
    fn drop(&mut self) {
        metrics::gauge!(WEBSOCKETS_OPEN).decrement(1.0);
    }
}
