//! The Redis bus, through fred: for several instances sharing one state.
//!
//! Invariants: every key and channel starts with the configured prefix, so
//! deployments (and test runs) sharing a server never see each other's data;
//! every key has an expiry, so nothing outlives its purpose; one subscriber
//! connection per instance carries all topics, fanned out locally, and
//! topic (un)subscription is serialised so a drop racing a new subscribe
//! never leaves a topic unsubscribed.

use super::fanout::{self, Fanout, Subscription};
use super::{BusError, BusResult, Health, KeyStore, Presence, PubSub, RateCounter, WindowCount};
use async_trait::async_trait;
use fred::clients::SubscriberClient;
use fred::prelude::*;
use fred::types::sorted_sets::{ZRange, ZRangeBound, ZRangeKind};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::task::JoinHandle;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const COMMAND_TIMEOUT: Duration = Duration::from_secs(5);
/// The error of a command refused because Redis is not connected.
pub const UNREACHABLE: &str = "Redis is unreachable (reconnecting)";
/// Pub/sub messages that may wait for this instance's listener.
const SUBSCRIBER_BACKLOG: usize = 16 * 1024;

impl From<fred::error::Error> for BusError {
    fn from(error: fred::error::Error) -> Self {
        BusError(error.to_string())
    }
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis())
        .unwrap_or(i64::MAX)
        .max(1)
}

fn now_millis() -> i64 {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    millis(since_epoch)
}

/// An inclusive score range, as ZREMRANGEBYSCORE wants it.
fn score_range(min: ZRangeBound, max: ZRangeBound) -> (ZRange, ZRange) {
    let bound = |range| ZRange {
        kind: ZRangeKind::Inclusive,
        range,
    };
    (bound(min), bound(max))
}

/// The Redis implementation of every bus trait.
pub struct RedisBus {
    client: Client,
    subscriber: SubscriberClient,
    prefix: String,
    fanout: Arc<Fanout>,
    topic_changes: Arc<tokio::sync::Mutex<()>>,
    /// The message listener and fred's re-subscriber, stopped on close.
    tasks: [JoinHandle<()>; 4],
}

impl RedisBus {
    /// Connects both clients; fails (rather than retrying forever) when the
    /// server is unreachable at start.
    pub async fn connect(url: &str, prefix: &str) -> BusResult<RedisBus> {
        let config = Config::from_url(url)?;
        let mut builder = Builder::from_config(config);
        builder
            .with_connection_config(|connection| {
                connection.connection_timeout = CONNECT_TIMEOUT;
                connection.internal_command_timeout = COMMAND_TIMEOUT;
            })
            .with_performance_config(|performance| {
                performance.default_command_timeout = COMMAND_TIMEOUT;
                // fred hands every pub/sub message of this instance to our
                // listener through one broadcast channel (32 by default);
                // under bursts the listener must not fall behind it.
                performance.broadcast_channel_capacity = SUBSCRIBER_BACKLOG;
            })
            .set_policy(ReconnectPolicy::new_exponential(0, 100, 5_000, 2));
        let client = builder.build()?;
        let subscriber = builder.build_subscriber_client()?;
        let no_answer = |_| BusError(format!("no answer from {url} within 5 s"));
        tokio::time::timeout(CONNECT_TIMEOUT, client.init())
            .await
            .map_err(no_answer)??;
        tokio::time::timeout(CONNECT_TIMEOUT, subscriber.init())
            .await
            .map_err(no_answer)??;
        // Re-subscribes every tracked channel after a reconnect.
        let resubscriber = subscriber.manage_subscriptions();
        let fanout = fanout::shared();
        let listener = spawn_listener(&subscriber, format!("{prefix}t:"), fanout.clone());
        let reconnects = (
            count_reconnects(&client, None),
            count_reconnects(&subscriber, Some(fanout.clone())),
        );
        Ok(RedisBus {
            client,
            subscriber,
            prefix: prefix.to_owned(),
            fanout,
            topic_changes: Arc::default(),
            tasks: [listener, resubscriber, reconnects.0, reconnects.1],
        })
    }

    /// Fails at once while `client` is not connected: fred would otherwise
    /// queue the command until Redis returns or the command timeout (5 s)
    /// passes, and every request touching the bus would hang that long.
    /// fred keeps reconnecting in the background, so the first command
    /// after Redis is back succeeds, with no restart.
    fn reachable(&self, client: &impl ClientLike) -> BusResult<()> {
        if client.is_connected() {
            Ok(())
        } else {
            Err(BusError(UNREACHABLE.into()))
        }
    }

