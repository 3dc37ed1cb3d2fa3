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

use super::{announce, begin_command, built, payout, post, retry_busy};
use crate::domain::ledger::Posting;
use crate::domain::notification::NotificationKind;
use crate::domain::withdrawal::{
    AdminWithdrawal, AdminWithdrawals, WithdrawalDecision, WithdrawalState, WithdrawalView,
    clean_decision_note, clean_holder, clean_payout_account,
};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::ledger::Meta;
use crate::server::db::withdrawals::{self, NewWithdrawal, WithdrawalRow};
use crate::server::error::internal;
use crate::server::payments::Destination;
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
    request_to(state, user, amount, payout_account, None, idempotency_key).await
}

/// As `request`, with the account holder's name, which a provider that
/// sends payouts itself needs (`holder_needed`).
pub async fn request_to(
    state: &AppState,
    user: &CurrentUser,
    amount: i64,
    payout_account: &str,
    holder: Option<&str>,
    idempotency_key: &str,
) -> Result<(), AppError> {
    retry_busy(|| request_once(state, user, amount, payout_account, holder, idempotency_key)).await
}

/// Whether payouts leave through the provider, which then needs the
/// account holder's name.
pub fn holder_needed(state: &AppState) -> bool {
    state.payments.sends(&Destination::Account {
        account: String::new(),
        holder: String::new(),
    })
}

async fn request_once(
    state: &AppState,
    user: &CurrentUser,
    amount: i64,
    payout_account: &str,
    holder: Option<&str>,
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
    let holder = match holder_needed(state) {
        true => Some(
            clean_holder(holder.unwrap_or_default())
                .map_err(|error| AppError::Invalid(vec![error]))?,
        ),
        false => None,
    };
    let Some((mut tx, key)) = begin_command(state, user.id, "withdraw", idempotency_key).await?
    else {
        return Ok(());
    };
    let now = now_millis();
    let new = NewWithdrawal {
        user_id: user.id,
        amount_minor: amount,
        payout_account: &payout_account,
        holder: holder.as_deref(),
        intent_id: None,
    };
    let id = withdrawals::insert(&mut tx, &new, now).await?;
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
/// reference) or rejects it (`note` = the reason the user sees). When the
/// provider sends money to the withdrawal's destination, "paid" means
/// "approved": the provider is asked to send it (`payout`), and its answer
/// settles the withdrawal.
pub async fn decide(
    state: &AppState,
    admin: &CurrentUser,
    withdrawal_id: i64,
    decision: WithdrawalDecision,
    note: &str,
    idempotency_key: &str,
) -> Result<(), AppError> {
    require_admin(admin)?;
    // Sent through the provider, the payout's reference is the provider's
    // own: the admin's note is not asked for. Outside the retried part, so
    // a retry never sends twice (the `sending` mark refuses it anyway).
    if decision == WithdrawalDecision::Paid
        && send_through_provider(state, admin, withdrawal_id).await?
    {
        return Ok(());
    }
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

/// Sends an approved withdrawal through the provider if it sends to its
/// destination; false when an admin pays it by hand instead.
async fn send_through_provider(
    state: &AppState,
    admin: &CurrentUser,
    withdrawal_id: i64,
) -> Result<bool, AppError> {
    let row = {
        let mut connection = state.db.pool().acquire().await?;
        let row = withdrawals::find(&mut connection, withdrawal_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let destination = payout::destination_of(&mut connection, &row).await?;
        if !state.payments.sends(&destination) {
            return Ok(false);
        }
        row
    };
    if row.user_id == admin.id {
        return Err(AppError::Forbidden);
    }
    payout::send(state, admin.id, &row).await?;
    Ok(true)
}

fn view_of(row: &WithdrawalRow) -> Result<WithdrawalView, AppError> {
    let state = match row.payout_state.as_deref() {
        Some("sending") => WithdrawalState::Sending,
        _ => WithdrawalState::parse(&row.state)
            .ok_or_else(|| internal(format!("unknown withdrawal state {}", row.state)))?,
    };
    Ok(WithdrawalView {
        id: row.id,
        amount: row.amount_minor,
        payout_account: row.payout_account.clone(),
        state,
        note: row.reference.clone(),
        created_at_ms: row.created_at,
        decided_at_ms: row.decided_at,
    })
}

fn admin_view(state: &AppState, row: WithdrawalRow) -> Result<AdminWithdrawal, AppError> {
    // Whether the provider sends it depends only on the kind of destination.
    let destination = match &row.intent_id {
        Some(intent_id) => Destination::Refund(crate::server::payments::PaymentRef {
            intent_id: intent_id.clone(),
            provider_ref: None,
            amount_minor: row.amount_minor,
            created_at_ms: row.created_at,
        }),
        None => Destination::Account {
            account: row.payout_account.clone(),
            holder: row.holder.clone().unwrap_or_default(),
        },
    };
    Ok(AdminWithdrawal {
        withdrawal: view_of(&row)?,
        by_provider: state.payments.sends(&destination),
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
            .map(|row| admin_view(state, row))
            .collect::<Result<_, _>>()?,
        decided: decided
            .into_iter()
            .map(|row| admin_view(state, row))
            .collect::<Result<_, _>>()?,
    })
}
