//! The realtime connection: `GET /ws`, one WebSocket per browser tab,
//! carrying every live event for its user (chat now; payment results and
//! notifications later).
//!
//! Invariants: the upgrade is refused (401) without a live session and
//! (403) from a foreign page's origin; a connection ends (close code 4401)
//! at once when its session is ended (sign-out, password change, ban), within
//! a minute of its session or token expiring otherwise, and the
//! browser reconnects with its refreshed cookie; on shutdown every
//! connection is closed with 1012 ("service restart") so clients reconnect
//! elsewhere at once.

mod connection;
mod dispatch;
mod upgrade;

pub use upgrade::upgrade;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::watch;

/// What this instance knows of its own connections.
#[derive(Clone)]
pub struct Realtime {
    closing: Arc<watch::Sender<bool>>,
    open: Arc<AtomicUsize>,
}

impl Default for Realtime {
    fn default() -> Self {
        Realtime {
            closing: Arc::new(watch::channel(false).0),
            open: Arc::new(AtomicUsize::new(0)),
        }
    }
}

impl Realtime {
    /// Asks every connection to close (the server is stopping).
    pub fn close_all(&self) {
        self.closing.send_replace(true);
    }

    /// Connections open on this instance now.
    pub fn open_connections(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    fn opened(&self) -> OpenGuard {
        self.open.fetch_add(1, Ordering::Relaxed);
        OpenGuard(self.open.clone())
    }
}

/// Counts a connection while it lives.
struct OpenGuard(Arc<AtomicUsize>);

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
