//! Connections a database restart may have ended: after any connection
//! fails, every connection returned to the pool before that moment is
//! pinged before it is handed out (`Db::pool_of`'s `before_acquire`).
//!
//! Invariant: a connection is handed out without a ping only if it went
//! back to the pool after the last fault and has idled less than
//! `PING_AFTER_IDLE`.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A pooled connection idle this long is pinged before it is handed out.
pub(super) const PING_AFTER_IDLE: Duration = Duration::from_secs(1);

/// When a connection last failed (ms since `EPOCH`, 0: never): every
/// connection returned to the pool before then may be dead too (a database
/// restart ends them all), so each is pinged before it is handed out, and
/// a restart costs the requests in flight, not one more per idle connection.
static LAST_CONNECTION_FAULT_MS: AtomicU64 = AtomicU64::new(0);
static EPOCH: LazyLock<Instant> = LazyLock::new(Instant::now);

fn since_epoch() -> Duration {
    EPOCH.elapsed()
}

/// Records that a connection failed (`error::unavailable` calls it).
pub fn connection_failed() {
    let now = u64::try_from(since_epoch().as_millis())
        .unwrap_or(u64::MAX)
        .max(1);
    LAST_CONNECTION_FAULT_MS.store(now, Ordering::Relaxed);
}

/// Whether a connection idle for `idle_for` was returned before the last
/// connection fault.
pub(super) fn idle_since_fault(idle_for: Duration) -> bool {
    match LAST_CONNECTION_FAULT_MS.load(Ordering::Relaxed) {
        0 => false,
        fault_ms => idle_for >= since_epoch().saturating_sub(Duration::from_millis(fault_ms)),
    }
}
