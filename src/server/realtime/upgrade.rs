//! Accepting a WebSocket: session cookie and origin are checked before the
//! upgrade, and the socket's buffers are sized for many idle connections
//! (what waits beyond them is bounded by the connection's `outbox`).

use super::connection;
use crate::domain::AppError;
use crate::server::ctx::session_token;
use crate::server::http::client_address::ClientAddress;
use crate::server::services::chat::presence;
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
/// Largest frame written at all. The outbox hands the socket one frame at
/// a time, so this is a bound, not a buffer that fills: it must pass the
/// largest frame the server sends, a history page of `HISTORY_PAGE`
/// messages of `MAX_TEXT_CHARS` characters (1.2 MB of Chinese text, up to
/// 2.4 MB of escaped control characters). At 1 MiB such a page failed to
/// write and closed the connection, so its client could never catch up.
const WRITE_LIMIT: usize = 4 * 1024 * 1024;
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
    client: Option<axum::Extension<ClientAddress>>,
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
    let address = client.map(|axum::Extension(ClientAddress(address))| address);
    let rates = &state.settings.rates;
    // Across instances, by the user's live connections in presence (a
    // socket is in it from its first frame until it closes or lapses).
    let everywhere = presence::live_connections(&state, user.id).await;
    if everywhere.is_some_and(|count| count >= rates.sockets_per_user) {
        return AppError::RateLimited {
            retry_after_secs: 10,
        }
        .into_response();
    }
    let Some(admitted) = state.realtime.admission.admit(
        user.id,
        address,
        rates.sockets_per_user,
        rates.sockets_per_ip,
    ) else {
        // The client's reconnect backs off; a socket of the same user or
        // address ending frees a place.
        return AppError::RateLimited {
            retry_after_secs: 10,
        }
        .into_response();
    };
    socket
        .read_buffer_size(BUFFER_BYTES)
        .write_buffer_size(BUFFER_BYTES)
        .max_write_buffer_size(WRITE_LIMIT)
        .max_message_size(WIRE_LIMIT)
        .max_frame_size(WIRE_LIMIT)
        .on_upgrade(move |socket| async move {
            connection::run(state, user, token, socket).await;
            drop(admitted);
        })
}
