//! Catching up: the messages of a conversation after a seq, in pages.
//!
//! Invariant: only members read a conversation; nothing is deleted when it
//! is read, so any tab can catch up from any cursor at any time.

use super::member_of;
use crate::domain::chat::ChatMessage;
use crate::domain::chat::frames::HISTORY_PAGE;
use crate::domain::{AppError, CurrentUser};
use crate::server::db::messages;
use crate::server::state::AppState;

/// One page of messages after `after_seq`, and whether more follow.
#[derive(Debug)]
pub struct Page {
    pub messages: Vec<ChatMessage>,
    pub has_more: bool,
}

pub async fn after(
    state: &AppState,
    user: &CurrentUser,
    conversation_id: i64,
    after_seq: i64,
) -> Result<Page, AppError> {
    if after_seq < 0 {
        return Err(AppError::invalid("after_seq", "invalid"));
    }
    let mut connection = state.db.pool().acquire().await?;
    member_of(&mut connection, conversation_id, user.id).await?;
    let mut rows = messages::after(
        &mut connection,
        conversation_id,
        after_seq,
        HISTORY_PAGE + 1,
    )
    .await?;
    let has_more = rows.len() > HISTORY_PAGE as usize;
    rows.truncate(HISTORY_PAGE as usize);
    Ok(Page {
        messages: rows.into_iter().map(ChatMessage::from).collect(),
        has_more,
    })
}

/// The newest page of a conversation, oldest first (what a page opens on).
pub async fn latest(
    state: &AppState,
    user: &CurrentUser,
    conversation_id: i64,
) -> Result<Vec<ChatMessage>, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    member_of(&mut connection, conversation_id, user.id).await?;
    let rows = messages::latest(&mut connection, conversation_id, HISTORY_PAGE).await?;
    Ok(rows.into_iter().rev().map(ChatMessage::from).collect())
}