    fn key(&self, kind: &str, name: &str) -> String {
        format!("{}{kind}:{name}", self.prefix)
    }
}

/// Counts the reconnections of one of this instance's Redis connections
/// (`bounty_bus_reconnects_total`), for as long as the bus lives. After the
/// subscriber connection reconnects (`fanout` given), every local
/// subscriber is told it may have missed messages while it was down, so
/// open pages and sockets catch up as after a lag.
fn count_reconnects(
    client: &impl fred::interfaces::EventInterface,
    fanout: Option<Arc<Fanout>>,
) -> JoinHandle<()> {
    let mut reconnects = client.reconnect_rx();
    tokio::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match reconnects.recv().await {
                Ok(_) => {
                    metrics::counter!(crate::server::metrics::BUS_RECONNECTS).increment(1);
                    if let Some(fanout) = &fanout {
                        fanout.all_lagged();
                    }
                }
                Err(RecvError::Lagged(missed)) => {
                    metrics::counter!(crate::server::metrics::BUS_RECONNECTS).increment(missed)
                }
                Err(RecvError::Closed) => break,
            }
        }
    })
}

/// Forwards every message of this instance's subscriber connection to the
/// local subscribers of its topic.
fn spawn_listener(
    subscriber: &SubscriberClient,
    channel_prefix: String,
    fanout: Arc<Fanout>,
) -> JoinHandle<()> {
    let mut messages = subscriber.message_rx();
    tokio::spawn(async move {
        use tokio::sync::broadcast::error::RecvError;
        loop {
            match messages.recv().await {
                Ok(message) => {
                    let Some(topic) = message.channel.strip_prefix(channel_prefix.as_str()) else {
                        continue;
                    };
                    match message.value.convert::<Vec<u8>>() {
                        Ok(payload) => fanout.deliver(topic, payload),
                        Err(error) => tracing::warn!(%error, topic, "unreadable bus message"),
                    }
                }
                Err(RecvError::Lagged(missed)) => {
                    metrics::counter!(crate::server::metrics::BUS_LAGGED).increment(missed);
                    // Which topics lost what is unknown: every local
                    // subscriber is told it may have missed something.
                    tracing::warn!(
                        missed,
                        "bus listener fell behind; subscribers told to catch up"
                    );
                    fanout.all_lagged();
                }
                Err(RecvError::Closed) => break,
            }
        }
    })
}

#[async_trait]
impl PubSub for RedisBus {
    async fn publish(&self, topic: &str, payload: Vec<u8>) -> BusResult<()> {
        self.reachable(&self.client)?;
        if payload.is_empty() {
            return Err(BusError(
                "an empty payload is reserved for lag notices".into(),
            ));
        }
        let _: i64 = self.client.publish(self.key("t", topic), payload).await?;
        Ok(())
    }

    async fn subscribe(&self, topic: &str) -> BusResult<Subscription> {
        self.reachable(&self.subscriber)?;
        let channel = self.key("t", topic);
        let guard = self.topic_changes.lock().await;
        let (receiver, first_here) = self.fanout.join(topic);
        if first_here && let Err(error) = self.subscriber.subscribe(channel.clone()).await {
            drop(receiver);
            self.fanout.forget_if_idle(topic);
            return Err(error.into());
        }
        drop(guard);
        let (fanout, lock, subscriber) = (
            self.fanout.clone(),
            self.topic_changes.clone(),
            self.subscriber.clone(),
        );
        let topic = topic.to_owned();
        Ok(Subscription::new(receiver, move || {
            let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                return;
            };
            runtime.spawn(async move {
                let _guard = lock.lock().await;
                if fanout.forget_if_idle(&topic) && !fanout.is_joined(&topic) {
                    let _ = subscriber.unsubscribe(channel).await;
                }
            });
        }))
    }
}

#[async_trait]
impl Presence for RedisBus {
    async fn touch(&self, user: &str, connection: &str, ttl: Duration) -> BusResult<()> {
        self.reachable(&self.client)?;
        let key = self.key("p", user);
        let now = now_millis();
        let expires = (now + millis(ttl)) as f64;
        let _: i64 = self
            .client
            .zadd(&key, None, None, false, false, (expires, connection))
            .await?;
        let lapsed = score_range(
            ZRangeBound::NegInfiniteScore,
            ZRangeBound::Score(now as f64),
        );
        let _: i64 = self
            .client
            .zremrangebyscore(&key, lapsed.0, lapsed.1)
            .await?;
        // Every connection uses the same TTL, so the newest touch outlives the rest.
        let _: bool = self.client.pexpire(&key, millis(ttl), None).await?;
        Ok(())
    }

