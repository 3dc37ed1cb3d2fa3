//! Automatic release: when a revealed solution's countdown ends with no
//! confirmation, change request or dispute, the escrow goes to the solver
//! exactly as a confirmation would. Due times live in the database, so they
//! survive restarts; every instance runs the loop, and the compare-and-set
//! on the order plus the per-order idempotency key make each release happen
//! exactly once.

use super::{announce, built, post, retry_busy};
use crate::domain::AppError;
use crate::domain::ledger::{Account, Posting, fee_of};
use crate::domain::notification::NotificationKind;
use crate::server::auth::now_millis;
use crate::server::db::ledger::{self, Meta};
use crate::server::db::orders;
use crate::server::services::notifications::{deliver, record};
use crate::server::state::AppState;
use std::time::Duration;

/// Orders released per pass at most (the next pass takes the rest).
const BATCH: i64 = 100;

/// Releases every order due by `now_ms`; returns how many this call released.
pub async fn release_due(state: &AppState, now_ms: i64) -> Result<usize, AppError> {
    let due = {
        let mut connection = state.db.pool().acquire().await?;
        orders::due_for_release(&mut connection, now_ms, BATCH).await?
    };
    let mut released = 0;
    for order_id in due {
        if retry_busy(|| release_one(state, order_id, now_ms)).await? {
            released += 1;
        }
    }
    Ok(released)
}

async fn release_one(state: &AppState, order_id: i64, now_ms: i64) -> Result<bool, AppError> {
    let mut tx = state.db.begin_write().await?;
    let Some(row) = orders::find(&mut tx, order_id).await? else {
        return Ok(false);
    };
    let Some(taker_id) = row.taker_id else {
        return Ok(false);
    };
    if !orders::release_when_due(&mut tx, order_id, now_ms).await? {
        // Confirmed, sent back or released by another instance meanwhile.
        return Ok(false);
    }
    let amount = ledger::balance(&mut tx, Account::Escrow(order_id)).await?;
    let fee = fee_of(amount, state.settings.payments.fee_basis_points);
    let posting = built(Posting::release(order_id, taker_id, amount, fee))?;
    let key = format!("auto-release:{order_id}");
    let meta = Meta {
        idempotency_key: &key,
        user_id: None,
        order_id: Some(order_id),
        reference: None,
    };
    post(&mut tx, &posting, &meta, now_ms).await?;
    let kind = NotificationKind::Released;
    let notes = [
        record(&mut tx, taker_id, kind, Some(order_id), None).await?,
        record(&mut tx, row.publisher_id, kind, Some(order_id), None).await?,
    ];
    tx.commit().await?;
    deliver(state, &notes).await;
    tracing::info!(order_id, amount, "escrow released automatically");
    announce(state, row.publisher_id, Some(order_id)).await;
    announce(state, taker_id, Some(order_id)).await;
    Ok(true)
}

/// Runs `release_due` every `payments.release_check_secs` until the task is
/// aborted; a failed pass is logged and retried on the next.
pub async fn run(state: AppState) {
    let every = Duration::from_secs(state.settings.payments.release_check_secs.max(1));
    loop {
        tokio::time::sleep(every).await;
        if let Err(error) = release_due(&state, now_millis()).await {
            tracing::warn!(?error, "automatic release pass failed; retrying next pass");
        }
    }
}
