//! Pushing frames to a user's open tabs, on whichever instance they are.
//!
//! Invariant: every connection of user N listens on topic `user:N` and
//! forwards its payloads unchanged, so a frame is serialised once per user,
//! not once per tab. Publishing never fails the caller: what it carries is
//! already stored, and clients re-read stored state after a reconnect.

use crate::domain::chat::ServerFrame;
use crate::domain::chat::frames::encode;
use crate::server::state::AppState;

/// The bus topic of one user's connections.
pub fn user_topic(user_id: i64) -> String {
    format!("user:{user_id}")
}

/// Sends `frame` to every open tab of `user_id`.
pub async fn push(state: &AppState, user_id: i64, frame: &ServerFrame) {
    let payload = encode(frame).into_bytes();
    if let Err(error) = state
        .bus
        .pubsub
        .publish(&user_topic(user_id), payload)
        .await
    {
        tracing::warn!(%error, user_id, "realtime push lost; the client catches up on reconnect");
    }
}
