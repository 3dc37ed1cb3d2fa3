//! Agreements between an order's two parties: cancelling a taken order
//! together (its escrow returns to the publisher in the same transaction)
//! and fixing a negotiable reward (the publisher proposes, the solver
//! accepts the amount they were shown).
//!
//! Invariants: `agreement::decide_agreement` is asked first and the
//! compare-and-set repeats its rules, so racing requests cannot both win;
//! an accepted cancellation's refund is posted under the caller's
//! idempotency key, so a retry never refunds twice; the other party is
//! notified of every step.

use super::{announce, begin_command, built, post, retry_busy};
use crate::domain::ledger::{Account, Posting};
use crate::domain::notification::NotificationKind;
use crate::domain::order::agreement::{AgreementStep, decide_agreement};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::agreements;
use crate::server::db::ledger::{self, Meta};
use crate::server::services::money::agreement_facts_of;
use crate::server::services::notifications::{deliver, record};
use crate::server::services::orders::load;
use crate::server::state::AppState;

/// Takes `step` on `order_id`; `amount` (minor units) is the reward
/// proposed or accepted, for the reward steps.
pub async fn agree(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    step: AgreementStep,
    amount: Option<i64>,
    idempotency_key: &str,
) -> Result<(), AppError> {
    retry_busy(|| agree_once(state, user, order_id, step, amount, idempotency_key)).await
}

async fn agree_once(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    step: AgreementStep,
    amount: Option<i64>,
    idempotency_key: &str,
) -> Result<(), AppError> {
    let amount_needed = || match amount {
        Some(amount) if amount > 0 => Ok(amount),
        Some(_) => Err(AppError::invalid("amount", "not_positive")),
        None => Err(AppError::invalid("amount", "required")),
    };
    let Some((mut tx, key)) = begin_command(state, user.id, step.as_str(), idempotency_key).await?
    else {
        return Ok(());
    };
    let row = load(&mut tx, order_id).await?;
    decide_agreement(agreement_facts_of(&row, user.id)?, step)?;
    let other = if user.id == row.publisher_id {
        row.taker_id
    } else {
        Some(row.publisher_id)
    };
    let now = now_millis();
    let (changed, kind) = match step {
        AgreementStep::ProposeCancel => (
            agreements::propose_cancel(&mut tx, order_id, user.id).await?,
            Some(NotificationKind::CancelProposed),
        ),
        AgreementStep::WithdrawCancel => (
            agreements::withdraw_cancel(&mut tx, order_id, user.id).await?,
            None,
        ),
        AgreementStep::AcceptCancel => (
            agreements::accept_cancel(&mut tx, order_id, user.id, now).await?,
            Some(NotificationKind::Cancelled),
        ),
        AgreementStep::ProposeReward => (
            agreements::propose_reward(&mut tx, order_id, user.id, amount_needed()?).await?,
            Some(NotificationKind::RewardProposed),
        ),
        AgreementStep::AcceptReward => (
            agreements::accept_reward(&mut tx, order_id, user.id, amount_needed()?).await?,
            Some(NotificationKind::RewardAccepted),
        ),
    };
    if !changed {
        // Changed meanwhile (or, accepting a reward, proposed anew).
        return Err(AppError::Conflict("wrong_state".into()));
    }
    if step == AgreementStep::AcceptCancel {
        let escrow = ledger::balance(&mut tx, Account::Escrow(order_id)).await?;
        if escrow > 0 {
            let posting = built(Posting::refund(order_id, row.publisher_id, escrow))?;
            let meta = Meta {
                idempotency_key: &key,
                user_id: Some(user.id),
                order_id: Some(order_id),
                reference: Some("cancelled by agreement"),
            };
            post(&mut tx, &posting, &meta, now).await?;
        }
    }
    let mut notes = Vec::new();
    if let (Some(kind), Some(other)) = (kind, other) {
        notes.push(record(&mut tx, other, kind, Some(order_id), Some(user.id)).await?);
    }
    tx.commit().await?;
    announce(state, user.id, Some(order_id)).await;
    if let Some(other) = other {
        announce(state, other, Some(order_id)).await;
    }
    deliver(state, &notes).await;
    Ok(())
}
