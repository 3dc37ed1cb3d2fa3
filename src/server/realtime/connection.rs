//! One connection's life: hello, then frames from the tab, events from the
//! bus and heartbeats, until either side goes.
//!
//! Invariants: client frames are handled one at a time in arrival order, so
//! a tab's sends are stored in the order it sent them; an event for this
//! user is forwarded as published (serialised once per user); a tab that
//! fell behind the bus is told to catch up (`resync`) rather than silently
//! missing events; presence is left on every way out of the loop; a
//! connection whose session ends closes (4401) as soon as the ending is
//! announced on the bus (`events::sessions_ended`), and within a minute in
//! any case. The loop never waits for the socket: every frame goes through
//! the connection's `outbox`, written by a writer polled beside the loop; a
//! full queue or a stalled writer ends the connection at once, without a
//! close frame (the client is not reading it), while a close with a code
//! (sign-out, restart) is written after what is queued, within one send
//! deadline. The socket is closed and its queue freed before presence is
//! left, so a dropped client's memory goes as soon as it is dropped.

use super::admission::FrameBudget;
use super::dispatch::{Dispatcher, error_frame};
use super::outbox::{self, Full, Outbox, Stalled};
use crate::domain::CurrentUser;
use crate::domain::chat::frames::encode;
use crate::domain::chat::{FrameError, ServerFrame};
use crate::server::auth::random_id;
use crate::server::bus::{BusEvent, Subscription};
use crate::server::services::chat::{events, presence};
use crate::server::services::sessions;
use crate::server::state::AppState;
use axum::extract::ws::{CloseFrame, Message, WebSocket, close_code};
use futures::StreamExt;
use std::time::Instant;

/// Close code for a session that ended while connected (private range).
const SIGNED_OUT: u16 = 4401;
/// The session is re-checked every this many heartbeats (once a minute):
/// often enough that a sign-out or ban ends the socket soon, rarely enough
/// that tens of thousands of idle sockets cost the database little.
const SESSION_CHECK_EVERY: u32 = 3;

enum Next {
    Continue,
    /// End with this close frame (sent after what is already queued).
    Close(Option<CloseFrame>),
    /// End at once, sending nothing more: the client does not read.
    Abandon(&'static str),
}

fn close(code: u16, reason: &'static str) -> Next {
    Next::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}

fn queue(outbox: &Outbox, message: Message) -> Next {
    match outbox.push(message) {
        Ok(()) => Next::Continue,
        Err(Full) => Next::Abandon("client reads slower than its frames come"),
    }
}

fn queue_frame(outbox: &Outbox, frame: &ServerFrame) -> Next {
    queue(outbox, Message::Text(encode(frame).into()))
}

pub async fn run(state: AppState, user: CurrentUser, token: String, mut socket: WebSocket) {
    let _open = state.realtime.opened();
    let _counted = crate::server::metrics::OpenSocket::opened();
    let connection_id = random_id(16);
    let mut subscription = match state
        .bus
        .pubsub
        .subscribe(&events::user_topic(user.id))
        .await
    {
        Ok(subscription) => subscription,
        Err(error) => {
            tracing::error!(%error, "realtime: cannot subscribe; closing");
            let refusal = Message::Close(Some(CloseFrame {
                code: close_code::ERROR,
                reason: "bus unavailable".into(),
            }));
            let send_timeout = state.settings.limits.socket_send_timeout();
            let _ = tokio::time::timeout(send_timeout, socket.send(refusal)).await;
            return;
        }
    };
    presence::connected(&state, user.id, &connection_id).await;
    let live = Live {
        state: &state,
        user: &user,
        token: &token,
        connection_id: &connection_id,
    };
    // The socket is gone (closed or dropped) when this returns.
    live.serve(socket, &mut subscription).await;
    drop(subscription);
    presence::disconnected(&state, user.id, &connection_id).await;
}

/// What a connection's loop needs to know.
struct Live<'a> {
    state: &'a AppState,
    user: &'a CurrentUser,
    token: &'a str,
    connection_id: &'a str,
}

