//! Stripe webhook deliveries into provider-neutral outcomes, as the Checkout
//! fulfillment guide (<https://docs.stripe.com/checkout/fulfillment>) and
//! the delayed-notification payment methods section describe:
//!
//! - `checkout.session.completed` with `payment_status = paid`: succeeded;
//!   with `unpaid`: the payer chose a delayed method, nothing yet (the
//!   outcome follows as one of the next two);
//! - `checkout.session.async_payment_succeeded`: succeeded;
//! - `checkout.session.async_payment_failed`: declined;
//! - `checkout.session.expired`: abandoned;
//! - every other type: acknowledged without effect.
//!
//! Invariants: nothing in the body is parsed before the `Stripe-Signature`
//! header verifies (`signature::verify`); the event id is Stripe's `evt_...`
//! (stable across redeliveries, so deduplication works); the intent is
//! `client_reference_id`, else `metadata.intent_id`; the amount is
//! `amount_total` in minor units and the currency upper-cased to ISO form.

use super::signature::{self, StripeSignatureError};
use super::wire::{self, Event, Session};
use crate::domain::AppError;
use crate::server::payments::{EventKind, ProviderEvent, WebhookOutcome};
use http::HeaderMap;

/// Verifies and reads one delivery.
pub fn read(
    secret: &[u8],
    headers: &HeaderMap,
    body: &[u8],
    now_secs: i64,
) -> Result<WebhookOutcome, AppError> {
    let header = headers
        .get(signature::HEADER)
        .and_then(|value| value.to_str().ok());
    signature::verify(
        secret,
        header,
        body,
        now_secs,
        signature::DEFAULT_TOLERANCE_SECS,
    )
    .map_err(|error| match error {
        StripeSignatureError::OutsideTolerance => AppError::invalid("signature", "stale"),
        _ => AppError::Unauthorized,
    })?;
    let event: Event =
        serde_json::from_slice(body).map_err(|_| AppError::invalid("body", "malformed"))?;
    outcome(event)
}

fn outcome(event: Event) -> Result<WebhookOutcome, AppError> {
    let ignore = |reason: &str| -> Result<WebhookOutcome, AppError> {
        Ok(WebhookOutcome::Acknowledge {
            event_id: event.id.clone(),
            reason: reason.to_owned(),
        })
    };
    let kind_of = |session: &Session| match event.kind.as_str() {
        wire::SESSION_COMPLETED if session.payment_status.as_deref() == Some(wire::PAID) => {
            Some(EventKind::Succeeded)
        }
        wire::SESSION_ASYNC_SUCCEEDED => Some(EventKind::Succeeded),
        wire::SESSION_ASYNC_FAILED => Some(EventKind::Declined),
        wire::SESSION_EXPIRED => Some(EventKind::Abandoned),
        _ => None,
    };
    if !event.kind.starts_with("checkout.session.") {
        return ignore(&format!("event type {} is not acted on", event.kind));
    }
    let session: Session = serde_json::from_value(event.data.object.clone())
        .map_err(|_| AppError::invalid("body", "malformed"))?;
    let Some(kind) = kind_of(&session) else {
        return ignore(&format!("{} with nothing to settle yet", event.kind));
    };
    let intent_id = session.client_reference_id.clone().or_else(|| {
        session
            .metadata
            .as_ref()
            .and_then(|metadata| metadata.get(wire::INTENT_METADATA).cloned())
    });
    let (Some(intent_id), Some(amount_minor), Some(currency)) =
        (intent_id, session.amount_total, session.currency.as_ref())
    else {
        return Err(AppError::invalid("body", "malformed"));
    };
    Ok(WebhookOutcome::Apply(ProviderEvent {
        id: event.id,
        kind,
        intent_id,
        amount_minor,
        currency: currency.to_ascii_uppercase(),
        created: event.created,
    }))
}
