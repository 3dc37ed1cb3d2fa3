//! The browser's picture of the chat, as a pure state machine: server frames
//! and user actions go in, the state changes, and the effects the browser
//! must carry out (frames to send, messages to keep in IndexedDB) come out.
//!
//! Invariants: a conversation's messages are kept sorted by seq without
//! duplicates; a gap (a seq beyond the next expected one) always asks for
//! the missing range; an outbox entry leaves the outbox only when the
//! server acknowledged it (its stored copy replaces the local echo); the
//! unread total is derived from the server's seqs and cursors, never counted
//! locally.

use super::ServerFrame;
use super::frames::ClientFrame;
use super::message::{ChatMessage, OutgoingBody};
use super::views::ConversationSummary;
use crate::domain::AppError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// How long a typing notice shows, in milliseconds.
pub const TYPING_SHOWS_MS: i64 = 4000;

/// A message written here and not yet acknowledged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub client_id: String,
    pub conversation_id: i64,
    pub body: OutgoingBody,
    pub written_at_ms: i64,
    /// Why the server refused it; `None` while it is being sent.
    pub failed: Option<AppError>,
}

impl Pending {
    fn frame(&self) -> ClientFrame {
        ClientFrame::Send {
            conversation_id: self.conversation_id,
            client_id: self.client_id.clone(),
            body: self.body.clone(),
        }
    }
}

