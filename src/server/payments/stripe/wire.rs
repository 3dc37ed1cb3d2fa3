//! Stripe's documented names, in one place: the form fields of
//! `POST /v1/checkout/sessions`, and the JSON shapes of a Checkout Session,
//! an error and an event, as far as we read them. Sources:
//! <https://docs.stripe.com/api/checkout/sessions/create>,
//! <https://docs.stripe.com/api/checkout/sessions/object>,
//! <https://docs.stripe.com/api/errors>,
//! <https://docs.stripe.com/api/events/object> and
//! <https://docs.stripe.com/checkout/fulfillment>.
//!
//! Invariants: requests are form-encoded with Stripe's bracket notation for
//! nested fields; amounts are integers in the currency's smallest unit;
//! currency codes are lower case on the wire; fields we do not read are
//! not declared (serde skips them), so Stripe adding fields breaks nothing.

use super::super::CheckoutRequest;
use serde::Deserialize;
use std::collections::HashMap;

/// Where Stripe-hosted Checkout pages live (the sessions' `url`).
pub const CHECKOUT_ORIGIN: &str = "https://checkout.stripe.com";

/// `POST` here creates a Checkout Session.
pub const CHECKOUT_SESSIONS: &str = "/v1/checkout/sessions";

/// The form of a one-off payment of `request` with one line item whose
/// price is given inline; our intent id as `client_reference_id` and as
/// metadata, so every event about the session names it.
pub fn checkout_form(request: &CheckoutRequest) -> Vec<(&'static str, String)> {
    vec![
        ("mode", "payment".to_owned()),
        (
            "line_items[0][price_data][currency]",
            request.currency.to_ascii_lowercase(),
        ),
        (
            "line_items[0][price_data][unit_amount]",
            request.amount_minor.to_string(),
        ),
        (
            "line_items[0][price_data][product_data][name]",
            request.description.clone(),
        ),
        ("line_items[0][quantity]", "1".to_owned()),
        ("client_reference_id", request.intent_id.clone()),
        ("metadata[intent_id]", request.intent_id.clone()),
        ("success_url", request.success_url.clone()),
        ("cancel_url", request.cancel_url.clone()),
    ]
}

/// A Checkout Session: the answer to its creation, and the `data.object` of
/// the `checkout.session.*` events.
#[derive(Debug, Clone, Deserialize)]
pub struct Session {
    pub id: String,
    /// Where to send the payer; present while the session is open.
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub client_reference_id: Option<String>,
    #[serde(default)]
    pub metadata: Option<HashMap<String, String>>,
    #[serde(default)]
    pub amount_total: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
    /// `paid`, `unpaid` or `no_payment_required`.
    #[serde(default)]
    pub payment_status: Option<String>,
}

/// Every error answer: `{"error": {"type", "code", "message", ...}}`.
#[derive(Debug, Clone, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ErrorDetail {
    /// `api_error`, `card_error`, `idempotency_error` or `invalid_request_error`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
}

/// A webhook body: an Event whose `data.object` depends on its `type`.
#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    /// `evt_...`: the same on every redelivery.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub created: i64,
    pub data: EventData,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EventData {
    pub object: serde_json::Value,
}

/// The event types we act on (the fulfillment guide's list).
pub const SESSION_COMPLETED: &str = "checkout.session.completed";
pub const SESSION_ASYNC_SUCCEEDED: &str = "checkout.session.async_payment_succeeded";
pub const SESSION_ASYNC_FAILED: &str = "checkout.session.async_payment_failed";
pub const SESSION_EXPIRED: &str = "checkout.session.expired";
/// `payment_status` once the money is there.
pub const PAID: &str = "paid";
/// The metadata key carrying our intent id.
pub const INTENT_METADATA: &str = "intent_id";