    async fn leave(&self, user: &str, connection: &str) -> BusResult<()> {
        self.reachable(&self.client)?;
        let _: i64 = self.client.zrem(self.key("p", user), connection).await?;
        Ok(())
    }

    async fn live_connections(&self, user: &str) -> BusResult<u64> {
        self.reachable(&self.client)?;
        let live: i64 = self
            .client
            .zcount(self.key("p", user), now_millis() as f64, f64::INFINITY)
            .await?;
        Ok(u64::try_from(live).unwrap_or(0))
    }

    async fn is_online(&self, user: &str) -> BusResult<bool> {
        self.reachable(&self.client)?;
        let live: i64 = self
            .client
            .zcount(self.key("p", user), now_millis() as f64, f64::INFINITY)
            .await?;
        Ok(live > 0)
    }

    async fn online_among(&self, users: &[String]) -> BusResult<Vec<bool>> {
        self.reachable(&self.client)?;
        if users.is_empty() {
            return Ok(Vec::new());
        }
        let now = now_millis() as f64;
        let pipeline = self.client.pipeline();
        for user in users {
            let _: () = pipeline
                .zcount(self.key("p", user), now, f64::INFINITY)
                .await?;
        }
        pipeline
            .try_all::<i64>()
            .await
            .into_iter()
            .map(|live| Ok(live? > 0))
            .collect()
    }
}

#[async_trait]
impl KeyStore for RedisBus {
    async fn put(&self, key: &str, value: Vec<u8>, ttl: Duration) -> BusResult<()> {
        self.reachable(&self.client)?;
        let expiry = Some(Expiration::PX(millis(ttl)));
        let _: Value = self
            .client
            .set(self.key("k", key), value, expiry, None, false)
            .await?;
        Ok(())
    }

    async fn put_new(&self, key: &str, value: Vec<u8>, ttl: Duration) -> BusResult<bool> {
        self.reachable(&self.client)?;
        let expiry = Some(Expiration::PX(millis(ttl)));
        let only_new = Some(SetOptions::NX);
        let reply: Value = self
            .client
            .set(self.key("k", key), value, expiry, only_new, false)
            .await?;
        Ok(!reply.is_null())
    }

    async fn get(&self, key: &str) -> BusResult<Option<Vec<u8>>> {
        self.reachable(&self.client)?;
        Ok(self.client.get(self.key("k", key)).await?)
    }

    async fn take(&self, key: &str) -> BusResult<Option<Vec<u8>>> {
        self.reachable(&self.client)?;
        Ok(self.client.getdel(self.key("k", key)).await?)
    }

    async fn delete(&self, key: &str) -> BusResult<()> {
        self.reachable(&self.client)?;
        let _: i64 = self.client.del(self.key("k", key)).await?;
        Ok(())
    }
}

#[async_trait]
impl RateCounter for RedisBus {
    async fn hit(&self, key: &str, window: Duration) -> BusResult<WindowCount> {
        self.reachable(&self.client)?;
        let key = self.key("c", key);
        // One MULTI: the window's expiry is set in the same step that creates
        // the counter, so a crash can never leave a counter without expiry.
        let transaction = self.client.multi();
        let expiry = Some(Expiration::PX(millis(window)));
        let _: () = transaction
            .set(&key, 0, expiry, Some(SetOptions::NX), false)
            .await?;
        let _: () = transaction.incr(&key).await?;
        let _: () = transaction.pttl(&key).await?;
        let (_, count, ttl): (Value, u64, i64) = transaction.exec(true).await?;
        let resets_in = Duration::from_millis(u64::try_from(ttl).unwrap_or(0));
        Ok(WindowCount { count, resets_in })
    }

    async fn reset(&self, key: &str) -> BusResult<()> {
        self.reachable(&self.client)?;
        let _: i64 = self.client.del(self.key("c", key)).await?;
        Ok(())
    }
}

#[async_trait]
impl Health for RedisBus {
    async fn ping(&self) -> BusResult<()> {
        self.reachable(&self.client)?;
        let _: String = self.client.ping(None).await?;
        Ok(())
    }

    async fn close(&self) {
        for task in &self.tasks {
            task.abort();
        }
        let _ = self.subscriber.quit().await;
        let _ = self.client.quit().await;
    }
}
