//! `GET /healthz` (liveness: the process serves requests; a supervisor
//! restarts it when this fails) and `GET /readyz` (readiness: it can reach
//! its database, bus and file storage; a load balancer sends it traffic
//! only then).
//!
//! Invariants: `/healthz` touches nothing, so a database outage never gets
//! every instance restarted; `/readyz` answers within `CHECK_TIMEOUT` per
//! dependency even when one hangs, 200 only when all answer, else 503
//! naming what is down.

use crate::server::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::Serialize;
use std::future::Future;
use std::time::Duration;

const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Serialize)]
struct Health {
    status: &'static str,
    database: Part,
    bus: Part,
    storage: Part,
}

#[derive(Serialize)]
struct Part {
    status: &'static str,
    backend: &'static str,
}

async fn check<E>(backend: &'static str, probe: impl Future<Output = Result<(), E>>) -> Part {
    let up = matches!(tokio::time::timeout(CHECK_TIMEOUT, probe).await, Ok(Ok(())));
    Part {
        status: if up { "ok" } else { "down" },
        backend,
    }
}

/// Liveness: the process answers.
pub async fn healthz() -> impl IntoResponse {
    Json(serde_json::json!({ "status": "ok" }))
}

/// A key no one writes: asking for its size is a cheap round trip to the
/// store that succeeds (with "none") whenever the store answers.
const PROBE_KEY: &str = "readiness-probe";

fn storage_name(state: &AppState) -> &'static str {
    if state.settings.storage.url.is_empty() {
        "local"
    } else {
        "s3"
    }
}

pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let probe = object_store::path::Path::from(PROBE_KEY);
    let (database, bus, storage) = tokio::join!(
        check(state.db.backend_name(), state.db.ping()),
        check(state.bus.backend_name(), state.bus.ping()),
        check(storage_name(&state), async {
            state.storage.size(&probe).await.map(|_| ())
        }),
    );
    let healthy = database.status == "ok" && bus.status == "ok" && storage.status == "ok";
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = Health {
        status: if healthy { "ok" } else { "unavailable" },
        database,
        bus,
        storage,
    };
    (status, Json(body))
}
