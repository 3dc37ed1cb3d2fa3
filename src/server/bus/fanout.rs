//! Local fan-out of topic messages to the subscriptions of this instance.
//!
//! Invariants: a topic has a sender exactly while it has at least one live
//! `Subscription`; when the last one drops, the topic is forgotten (and the
//! Redis backend unsubscribes), so idle topics cost nothing. A subscriber
//! that may have missed messages always learns it (`BusEvent::Lagged`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::broadcast;

/// Messages buffered per topic for a slow subscriber before it lags.
const TOPIC_CAPACITY: usize = 256;

/// What a subscription yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BusEvent {
    Message(Vec<u8>),
    /// The subscriber fell behind and this many messages were dropped (0:
    /// an unknown number, lost before this instance's fan-out); it should
    /// re-read what it missed from the database.
    Lagged(u64),
}

type Topics = HashMap<String, broadcast::Sender<Vec<u8>>>;

#[derive(Default)]
pub(super) struct Fanout {
    topics: Mutex<Topics>,
}

impl Fanout {
    fn topics(&self) -> std::sync::MutexGuard<'_, Topics> {
        // A panic while holding the lock leaves a usable map; keep serving.
        self.topics.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Joins `topic`; the flag says whether this instance had no
    /// subscriber for it before.
    pub(super) fn join(&self, topic: &str) -> (broadcast::Receiver<Vec<u8>>, bool) {
        let mut topics = self.topics();
        match topics.get(topic) {
            Some(sender) => (sender.subscribe(), false),
            None => {
                let (sender, receiver) = broadcast::channel(TOPIC_CAPACITY);
                topics.insert(topic.to_owned(), sender);
                (receiver, true)
            }
        }
    }

    /// Delivers to this instance's subscribers of `topic`, if any.
    pub(super) fn deliver(&self, topic: &str, payload: Vec<u8>) {
        if let Some(sender) = self.topics().get(topic) {
            // No receiver left is not an error: the topic is about to go.
            let _ = sender.send(payload);
        }
    }

    /// Tells every subscriber here that messages may have been lost
    /// upstream (an empty payload, which no publisher sends).
    pub(super) fn all_lagged(&self) {
        for sender in self.topics().values() {
            let _ = sender.send(Vec::new());
        }
    }

    /// Forgets `topic` if nobody listens any more; returns whether it did.
    pub(super) fn forget_if_idle(&self, topic: &str) -> bool {
        let mut topics = self.topics();
        let idle = topics
            .get(topic)
            .is_some_and(|sender| sender.receiver_count() == 0);
        if idle {
            topics.remove(topic);
        }
        idle
    }

    /// Whether `topic` currently has subscribers here.
    pub(super) fn is_joined(&self, topic: &str) -> bool {
        self.topics().contains_key(topic)
    }
}

/// A live subscription to one topic. Dropping it unsubscribes.
pub struct Subscription {
    receiver: Option<broadcast::Receiver<Vec<u8>>>,
    on_drop: Option<Box<dyn FnOnce() + Send>>,
}

impl Subscription {
    pub(super) fn new(
        receiver: broadcast::Receiver<Vec<u8>>,
        on_drop: impl FnOnce() + Send + 'static,
    ) -> Self {
        Self {
            receiver: Some(receiver),
            on_drop: Some(Box::new(on_drop)),
        }
    }

    /// The next event, or `None` once the bus has shut down.
    pub async fn next(&mut self) -> Option<BusEvent> {
        let receiver = self.receiver.as_mut()?;
        match receiver.recv().await {
            Ok(payload) if payload.is_empty() => Some(BusEvent::Lagged(0)),
            Ok(payload) => Some(BusEvent::Message(payload)),
            Err(broadcast::error::RecvError::Lagged(missed)) => Some(BusEvent::Lagged(missed)),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        // The receiver must be gone before the idle check counts receivers.
        drop(self.receiver.take());
        if let Some(on_drop) = self.on_drop.take() {
            on_drop();
        }
    }
}

pub(super) fn shared() -> Arc<Fanout> {
    Arc::new(Fanout::default())
}
