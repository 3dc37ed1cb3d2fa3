//! Taking an order, giving it back, and the publisher reopening one whose
//! deadline passed without a solution.
//!
//! Invariant: `take` tries the compare-and-set first and only reads the
//! order to explain a refusal, so of many concurrent takers exactly one
//! wins and every other is told why not.

use super::{check, forget_files, load};
use crate::domain::notification::NotificationKind;
use crate::domain::order::lifecycle::{OrderAction, OrderState, Outcome};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::{files, orders, submissions};
use crate::server::services::notifications::{deliver, record};
use crate::server::state::AppState;
use sqlx::AnyConnection;

/// Makes `taker_id` the order's solver in the caller's transaction, if it
/// is open and assigned this way (`picked` by its publisher among
/// applicants, or taken first): the one compare-and-set that a take and a
/// pick (`applications::pick`) share, so they race on the same row.
pub(super) async fn assign(
    connection: &mut AnyConnection,
    order_id: i64,
    taker_id: i64,
    picked: bool,
) -> Result<bool, AppError> {
    Ok(orders::take(connection, order_id, taker_id, picked, now_millis()).await?)
}

/// Makes the caller the order's solver.
pub async fn take(state: &AppState, user: &CurrentUser, order_id: i64) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    if assign(&mut tx, order_id, user.id, false).await? {
        let publisher = load(&mut tx, order_id).await?.publisher_id;
        let note = record(
            &mut tx,
            publisher,
            NotificationKind::Taken,
            Some(order_id),
            Some(user.id),
        )
        .await?;
        tx.commit().await?;
        super::listings_sync::changed(state);
        deliver(state, &[note]).await;
        return Ok(());
    }
    let row = load(&mut tx, order_id).await?;
    check(&row, user.id, OrderAction::Take)?;
    if row.choose_applicants != 0 {
        // Its publisher picks the solver: apply instead.
        return Err(AppError::Conflict("applicants_only".into()));
    }
    // The lifecycle allows it, so the caller's account is what failed the
    // update: it was banned after signing in.
    Err(AppError::Forbidden)
}

/// The taker gives the order back: it reopens and every submitted version
/// (with its files) is deleted.
pub async fn give_back(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    let row = load(&mut tx, order_id).await?;
    let (from, _) = check(&row, user.id, OrderAction::Return)?;
    if row.release_due_at.is_some() {
        // An opened solution is the publisher's record (for a dispute).
        return Err(AppError::Conflict("revealed".into()));
    }
    let ids = files::ids_under_submissions(&mut tx, order_id).await?;
    if !orders::reopen(&mut tx, order_id, user.id, from, now_millis()).await? {
        return Err(AppError::Conflict("wrong_state".into()));
    }
    submissions::delete_for_order(&mut tx, order_id).await?;
    tx.commit().await?;
    super::listings_sync::changed(state);
    forget_files(state, &ids).await;
    Ok(())
}

/// The publisher reopens a taken order whose deadline passed with nothing
/// submitted.
pub async fn reopen(state: &AppState, user: &CurrentUser, order_id: i64) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    let row = load(&mut tx, order_id).await?;
    let (from, outcome) = check(&row, user.id, OrderAction::Reopen)?;
    let (Some(taker_id), Outcome::Becomes(OrderState::Open)) = (row.taker_id, outcome) else {
        return Err(AppError::Conflict("wrong_state".into()));
    };
    if !orders::reopen(&mut tx, order_id, taker_id, from, now_millis()).await? {
        return Err(AppError::Conflict("wrong_state".into()));
    }
    tx.commit().await?;
    super::listings_sync::changed(state);
    Ok(())
}
