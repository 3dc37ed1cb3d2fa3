//! The provider's webhook: a signed event about a payment intent.
//!
//! Invariants: nothing is read before the signature and timestamp verify;
//! the event id is recorded in the same transaction as its effect, so a
//! redelivered event (or two deliveries racing) changes nothing the second
//! time; an intent leaves `pending` once, so a late or out-of-order event
//! for a settled intent is recorded and ignored; a success credits the
//! payer and, when the intent was for an order, funds it in a savepoint: if
//! funding is no longer possible the money stays in the wallet.

use super::fund::fund_in;
use super::{announce, built, post, retry_busy};
use crate::domain::AppError;
use crate::domain::ledger::Posting;
use crate::server::auth::now_millis;
use crate::server::db::ledger::Meta;
use crate::server::db::payments;
use crate::server::payments::signature::{self, SignatureError};
use crate::server::payments::{EventKind, ProviderEvent};
use crate::server::services::notifications::deliver;
use crate::server::state::AppState;
use sqlx::Acquire;

/// Takes one delivery: the signature header and the raw body.
pub async fn receive(
    state: &AppState,
    signature_header: Option<&str>,
    body: &[u8],
) -> Result<(), AppError> {
    retry_busy(|| receive_once(state, signature_header, body)).await
}

async fn receive_once(
    state: &AppState,
    signature_header: Option<&str>,
    body: &[u8],
) -> Result<(), AppError> {
    let now = now_millis();
    signature::verify(
        state.payments.webhook_secret(),
        signature_header,
        body,
        now / 1000,
    )
    .map_err(|error| match error {
        SignatureError::Stale => AppError::invalid("signature", "stale"),
        _ => AppError::Unauthorized,
    })?;
    let event: ProviderEvent =
        serde_json::from_slice(body).map_err(|_| AppError::invalid("body", "malformed"))?;
    let mut tx = state.db.begin_write().await?;
    let intent = payments::find(&mut tx, &event.intent_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if event.amount_minor != intent.amount_minor
        || event.currency != state.settings.payments.currency
    {
        return Err(AppError::invalid("body", "amount_mismatch"));
    }
    let kind = match event.kind {
        EventKind::Succeeded => "succeeded",
        EventKind::Declined => "declined",
        EventKind::Abandoned => "abandoned",
    };
    if !payments::record_event(&mut tx, &event.id, &intent.id, kind, now).await? {
        return Ok(());
    }
    let mut notes = Vec::new();
    let settled = payments::settle(&mut tx, &intent.id, kind, now).await?;
    if settled && event.kind == EventKind::Succeeded {
        let posting = built(Posting::top_up(intent.user_id, intent.amount_minor))?;
        let key = format!("top-up:{}", intent.id);
        let meta = Meta {
            idempotency_key: &key,
            user_id: Some(intent.user_id),
            order_id: None,
            reference: Some(&intent.id),
        };
        post(&mut tx, &posting, &meta, now).await?;
        if let Some(order_id) = intent.order_id {
            let mut savepoint = tx.begin().await?;
            let key = format!("fund-after:{}", intent.id);
            match fund_in(
                &mut savepoint,
                intent.user_id,
                order_id,
                &key,
                Some(&intent.id),
            )
            .await
            {
                Ok(funded) => {
                    savepoint.commit().await?;
                    notes.extend(funded);
                }
                Err(refusal) => {
                    tracing::info!(
                        ?refusal,
                        order_id,
                        "paid in, but the order could not be funded"
                    );
                    savepoint.rollback().await?;
                }
            }
        }
    }
    tx.commit().await?;
    if settled {
        announce(state, intent.user_id, intent.order_id).await;
    }
    deliver(state, &notes).await;
    Ok(())
}
