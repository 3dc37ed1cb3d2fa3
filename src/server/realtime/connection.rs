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
//! any case.

use super::dispatch::{Dispatcher, error_frame};
use crate::domain::CurrentUser;
use crate::domain::chat::frames::encode;
use crate::domain::chat::{FrameError, ServerFrame};
use crate::server::auth::random_id;
use crate::server::bus::BusEvent;
use crate::server::services::chat::{events, presence};
use crate::server::services::sessions;
use crate::server::state::AppState;
use axum::extract::ws::{CloseFrame, Message, WebSocket, close_code};
use std::time::Instant;

/// Close code for a session that ended while connected (private range).
const SIGNED_OUT: u16 = 4401;
/// The session is re-checked every this many heartbeats (once a minute):
/// often enough that a sign-out or ban ends the socket soon, rarely enough
/// that tens of thousands of idle sockets cost the database little.
const SESSION_CHECK_EVERY: u32 = 3;

enum Next {
    Continue,
    Close(Option<CloseFrame>),
}

fn close(code: u16, reason: &'static str) -> Next {
    Next::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}

async fn send(socket: &mut WebSocket, frame: &ServerFrame) -> bool {
    socket
        .send(Message::Text(encode(frame).into()))
        .await
        .is_ok()
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
            let _ = socket
                .send(Message::Close(Some(CloseFrame {
                    code: close_code::ERROR,
                    reason: "bus unavailable".into(),
                })))
                .await;
            return;
        }
    };
    presence::connected(&state, user.id, &connection_id).await;
    let hello = ServerFrame::Hello {
        user_id: user.id,
        heartbeat_secs: presence::HEARTBEAT.as_secs() as u32,
        // A failed count shows no badge rather than refusing the connection.
        notifications_unread: crate::server::services::notifications::unread(&state, user.id)
            .await
            .unwrap_or_default(),
    };
    let mut closing = state.realtime.closing();
    let mut heartbeat = tokio::time::interval(presence::HEARTBEAT);
    heartbeat.reset();
    let mut last_heard = Instant::now();
    let mut beats: u32 = 0;
    let mut dispatcher = Dispatcher::new(&state, &user);
    let mut next = if send(&mut socket, &hello).await {
        Next::Continue
    } else {
        Next::Close(None)
    };
    while let Next::Continue = next {
        next = tokio::select! {
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    last_heard = Instant::now();
                    let mut ok = true;
                    for frame in dispatcher.handle(text.as_str()).await {
                        ok = ok && send(&mut socket, &frame).await;
                    }
                    if ok { Next::Continue } else { Next::Close(None) }
                }
                Some(Ok(Message::Binary(_))) => {
                    last_heard = Instant::now();
                    let frame = error_frame(FrameError::Malformed.to_app_error(), None);
                    if send(&mut socket, &frame).await { Next::Continue } else { Next::Close(None) }
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
                    if matches!(sessions::still_live(&state, &token).await, Ok(false)) {
                        close(SIGNED_OUT, "signed out")
                    } else {
                        Next::Continue
                    }
                }
                Some(BusEvent::Message(payload)) => match String::from_utf8(payload) {
                    Ok(text) => match socket.send(Message::Text(text.into())).await {
                        Ok(()) => Next::Continue,
                        Err(_) => Next::Close(None),
                    },
                    Err(_) => Next::Continue,
                },
                Some(BusEvent::Lagged(_)) => {
                    if send(&mut socket, &ServerFrame::Resync).await { Next::Continue } else { Next::Close(None) }
                }
                None => close(close_code::RESTART, "bus closed"),
            },
            _ = heartbeat.tick() => {
                beats = beats.wrapping_add(1);
                if last_heard.elapsed() > presence::TTL {
                    close(close_code::AWAY, "no heartbeat")
                } else if beats.is_multiple_of(SESSION_CHECK_EVERY)
                    && matches!(sessions::still_live(&state, &token).await, Ok(false))
                {
                    close(SIGNED_OUT, "signed out")
                } else {
                    presence::beat(&state, user.id, &connection_id).await;
                    match socket.send(Message::Ping(Vec::new().into())).await {
                        Ok(()) => Next::Continue,
                        Err(_) => Next::Close(None),
                    }
                }
            },
            _ = closing.changed() => close(close_code::RESTART, "server restarting"),
        };
    }
    if let Next::Close(Some(frame)) = next {
        let _ = socket.send(Message::Close(Some(frame))).await;
    }
    drop(subscription);
    presence::disconnected(&state, user.id, &connection_id).await;
}
