//! The in-process bus: one instance, nothing to install.
//!
//! Invariant: expired entries are never returned; they are dropped lazily on
//! access and swept every `SWEEP_EVERY` writes, so memory stays bounded by
//! live entries.

use super::fanout::{self, Fanout, Subscription};
use super::{BusError, BusResult, Health, KeyStore, Presence, PubSub, RateCounter, WindowCount};
use async_trait::async_trait;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::time::Instant;

const SWEEP_EVERY: u64 = 256;

#[derive(Default)]
struct Tables {
    keys: HashMap<String, (Vec<u8>, Instant)>,
    counters: HashMap<String, (u64, Instant)>,
    presence: HashMap<String, HashMap<String, Instant>>,
}

impl Tables {
    fn sweep(&mut self, now: Instant) {
        self.keys.retain(|_, (_, expires)| *expires > now);
        self.counters.retain(|_, (_, resets)| *resets > now);
        for connections in self.presence.values_mut() {
            connections.retain(|_, expires| *expires > now);
        }
        self.presence
            .retain(|_, connections| !connections.is_empty());
    }

    fn live_key(&mut self, key: &str, now: Instant) -> Option<&Vec<u8>> {
        if self
            .keys
            .get(key)
            .is_some_and(|(_, expires)| *expires <= now)
        {
            self.keys.remove(key);
        }
        self.keys.get(key).map(|(value, _)| value)
    }
}

/// The in-process implementation of every bus trait.
pub struct MemoryBus {
    tables: Mutex<Tables>,
    writes: AtomicU64,
    fanout: Arc<Fanout>,
}

impl Default for MemoryBus {
    fn default() -> Self {
        Self {
            tables: Mutex::default(),
            writes: AtomicU64::new(0),
            fanout: fanout::shared(),
        }
    }
}

impl MemoryBus {
    /// Locks the tables for a write, sweeping expired entries now and then.
    fn write(&self) -> MutexGuard<'_, Tables> {
        let mut tables = self.read();
        if self.writes.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            tables.sweep(Instant::now());
        }
        tables
    }

    fn read(&self) -> MutexGuard<'_, Tables> {
        self.tables.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl PubSub for MemoryBus {
    async fn publish(&self, topic: &str, payload: Vec<u8>) -> BusResult<()> {
        if payload.is_empty() {
            return Err(BusError(
                "an empty payload is reserved for lag notices".into(),
            ));
        }
        self.fanout.deliver(topic, payload);
        Ok(())
    }

    async fn subscribe(&self, topic: &str) -> BusResult<Subscription> {
        let (receiver, _) = self.fanout.join(topic);
        let fanout = self.fanout.clone();
        let topic = topic.to_owned();
        Ok(Subscription::new(receiver, move || {
            fanout.forget_if_idle(&topic);
        }))
    }
}

#[async_trait]
impl Presence for MemoryBus {
    async fn touch(&self, user: &str, connection: &str, ttl: Duration) -> BusResult<()> {
        let expires = Instant::now() + ttl;
        let mut tables = self.write();
        let connections = tables.presence.entry(user.to_owned()).or_default();
        connections.insert(connection.to_owned(), expires);
        Ok(())
    }

    async fn leave(&self, user: &str, connection: &str) -> BusResult<()> {
        let mut tables = self.write();
        if let Some(connections) = tables.presence.get_mut(user) {
            connections.remove(connection);
            if connections.is_empty() {
                tables.presence.remove(user);
            }
        }
        Ok(())
    }

    async fn is_online(&self, user: &str) -> BusResult<bool> {
        let now = Instant::now();
        let tables = self.read();
        let online = tables
            .presence
            .get(user)
            .is_some_and(|connections| connections.values().any(|expires| *expires > now));
        Ok(online)
    }

    async fn live_connections(&self, user: &str) -> BusResult<u64> {
        let now = Instant::now();
        let tables = self.read();
        Ok(tables.presence.get(user).map_or(0, |connections| {
            connections
                .values()
                .filter(|expires| **expires > now)
                .count() as u64
        }))
    }

    async fn online_among(&self, users: &[String]) -> BusResult<Vec<bool>> {
        let now = Instant::now();
        let tables = self.read();
        Ok(users
            .iter()
            .map(|user| {
                tables
                    .presence
                    .get(user)
                    .is_some_and(|connections| connections.values().any(|expires| *expires > now))
            })
            .collect())
    }
}

#[async_trait]
impl KeyStore for MemoryBus {
    async fn put(&self, key: &str, value: Vec<u8>, ttl: Duration) -> BusResult<()> {
        let expires = Instant::now() + ttl;
        self.write().keys.insert(key.to_owned(), (value, expires));
        Ok(())
    }

    async fn put_new(&self, key: &str, value: Vec<u8>, ttl: Duration) -> BusResult<bool> {
        let now = Instant::now();
        let mut tables = self.write();
        if tables.live_key(key, now).is_some() {
            return Ok(false);
        }
        tables.keys.insert(key.to_owned(), (value, now + ttl));
        Ok(true)
    }

    async fn get(&self, key: &str) -> BusResult<Option<Vec<u8>>> {
        Ok(self.write().live_key(key, Instant::now()).cloned())
    }

    async fn take(&self, key: &str) -> BusResult<Option<Vec<u8>>> {
        let now = Instant::now();
        let mut tables = self.write();
        let value = tables.keys.remove(key);
        Ok(value
            .filter(|(_, expires)| *expires > now)
            .map(|(value, _)| value))
    }

    async fn delete(&self, key: &str) -> BusResult<()> {
        self.write().keys.remove(key);
        Ok(())
    }
}

#[async_trait]
impl RateCounter for MemoryBus {
    async fn hit(&self, key: &str, window: Duration) -> BusResult<WindowCount> {
        let now = Instant::now();
        let mut tables = self.write();
        let entry = tables
            .counters
            .entry(key.to_owned())
            .or_insert((0, now + window));
        if entry.1 <= now {
            *entry = (0, now + window);
        }
        entry.0 += 1;
        Ok(WindowCount {
            count: entry.0,
            resets_in: entry.1 - now,
        })
    }

    async fn reset(&self, key: &str) -> BusResult<()> {
        self.write().counters.remove(key);
        Ok(())
    }
}

#[async_trait]
impl Health for MemoryBus {
    async fn ping(&self) -> BusResult<()> {
        Ok(())
    }

    async fn close(&self) {}
}
