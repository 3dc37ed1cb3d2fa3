//! The frames of the realtime connection (`/ws`), shared by the server and
//! the browser, serialised as JSON text frames: `{"v":1,"type":"send",...}`.
//!
//! Invariants: every frame carries `v`; a frame of another version, an
//! unknown type, malformed JSON or more than `MAX_FRAME_BYTES` is answered
//! with an `error` frame, never by dropping the connection. New server frame
//! types may be added within a version: clients ignore types they do not
//! know, so this connection can carry payment results and notifications too.

use super::message::{ChatMessage, OutgoingBody};
use super::views::ConversationSummary;
use crate::domain::AppError;
use serde::{Deserialize, Serialize};

/// The protocol version both sides speak.
pub const PROTOCOL_VERSION: u64 = 1;
/// Largest client frame accepted, in bytes of JSON text.
pub const MAX_FRAME_BYTES: usize = 16 * 1024;
/// Messages per `history` page.
pub const HISTORY_PAGE: i64 = 100;

/// What a browser tab sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// A new message; `client_id` makes a resend of the same message a no-op.
    Send {
        conversation_id: i64,
        client_id: String,
        body: OutgoingBody,
    },
    /// Everything after `after_seq`, in pages of `HISTORY_PAGE`.
    Sync {
        conversation_id: i64,
        after_seq: i64,
    },
    /// Moves my read cursor forward to `seq`.
    Read {
        conversation_id: i64,
        seq: i64,
    },
    /// I am typing in this conversation.
    Typing {
        conversation_id: i64,
    },
    /// My conversation list with unread counts.
    Conversations,
    Ping,
}

/// What the server sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// The first frame of every connection.
    Hello {
        user_id: i64,
        heartbeat_secs: u32,
        /// Unread notifications (absent from older servers: 0).
        #[serde(default)]
        notifications_unread: i64,
    },
    /// A `send` was stored (or had been: `duplicate`).
    Ack {
        client_id: String,
        conversation_id: i64,
        message_id: i64,
        seq: i64,
        sent_at_ms: i64,
        duplicate: bool,
    },
    /// A new message in one of my conversations (mine too, for my other tabs).
    Message {
        message: ChatMessage,
    },
    /// A page of a `sync`; ask again after the last seq while `has_more`.
    History {
        conversation_id: i64,
        messages: Vec<ChatMessage>,
        has_more: bool,
    },
    Conversations {
        conversations: Vec<ConversationSummary>,
        unread_total: i64,
    },
    /// My read cursor moved (in this tab or another).
    ReadMoved {
        conversation_id: i64,
        read_seq: i64,
        unread_total: i64,
    },
    /// A contact came online or went offline.
    Presence {
        user_id: i64,
        online: bool,
    },
    /// This tab fell behind and missed live events: it should sync every
    /// conversation from its cursors.
    Resync,
    Typing {
        conversation_id: i64,
        user_id: i64,
    },
    Pong,
    /// Money of mine moved (a payment settled, an order was funded, paid or
    /// refunded): views of my wallet and of that order should reload.
    MoneyMoved {
        order_id: Option<i64>,
    },
    /// A notification arrived or notifications were read: my unread count.
    Notified {
        unread: i64,
    },
    /// A frame could not be carried out; `client_id` names the `send` it
    /// answers, when it was one.
    Error {
        error: AppError,
        client_id: Option<String>,
    },
}

/// Why a frame could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    TooLarge,
    UnsupportedVersion,
    /// Not JSON, a missing field, a wrong type, an unknown frame type.
    Malformed,
}

impl FrameError {
    /// The error a client is told, under the pseudo-field `frame`.
    pub fn to_app_error(&self) -> AppError {
        let code = match self {
            FrameError::TooLarge => "too_large",
            FrameError::UnsupportedVersion => "unsupported_version",
            FrameError::Malformed => "malformed",
        };
        AppError::invalid("frame", code)
    }
}

/// JSON text of `frame` with the protocol version added.
///
/// Written as text, not through `serde_json::Value`: the browser sends
/// frames too, and every frame serialises to a JSON object.
pub fn encode<F: Serialize>(frame: &F) -> String {
    let json = serde_json::to_string(frame).unwrap_or_default();
    match json.strip_prefix('{') {
        Some("}") => format!("{{\"v\":{PROTOCOL_VERSION}}}"),
        Some(rest) => format!("{{\"v\":{PROTOCOL_VERSION},{rest}"),
        None => json,
    }
}

/// What every client frame says besides its own fields: the version and
/// (for a message) its client id. Read on its own, then the frame straight
/// from the text: no `serde_json::Value` in between.
#[derive(Deserialize)]
struct Envelope {
    v: Option<u64>,
    client_id: Option<String>,
}

/// The checked envelope of a frame.
fn open(text: &str, limit: usize) -> Result<Envelope, (FrameError, Option<String>)> {
    if text.len() > limit {
        return Err((FrameError::TooLarge, None));
    }
    let envelope: Envelope =
        serde_json::from_str(text).map_err(|_| (FrameError::Malformed, None))?;
    match envelope.v {
        Some(PROTOCOL_VERSION) => Ok(envelope),
        Some(_) => Err((FrameError::UnsupportedVersion, envelope.client_id)),
        None => Err((FrameError::Malformed, envelope.client_id)),
    }
}

/// Reads a client frame; on failure also returns the `client_id` it named,
/// so the error can be tied to the message that failed.
pub fn decode_client_frame(text: &str) -> Result<ClientFrame, (FrameError, Option<String>)> {
    let envelope = open(text, MAX_FRAME_BYTES)?;
    serde_json::from_str(text).map_err(|_| (FrameError::Malformed, envelope.client_id))
}

/// Reads a server frame; `Ok(None)` for a type this client does not know
/// (or a known type it cannot read: a newer server may have changed it).
pub fn decode_server_frame(text: &str) -> Result<Option<ServerFrame>, FrameError> {
    let flat: server_decode::FlatFrame =
        serde_json::from_str(text).map_err(|_| FrameError::Malformed)?;
    match (flat.v, flat.kind.is_some()) {
        (Some(PROTOCOL_VERSION), true) => Ok(flat.into_frame()),
        (Some(PROTOCOL_VERSION), false) | (None, _) => Err(FrameError::Malformed),
        (Some(_), _) => Err(FrameError::UnsupportedVersion),
    }
}

mod server_decode;
#[cfg(test)]
mod tests;
