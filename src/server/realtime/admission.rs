//! How many sockets one user and one client address may hold on this
//! instance (`rates.sockets_per_user`, `rates.sockets_per_ip`), and how
//! many frames one connection may send a minute
//! (`rates.socket_frames_per_connection_per_minute`). The per-user cap is
//! also checked across instances, against the user's live connections in
//! presence (`realtime::upgrade`).
//!
//! Invariants: a socket is counted from its admission until its guard is
//! dropped (the connection's end, however it ends), so the counts never
//! drift; both caps are checked and taken under one lock, so racing
//! upgrades cannot pass a cap together. The caps are per instance: an
//! instance's memory and file descriptors are what they protect, and a
//! socket lives on one instance (the user's count in presence extends the
//! user cap to every instance; a client address has no shared count). Frames are counted per connection in
//! memory, not in Redis: a round trip per frame would cost more than most
//! frames do, and with the socket cap a user's total stays bounded.

use crate::server::services::limits::budget_holder;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
struct Counts {
    by_user: HashMap<i64, u64>,
    by_address: HashMap<String, u64>,
}

/// This instance's socket counts.
#[derive(Clone, Default)]
pub struct Admission {
    counts: Arc<Mutex<Counts>>,
}

/// A socket's place, given back when dropped.
pub struct Admitted {
    counts: Arc<Mutex<Counts>>,
    user_id: i64,
    address: String,
}

impl Admission {
    /// Takes a place for a socket of `user_id` from `address`, or `None`
    /// when either already holds its cap.
    pub fn admit(
        &self,
        user_id: i64,
        address: Option<IpAddr>,
        per_user: u64,
        per_address: u64,
    ) -> Option<Admitted> {
        let address = address.map_or_else(|| "unknown".to_owned(), budget_holder);
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let user_count = counts.by_user.get(&user_id).copied().unwrap_or(0);
        let address_count = counts.by_address.get(&address).copied().unwrap_or(0);
        if user_count >= per_user || address_count >= per_address {
            return None;
        }
        *counts.by_user.entry(user_id).or_default() += 1;
        *counts.by_address.entry(address.clone()).or_default() += 1;
        Some(Admitted {
            counts: self.counts.clone(),
            user_id,
            address,
        })
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if let Some(count) = counts.by_user.get_mut(&self.user_id) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                counts.by_user.remove(&self.user_id);
            }
        }
        if let Some(count) = counts.by_address.get_mut(&self.address) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                counts.by_address.remove(&self.address);
            }
        }
    }
}

/// A connection's frames in the current minute.
pub struct FrameBudget {
    per_minute: u64,
    window_started: Instant,
    spent: u64,
}

impl FrameBudget {
    pub fn new(per_minute: u64) -> Self {
        Self {
            per_minute,
            window_started: Instant::now(),
            spent: 0,
        }
    }

    /// Counts a frame; `Err(wait)` when the minute's budget is spent.
    pub fn spend(&mut self) -> Result<(), Duration> {
        const WINDOW: Duration = Duration::from_secs(60);
        let elapsed = self.window_started.elapsed();
        if elapsed >= WINDOW {
            self.window_started = Instant::now();
            self.spent = 0;
        }
        self.spent += 1;
        if self.spent > self.per_minute {
            return Err(WINDOW.saturating_sub(self.window_started.elapsed()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_given_back_when_its_socket_ends_and_caps_hold() {
        let admission = Admission::default();
        let here: IpAddr = "192.0.2.1".parse().expect("ip");
        let first = admission.admit(1, Some(here), 2, 3).expect("first");
        let second = admission.admit(1, Some(here), 2, 3).expect("second");
        assert!(admission.admit(1, Some(here), 2, 3).is_none(), "user cap");
        let other = admission.admit(2, Some(here), 2, 3).expect("other user");
        assert!(
            admission.admit(3, Some(here), 2, 3).is_none(),
            "address cap"
        );
        drop(first);
        assert!(admission.admit(3, Some(here), 2, 3).is_some());
        drop((second, other));
    }

    #[test]
    fn the_frame_budget_refuses_past_its_minute_with_the_wait() {
        let mut budget = FrameBudget::new(3);
        assert!((0..3).all(|_| budget.spend().is_ok()));
        let wait = budget.spend().expect_err("over");
        assert!(wait <= Duration::from_secs(60) && wait > Duration::from_secs(55));
    }
}
