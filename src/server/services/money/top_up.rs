//! Starting a top-up: a pending payment intent and the provider's checkout
//! to send the payer to. No money moves here; only the provider's webhook
//! credits the wallet.

use crate::domain::money::REWARD_MAX_MAJOR;
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::orders;
use crate::server::db::payments::{self, IntentRow};
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
    super::scoped_key(user.id, "top_up", idempotency_key)?;
    let max = REWARD_MAX_MAJOR.saturating_mul(currency(state).scale());
    if amount <= 0 {
        return Err(AppError::invalid("amount", "not_positive"));
    }
    if amount > max {
        return Err(AppError::invalid("amount", "too_large"));
    }
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
    };
    let intent = payments::insert_or_find(&mut tx, &candidate, idempotency_key).await?;
    tx.commit().await?;
    Ok(state.payments.checkout_url(&intent.id))
}
