//! Read cursors: marking a conversation read up to a seq, and the unread
//! counts that follow from the cursors.
//!
//! Invariants: unread = last_seq - read_seq, computed by the server; a
//! cursor never moves back or past the newest message; every tab of the
//! reader hears the move, so badges agree across tabs.

use super::{events, member_of};
use crate::domain::chat::ServerFrame;
use crate::domain::{AppError, CurrentUser};
use crate::server::db::conversations;
use crate::server::state::AppState;

/// The cursor after the move, and the reader's unread total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadMoved {
    pub read_seq: i64,
    pub unread_total: i64,
}

/// Moves `user`'s cursor in `conversation_id` forward to `seq`.
pub async fn mark_read(
    state: &AppState,
    user: &CurrentUser,
    conversation_id: i64,
    seq: i64,
) -> Result<ReadMoved, AppError> {
    if seq < 0 {
        return Err(AppError::invalid("seq", "invalid"));
    }
    let mut tx = state.db.begin_write().await?;
    let member = member_of(&mut tx, conversation_id, user.id).await?;
    // last_seq only grows, so capping with the value read here is safe.
    let target = seq.min(member.last_seq);
    let read_seq = conversations::move_read(&mut tx, conversation_id, user.id, target).await?;
    tx.commit().await?;
    let unread_total = unread_total(state, user.id).await?;
    let frame = ServerFrame::ReadMoved {
        conversation_id,
        read_seq,
        unread_total,
    };
    events::push(state, user.id, &frame).await;
    Ok(ReadMoved {
        read_seq,
        unread_total,
    })
}

/// Unread messages over `user_id`'s visible conversations.
pub async fn unread_total(state: &AppState, user_id: i64) -> Result<i64, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    Ok(conversations::unread_total(&mut connection, user_id).await?)
}
