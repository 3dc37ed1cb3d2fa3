//! Withdrawals: a user's request holds the amount (available -> held) in
//! the same transaction that records it; an admin then marks it paid (held
//! -> clearing: the money left the platform) or rejects it (held ->
//! available).
//!
//! Invariants: a user's held balance equals the sum of their pending
//! withdrawals (`ledger check` verifies it); a request above the available
//! balance writes nothing; each withdrawal is decided once (compare-and-set
//! on its state, plus a per-withdrawal ledger key), and a retried request or
//! decision under the same idempotency key returns the first result; no
//! admin decides a withdrawal of their own.

use super::{announce, begin_command, built, post, retry_busy};
use crate::domain::ledger::Posting;
use crate::domain::notification::NotificationKind;
use crate::domain::withdrawal::{
    AdminWithdrawal, AdminWithdrawals, WithdrawalDecision, WithdrawalState, WithdrawalView,
    clean_decision_note, clean_payout_account,
};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::ledger::Meta;
use crate::server::db::withdrawals::{self, WithdrawalRow};
use crate::server::error::internal;
use crate::server::services::admin::require_admin;
use crate::server::services::notifications::{deliver, record};
use crate::server::state::AppState;
use sqlx::AnyConnection;

/// Withdrawals listed on a wallet page or in the admin's decided list.
const LIST_ROWS: i64 = 100;
/// Pending withdrawals shown to the admin at once.
const QUEUE_ROWS: i64 = 200;

/// Asks to withdraw `amount` minor units to `payout_account`.
pub async fn request(
    state: &AppState,
    user: &CurrentUser,
    amount: i64,
    payout_account: &str,
    idempotency_key: &str,
) -> Result<(), AppError> {
    retry_busy(|| request_once(state, user, amount, payout_account, idempotency_key)).await
}

async fn request_once(
    state: &AppState,
    user: &CurrentUser,
    amount: i64,
    payout_account: &str,
    idempotency_key: &str,
) -> Result<(), AppError> {
    if state.settings.payments.demo_money {
        // Play money must never be paid out as real money.
        return Err(AppError::invalid("amount", "withdrawals_off"));
    }
    if amount <= 0 {
        return Err(AppError::invalid("amount", "not_positive"));
    }
    let payout_account =
        clean_payout_account(payout_account).map_err(|error| AppError::Invalid(vec![error]))?;
    let Some((mut tx, key)) = begin_command(state, user.id, "withdraw", idempotency_key).await?
    else {
        return Ok(());
    };
    let now = now_millis();
    let id = withdrawals::insert(&mut tx, user.id, amount, &payout_account, now).await?;
    let reference = format!("withdrawal:{id}");
    let posting = built(Posting::withdraw_hold(user.id, amount))?;
    let meta = Meta {
        idempotency_key: &key,
        user_id: Some(user.id),
        order_id: None,
        reference: Some(&reference),
    };
    // Short of money: the error drops the transaction, row and all.
    post(&mut tx, &posting, &meta, now).await?;
    tx.commit().await?;
    announce(state, user.id, None).await;
    Ok(())
}

/// An admin marks a pending withdrawal paid (`note` = the payout's
/// reference) or rejects it (`note` = the reason the user sees).
pub async fn decide(
    state: &AppState,
    admin: &CurrentUser,
    withdrawal_id: i64,
    decision: WithdrawalDecision,
    note: &str,
    idempotency_key: &str,
) -> Result<(), AppError> {
    retry_busy(|| decide_once(state, admin, withdrawal_id, decision, note, idempotency_key)).await
}

async fn decide_once(
    state: &AppState,
    admin: &CurrentUser,
    withdrawal_id: i64,
    decision: WithdrawalDecision,
    note: &str,
    idempotency_key: &str,
) -> Result<(), AppError> {
    require_admin(admin)?;
    let note = clean_decision_note(note).map_err(|error| AppError::Invalid(vec![error]))?;
    let Some((mut tx, key)) =
        begin_command(state, admin.id, "withdrawal_decide", idempotency_key).await?
    else {
        return Ok(());
    };
    let row = withdrawals::find(&mut tx, withdrawal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.user_id == admin.id {
        // An admin may not pay (or reject) themselves: another admin must.
        // Returning drops the transaction, so nothing is written.
        return Err(AppError::Forbidden);
    }
    let now = now_millis();
    let to = decision.state();
    if !withdrawals::decide(&mut tx, withdrawal_id, to.as_str(), &note, admin.id, now).await? {
        return Err(AppError::Conflict("wrong_state".into()));
    }
    let posting = built(match decision {
        WithdrawalDecision::Paid => Posting::withdraw_paid(row.user_id, row.amount_minor),
        WithdrawalDecision::Rejected => Posting::withdraw_return(row.user_id, row.amount_minor),
    })?;
    let reference = format!("withdrawal:{withdrawal_id}");
    let meta = Meta {
        idempotency_key: &key,
        user_id: Some(admin.id),
        order_id: None,
        reference: Some(&reference),
    };
    post(&mut tx, &posting, &meta, now).await?;
    let kind = match decision {
        WithdrawalDecision::Paid => NotificationKind::WithdrawalPaid,
        WithdrawalDecision::Rejected => NotificationKind::WithdrawalRejected,
    };
    let note = record(&mut tx, row.user_id, kind, None, None).await?;
    tx.commit().await?;
    announce(state, row.user_id, None).await;
    deliver(state, &[note]).await;
    Ok(())
}

fn view_of(row: &WithdrawalRow) -> Result<WithdrawalView, AppError> {
    Ok(WithdrawalView {
        id: row.id,
        amount: row.amount_minor,
        payout_account: row.payout_account.clone(),
        state: WithdrawalState::parse(&row.state)
            .ok_or_else(|| internal(format!("unknown withdrawal state {}", row.state)))?,
        note: row.reference.clone(),
        created_at_ms: row.created_at,
        decided_at_ms: row.decided_at,
    })
}

fn admin_view(row: WithdrawalRow) -> Result<AdminWithdrawal, AppError> {
    Ok(AdminWithdrawal {
        withdrawal: view_of(&row)?,
        user_id: row.user_id,
        nickname: row.nickname,
        email: row.email,
    })
}

/// A user's newest withdrawals, for the wallet page.
pub(crate) async fn of_user(
    connection: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<WithdrawalView>, AppError> {
    withdrawals::of_user(connection, user_id, LIST_ROWS)
        .await?
        .iter()
        .map(view_of)
        .collect()
}

/// The admin's queue: pending oldest first, then recent decisions.
pub async fn queue(state: &AppState, admin: &CurrentUser) -> Result<AdminWithdrawals, AppError> {
    require_admin(admin)?;
    let mut connection = state.db.pool().acquire().await?;
    let pending = withdrawals::pending(&mut connection, QUEUE_ROWS).await?;
    let decided = withdrawals::decided(&mut connection, LIST_ROWS).await?;
    Ok(AdminWithdrawals {
        currency: state.settings.payments.currency.clone(),
        pending: pending
            .into_iter()
            .map(admin_view)
            .collect::<Result<_, _>>()?,
        decided: decided
            .into_iter()
            .map(admin_view)
            .collect::<Result<_, _>>()?,
    })
}
