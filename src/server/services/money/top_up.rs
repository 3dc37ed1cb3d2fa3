//! Starting a top-up: a pending payment intent and the provider's checkout
//! to send the payer to. No money moves here; only the provider's webhook
//! credits the wallet.
//!
//! Invariants: the intent is committed before the provider is called, and
//! no transaction is held across that call; a failed call leaves the intent
//! pending and answers a retryable error, and a retry with the same key
//! finds the same intent, whose id is the provider's idempotency key, so
//! the provider hands back the checkout it may already have made.

use crate::domain::money::REWARD_MAX_MAJOR;
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::orders;
use crate::server::db::payments::{self, IntentRow};
use crate::server::payments::CheckoutRequest;
use crate::server::services::limits::{self, Action};
use crate::server::services::orders::currency;
use crate::server::state::AppState;

/// Creates (or, for a retried key, finds) the intent; returns the
/// checkout URL. With `order_id`, the payment funds that order of the
/// caller's once it succeeds.
pub async fn start(
    state: &AppState,
    user: &CurrentUser,
    amount: i64,
    order_id: Option<i64>,
    idempotency_key: &str,
) -> Result<String, AppError> {
    start_on(state, user, amount, order_id, idempotency_key, false).await
}

/// As `start`, for a payer on a phone when `on_phone` (the provider's
/// mobile checkout, where it has one).
pub async fn start_on(
    state: &AppState,
    user: &CurrentUser,
    amount: i64,
    order_id: Option<i64>,
    idempotency_key: &str,
    on_phone: bool,
) -> Result<String, AppError> {
    super::scoped_key(user.id, "top_up", idempotency_key)?;
    let max = REWARD_MAX_MAJOR.saturating_mul(currency(state).scale());
    if amount <= 0 {
        return Err(AppError::invalid("amount", "not_positive"));
    }
    if amount > max {
        return Err(AppError::invalid("amount", "too_large"));
    }
    // Each start may call the provider (a checkout session): counted.
    limits::spend_user(state, Action::Payment, user.id).await?;
    let mut tx = state.db.begin_write().await?;
    if let Some(order_id) = order_id {
        let order = orders::find(&mut tx, order_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if order.publisher_id != user.id {
            return Err(AppError::Forbidden);
        }
    }
    let candidate = IntentRow {
        id: format!("pi_{}", uuid::Uuid::new_v4().simple()),
        user_id: user.id,
        order_id,
        amount_minor: amount,
        state: "pending".into(),
        created_at: now_millis(),
        provider: state.payments.name().to_owned(),
        provider_ref: None,
        refund_state: None,
    };
    let intent = payments::insert_or_find(&mut tx, &candidate, idempotency_key).await?;
    tx.commit().await?;
    let back = format!(
        "{}{}",
        state.settings.server.public_url.trim_end_matches('/'),
        return_path(intent.order_id, &intent.id)
    );
    let request = CheckoutRequest {
        intent_id: intent.id.clone(),
        amount_minor: intent.amount_minor,
        currency: state.settings.payments.currency.clone(),
        description: match intent.order_id {
            Some(order_id) => format!("Bounty: reward for order #{order_id}"),
            None => "Bounty: wallet top-up".to_owned(),
        },
        success_url: back.clone(),
        cancel_url: back,
        on_phone,
    };
    let checkout = state.payments.create_checkout(&request).await?;
    if let Some(provider_ref) = &checkout.provider_ref {
        // Only for looking the payment up later: the payer is not held
        // back by a failure here, and reconciliation can learn the id
        // again from the provider (the creation is keyed by the intent).
        let remembered = async {
            let mut connection = state.db.pool().acquire().await?;
            payments::set_provider_ref(&mut connection, &intent.id, provider_ref).await
        };
        if let Err(error) = remembered.await {
            tracing::warn!(intent_id = %intent.id, %error, "could not keep the provider's id");
        }
    }
    Ok(checkout.url)
}

/// Where the payer comes back to from the checkout: the order the payment
/// funds, or the wallet; `payment` names the intent, whose state the page shows.
pub fn return_path(order_id: Option<i64>, intent_id: &str) -> String {
    match order_id {
        Some(order_id) => format!("/orders/{order_id}?payment={intent_id}"),
        None => format!("/wallet?payment={intent_id}"),
    }
}
