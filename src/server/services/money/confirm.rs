//! Confirming a solution: the order is done and its escrow goes to the
//! solver, less the platform's fee, in one transaction.
//!
//! Invariant: the compare-and-set submitted -> done lets one confirmation
//! win; the release posts exactly what the escrow holds, so the escrow ends
//! at zero.

use super::{announce, begin_command, built, facts_of, post, retry_busy};
use crate::domain::ledger::{Account, Posting, fee_of};
use crate::domain::notification::NotificationKind;
use crate::domain::order::escrow::{MoneyAction, decide_money};
use crate::domain::order::lifecycle::OrderState;
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::ledger::{self, Meta};
use crate::server::db::orders;
use crate::server::services::notifications::{deliver, record};
use crate::server::services::orders::{load, state_of};
use crate::server::state::AppState;

pub async fn confirm(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    idempotency_key: &str,
) -> Result<(), AppError> {
    retry_busy(|| confirm_once(state, user, order_id, idempotency_key)).await
}

async fn confirm_once(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    idempotency_key: &str,
) -> Result<(), AppError> {
    let Some((mut tx, key)) = begin_command(state, user.id, "confirm", idempotency_key).await?
    else {
        return Ok(());
    };
    let row = load(&mut tx, order_id).await?;
    let from = state_of(&row)?;
    let facts = facts_of(&row, user.id)?;
    let to = decide_money(facts, MoneyAction::Confirm).map_err(|refusal| refusal.into_error())?;
    let Some(taker_id) = row.taker_id else {
        return Err(AppError::Conflict("wrong_state".into()));
    };
    let now = now_millis();
    if !orders::settle(&mut tx, order_id, user.id, from, to, now).await? {
        return Err(AppError::Conflict("wrong_state".into()));
    }
    let amount = ledger::balance(&mut tx, Account::Escrow(order_id)).await?;
    let fee = fee_of(amount, state.settings.payments.fee_basis_points);
    let posting = built(Posting::release(order_id, taker_id, amount, fee))?;
    let meta = Meta {
        idempotency_key: &key,
        user_id: Some(user.id),
        order_id: Some(order_id),
        reference: None,
    };
    post(&mut tx, &posting, &meta, now).await?;
    let note = record(
        &mut tx,
        taker_id,
        NotificationKind::Confirmed,
        Some(order_id),
        Some(user.id),
    )
    .await?;
    tx.commit().await?;
    announce(state, user.id, Some(order_id)).await;
    announce(state, taker_id, Some(order_id)).await;
    deliver(state, &[note]).await;
    debug_assert_eq!(to, OrderState::Done);
    Ok(())
}