impl Live<'_> {
    async fn serve(&self, socket: WebSocket, subscription: &mut Subscription) {
        let (state, user) = (self.state, self.user);
        let limits = &state.settings.limits;
        let send_timeout = limits.socket_send_timeout();
        let (sink, mut incoming) = socket.split();
        let (outbox, frames) =
            outbox::queue(limits.socket_queue_bytes, state.realtime.queue_stats());
        let writer = outbox::write(frames, sink, send_timeout);
        tokio::pin!(writer);
        let hello = ServerFrame::Hello {
            user_id: user.id,
            heartbeat_secs: presence::HEARTBEAT.as_secs() as u32,
            // A failed count shows no badge rather than refusing the connection.
            notifications_unread: crate::server::services::notifications::unread(state, user.id)
                .await
                .unwrap_or_default(),
        };
        let mut closing = state.realtime.closing();
        let mut heartbeat = tokio::time::interval(presence::HEARTBEAT);
        heartbeat.reset();
        let mut last_heard = Instant::now();
        let mut beats: u32 = 0;
        let mut dispatcher = Dispatcher::new(state, user);
        let mut frames_left =
            FrameBudget::new(state.settings.rates.socket_frames_per_connection_per_minute);
        let mut next = queue_frame(&outbox, &hello);
        while let Next::Continue = next {
            next = tokio::select! {
                // Before the outbox goes, the writer ends only on a stall.
                stalled = &mut writer => match stalled {
                    Err(Stalled::TimedOut) => Next::Abandon("client took no frame in time"),
                    Err(Stalled::Failed) | Ok(()) => Next::Close(None),
                },
                message = incoming.next() => match message {
                    Some(Ok(Message::Text(text))) => {
                        last_heard = Instant::now();
                        if let Err(wait) = frames_left.spend() {
                            let refused = crate::server::services::retry_after(wait);
                            queue_frame(&outbox, &error_frame(refused, None))
                        } else {
                        let mut next = Next::Continue;
                        for frame in dispatcher.handle(text.as_str()).await {
                            if let Next::Continue = next {
                                next = queue_frame(&outbox, &frame);
                            }
                        }
                        next
                        }
                    }
                    Some(Ok(Message::Binary(_))) => {
                        last_heard = Instant::now();
                        queue_frame(&outbox, &error_frame(FrameError::Malformed.to_app_error(), None))
                    }
                    // Pings are answered by the socket itself.
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => {
                        last_heard = Instant::now();
                        Next::Continue
                    }
                    Some(Ok(Message::Close(_)) | Err(_)) | None => Next::Close(None),
                },
                event = subscription.next() => match event {
                    Some(BusEvent::Message(payload)) if payload == events::SESSION_CHECK => {
                        if matches!(sessions::still_live(state, self.token).await, Ok(false)) {
                            close(SIGNED_OUT, "signed out")
                        } else {
                            Next::Continue
                        }
                    }
                    Some(BusEvent::Message(payload)) => match String::from_utf8(payload) {
                        Ok(text) => queue(&outbox, Message::Text(text.into())),
                        Err(_) => Next::Continue,
                    },
                    Some(BusEvent::Lagged(_)) => queue_frame(&outbox, &ServerFrame::Resync),
                    None => close(close_code::RESTART, "bus closed"),
                },
                _ = heartbeat.tick() => {
                    beats = beats.wrapping_add(1);
                    if last_heard.elapsed() > presence::TTL {
                        close(close_code::AWAY, "no heartbeat")
                    } else if beats.is_multiple_of(SESSION_CHECK_EVERY)
                        && matches!(sessions::still_live(state, self.token).await, Ok(false))
                    {
                        close(SIGNED_OUT, "signed out")
                    } else {
                        presence::beat(state, user.id, self.connection_id).await;
                        queue(&outbox, Message::Ping(Vec::new().into()))
                    }
                },
                _ = closing.changed() => close(close_code::RESTART, "server restarting"),
            };
        }
        match next {
            Next::Close(Some(frame)) => {
                // What is queued goes first, then the close frame; all of it
                // within one send deadline, since the client may be stuck.
                if outbox.push(Message::Close(Some(frame))).is_ok() {
                    drop(outbox);
                    let _ = tokio::time::timeout(send_timeout, &mut writer).await;
                }
            }
            Next::Abandon(reason) => {
                tracing::info!(user_id = user.id, reason, "realtime: connection dropped");
            }
            Next::Close(None) | Next::Continue => {}
        }
    }
}
