//! The bus and short-lived keys: publish/subscribe, presence, keys with an
//! expiry, and counters for rate limits.
//!
//! Each is one trait with two implementations: in-process (one instance, the
//! default) and Redis through fred (many instances, when `redis.url` is set).
//! Invariants shared by both: a key read after its expiry is absent; `take`
//! hands a value to exactly one caller; a message published after
//! `subscribe` returned reaches that subscriber; presence is per connection,
//! so a user is online while any of their connections is.

mod fanout;
mod memory;
mod redis;

pub use fanout::{BusEvent, Subscription};
pub use memory::MemoryBus;
pub use redis::RedisBus;

use async_trait::async_trait;
use std::sync::Arc;
use std::time::Duration;

/// A failure of the bus backend (Redis unreachable, protocol error).
#[derive(Debug, thiserror::Error)]
#[error("bus: {0}")]
pub struct BusError(pub String);

pub type BusResult<T> = Result<T, BusError>;

/// Fan-out of messages to every subscriber of a topic, on every instance.
/// Payloads are never empty: an empty one marks a lag notice internally.
#[async_trait]
pub trait PubSub: Send + Sync {
    async fn publish(&self, topic: &str, payload: Vec<u8>) -> BusResult<()>;
    async fn subscribe(&self, topic: &str) -> BusResult<Subscription>;
}

/// Which users have at least one live connection.
#[async_trait]
pub trait Presence: Send + Sync {
    /// Marks connection `connection` of `user` live for `ttl`; call again
    /// before it lapses (heartbeat).
    async fn touch(&self, user: &str, connection: &str, ttl: Duration) -> BusResult<()>;
    /// Forgets one connection; the user stays online through any other.
    async fn leave(&self, user: &str, connection: &str) -> BusResult<()>;
    async fn is_online(&self, user: &str) -> BusResult<bool>;
    /// How many live connections `user` has, on every instance.
    async fn live_connections(&self, user: &str) -> BusResult<u64>;
    /// `is_online` for each of `users`, in their order, in one round trip
    /// (a list page asks once, not once per line).
    async fn online_among(&self, users: &[String]) -> BusResult<Vec<bool>>;
}

/// Values that expire: captcha answers, e-mail codes, idempotency markers.
#[async_trait]
pub trait KeyStore: Send + Sync {
    async fn put(&self, key: &str, value: Vec<u8>, ttl: Duration) -> BusResult<()>;
    /// Stores only if absent; returns whether it stored.
    async fn put_new(&self, key: &str, value: Vec<u8>, ttl: Duration) -> BusResult<bool>;
    async fn get(&self, key: &str) -> BusResult<Option<Vec<u8>>>;
    /// Reads and deletes in one step: of concurrent callers, one gets the value.
    async fn take(&self, key: &str) -> BusResult<Option<Vec<u8>>>;
    async fn delete(&self, key: &str) -> BusResult<()>;
}

/// The state of a fixed-window counter after a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowCount {
    /// Hits in the current window, this one included.
    pub count: u64,
    /// Time until the window closes and the count restarts.
    pub resets_in: Duration,
}

/// Fixed-window counters for rate limits.
#[async_trait]
pub trait RateCounter: Send + Sync {
    /// Counts one hit on `key` in a window of `window` that starts at the
    /// first hit.
    async fn hit(&self, key: &str, window: Duration) -> BusResult<WindowCount>;
    async fn reset(&self, key: &str) -> BusResult<()>;
}

/// The four parts, from one backend.
#[derive(Clone)]
pub struct Bus {
    pub pubsub: Arc<dyn PubSub>,
    pub presence: Arc<dyn Presence>,
    pub keys: Arc<dyn KeyStore>,
    pub counters: Arc<dyn RateCounter>,
    health: Arc<dyn Health>,
    backend_name: &'static str,
}

/// Liveness of the backend as a whole.
#[async_trait]
pub trait Health: Send + Sync {
    async fn ping(&self) -> BusResult<()>;
    async fn close(&self);
}

impl Bus {
    /// The in-process bus.
    pub fn memory() -> Bus {
        let bus = Arc::new(MemoryBus::default());
        Bus::from_backend(bus, "memory")
    }

    /// A Redis bus; every key and channel starts with `prefix`.
    pub async fn redis(url: &str, prefix: &str) -> BusResult<Bus> {
        let bus = Arc::new(RedisBus::connect(url, prefix).await?);
        Ok(Bus::from_backend(bus, "redis"))
    }

    fn from_backend<B>(backend: Arc<B>, backend_name: &'static str) -> Bus
    where
        B: PubSub + Presence + KeyStore + RateCounter + Health + 'static,
    {
        Bus {
            pubsub: backend.clone(),
            presence: backend.clone(),
            keys: backend.clone(),
            counters: backend.clone(),
            health: backend,
            backend_name,
        }
    }

    pub fn backend_name(&self) -> &'static str {
        self.backend_name
    }

    pub async fn ping(&self) -> BusResult<()> {
        self.health.ping().await
    }

    pub async fn close(&self) {
        self.health.close().await;
    }
}
