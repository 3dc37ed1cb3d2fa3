//! Presence: a user is online while at least one of their tabs is
//! connected, and their contacts hear when that changes.
//!
//! Invariants: presence is per connection with an expiry (`TTL`), renewed
//! by each heartbeat, so an instance that dies cannot leave anyone online
//! for longer than `TTL`; nothing is wiped at start-up (other instances'
//! connections are still live). "Online" is announced on every connect
//! (announcing twice is harmless), "offline" only when the last connection
//! of the user has gone.

use super::events;
use crate::domain::chat::ServerFrame;
use crate::server::db::conversations;
use crate::server::state::AppState;
use std::time::Duration;

/// How often a connection proves it is alive (WebSocket ping, presence renewal).
pub const HEARTBEAT: Duration = Duration::from_secs(20);
/// How long a connection counts as live without a heartbeat.
pub const TTL: Duration = Duration::from_secs(60);

fn key(user_id: i64) -> String {
    user_id.to_string()
}

/// Whether `user_id` has a live connection; a bus failure reads as offline.
pub async fn is_online(state: &AppState, user_id: i64) -> bool {
    state
        .bus
        .presence
        .is_online(&key(user_id))
        .await
        .unwrap_or(false)
}

/// How many sockets `user_id` holds open on every instance; `None` when
/// the bus cannot say (the per-instance cap still holds then).
pub async fn live_connections(state: &AppState, user_id: i64) -> Option<u64> {
    state
        .bus
        .presence
        .live_connections(&key(user_id))
        .await
        .ok()
}

/// `is_online` for each of `user_ids`, in their order, with one bus call;
/// a bus failure reads as everyone offline.
pub async fn online_among(state: &AppState, user_ids: &[i64]) -> Vec<bool> {
    if user_ids.is_empty() {
        return Vec::new();
    }
    let keys: Vec<String> = user_ids.iter().copied().map(key).collect();
    match state.bus.presence.online_among(&keys).await {
        Ok(online) if online.len() == user_ids.len() => online,
        Ok(_) | Err(_) => vec![false; user_ids.len()],
    }
}

/// A connection opened.
pub async fn connected(state: &AppState, user_id: i64, connection: &str) {
    beat(state, user_id, connection).await;
    announce(state, user_id, true).await;
}

/// A connection is still alive.
pub async fn beat(state: &AppState, user_id: i64, connection: &str) {
    if let Err(error) = state
        .bus
        .presence
        .touch(&key(user_id), connection, TTL)
        .await
    {
        tracing::warn!(%error, user_id, "presence not renewed");
    }
}

/// A connection closed.
pub async fn disconnected(state: &AppState, user_id: i64, connection: &str) {
    if let Err(error) = state.bus.presence.leave(&key(user_id), connection).await {
        tracing::warn!(%error, user_id, "presence not cleared; it lapses after its TTL");
    }
    if !is_online(state, user_id).await {
        announce(state, user_id, false).await;
    }
}

async fn announce(state: &AppState, user_id: i64, online: bool) {
    let contacts = match state.db.pool().acquire().await {
        Ok(mut connection) => conversations::contacts(&mut connection, user_id).await,
        Err(error) => Err(error),
    };
    let contacts = match contacts {
        Ok(contacts) => contacts,
        Err(error) => {
            tracing::warn!(%error, user_id, "presence change not announced");
            return;
        }
    };
    let frame = ServerFrame::Presence { user_id, online };
    events::push_to_all(state, &contacts, &frame).await;
}
