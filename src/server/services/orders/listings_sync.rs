//! What the hall lists, kept in step across instances: every change a hall
//! card or the category list shows is announced on the bus, and each
//! instance's listener drops its kept hall pages (`hall_cache.rs`) and its
//! category list (`category_cache.rs`) when the announcement arrives. So a
//! user who publishes through one instance and reads the hall from another
//! sees the order at once, not after the caches' lifetime.
//!
//! Invariants:
//! - The changing instance drops its own copies before it announces, so a
//!   reader there never depends on the bus.
//! - Announcing never fails nor delays the change: it is sent after the
//!   commit, in the background, and a bus outage or a lost announcement
//!   costs at most the caches' lifetime
//!   (`hall_cache::FRESH_FOR`, the category cache's few seconds).
//! - A listener that lagged behind drops everything, as for a message: it
//!   cannot know what it missed.

use crate::server::bus::BusEvent;
use crate::server::state::AppState;
use std::time::Duration;

/// The bus topic of the announcements.
pub const TOPIC: &str = "listings:changed";

/// How long the listener waits before subscribing again after the bus
/// refused; meanwhile the caches' lifetime bounds what is stale.
const RESUBSCRIBE_AFTER: Duration = Duration::from_secs(1);

fn drop_local_copies(state: &AppState) {
    state.hall_pages.invalidate();
    state.categories.clear();
}

/// Call after committing a change that the hall or the category list shows.
/// The announcement goes out in the background: the caller's response never
/// waits on the bus (a Redis outage would hold it for the command timeout).
pub fn changed(state: &AppState) {
    drop_local_copies(state);
    let pubsub = state.bus.pubsub.clone();
    tokio::spawn(async move {
        // Any non-empty payload will do: the topic is the message.
        if let Err(error) = pubsub.publish(TOPIC, vec![1]).await {
            tracing::warn!(%error, "cannot announce a listings change; other instances catch up when their copies expire");
        }
    });
}

/// Drops this instance's copies on every announcement, until the bus shuts
/// down. Spawn it once per instance, beside the server.
pub async fn listen(state: AppState) {
    let mut subscription = loop {
        match state.bus.pubsub.subscribe(TOPIC).await {
            Ok(subscription) => break subscription,
            Err(error) => {
                tracing::warn!(%error, "cannot subscribe to listings changes; retrying");
                tokio::time::sleep(RESUBSCRIBE_AFTER).await;
            }
        }
    };
    // A message and a lag notice alike: whatever was missed, drop it all.
    // The instance's own announcements arrive here too and drop its copies
    // a second time: at most one extra query per kept filter per change,
    // cheaper than tagging each announcement with its sender.
    while let Some(BusEvent::Message(_) | BusEvent::Lagged(_)) = subscription.next().await {
        drop_local_copies(&state);
    }
}
