//! Accepting a WebSocket: session cookie and origin are checked before the
//! upgrade, and the socket's buffers are sized for many idle connections.

use super::connection;
use crate::domain::AppError;
use crate::server::auth::token::SESSION_COOKIE;
use crate::server::ctx::cookie_in;
use crate::server::services::sessions;
use crate::server::state::AppState;
use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::http::header::{HOST, ORIGIN};
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

/// `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |at| at + 3);
    match url[after_scheme..].find('/') {
        Some(slash) => &url[..after_scheme + slash],
        None => url,
    }
}

/// A browser always sends `Origin` on a WebSocket upgrade; it must be this
/// site (the configured public URL, or the host the request was sent to).
/// A client without one is not a browser page, so it cannot be riding on a
/// victim's cookie.
fn origin_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if origin == origin_of(&state.settings.server.public_url) {
        return true;
    }
    let host = headers.get(HOST).and_then(|host| host.to_str().ok());
    let authority = origin.split_once("://").map(|(_, authority)| authority);
    host.is_some() && authority == host
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
    let Some(token) = cookie_in(&headers, SESSION_COOKIE) else {
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

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn the_origin_of_a_url_is_its_scheme_and_authority() {
        assert_eq!(
            origin_of("https://bounty.example/"),
            "https://bounty.example"
        );
        assert_eq!(origin_of("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
        assert_eq!(
            origin_of("https://a.example:8443/app/x"),
            "https://a.example:8443"
        );
    }
}
