//! "What you send here is not protected by the escrow": shown in a
//! conversation about an order whose reward is not secured, to the member
//! who is not its publisher (the solver, or a would-be one), until they
//! dismiss it for that order. Solutions belong in the order's sealed
//! submission, which the escrow does protect; the notice links there.
//!
//! Invariant: only a member reads or dismisses it (`NotFound` otherwise,
//! like every chat operation), and the answer is decided on the server
//! from the order's current state, never from what the browser says.

use super::member_of;
use crate::domain::{AppError, CurrentUser};
use crate::server::db::escrow_notice;
use crate::server::state::AppState;

/// Where the notice's link goes, if `me` should see it: the order's sealed
/// submission for its taker, the order's page for anyone else.
pub async fn link(
    state: &AppState,
    me: &CurrentUser,
    conversation_id: i64,
) -> Result<Option<String>, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let order = escrow_notice::unsecured_order(&mut connection, conversation_id, me.id).await?;
    Ok(order.map(|(order_id, taker)| {
        if taker == Some(me.id) {
            format!("/orders/{order_id}/submit")
        } else {
            format!("/orders/{order_id}")
        }
    }))
}

/// Hides the notice in this conversation for the order it is now about.
pub async fn dismiss(
    state: &AppState,
    me: &CurrentUser,
    conversation_id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    member_of(&mut tx, conversation_id, me.id).await?;
    escrow_notice::dismiss(&mut tx, conversation_id, me.id).await?;
    tx.commit().await?;
    Ok(())
}
