//! The provider's webhook: a signed event about a payment intent.
//!
//! Invariants: nothing is read before the provider verified the delivery
//! (`PaymentProvider::verify_webhook`); what follows is provider-neutral;
//! the event id is recorded in the same transaction as its effect, so a
//! redelivered event (or two deliveries racing) changes nothing the second
//! time; an intent leaves `pending` once, so a late or out-of-order event
//! for a settled intent is recorded and ignored; a success credits the
//! payer and, when the intent was for an order, funds it in a savepoint: if
//! funding is no longer possible the money stays in the wallet.

use super::fund::fund_in;
use super::payout;
use super::{announce, built, post, retry_busy};
use crate::domain::AppError;
use crate::domain::ledger::Posting;
use crate::server::auth::now_millis;
use crate::server::db::ledger::Meta;
use crate::server::db::payments;
use crate::server::payments::{EventKind, ProviderEvent, WebhookOutcome};
use crate::server::services::notifications::deliver;
use crate::server::state::AppState;
use http::HeaderMap;
use sqlx::Acquire;

/// Takes one delivery to the configured provider's webhook: its headers
/// and raw body, verified by the provider before anything is read.
pub async fn receive(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<(), AppError> {
    let now_secs = now_millis() / 1000;
    match state
        .payments
        .verify_webhook(headers, body, now_secs)
        .await?
    {
        WebhookOutcome::Apply(event) => apply(state, &event).await.map(|_| ()),
        WebhookOutcome::Recheck { event_id, reason } => {
            tracing::info!(provider = state.payments.name(), %event_id, %reason, "webhook: checking payouts in flight");
            for settled in payout::check_sending(state).await? {
                tracing::info!(?settled, "payout settled after a webhook");
            }
            Ok(())
        }
        WebhookOutcome::Acknowledge { event_id, reason } => {
            tracing::info!(
                provider = state.payments.name(),
                %event_id,
                %reason,
                "webhook acknowledged"
            );
            Ok(())
        }
    }
}

/// Applies one verified event to its intent; true when it settled the
/// intent (false: a replay, or the intent had settled before).
pub async fn apply(state: &AppState, event: &ProviderEvent) -> Result<bool, AppError> {
    retry_busy(|| apply_once(state, event)).await
}

async fn apply_once(state: &AppState, event: &ProviderEvent) -> Result<bool, AppError> {
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    let Some(intent) = payments::find(&mut tx, &event.intent_id).await? else {
        tracing::warn!(event_id = %event.id, intent_id = %event.intent_id, "event about no intent of ours");
        return Err(AppError::NotFound);
    };
    if event.amount_minor != intent.amount_minor
        || event.currency != state.settings.payments.currency
    {
        tracing::warn!(
            event_id = %event.id,
            intent_id = %intent.id,
            amount = event.amount_minor,
            currency = %event.currency,
            "event amount or currency differs from its intent"
        );
        return Err(AppError::invalid("body", "amount_mismatch"));
    }
    let kind = match event.kind {
        EventKind::Succeeded => "succeeded",
        EventKind::Declined => "declined",
        EventKind::Abandoned => "abandoned",
    };
    if !payments::record_event(&mut tx, &event.id, &intent.id, kind, now).await? {
        return Ok(false);
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
    Ok(settled)
}
