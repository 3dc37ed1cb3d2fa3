//! Withdrawals sent through the provider: an admin's approval hands the
//! money to the provider (a payout to the user's account, or a refund of
//! one payment), and only the provider's word settles the held amount.
//!
//! Invariants: a withdrawal is marked `sending` (one conditional UPDATE,
//! committed) before the provider is called, so of two approvals one
//! sends; the provider's idempotency key is the withdrawal's
//! (`MoneyOut::key_of`), so even a send repeated after a crash moves money
//! once; an answer we did not get leaves it `sending`, and it is then
//! resolved by asking (`check`), never by sending again; `Succeeded` moves
//! the hold out (held -> clearing), `Failed` returns it (held -> available),
//! each once (a per-withdrawal ledger key and a compare-and-set on the row);
//! a check's `Failed` ("never received") counts only once the send had
//! time to arrive (`NOT_RECEIVED_GRACE_MS` after the mark), while the
//! send's own answer and a check's `Succeeded` count at once.

use super::{announce, built, post, retry_busy};
use crate::domain::AppError;
use crate::domain::ledger::Posting;
use crate::domain::notification::NotificationKind;
use crate::server::auth::now_millis;
use crate::server::db::ledger::Meta;
use crate::server::db::payments;
use crate::server::db::withdrawals::{self, WithdrawalRow};
use crate::server::error::internal;
use crate::server::payments::{Destination, MoneyOut, MoneyOutResult, PaymentRef};
use crate::server::services::notifications::{deliver, record};
use crate::server::state::AppState;
use sqlx::AnyConnection;

/// Sending rows asked about in one pass.
const CHECK_ROWS: i64 = 200;

/// How long after the `sending` mark a provider's "not received" is not
/// believed: the approval marks the row, commits, and only then sends, so
/// a check in between (another instance's pass, a webhook's recheck) would
/// hear "no such payout" about one that is about to arrive, return the
/// hold, and the user would be paid twice. Far above the provider calls'
/// deadlines (10 s each, two for a Stripe refund).
pub const NOT_RECEIVED_GRACE_MS: i64 = 5 * 60_000;

/// How a sent withdrawal ended, for reconciliation's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    pub withdrawal_id: i64,
    pub paid: bool,
    pub note: String,
}

/// Where withdrawal `row` goes, as the provider is told.
pub async fn destination_of(
    connection: &mut AnyConnection,
    row: &WithdrawalRow,
) -> Result<Destination, AppError> {
    match row.intent_id.as_deref() {
        Some(intent_id) => {
            let intent = payments::find(connection, intent_id)
                .await?
                .ok_or_else(|| internal(format!("refund of a missing intent {intent_id}")))?;
            Ok(Destination::Refund(PaymentRef {
                intent_id: intent.id,
                provider_ref: intent.provider_ref,
                amount_minor: intent.amount_minor,
                created_at_ms: intent.created_at,
            }))
        }
        None => Ok(Destination::Account {
            account: row.payout_account.clone(),
            holder: row.holder.clone().unwrap_or_default(),
        }),
    }
}

fn money_out(state: &AppState, row: &WithdrawalRow, destination: Destination) -> MoneyOut {
    MoneyOut {
        key: MoneyOut::key_of(row.id),
        amount_minor: row.amount_minor,
        currency: state.settings.payments.currency.clone(),
        destination,
        title: format!("Bounty withdrawal #{}", row.id),
    }
}

/// An admin approved `row` and the provider sends it: mark it, send it,
/// and settle it if the provider answered for good.
pub async fn send(state: &AppState, admin_id: i64, row: &WithdrawalRow) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    let destination = destination_of(&mut tx, row).await?;
    if !withdrawals::mark_sending(&mut tx, row.id, admin_id, now_millis()).await? {
        return Err(AppError::Conflict("wrong_state".into()));
    }
    tx.commit().await?;
    let out = money_out(state, row, destination);
    match state.payments.send(&out).await {
        Ok(result) => {
            tracing::info!(withdrawal_id = row.id, ?result, "sent through the provider");
            settle(state, row, result).await.map(|_| ())
        }
        Err(error) => {
            // Nothing reached the provider: the admin may try again.
            let mut connection = state.db.pool().acquire().await?;
            withdrawals::unmark_sending(&mut connection, row.id).await?;
            Err(error)
        }
    }
}

/// Asks the provider about every withdrawal it has not settled yet, and
/// settles those it answers for good.
pub async fn check_sending(state: &AppState) -> Result<Vec<Settled>, AppError> {
    let rows = {
        let mut connection = state.db.pool().acquire().await?;
        withdrawals::sending(&mut connection, CHECK_ROWS).await?
    };
    let mut settled = Vec::new();
    for row in rows {
        let destination = {
            let mut connection = state.db.pool().acquire().await?;
            destination_of(&mut connection, &row).await?
        };
        let out = money_out(state, &row, destination);
        match state.payments.check(&out).await {
            Ok(MoneyOutResult::Failed { reason }) if too_soon(&row) => {
                tracing::info!(withdrawal_id = row.id, %reason, "not received yet, so soon after sending: asked again later");
            }
            Ok(result) => settled.extend(settle(state, &row, result).await?),
            Err(error) => {
                tracing::warn!(
                    withdrawal_id = row.id,
                    ?error,
                    "could not ask about a payout"
                )
            }
        }
    }
    Ok(settled)
}

/// Whether `row` was handed to the provider too recently for its "not
/// received" to mean the payout will never arrive.
fn too_soon(row: &WithdrawalRow) -> bool {
    row.payout_sent_at
        .is_none_or(|sent| now_millis() - sent < NOT_RECEIVED_GRACE_MS)
}

/// Applies the provider's answer about `row`; `None` while it is in flight
/// (or was settled already).
pub async fn settle(
    state: &AppState,
    row: &WithdrawalRow,
    result: MoneyOutResult,
) -> Result<Option<Settled>, AppError> {
    let (paid, note) = match result {
        MoneyOutResult::InFlight => return Ok(None),
        MoneyOutResult::Succeeded { reference } => (true, reference),
        MoneyOutResult::Failed { reason } => (false, format!("payout failed: {reason}")),
    };
    let done = retry_busy(|| settle_once(state, row, paid, &note)).await?;
    if done {
        announce(state, row.user_id, None).await;
    }
    Ok(done.then_some(Settled {
        withdrawal_id: row.id,
        paid,
        note,
    }))
}

async fn settle_once(
    state: &AppState,
    row: &WithdrawalRow,
    paid: bool,
    note: &str,
) -> Result<bool, AppError> {
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    let to = if paid { "paid" } else { "rejected" };
    if !withdrawals::settle_sent(&mut tx, row.id, to, note, now).await? {
        return Ok(false);
    }
    let posting = built(if paid {
        Posting::withdraw_paid(row.user_id, row.amount_minor)
    } else {
        Posting::withdraw_return(row.user_id, row.amount_minor)
    })?;
    let key = format!("withdrawal-settled:{}", row.id);
    let reference = format!("withdrawal:{}", row.id);
    let meta = Meta {
        idempotency_key: &key,
        user_id: None,
        order_id: None,
        reference: Some(&reference),
    };
    post(&mut tx, &posting, &meta, now).await?;
    let kind = if paid {
        NotificationKind::WithdrawalPaid
    } else {
        NotificationKind::WithdrawalRejected
    };
    let notification = record(&mut tx, row.user_id, kind, None, None).await?;
    tx.commit().await?;
    deliver(state, &[notification]).await;
    Ok(true)
}
