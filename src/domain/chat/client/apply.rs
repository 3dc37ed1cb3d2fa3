//! How each server frame changes the chat state (the handlers behind
//! `ChatState::apply`), and keeping a conversation's messages in seq order.

use super::{ChatState, Effect};
use crate::domain::AppError;
use crate::domain::chat::frames::ClientFrame;
use crate::domain::chat::message::{ChatMessage, MessageBody, OutgoingBody};
use crate::domain::chat::views::ConversationSummary;

impl ChatState {
    pub(super) fn summary_mut(&mut self, conversation_id: i64) -> Option<&mut ConversationSummary> {
        self.conversations
            .iter_mut()
            .find(|summary| summary.id == conversation_id)
    }

    pub(super) fn listed_now(&mut self, conversations: Vec<ConversationSummary>) -> Vec<Effect> {
        self.listed = true;
        self.online = conversations
            .iter()
            .filter(|summary| summary.online)
            .map(|summary| summary.other.id)
            .collect();
        let effects = conversations
            .iter()
            .filter(|summary| summary.last_seq > self.held_seq(summary.id))
            .map(|summary| {
                Effect::Send(ClientFrame::Sync {
                    conversation_id: summary.id,
                    after_seq: self.held_seq(summary.id),
                })
            })
            .collect();
        self.conversations = conversations;
        effects
    }

    pub(super) fn arrived(&mut self, message: ChatMessage) -> Vec<Effect> {
        let conversation_id = message.conversation_id;
        let held = self.held_seq(conversation_id);
        let mut effects = Vec::new();
        if message.seq > held + 1 {
            effects.push(Effect::Send(ClientFrame::Sync {
                conversation_id,
                after_seq: held,
            }));
        }
        if message.sender_id == self.me {
            self.drop_pending(&message.client_id, &mut effects);
        }
        self.typing.remove(&conversation_id);
        let known = self.note_newest(&message);
        if !known {
            effects.push(Effect::Send(ClientFrame::Conversations));
        }
        insert_sorted(
            self.messages.entry(conversation_id).or_default(),
            message.clone(),
        );
        effects.push(Effect::Keep {
            conversation_id,
            messages: vec![message],
        });
        effects
    }

    /// Updates the list line of the message's conversation and moves it to
    /// the top; returns whether the conversation was in the list.
    pub(super) fn note_newest(&mut self, message: &ChatMessage) -> bool {
        let me = self.me;
        let Some(index) = self
            .conversations
            .iter()
            .position(|summary| summary.id == message.conversation_id)
        else {
            return false;
        };
        let summary = &mut self.conversations[index];
        if message.seq > summary.last_seq {
            summary.last_seq = message.seq;
            summary.last_at_ms = message.sent_at_ms;
            summary.last_preview = Some(message.body.preview());
        }
        // Writing means having read what came before (the server's rule).
        if message.sender_id == me {
            summary.read_seq = summary.read_seq.max(message.seq);
        }
        summary.unread = (summary.last_seq - summary.read_seq).max(0);
        let line = self.conversations.remove(index);
        self.conversations.insert(0, line);
        true
    }

    pub(super) fn caught_up(
        &mut self,
        conversation_id: i64,
        messages: Vec<ChatMessage>,
        has_more: bool,
    ) -> Vec<Effect> {
        let mut effects = Vec::new();
        for message in &messages {
            if message.sender_id == self.me {
                self.drop_pending(&message.client_id, &mut effects);
            }
        }
        self.hold(conversation_id, messages.clone());
        if has_more {
            effects.push(Effect::Send(ClientFrame::Sync {
                conversation_id,
                after_seq: self.held_seq(conversation_id),
            }));
        }
        if !messages.is_empty() {
            effects.push(Effect::Keep {
                conversation_id,
                messages,
            });
        }
        effects
    }

    pub(super) fn acknowledged(
        &mut self,
        client_id: String,
        conversation_id: i64,
        message_id: i64,
        seq: i64,
        sent_at_ms: i64,
    ) -> Vec<Effect> {
        let Some(index) = self.outbox.iter().position(|p| p.client_id == client_id) else {
            return Vec::new();
        };
        let pending = self.outbox.remove(index);
        let mut effects = vec![Effect::ForgetPending(client_id.clone())];
        // A file's details come with the stored message on the bus.
        if let OutgoingBody::Text { text } = pending.body {
            let message = ChatMessage {
                id: message_id,
                conversation_id,
                seq,
                sender_id: self.me,
                client_id,
                body: MessageBody::Text { text },
                sent_at_ms,
            };
            effects.extend(self.arrived(message));
        }
        effects
    }

    pub(super) fn refused(&mut self, client_id: &str, error: AppError) -> Vec<Effect> {
        match self.outbox.iter_mut().find(|p| p.client_id == client_id) {
            Some(pending) => {
                pending.failed = Some(error);
                vec![Effect::KeepPending(pending.clone())]
            }
            None => Vec::new(),
        }
    }

    pub(super) fn drop_pending(&mut self, client_id: &str, effects: &mut Vec<Effect>) {
        if let Some(index) = self.outbox.iter().position(|p| p.client_id == client_id) {
            self.outbox.remove(index);
            effects.push(Effect::ForgetPending(client_id.to_owned()));
        }
    }
}

/// Inserts `message` at its seq's place; a message already held is kept.
pub(super) fn insert_sorted(list: &mut Vec<ChatMessage>, message: ChatMessage) {
    match list.binary_search_by_key(&message.seq, |held| held.seq) {
        Ok(_) => {}
        Err(at) => list.insert(at, message),
    }
}
