//! Sending a message: checked, rate-limited, stored with the next seq of its
//! conversation, then pushed to both members' tabs.
//!
//! Invariants: a `(sender, client_id)` pair is stored at most once (a unique
//! constraint checked by the insert itself, so no read precedes the write),
//! and a resend after a lost ack returns the first result instead of a
//! second message; the sender's read cursor moves to their own
//! message (replying means having read what came before; the database's
//! `messages_advance_conversation` trigger does it with the insert); a
//! block between the two refuses the message (checked by the insert).
//!
//! A text message costs one database statement: the members come from the
//! per-instance cache (`members.rs`), and the insert itself checks blocks.

use super::{events, member_of};
use crate::domain::chat::message::check_outgoing;
use crate::domain::chat::{ChatMessage, MessageBody, OutgoingBody, ServerFrame};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::files;
use crate::server::db::messages::{self, NewMessage};
use crate::server::services::retry_after;
use crate::server::state::AppState;
use std::time::Duration;

/// Messages one user may send per `SEND_WINDOW`.
pub const SENDS_PER_WINDOW: u64 = 60;
pub const SEND_WINDOW: Duration = Duration::from_secs(10);

/// A stored message, and whether it had been stored before this call.
#[derive(Debug)]
pub struct Sent {
    pub message: ChatMessage,
    pub duplicate: bool,
}

/// Stores and delivers one message from `sender`.
pub async fn send(
    state: &AppState,
    sender: &CurrentUser,
    conversation_id: i64,
    client_id: &str,
    body: &OutgoingBody,
) -> Result<Sent, AppError> {
    check_outgoing(client_id, body)?;
    // The flood counter (a Redis round trip when configured) and the
    // members (from memory, or a database read the first time) overlap;
    // the flood limit is still answered first, and the read writes nothing.
    let flood = flood_key(sender.id);
    let (window, members) = tokio::join!(
        crate::server::services::limits::count(state, &flood, SEND_WINDOW),
        state
            .conversation_members
            .of(state.db.pool(), conversation_id)
    );
    let window = window?;
    if window.count > SENDS_PER_WINDOW {
        return Err(retry_after(window.resets_in));
    }
    let members = members?
        .filter(|members| members.includes(sender.id))
        .ok_or(AppError::NotFound)?;
    let other = members.other(sender.id);
    let stored = match store(state, sender.id, conversation_id, client_id, body).await {
        Ok(stored) => stored,
        // This client id was stored before (a resend after a lost ack, or
        // a concurrent duplicate): the transaction rolled back, so no seq
        // was used; answer with the first result.
        Err(StoreError::Sql(error)) if is_unique_violation(&error) => {
            return earlier(state, sender.id, conversation_id, client_id)
                .await?
                .ok_or_else(|| AppError::from(error));
        }
        Err(StoreError::Sql(error)) => return Err(error.into()),
        Err(StoreError::App(error)) => return Err(error),
        Err(StoreError::Refused) => {
            return Err(refusal(state, conversation_id, sender.id).await);
        }
    };
    metrics::counter!(crate::server::metrics::CHAT_MESSAGES).increment(1);
    let message = match body {
        OutgoingBody::Text { text } => ChatMessage {
            id: stored.message_id,
            conversation_id,
            seq: stored.seq,
            sender_id: sender.id,
            client_id: client_id.to_owned(),
            body: MessageBody::Text { text: text.clone() },
            sent_at_ms: stored.at_ms,
        },
        OutgoingBody::File { .. } => {
            let mut connection = state.db.pool().acquire().await?;
            messages::by_id(&mut connection, stored.message_id)
                .await?
                .into()
        }
    };
    let frame = ServerFrame::Message {
        message: message.clone(),
    };
    events::push_to_all(state, &[other, sender.id], &frame).await;
    Ok(Sent {
        message,
        duplicate: false,
    })
}

/// The rate counter of one sender.
pub fn flood_key(user_id: i64) -> String {
    format!("chat-send:{user_id}")
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Why the insert found nothing to append to: almost always a block
/// between the members (read again here, off the hot path), else the
/// conversation is gone.
async fn refusal(state: &AppState, conversation_id: i64, user: i64) -> AppError {
    let mut connection = match state.db.pool().acquire().await {
        Ok(connection) => connection,
        Err(error) => return error.into(),
    };
    match member_of(&mut connection, conversation_id, user).await {
        // A block that stood when the insert ran and was lifted since also
        // lands here: the message was refused while it stood.
        Ok(_) => AppError::Conflict("blocked".into()),
        Err(error) => error,
    }
}

/// The message this client id stored before; a client id reused for
/// another conversation is refused.
async fn earlier(
    state: &AppState,
    sender: i64,
    conversation_id: i64,
    client_id: &str,
) -> Result<Option<Sent>, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let Some(row) = messages::by_client_id(&mut connection, sender, client_id).await? else {
        return Ok(None);
    };
    if row.conversation_id != conversation_id {
        return Err(AppError::Conflict("client_id_reused".into()));
    }
    Ok(Some(Sent {
        message: row.into(),
        duplicate: true,
    }))
}

enum StoreError {
    Sql(sqlx::Error),
    App(AppError),
    /// The insert appended nothing: a block, or no such conversation.
    Refused,
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        StoreError::Sql(error)
    }
}

impl From<AppError> for StoreError {
    fn from(error: AppError) -> Self {
        StoreError::App(error)
    }
}

/// What the transaction stored.
struct Stored {
    message_id: i64,
    seq: i64,
    at_ms: i64,
}

/// The message (and its file) written; membership was checked before,
/// outside any write, so the writer is held for the writes alone (members
/// never change); the insert itself refuses while a block stands.
async fn store(
    state: &AppState,
    sender: i64,
    conversation_id: i64,
    client_id: &str,
    body: &OutgoingBody,
) -> Result<Stored, StoreError> {
    let now = now_millis();
    let db = &state.db;
    let mut new = NewMessage {
        conversation_id,
        sender_id: sender,
        client_id,
        kind: "text",
        body_text: None,
        file_id: None,
        created_at: now,
    };
    let appended = match body {
        // One statement on the writer: the hot path of a chat.
        OutgoingBody::Text { text } => {
            new.body_text = Some(text.as_str());
            messages::append(db.writer(), db.backend(), &new).await?
        }
        // The file joins the conversation in the same transaction as the
        // message that carries it.
        OutgoingBody::File { file_id } => {
            let mut tx = db.begin_write().await?;
            let is_image = files::attach_to_conversation(&mut tx, file_id, sender, conversation_id)
                .await?
                .ok_or_else(|| AppError::invalid("file_id", "unknown"))?;
            new.kind = if is_image { "image" } else { "file" };
            new.file_id = Some(file_id.as_str());
            let appended = messages::append(&mut *tx, db.backend(), &new).await?;
            // Refused: the transaction rolls back on drop, so the file
            // stays the sender's and joins no conversation.
            if appended.is_some() {
                tx.commit().await?;
            }
            appended
        }
    };
    let (message_id, seq) = appended.ok_or(StoreError::Refused)?;
    Ok(Stored {
        message_id,
        seq,
        at_ms: now,
    })
}
