//! `GET /healthz`: whether this instance can reach its database and bus.
//!
//! Invariant: answers within `CHECK_TIMEOUT` per dependency even when one
//! hangs; 200 only when both answer, else 503 naming what is down.

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

pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let (database, bus) = tokio::join!(
        check(state.db.backend_name(), state.db.ping()),
        check(state.bus.backend_name(), state.bus.ping()),
    );
    let healthy = database.status == "ok" && bus.status == "ok";
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = Health {
        status: if healthy { "ok" } else { "unavailable" },
        database,
        bus,
    };
    (status, Json(body))
}
