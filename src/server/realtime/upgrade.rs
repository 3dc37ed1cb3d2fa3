//! Accepting a WebSocket: session cookie and origin are checked before the
//! upgrade, and the socket's buffers are sized for many idle connections.

use super::connection;
use crate::domain::AppError;
use crate::server::ctx::session_token;
use crate::server::services::sessions;
use crate::server::state::AppState;
use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// Largest WebSocket message read at all. Frames between the protocol's
/// limit (16 KiB) and this get an error frame; beyond it the socket closes
/// with 1009, as the WebSocket standard prescribes.
const WIRE_LIMIT: usize = 1024 * 1024;
/// Small buffers: most connections are idle most of the time, and
/// tungstenite's defaults (128 KiB each way) would cost gigabytes at tens
/// of thousands of connections.
const BUFFER_BYTES: usize = 4 * 1024;

/// A browser always sends `Origin` on a WebSocket upgrade; it must be this
/// site, by the same rule as every state-changing request.
fn origin_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    crate::server::http::cross_site::is_this_site(state.settings.server.public_origin(), headers)
}

/// `GET /ws`.
pub async fn upgrade(
    State(state): State<AppState>,
    headers: HeaderMap,
    socket: WebSocketUpgrade,
) -> Response {
    if !origin_allowed(&state, &headers) {
        return (StatusCode::FORBIDDEN, "origin not allowed").into_response();
    }
    let Some(token) = session_token(&state, &headers) else {
        return AppError::Unauthorized.into_response();
    };
    let user = match sessions::authenticate(&state, &token).await {
        Ok(Some(authenticated)) => authenticated.user,
        Ok(None) => return AppError::Unauthorized.into_response(),
        Err(error) => return error.into_response(),
    };
    socket
        .read_buffer_size(BUFFER_BYTES)
        .write_buffer_size(BUFFER_BYTES)
        .max_write_buffer_size(WIRE_LIMIT)
        .max_message_size(WIRE_LIMIT)
        .max_frame_size(WIRE_LIMIT)
        .on_upgrade(move |socket| connection::run(state, user, token, socket))
}
