//! The realtime connection in the browser: one WebSocket to `/ws` per tab
//! (gloo-net), reopened with exponential backoff and jitter after any close.
//!
//! Invariants: frames are handed out only after the server's hello, and
//! `send` refuses (returns false) while no socket is up, so the caller keeps
//! the frame in its outbox for the next connection; a socket that stays
//! silent past `SILENT_LIMIT_MS` (no pong to our pings) is dropped and
//! reopened, so a half-dead network path cannot hold the tab offline.

use super::timing::{now_ms, sleep_ms};
use crate::domain::chat::frames::{decode_server_frame, encode};
use crate::domain::chat::{ClientFrame, ServerFrame};
use futures::channel::mpsc;
use futures::{FutureExt, SinkExt, StreamExt};
use gloo_net::websocket::Message;
use gloo_net::websocket::futures::WebSocket;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

const PING_EVERY_MS: u32 = 25_000;
const SILENT_LIMIT_MS: f64 = 60_000.0;
const BACKOFF_MAX_MS: f64 = 30_000.0;

/// A handle to the tab's connection.
#[derive(Clone, Default)]
pub struct RealtimeLink {
    outgoing: Rc<RefCell<Option<mpsc::UnboundedSender<String>>>>,
    stopped: Rc<Cell<bool>>,
}

impl RealtimeLink {
    /// Queues a frame on the open socket; false when there is none.
    pub fn send(&self, frame: &ClientFrame) -> bool {
        match &*self.outgoing.borrow() {
            Some(sender) => sender.unbounded_send(encode(frame)).is_ok(),
            None => false,
        }
    }

    /// Closes the connection for good (signing out).
    pub fn stop(&self) {
        self.stopped.set(true);
        self.outgoing.borrow_mut().take();
    }
}

fn socket_url() -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    Some(format!("{scheme}://{}/ws", location.host().ok()?))
}

/// 0.5 s, 1 s, 2 s ... up to 30 s, each within +-20 % so a restarted server
/// is not met by every tab at the same instant.
fn backoff_ms(failures: u32) -> u32 {
    let base = (500.0 * 2f64.powi(failures.min(16) as i32)).min(BACKOFF_MAX_MS);
    let jitter = 0.8 + 0.4 * js_sys::Math::random();
    (base * jitter) as u32
}

/// Opens the connection and keeps it open until `stop`; `on_frame` gets
/// every server frame, `on_status` each change between up and down.
pub fn connect(
    on_frame: impl Fn(ServerFrame) + 'static,
    on_status: impl Fn(bool) + 'static,
) -> RealtimeLink {
    let link = RealtimeLink::default();
    let handle = link.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let mut failures = 0;
        while !handle.stopped.get() {
            let Some(url) = socket_url() else { return };
            if let Ok(socket) = WebSocket::open(&url) {
                let greeted = run_socket(socket, &handle, &on_frame, &on_status).await;
                handle.outgoing.borrow_mut().take();
                if greeted {
                    failures = 0;
                    on_status(false);
                }
            }
            if handle.stopped.get() {
                return;
            }
            sleep_ms(backoff_ms(failures)).await;
            failures += 1;
        }
    });
    link
}

/// Serves one socket until it closes; returns whether the server greeted.
async fn run_socket(
    socket: WebSocket,
    handle: &RealtimeLink,
    on_frame: &impl Fn(ServerFrame),
    on_status: &impl Fn(bool),
) -> bool {
    let (mut write, mut read) = socket.split();
    let (sender, mut outgoing) = mpsc::unbounded::<String>();
    let mut pending_sender = Some(sender);
    let mut greeted = false;
    let mut last_heard = now_ms();
    loop {
        let mut tick = Box::pin(sleep_ms(PING_EVERY_MS).fuse());
        futures::select! {
            incoming = read.next().fuse() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    last_heard = now_ms();
                    let Ok(Some(frame)) = decode_server_frame(&text) else { continue };
                    if !greeted && matches!(frame, ServerFrame::Hello { .. }) {
                        greeted = true;
                        *handle.outgoing.borrow_mut() = pending_sender.take();
                        on_status(true);
                    }
                    on_frame(frame);
                }
                Some(Ok(Message::Bytes(_))) => last_heard = now_ms(),
                Some(Err(_)) | None => return greeted,
            },
            queued = outgoing.next() => match queued {
                Some(text) => {
                    if write.send(Message::Text(text)).await.is_err() {
                        return greeted;
                    }
                }
                None => return greeted,
            },
            () = tick => {
                if now_ms() - last_heard > SILENT_LIMIT_MS {
                    return greeted;
                }
                let ping = encode(&ClientFrame::Ping);
                if write.send(Message::Text(ping)).await.is_err() {
                    return greeted;
                }
            },
        }
        if handle.stopped.get() {
            return greeted;
        }
    }
}
