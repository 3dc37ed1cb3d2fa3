//! One connection's frames on their way to the socket: a queue with a byte
//! budget, and the writer that empties it with a deadline on every send.
//!
//! Invariants: the connection loop never waits for the socket, it only
//! queues (`Outbox::push`), so reading, heartbeats, session checks and the
//! bus are served while a client is slow; the frames *waiting* for one
//! connection never exceed its budget, except that an empty queue takes any
//! one frame (a history page may be larger than the budget), so a
//! connection holds at most `max(budget, largest frame)` waiting plus the
//! one frame being written; a push that would go beyond the budget is
//! refused and the connection must end (its client reconnects and catches
//! up from its cursors, like after any drop); the socket must take each
//! frame within `send_timeout` per `SLICE` of it, or the writer gives up.
//! Pushing never blocks and touches nothing shared with other connections
//! but two counters, so a stalled client costs nobody else any delivery.

use axum::extract::ws::{Message, WebSocket};
use futures::SinkExt;
use futures::stream::SplitSink;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;

/// The socket must take this much of a frame per `send_timeout`: a
/// history page of a megabyte gets proportionally longer than a typing
/// notice, so a slow but live link can still catch up.
const SLICE: usize = 64 * 1024;
/// Counted per frame on top of its payload (header, queue node), so a
/// flood of tiny frames is bounded too.
const FRAME_OVERHEAD: usize = 64;

/// Bytes waiting, for one connection and for the whole instance.
pub(super) struct QueueStats {
    /// Waiting across this instance's connections now.
    pub(super) waiting: Arc<AtomicUsize>,
    /// The most any one connection has had waiting since start.
    pub(super) largest: Arc<AtomicUsize>,
}

/// Why a frame was not queued: the connection must end.
#[derive(Debug)]
pub(super) struct Full;

/// Why the writer stopped before its queue was closed.
#[derive(Debug)]
pub(super) enum Stalled {
    /// The socket took no frame within its deadline.
    TimedOut,
    /// The socket failed (closed by the peer, reset).
    Failed,
}

/// The connection loop's end of the queue.
pub(super) struct Outbox {
    frames: mpsc::UnboundedSender<Message>,
    shared: Arc<Waiting>,
    budget: usize,
}

/// The writer's end of the queue.
pub(super) struct Frames {
    frames: mpsc::UnboundedReceiver<Message>,
    shared: Arc<Waiting>,
}

/// Bytes waiting in one queue; given back to the instance total when the
/// queue goes, with whatever was still in it.
struct Waiting {
    bytes: AtomicUsize,
    stats: QueueStats,
}

impl Waiting {
    fn add(&self, cost: usize) -> usize {
        self.stats.waiting.fetch_add(cost, Ordering::Relaxed);
        let now = self.bytes.fetch_add(cost, Ordering::Relaxed) + cost;
        self.stats.largest.fetch_max(now, Ordering::Relaxed);
        now
    }

    fn take(&self, cost: usize) {
        self.bytes.fetch_sub(cost, Ordering::Relaxed);
        self.stats.waiting.fetch_sub(cost, Ordering::Relaxed);
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        let left = self.bytes.load(Ordering::Relaxed);
        self.stats.waiting.fetch_sub(left, Ordering::Relaxed);
    }
}

/// A queue of at most `budget` waiting bytes.
pub(super) fn queue(budget: usize, stats: QueueStats) -> (Outbox, Frames) {
    let (sender, receiver) = mpsc::unbounded_channel();
    let shared = Arc::new(Waiting {
        bytes: AtomicUsize::new(0),
        stats,
    });
    let outbox = Outbox {
        frames: sender,
        shared: shared.clone(),
        budget,
    };
    let frames = Frames {
        frames: receiver,
        shared,
    };
    (outbox, frames)
}

fn cost(message: &Message) -> usize {
    FRAME_OVERHEAD
        + match message {
            Message::Text(text) => text.len(),
            Message::Binary(bytes) | Message::Ping(bytes) | Message::Pong(bytes) => bytes.len(),
            Message::Close(frame) => frame.as_ref().map_or(0, |frame| frame.reason.len()),
        }
}

impl Outbox {
    /// Queues `message`, or refuses it when the budget would be exceeded.
    pub(super) fn push(&self, message: Message) -> Result<(), Full> {
        let cost = cost(&message);
        let waiting = self.shared.bytes.load(Ordering::Relaxed);
        if waiting > 0 && waiting + cost > self.budget {
            return Err(Full);
        }
        // Count before sending: the writer may take it at once.
        self.shared.add(cost);
        self.frames.send(message).map_err(|_| {
            self.shared.take(cost);
            Full
        })
    }
}

/// Writes queued frames one at a time, each within its deadline, until
/// the outbox is dropped and the queue drained (`Ok`) or the socket stalls.
pub(super) async fn write(
    mut frames: Frames,
    mut socket: SplitSink<WebSocket, Message>,
    send_timeout: Duration,
) -> Result<(), Stalled> {
    while let Some(message) = frames.frames.recv().await {
        let cost = cost(&message);
        frames.shared.take(cost);
        let slices = u32::try_from(cost.div_ceil(SLICE)).unwrap_or(u32::MAX);
        let deadline = send_timeout.saturating_mul(slices.max(1));
        match tokio::time::timeout(deadline, socket.send(message)).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) => return Err(Stalled::Failed),
            Err(_) => return Err(Stalled::TimedOut),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats() -> (QueueStats, Arc<AtomicUsize>, Arc<AtomicUsize>) {
        let (waiting, largest) = (Arc::new(AtomicUsize::new(0)), Arc::default());
        let stats = QueueStats {
            waiting: waiting.clone(),
            largest: Arc::clone(&largest),
        };
        (stats, waiting, largest)
    }

    fn text(bytes: usize) -> Message {
        Message::Text("x".repeat(bytes).into())
    }

    #[test]
    fn a_queue_takes_frames_up_to_its_budget_and_refuses_the_one_beyond() {
        let (stats, waiting, largest) = stats();
        let (outbox, _frames) = queue(1000, stats);
        for _ in 0..4 {
            assert!(outbox.push(text(200 - FRAME_OVERHEAD)).is_ok());
        }
        assert!(
            outbox.push(text(200 - FRAME_OVERHEAD)).is_ok(),
            "exactly full"
        );
        assert!(outbox.push(Message::Ping(Vec::new().into())).is_err());
        assert_eq!(waiting.load(Ordering::Relaxed), 1000);
        assert_eq!(largest.load(Ordering::Relaxed), 1000);
    }

    #[test]
    fn an_empty_queue_takes_one_frame_larger_than_its_budget() {
        let (stats, _, _) = stats();
        let (outbox, _frames) = queue(1000, stats);
        assert!(outbox.push(text(5000)).is_ok());
        assert!(outbox.push(text(1)).is_err());
    }

    #[test]
    fn what_was_waiting_is_given_back_when_the_queue_goes() {
        let (stats, waiting, largest) = stats();
        let (outbox, frames) = queue(1000, stats);
        assert!(outbox.push(text(100)).is_ok());
        assert!(outbox.push(text(100)).is_ok());
        drop((outbox, frames));
        assert_eq!(waiting.load(Ordering::Relaxed), 0);
        assert_eq!(largest.load(Ordering::Relaxed), 2 * (100 + FRAME_OVERHEAD));
    }
}
