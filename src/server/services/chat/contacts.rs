//! Removing a contact from my list and blocking a user.
//!
//! Invariants: hiding is mine alone (the other member's list is untouched)
//! and lasts until a newer message; a block refuses messages both ways and
//! hides the blocked user from the blocker's list until unblocked.

use super::member_of;
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::{blocks, conversations, users};
use crate::server::state::AppState;

/// Hides a conversation from my list until either of us writes again.
pub async fn hide(
    state: &AppState,
    me: &CurrentUser,
    conversation_id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    member_of(&mut tx, conversation_id, me.id).await?;
    conversations::hide(&mut tx, conversation_id, me.id).await?;
    tx.commit().await?;
    Ok(())
}

async fn other_user(state: &AppState, me: &CurrentUser, other: i64) -> Result<(), AppError> {
    if other == me.id {
        return Err(AppError::invalid("user_id", "self"));
    }
    let mut connection = state.db.pool().acquire().await?;
    users::find_by_id(&mut connection, other)
        .await?
        .map(|_| ())
        .ok_or(AppError::NotFound)
}

/// Blocks `other`: they can no longer write to me, nor I to them.
pub async fn block(state: &AppState, me: &CurrentUser, other: i64) -> Result<(), AppError> {
    other_user(state, me, other).await?;
    let mut tx = state.db.begin_write().await?;
    blocks::insert(&mut tx, me.id, other, now_millis()).await?;
    tx.commit().await?;
    Ok(())
}

/// Lifts my block of `other`.
pub async fn unblock(state: &AppState, me: &CurrentUser, other: i64) -> Result<(), AppError> {
    other_user(state, me, other).await?;
    let mut tx = state.db.begin_write().await?;
    blocks::delete(&mut tx, me.id, other).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether I block `other`.
pub async fn is_blocked(state: &AppState, me: &CurrentUser, other: i64) -> Result<bool, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    Ok(blocks::exists(&mut connection, me.id, other).await?)
}
