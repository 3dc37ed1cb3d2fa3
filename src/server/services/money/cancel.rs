//! Cancelling an order by its publisher alone: while untaken, or taken but
//! overdue with nothing ever submitted. It leaves the hall for good, and a
//! secured reward returns to the publisher's wallet in the same transaction.

use super::{announce, begin_command, built, facts_of, post, retry_busy};
use crate::domain::ledger::{Account, Posting};
use crate::domain::notification::NotificationKind;
use crate::domain::order::escrow::{MoneyAction, decide_money};
use crate::domain::order::lifecycle::OrderState;
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::ledger::{self, Meta};
use crate::server::db::orders;
use crate::server::services::notifications::{deliver, record};
use crate::server::services::orders::{listings_sync, load, state_of};
use crate::server::state::AppState;

pub async fn cancel(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    idempotency_key: &str,
) -> Result<(), AppError> {
    retry_busy(|| cancel_once(state, user, order_id, idempotency_key)).await
}

async fn cancel_once(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    idempotency_key: &str,
) -> Result<(), AppError> {
    let Some((mut tx, key)) = begin_command(state, user.id, "cancel", idempotency_key).await?
    else {
        return Ok(());
    };
    let row = load(&mut tx, order_id).await?;
    let from = state_of(&row)?;
    if from == OrderState::Cancelled && row.publisher_id == user.id {
        // A retry of a cancellation that went through (unfunded ones post
        // nothing under the key): the first result again.
        return Ok(());
    }
    let facts = facts_of(&row, user.id)?;
    let to = decide_money(facts, MoneyAction::Cancel).map_err(|refusal| refusal.into_error())?;
    let now = now_millis();
    if !orders::settle(&mut tx, order_id, user.id, from, to, now).await? {
        return Err(AppError::Conflict("wrong_state".into()));
    }
    let escrow = ledger::balance(&mut tx, Account::Escrow(order_id)).await?;
    if escrow > 0 {
        let posting = built(Posting::refund(order_id, user.id, escrow))?;
        let meta = Meta {
            idempotency_key: &key,
            user_id: Some(user.id),
            order_id: Some(order_id),
            reference: None,
        };
        post(&mut tx, &posting, &meta, now).await?;
    }
    // A taken order cancelled after its deadline: the solver hears of it.
    let mut notes = Vec::new();
    if let Some(taker_id) = row.taker_id {
        let kind = NotificationKind::Cancelled;
        notes.push(record(&mut tx, taker_id, kind, Some(order_id), Some(user.id)).await?);
    }
    tx.commit().await?;
    listings_sync::changed(state);
    announce(state, user.id, Some(order_id)).await;
    if let Some(taker_id) = row.taker_id {
        announce(state, taker_id, Some(order_id)).await;
    }
    deliver(state, &notes).await;
    Ok(())
}
