//! What each client frame does: decode, call one service, answer.
//!
//! Invariant: every frame gets its answer or its error frame; nothing a
//! client sends can end the connection except closing it.

use crate::domain::chat::frames::decode_client_frame;
use crate::domain::chat::{ClientFrame, ServerFrame};
use crate::domain::{AppError, CurrentUser};
use crate::server::db::conversations;
use crate::server::services::chat::{conversations as list, events, history, read, send};
use crate::server::state::AppState;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Typing notices forwarded per conversation at most this often.
const TYPING_EVERY: Duration = Duration::from_secs(2);

pub fn error_frame(error: AppError, client_id: Option<String>) -> ServerFrame {
    ServerFrame::Error { error, client_id }
}

/// A connection's frame handler, with what it remembers between frames.
pub struct Dispatcher<'a> {
    state: &'a AppState,
    user: &'a CurrentUser,
    /// Conversations this user is a member of, with the other member, as
    /// far as typing notices needed to know.
    members: HashMap<i64, i64>,
    last_typing: HashMap<i64, Instant>,
}

impl<'a> Dispatcher<'a> {
    pub fn new(state: &'a AppState, user: &'a CurrentUser) -> Self {
        Dispatcher {
            state,
            user,
            members: HashMap::new(),
            last_typing: HashMap::new(),
        }
    }

    /// The frames answering one client frame.
    pub async fn handle(&mut self, text: &str) -> Vec<ServerFrame> {
        let frame = match decode_client_frame(text) {
            Ok(frame) => frame,
            Err((error, client_id)) => return vec![error_frame(error.to_app_error(), client_id)],
        };
        match frame {
            ClientFrame::Send {
                conversation_id,
                client_id,
                body,
            } => {
                let sent =
                    send::send(self.state, self.user, conversation_id, &client_id, &body).await;
                vec![match sent {
                    Ok(sent) => ServerFrame::Ack {
                        client_id,
                        conversation_id,
                        message_id: sent.message.id,
                        seq: sent.message.seq,
                        sent_at_ms: sent.message.sent_at_ms,
                        duplicate: sent.duplicate,
                    },
                    Err(error) => error_frame(error, Some(client_id)),
                }]
            }
            ClientFrame::Sync {
                conversation_id,
                after_seq,
            } => vec![
                match history::after(self.state, self.user, conversation_id, after_seq).await {
                    Ok(page) => ServerFrame::History {
                        conversation_id,
                        messages: page.messages,
                        has_more: page.has_more,
                    },
                    Err(error) => error_frame(error, None),
                },
            ],
            ClientFrame::Read {
                conversation_id,
                seq,
            } => vec![
                match read::mark_read(self.state, self.user, conversation_id, seq).await {
                    Ok(moved) => ServerFrame::ReadMoved {
                        conversation_id,
                        read_seq: moved.read_seq,
                        unread_total: moved.unread_total,
                    },
                    Err(error) => error_frame(error, None),
                },
            ],
            ClientFrame::Typing { conversation_id } => self.typing(conversation_id).await,
            ClientFrame::Conversations => vec![match list::list(self.state, self.user).await {
                Ok((conversations, unread_total)) => ServerFrame::Conversations {
                    conversations,
                    unread_total,
                },
                Err(error) => error_frame(error, None),
            }],
            ClientFrame::Ping => vec![ServerFrame::Pong],
        }
    }

    /// Forwards a typing notice to the other member, at most every
    /// `TYPING_EVERY` per conversation; answers only errors.
    async fn typing(&mut self, conversation_id: i64) -> Vec<ServerFrame> {
        let now = Instant::now();
        if let Some(last) = self.last_typing.get(&conversation_id)
            && now.duration_since(*last) < TYPING_EVERY
        {
            return Vec::new();
        }
        let other = match self.members.get(&conversation_id) {
            Some(other) => *other,
            None => match self.other_member(conversation_id).await {
                Ok(other) => {
                    self.members.insert(conversation_id, other);
                    other
                }
                Err(error) => return vec![error_frame(error, None)],
            },
        };
        self.last_typing.insert(conversation_id, now);
        let frame = ServerFrame::Typing {
            conversation_id,
            user_id: self.user.id,
        };
        events::push(self.state, other, &frame).await;
        Vec::new()
    }

    async fn other_member(&self, conversation_id: i64) -> Result<i64, AppError> {
        let mut connection = self.state.db.pool().acquire().await?;
        conversations::membership(&mut connection, conversation_id, self.user.id)
            .await?
            .map(|member| member.other(self.user.id))
            .ok_or(AppError::NotFound)
    }
}
