//! Reading a server frame in the browser without serde's internally tagged
//! enum code.
//!
//! A derived `Deserialize` for `#[serde(tag = "type")]` buffers each frame
//! into serde's `Content` and then reads every payload type (messages,
//! conversations, errors) a second time from that buffer, which compiles
//! each payload's deserialiser twice into the WASM. Here a frame is read
//! once, straight from its text, into one flat record with every field any
//! frame has, then checked against its `type`.
//!
//! Invariant: for every `ServerFrame` value, `decode(encode(frame))` gives
//! the frame back (tested for each variant in `tests.rs`); a frame missing
//! a field its type needs is `None` (malformed), never a default.

use super::ServerFrame;
use crate::domain::AppError;
use crate::domain::chat::{ChatMessage, ConversationSummary};
use serde::Deserialize;

/// Every field of every server frame.
#[derive(Deserialize)]
pub(super) struct FlatFrame {
    pub(super) v: Option<u64>,
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
    pub(super) client_id: Option<String>,
    user_id: Option<i64>,
    heartbeat_secs: Option<u32>,
    notifications_unread: Option<i64>,
    conversation_id: Option<i64>,
    message_id: Option<i64>,
    seq: Option<i64>,
    sent_at_ms: Option<i64>,
    duplicate: Option<bool>,
    message: Option<ChatMessage>,
    messages: Option<Vec<ChatMessage>>,
    has_more: Option<bool>,
    conversations: Option<Vec<ConversationSummary>>,
    unread_total: Option<i64>,
    read_seq: Option<i64>,
    online: Option<bool>,
    order_id: Option<i64>,
    unread: Option<i64>,
    error: Option<AppError>,
}

impl FlatFrame {
    /// The frame its `type` names, if every field that type needs is here.
    pub(super) fn into_frame(self) -> Option<ServerFrame> {
        Some(match self.kind.as_deref()? {
            "hello" => ServerFrame::Hello {
                user_id: self.user_id?,
                heartbeat_secs: self.heartbeat_secs?,
                notifications_unread: self.notifications_unread.unwrap_or(0),
            },
            "ack" => ServerFrame::Ack {
                client_id: self.client_id?,
                conversation_id: self.conversation_id?,
                message_id: self.message_id?,
                seq: self.seq?,
                sent_at_ms: self.sent_at_ms?,
                duplicate: self.duplicate?,
            },
            "message" => ServerFrame::Message {
                message: self.message?,
            },
            "history" => ServerFrame::History {
                conversation_id: self.conversation_id?,
                messages: self.messages?,
                has_more: self.has_more?,
            },
            "conversations" => ServerFrame::Conversations {
                conversations: self.conversations?,
                unread_total: self.unread_total?,
            },
            "read_moved" => ServerFrame::ReadMoved {
                conversation_id: self.conversation_id?,
                read_seq: self.read_seq?,
                unread_total: self.unread_total?,
            },
            "presence" => ServerFrame::Presence {
                user_id: self.user_id?,
                online: self.online?,
            },
            "resync" => ServerFrame::Resync,
            "typing" => ServerFrame::Typing {
                conversation_id: self.conversation_id?,
                user_id: self.user_id?,
            },
            "pong" => ServerFrame::Pong,
            // `null` and absent both mean "not about one order".
            "money_moved" => ServerFrame::MoneyMoved {
                order_id: self.order_id,
            },
            "notified" => ServerFrame::Notified {
                unread: self.unread?,
            },
            "error" => ServerFrame::Error {
                error: self.error?,
                client_id: self.client_id,
            },
            _ => return None,
        })
    }
}
