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
//!
//! Limits: sockets per user and per client address on an instance, and
//! frames per connection a minute (`admission`); an upgrade over a cap is
//! answered 429 with `Retry-After`, a frame over the budget an error frame
//! (the connection stays).
//!
//! Backpressure: a client that does not read is dropped, never waited for.
//! Every frame for a connection goes through its own queue of at most
//! `limits.socket_queue_bytes` waiting bytes (`outbox`); a frame that does
//! not fit ends the connection, and so does a socket that takes no frame
//! within `limits.socket_send_timeout_ms` (per 64 KiB of it). Either way
//! the connection's memory is freed and it leaves the open count and the
//! `bounty_websockets_open` gauge at once. Nothing is lost: every chat
//! message is stored before it is published, and the client asks for
//! everything after its cursors when it reconnects. The bus and other
//! users' connections never wait for a slow one.

mod admission;
mod connection;
mod dispatch;
mod outbox;
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
    /// Bytes waiting in the connections' queues now, in all.
    waiting: Arc<AtomicUsize>,
    /// The most bytes any one connection has had waiting since start.
    largest_queue: Arc<AtomicUsize>,
    /// Sockets per user and per address on this instance.
    admission: admission::Admission,
}

impl Default for Realtime {
    fn default() -> Self {
        Realtime {
            closing: Arc::new(watch::channel(false).0),
            open: Arc::new(AtomicUsize::new(0)),
            waiting: Arc::default(),
            largest_queue: Arc::default(),
            admission: admission::Admission::default(),
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

    /// Bytes of frames waiting to be written, over all connections here.
    pub fn queued_bytes(&self) -> usize {
        self.waiting.load(Ordering::Relaxed)
    }

    /// The most bytes one connection has had waiting since start: at most
    /// `limits.socket_queue_bytes`, or one frame if that is larger.
    pub fn largest_queue_bytes(&self) -> usize {
        self.largest_queue.load(Ordering::Relaxed)
    }

    fn queue_stats(&self) -> outbox::QueueStats {
        outbox::QueueStats {
            waiting: self.waiting.clone(),
            largest: self.largest_queue.clone(),
        }
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
