//! Pushing frames to a user's open tabs, on whichever instance they are.
//!
//! Invariant: every connection of user N listens on topic `user:N` and
//! forwards its payloads unchanged, so a frame is serialised once, not once
//! per tab or per recipient. Publishing never fails the caller: what it
//! carries is already stored, and clients re-read stored state after a
//! reconnect.

use crate::domain::chat::ServerFrame;
use crate::domain::chat::frames::encode;
use crate::server::state::AppState;

/// Published on a user's topic when some of their sessions ended (sign-out,
/// password change, ban): every connection of theirs re-checks its own
/// session at once and closes if it ended. Connections never forward it, so
/// no session id ever reaches a browser.
pub const SESSION_CHECK: &[u8] = br#"{"v":1,"type":"session_check"}"#;

/// Asks every open connection of `user_id` to re-check its session now
/// (otherwise they notice within a minute, `realtime::connection`).
pub async fn sessions_ended(state: &AppState, user_id: i64) {
    if let Err(error) = state
        .bus
        .pubsub
        .publish(&user_topic(user_id), SESSION_CHECK.to_vec())
        .await
    {
        tracing::warn!(%error, user_id, "session check not published; sockets close within a minute");
    }
}

/// The bus topic of one user's connections.
pub fn user_topic(user_id: i64) -> String {
    format!("user:{user_id}")
}

/// Sends `frame` to every open tab of `user_id`.
pub async fn push(state: &AppState, user_id: i64, frame: &ServerFrame) {
    push_to_all(state, &[user_id], frame).await;
}

/// Sends `frame` to every open tab of each of `users`. The publishes go out
/// together (on Redis, pipelined on one connection), so the last recipient
/// does not wait for the round trips of those before it.
pub async fn push_to_all(state: &AppState, users: &[i64], frame: &ServerFrame) {
    let payload = encode(frame).into_bytes();
    let publishes = users.iter().map(|&user_id| {
        let payload = payload.clone();
        async move {
            if let Err(error) = state
                .bus
                .pubsub
                .publish(&user_topic(user_id), payload)
                .await
            {
                tracing::warn!(
                    %error,
                    user_id,
                    "realtime push lost; the client catches up on reconnect"
                );
            }
        }
    });
    futures::future::join_all(publishes).await;
}
