//! `GET /metrics` (Prometheus text) and the layer that counts every
//! request (`crate::server::metrics` lists the series).
//!
//! Invariant: `/metrics` answers only a client whose address is in
//! `metrics.allow_from` (loopback by default; the address as
//! `client_address` resolved it, so behind a trusted proxy it is the real
//! client) or that presents `secrets.metrics_token` as a bearer token
//! (compared as SHA-256 digests, so the time taken tells nothing of the
//! token); anyone else gets 403 and learns nothing.

use super::client_address::ClientAddress;
use crate::server::metrics;
use crate::server::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::time::Instant;

/// Counts and times the request by its route pattern.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    ::metrics::counter!(metrics::HTTP_REQUESTS, "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    ::metrics::histogram!(metrics::HTTP_DURATION, "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// The exposition, for an allowed scraper.
pub async fn scrape(
    State(state): State<AppState>,
    client: Option<axum::Extension<ClientAddress>>,
    headers: HeaderMap,
) -> Response {
    let address = client.map(|axum::Extension(ClientAddress(address))| address);
    if !allowed(&state, address, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    match metrics::render(&state).await {
        Some(text) => (
            [(
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        None => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

fn allowed(state: &AppState, address: Option<std::net::IpAddr>, headers: &HeaderMap) -> bool {
    let by_address = address.is_some_and(|address| {
        state
            .settings
            .metrics
            .allow_from
            .iter()
            .filter_map(|entry| crate::server::config::parse_proxy(entry))
            .any(|net| net.contains(&address))
    });
    let by_token = match (&state.settings.secrets.metrics_token, bearer(headers)) {
        (Some(token), Some(given)) if !token.is_empty() => {
            Sha256::digest(token.as_bytes()) == Sha256::digest(given.as_bytes())
        }
        _ => false,
    };
    by_address || by_token
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}
