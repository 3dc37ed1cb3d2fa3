//! Middleware around every route, outermost first: request id, trace span,
//! request-id echo, compression, body limit, timeout.
//!
//! Invariant: the request id is set before the trace span opens, so the span
//! (and thus every log line of the request) carries it; a client-supplied
//! `x-request-id` is kept so ids can follow a request across services.

use crate::server::config::LimitSettings;
use crate::server::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request, StatusCode};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// One span per request. Only the path is logged: query strings may carry
/// codes or tokens.
fn request_span(request: &Request<Body>) -> tracing::Span {
    let request_id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %request.method(),
        path = %request.uri().path(),
    )
}

pub fn apply(router: Router<AppState>, limits: &LimitSettings) -> Router<AppState> {
    let middleware = ServiceBuilder::new()
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO))
                .on_failure(DefaultOnFailure::new().level(Level::ERROR)),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout(),
        ));
    router.layer(middleware)
}

/// Limits request bodies of `router`'s routes to `bytes` (413 above): each
/// group of routes gets its own, so uploads can be larger than forms.
pub fn body_limit(router: Router<AppState>, bytes: usize) -> Router<AppState> {
    router.layer(
        ServiceBuilder::new()
            .layer(RequestBodyLimitLayer::new(bytes))
            .layer(DefaultBodyLimit::max(bytes)),
    )
}
