//! Reconciliation's view of one top-up: its Checkout Session
//! (`sessions.rs`) read as the event its webhook would have carried
//! (<https://docs.stripe.com/api/checkout/sessions/object>):
//!
//! - `status = complete` with `payment_status = paid`: succeeded;
//! - `status = expired`: abandoned (Stripe expires an unpaid session, 24
//!   hours by default);
//! - `open`, or `complete` but `unpaid` (a delayed payment method still
//!   under way), or no session at all: nothing yet (`None`).
//!
//! Invariants: the event id is `lookup:<session id>:<outcome>`, the same on
//! every look-up of one outcome, so the event deduplication applies it
//! once, and never an `evt_...` of Stripe's; the amount is Stripe's
//! `amount_total` converted back to our minor units (`amounts.rs`), and a
//! session whose amount cannot be read is an error, never a guess.

use super::amounts;
use super::client::Client;
use super::sessions;
use super::wire::{self, Session};
use crate::domain::AppError;
use crate::server::payments::{EventKind, PaymentRef, ProviderEvent};

const UNAVAILABLE: &str = "payment_unavailable";

/// The payment's settled outcome, if it has one.
pub async fn look_up(
    client: &Client,
    payment: &PaymentRef,
    now_secs: i64,
) -> Result<Option<ProviderEvent>, AppError> {
    let unavailable = |cause: String| {
        tracing::warn!(intent_id = %payment.intent_id, %cause, "Stripe look-up failed");
        AppError::Unavailable(UNAVAILABLE.to_owned())
    };
    let Some(session) = sessions::of_payment(client, payment)
        .await
        .map_err(unavailable)?
    else {
        return Ok(None);
    };
    settled(payment, &session, now_secs).map_err(unavailable)
}

/// What `session` says about `payment`.
pub fn settled(
    payment: &PaymentRef,
    session: &Session,
    now_secs: i64,
) -> Result<Option<ProviderEvent>, String> {
    let (kind, outcome) = match (session.status.as_deref(), session.payment_status.as_deref()) {
        (Some(wire::COMPLETE), Some(wire::PAID)) => (EventKind::Succeeded, "succeeded"),
        (Some(wire::EXPIRED), _) => (EventKind::Abandoned, "abandoned"),
        _ => return Ok(None),
    };
    let (Some(total), Some(currency)) = (session.amount_total, session.currency.as_deref()) else {
        return Err(format!("session {} without an amount", session.id));
    };
    let amount_minor = amounts::from_stripe(currency, total)
        .ok_or_else(|| format!("session {}: {total} {currency} is not whole", session.id))?;
    Ok(Some(ProviderEvent {
        id: format!("lookup:{}:{outcome}", session.id),
        kind,
        intent_id: payment.intent_id.clone(),
        amount_minor,
        currency: currency.to_ascii_uppercase(),
        created: now_secs,
    }))
}
