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
//! - `charge.refunded`, `refund.updated` and `refund.failed`: a refund we
//!   sent may have settled, so every refund in flight is checked (`Recheck`)
//!   through reconciliation's path. Nothing in the event itself is taken:
//!   the check asks Stripe. `refund.created` is not among them: it only
//!   follows a refund being made, which `charge.refunded` reports too;
//! - every other type: acknowledged without effect.
//!
//! Invariants: nothing in the body is parsed before the `Stripe-Signature`
//! header verifies (`signature::verify`); the event id is Stripe's `evt_...`
//! (stable across redeliveries, so deduplication works); the intent is
//! `client_reference_id`, else `metadata.intent_id`; the amount is
//! `amount_total` converted to our minor units (`amounts.rs`; a total that
//! is not whole in them is malformed) and the currency upper-cased to ISO
//! form.

use super::amounts;
use super::signature::{self, StripeSignatureError};
use super::wire::{self, Event, Session};
use super::wire_refunds;
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
    let refund_types = [
        wire_refunds::CHARGE_REFUNDED,
        wire_refunds::REFUND_UPDATED,
        wire_refunds::REFUND_FAILED,
    ];
    if refund_types.contains(&event.kind.as_str()) {
        return Ok(WebhookOutcome::Recheck {
            reason: format!("{}: refunds in flight may have settled", event.kind),
            event_id: event.id.clone(),
        });
    }
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
    let (Some(intent_id), Some(total), Some(currency)) =
        (intent_id, session.amount_total, session.currency.as_ref())
    else {
        return Err(AppError::invalid("body", "malformed"));
    };
    let amount_minor = amounts::from_stripe(currency, total)
        .ok_or_else(|| AppError::invalid("body", "malformed"))?;
    Ok(WebhookOutcome::Apply(ProviderEvent {
        id: event.id,
        kind,
        intent_id,
        amount_minor,
        currency: currency.to_ascii_uppercase(),
        created: event.created,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, object: serde_json::Value) -> Event {
        serde_json::from_value(serde_json::json!({
            "id": "evt_1", "type": kind, "created": 1, "data": { "object": object },
        }))
        .expect("event")
    }

    #[test]
    fn refund_events_ask_for_a_recheck_whatever_their_object() {
        for kind in ["charge.refunded", "refund.updated", "refund.failed"] {
            match outcome(event(kind, serde_json::json!({ "id": "re_1" }))) {
                Ok(WebhookOutcome::Recheck { event_id, reason }) => {
                    assert_eq!(event_id, "evt_1");
                    assert!(reason.starts_with(kind), "{reason}");
                }
                other => panic!("{kind}: {other:?}"),
            }
        }
    }

    #[test]
    fn other_refund_and_charge_events_are_only_acknowledged() {
        for kind in [
            "refund.created",
            "charge.succeeded",
            "charge.dispute.created",
        ] {
            assert!(
                matches!(
                    outcome(event(kind, serde_json::json!({}))),
                    Ok(WebhookOutcome::Acknowledge { .. })
                ),
                "{kind}"
            );
        }
    }
}
