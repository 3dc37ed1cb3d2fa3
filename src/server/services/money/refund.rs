//! A refund asked by the payer: one paid payment of theirs goes back to
//! where it came from, through the provider that took it. It is a
//! withdrawal whose destination is that payment, so it holds the amount at
//! once, waits for an admin's approval, and is sent and settled exactly as
//! a payout is (`payout`).
//!
//! Invariants: only the payment's owner asks, only for a payment that
//! succeeded through the provider in use now and that provider refunds;
//! the whole amount (a payment is refunded at most once: a unique index on
//! the live refund of an intent); a request above the available balance
//! writes nothing; a retried request under the same key changes nothing.

use super::{announce, begin_command, built, post, retry_busy};
use crate::domain::ledger::Posting;
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::ledger::Meta;
use crate::server::db::payments;
use crate::server::db::withdrawals::{self, NewWithdrawal};
use crate::server::payments::{Destination, PaymentRef};
use crate::server::state::AppState;

/// Longest intent id we look up (ours are `pi_` and 32 hex digits).
const INTENT_ID_MAX: usize = 64;

/// Asks for payment `intent_id` of `user`'s to be refunded.
pub async fn request(
    state: &AppState,
    user: &CurrentUser,
    intent_id: &str,
    idempotency_key: &str,
) -> Result<(), AppError> {
    retry_busy(|| request_once(state, user, intent_id, idempotency_key)).await
}

async fn request_once(
    state: &AppState,
    user: &CurrentUser,
    intent_id: &str,
    idempotency_key: &str,
) -> Result<(), AppError> {
    if state.settings.payments.demo_money {
        return Err(AppError::invalid("amount", "withdrawals_off"));
    }
    if intent_id.is_empty() || intent_id.len() > INTENT_ID_MAX {
        return Err(AppError::NotFound);
    }
    let Some((mut tx, key)) = begin_command(state, user.id, "refund", idempotency_key).await?
    else {
        return Ok(());
    };
    // Someone else's payment reads as missing: its existence is not theirs to learn.
    let intent = payments::find(&mut tx, intent_id)
        .await?
        .filter(|intent| intent.user_id == user.id)
        .ok_or(AppError::NotFound)?;
    if intent.state != "succeeded" {
        return Err(AppError::Conflict("not_paid".into()));
    }
    if intent.refund_state.is_some() {
        return Err(AppError::Conflict("already_refunded".into()));
    }
    let destination = Destination::Refund(PaymentRef {
        intent_id: intent.id.clone(),
        provider_ref: intent.provider_ref.clone(),
        amount_minor: intent.amount_minor,
        created_at_ms: intent.created_at,
    });
    if intent.provider != state.payments.name() || !state.payments.sends(&destination) {
        return Err(AppError::invalid("intent", "refund_unavailable"));
    }
    let now = now_millis();
    let account = format!("refund of payment {}", intent.id);
    let new = NewWithdrawal {
        user_id: user.id,
        amount_minor: intent.amount_minor,
        payout_account: &account,
        holder: None,
        intent_id: Some(&intent.id),
    };
    let id = withdrawals::insert(&mut tx, &new, now)
        .await
        .map_err(|error| match &error {
            // Two requests at once on PostgreSQL: the second meets the
            // index `withdrawals_one_refund`, the only unique one it can.
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                AppError::Conflict("already_refunded".into())
            }
            _ => AppError::from(error),
        })?;
    let reference = format!("withdrawal:{id}");
    let posting = built(Posting::withdraw_hold(user.id, intent.amount_minor))?;
    let meta = Meta {
        idempotency_key: &key,
        user_id: Some(user.id),
        order_id: None,
        reference: Some(&reference),
    };
    // Short of money (part of it was spent): nothing is written.
    post(&mut tx, &posting, &meta, now).await?;
    tx.commit().await?;
    announce(state, user.id, None).await;
    Ok(())
}

/// Whether the owner of a paid payment may ask for it back now.
pub fn refundable(state: &AppState, intent: &payments::IntentRow) -> bool {
    !state.settings.payments.demo_money
        && intent.state == "succeeded"
        && intent.refund_state.is_none()
        && intent.provider == state.payments.name()
        && state.payments.sends(&Destination::Refund(PaymentRef {
            intent_id: intent.id.clone(),
            provider_ref: intent.provider_ref.clone(),
            amount_minor: intent.amount_minor,
            created_at_ms: intent.created_at,
        }))
}