/// What the browser must do after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Send(ClientFrame),
    /// Keep these messages (and the conversation's cursor, the highest seq
    /// held) in IndexedDB, in one transaction.
    Keep {
        conversation_id: i64,
        messages: Vec<ChatMessage>,
    },
    /// Keep this outbox entry (new, or its state changed).
    KeepPending(Pending),
    /// The outbox entry was acknowledged: forget it.
    ForgetPending(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatState {
    pub me: i64,
    /// My conversations, newest activity first.
    pub conversations: Vec<ConversationSummary>,
    pub messages: BTreeMap<i64, Vec<ChatMessage>>,
    pub outbox: Vec<Pending>,
    pub online: BTreeSet<i64>,
    /// Conversation -> until when the other member shows as typing.
    pub typing: BTreeMap<i64, i64>,
    /// Whether the engine has had a list from the server (until then views
    /// show what the page was rendered with).
    pub listed: bool,
    /// Counts `MoneyMoved` frames, so money views know to reload.
    pub money_moves: u64,
    /// The order the last `MoneyMoved` frame was about, if any.
    pub money_order: Option<i64>,
    /// Unread notifications, as the server last said.
    pub notifications_unread: i64,
    /// Counts `Notified` frames, so the notifications page knows to reload.
    pub notification_pushes: u64,
}

impl ChatState {
    pub fn new(me: i64) -> Self {
        ChatState {
            me,
            ..ChatState::default()
        }
    }

    /// The state for the engine of user `me`, starting now. What the page
    /// wrote before it knew its user (`me` still 0: the engine starts only
    /// once the browser has asked who is signed in) is that user's outbox
    /// and is kept, so a message sent in that moment is not lost; another
    /// user's outbox is never carried over. Messages held before are let
    /// go: the catch-up after the first list brings them again, and keeps
    /// them in the cache.
    pub fn start_for(&mut self, me: i64) {
        let outbox = if self.me == 0 || self.me == me {
            std::mem::take(&mut self.outbox)
        } else {
            Vec::new()
        };
        *self = ChatState::new(me);
        self.outbox = outbox;
    }

    /// Claims the state for the user a page was rendered for, before the
    /// engine has started: `start_for` then keeps its outbox only for that
    /// user.
    pub fn served_to(&mut self, me: i64) {
        if self.me == 0 {
            self.me = me;
        }
    }

    /// The highest seq held for a conversation (0 when none).
    pub fn held_seq(&self, conversation_id: i64) -> i64 {
        self.messages
            .get(&conversation_id)
            .and_then(|messages| messages.last())
            .map_or(0, |message| message.seq)
    }

    /// Unread messages over all conversations, from the server's cursors.
    pub fn unread_total(&self) -> i64 {
        self.conversations
            .iter()
            .map(|summary| (summary.last_seq - summary.read_seq).max(0))
            .sum()
    }

    pub fn summary(&self, conversation_id: i64) -> Option<&ConversationSummary> {
        self.conversations
            .iter()
            .find(|summary| summary.id == conversation_id)
    }

    /// After a (re)connect: the list (which triggers the catch-up of each
    /// conversation) and every message still waiting to be sent. What was
    /// listed before stays shown until the new list arrives.
    pub fn on_connected(&mut self) -> Vec<Effect> {
        let mut effects = vec![Effect::Send(ClientFrame::Conversations)];
        effects.extend(
            self.outbox
                .iter()
                .filter(|pending| pending.failed.is_none())
                .map(|pending| Effect::Send(pending.frame())),
        );
        effects
    }

    /// Messages read from IndexedDB (or rendered by the server).
    pub fn hold(&mut self, conversation_id: i64, messages: Vec<ChatMessage>) {
        let list = self.messages.entry(conversation_id).or_default();
        for message in messages {
            insert_sorted(list, message);
        }
    }

    /// Outbox entries read from IndexedDB.
    pub fn restore_outbox(&mut self, pending: Vec<Pending>) {
        for entry in pending {
            if !self.outbox.iter().any(|p| p.client_id == entry.client_id) {
                self.outbox.push(entry);
            }
        }
    }

    /// A message written by me: echoed at once, sent now (or on reconnect).
    pub fn write(
        &mut self,
        conversation_id: i64,
        client_id: String,
        body: OutgoingBody,
        now_ms: i64,
    ) -> Vec<Effect> {
        let pending = Pending {
            client_id,
            conversation_id,
            body,
            written_at_ms: now_ms,
            failed: None,
        };
        self.outbox.push(pending.clone());
        vec![
            Effect::KeepPending(pending.clone()),
            Effect::Send(pending.frame()),
        ]
    }

    /// Sends a failed message again.
    pub fn retry(&mut self, client_id: &str) -> Vec<Effect> {
        let Some(pending) = self.outbox.iter_mut().find(|p| p.client_id == client_id) else {
            return Vec::new();
        };
        pending.failed = None;
        vec![
            Effect::KeepPending(pending.clone()),
            Effect::Send(pending.frame()),
        ]
    }

    /// Marks a conversation read up to its newest message, if it is not.
    pub fn read_all(&self, conversation_id: i64) -> Vec<Effect> {
        match self.summary(conversation_id) {
            Some(summary) if summary.read_seq < summary.last_seq => {
                vec![Effect::Send(ClientFrame::Read {
                    conversation_id,
                    seq: summary.last_seq,
                })]
            }
            _ => Vec::new(),
        }
    }

    /// Applies one server frame.
    pub fn apply(&mut self, frame: ServerFrame, now_ms: i64) -> Vec<Effect> {
        match frame {
            ServerFrame::Conversations { conversations, .. } => self.listed_now(conversations),
            ServerFrame::Message { message } => self.arrived(message),
            ServerFrame::History {
                conversation_id,
                messages,
                has_more,
            } => self.caught_up(conversation_id, messages, has_more),
            ServerFrame::Ack {
                client_id,
                conversation_id,
                message_id,
                seq,
                sent_at_ms,
                ..
            } => self.acknowledged(client_id, conversation_id, message_id, seq, sent_at_ms),
            ServerFrame::Error {
                error,
                client_id: Some(client_id),
            } => self.refused(&client_id, error),
            ServerFrame::ReadMoved {
                conversation_id,
                read_seq,
                ..
            } => {
                if let Some(summary) = self.summary_mut(conversation_id) {
                    summary.read_seq = summary.read_seq.max(read_seq);
                    summary.unread = (summary.last_seq - summary.read_seq).max(0);
                }
                Vec::new()
            }
            ServerFrame::Presence { user_id, online } => {
                if online {
                    self.online.insert(user_id);
                } else {
                    self.online.remove(&user_id);
                }
                Vec::new()
            }
            ServerFrame::Typing {
                conversation_id, ..
            } => {
                self.typing
                    .insert(conversation_id, now_ms + TYPING_SHOWS_MS);
                Vec::new()
            }
            ServerFrame::Resync => self.on_connected(),
            ServerFrame::MoneyMoved { order_id } => {
                self.money_moves += 1;
                self.money_order = order_id;
                Vec::new()
            }
            ServerFrame::Hello {
                notifications_unread,
                ..
            } => {
                self.notifications_unread = notifications_unread;
                Vec::new()
            }
            ServerFrame::Notified { unread } => {
                self.notifications_unread = unread;
                self.notification_pushes += 1;
                Vec::new()
            }
            ServerFrame::Pong | ServerFrame::Error { .. } => Vec::new(),
        }
    }

    /// Whether the other member of a conversation is typing at `now_ms`.
    pub fn is_typing(&self, conversation_id: i64, now_ms: i64) -> bool {
        self.typing
            .get(&conversation_id)
            .is_some_and(|until| *until > now_ms)
    }
}

mod apply;
use apply::insert_sorted;
#[cfg(test)]
mod tests;
