//! Asking for changes: the publisher sends an opened solution back; the
//! order is taken again (the solver submits a new version), the countdown
//! stops, and one of the three rounds is used. The escrow stays.

use super::{announce, facts_of, retry_busy};
use crate::domain::notification::NotificationKind;
use crate::domain::order::escrow::{MAX_CHANGE_ROUNDS, MoneyAction, decide_money};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::orders;
use crate::server::services::notifications::{deliver, record};
use crate::server::services::orders::load;
use crate::server::state::AppState;

pub async fn request_changes(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
) -> Result<(), AppError> {
    retry_busy(|| request_changes_once(state, user, order_id)).await
}

async fn request_changes_once(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    let row = load(&mut tx, order_id).await?;
    decide_money(facts_of(&row, user.id)?, MoneyAction::RequestChanges)
        .map_err(|refusal| refusal.into_error())?;
    let now = now_millis();
    if !orders::request_changes(&mut tx, order_id, user.id, MAX_CHANGE_ROUNDS, now).await? {
        return Err(AppError::Conflict("wrong_state".into()));
    }
    let mut notes = Vec::new();
    if let Some(taker_id) = row.taker_id {
        let kind = NotificationKind::ChangesAsked;
        notes.push(record(&mut tx, taker_id, kind, Some(order_id), Some(user.id)).await?);
    }
    tx.commit().await?;
    announce(state, user.id, Some(order_id)).await;
    if let Some(taker_id) = row.taker_id {
        announce(state, taker_id, Some(order_id)).await;
    }
    deliver(state, &notes).await;
    Ok(())
}
