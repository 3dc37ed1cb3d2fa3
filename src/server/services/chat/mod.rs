//! Chat: conversations of two users, messages stored with a per-conversation
//! seq and then fanned out over the bus, read cursors, hiding and blocking,
//! and presence.
//!
//! Invariants: a message is committed before anything is published about
//! it, so a lost publish is only a delay (clients catch up by seq); every
//! operation checks membership first and answers `NotFound` to non-members,
//! so nobody learns which conversations exist.

pub mod contacts;
pub mod conversations;
pub mod escrow_notice;
pub mod events;
pub mod history;
pub mod members;
pub mod presence;
pub mod read;
pub mod send;

use crate::domain::AppError;
use crate::server::db::conversations::{MembershipRow, membership};
use sqlx::AnyConnection;

/// The conversation as `user` sees it, or `NotFound` for a non-member.
pub(crate) async fn member_of(
    connection: &mut AnyConnection,
    conversation_id: i64,
    user: i64,
) -> Result<MembershipRow, AppError> {
    membership(connection, conversation_id, user)
        .await?
        .ok_or(AppError::NotFound)
}
