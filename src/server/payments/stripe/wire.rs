//! Stripe's documented names, in one place: the form fields of
//! `POST /v1/checkout/sessions`, the query of its list, and the JSON shapes
//! of a Checkout Session, a list, an error and an event, as far as we read
//! them (refunds: `wire_refunds.rs`). Sources:
//! <https://docs.stripe.com/api/checkout/sessions/create>,
//! <https://docs.stripe.com/api/checkout/sessions/object>,
//! <https://docs.stripe.com/api/checkout/sessions/retrieve>,
//! <https://docs.stripe.com/api/checkout/sessions/list>,
//! <https://docs.stripe.com/api/pagination>,
//! <https://docs.stripe.com/api/errors>,
//! <https://docs.stripe.com/api/events/object> and
//! <https://docs.stripe.com/checkout/fulfillment>.
//!
//! Invariants: requests are form-encoded with Stripe's bracket notation for
//! nested fields; amounts are integers in Stripe's unit of the currency,
//! which is not always our minor unit (ISK, XOF...: `amounts.rs` converts
//! both ways, exactly or not at all); currency codes are lower case on the
//! wire; expandable fields are never expanded (a `payment_intent` is its
//! id); fields we do not read are not declared (serde skips them), so
//! Stripe adding fields breaks nothing; an id goes into a path only if it
//! is one of Stripe's plain ids (`plain_id`).

use super::super::CheckoutRequest;
use super::amounts;
use serde::Deserialize;
use std::collections::HashMap;

/// Where Stripe-hosted Checkout pages live (the sessions' `url`).
pub const CHECKOUT_ORIGIN: &str = "https://checkout.stripe.com";

/// `POST` here creates a Checkout Session, `GET` lists them, and
/// `GET .../{id}` retrieves one.
pub const CHECKOUT_SESSIONS: &str = "/v1/checkout/sessions";

/// Stripe's largest page (`limit`).
pub const PAGE_LIMIT: &str = "100";

/// The form of a one-off payment of `request` with one line item whose
/// price is given inline; our intent id as `client_reference_id` and as
/// metadata, so every event about the session names it. `None` when the
/// amount is not one Stripe can take in that currency.
pub fn checkout_form(request: &CheckoutRequest) -> Option<Vec<(&'static str, String)>> {
    let unit_amount = amounts::to_stripe(&request.currency, request.amount_minor)?;
    Some(vec![
        ("mode", "payment".to_owned()),
        (
            "line_items[0][price_data][currency]",
            request.currency.to_ascii_lowercase(),
        ),
        (
            "line_items[0][price_data][unit_amount]",
            unit_amount.to_string(),
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
    ])
}

/// The path of the session `id`, if it is a plain Stripe id.
pub fn session_path(id: &str) -> Option<String> {
    plain_id(id).then(|| format!("{CHECKOUT_SESSIONS}/{id}"))
}

/// Stripe's ids are `prefix_` and letters and digits: anything else is not
/// one and must not reach a URL path.
pub fn plain_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 255 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// One page of the sessions created in `[from, to]` (Unix seconds), newest
/// first, after `starting_after` when given.
pub fn session_list_query(
    from: i64,
    to: i64,
    starting_after: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut query = vec![
        ("created[gte]", from.to_string()),
        ("created[lte]", to.to_string()),
        ("limit", PAGE_LIMIT.to_owned()),
    ];
    if let Some(last) = starting_after {
        query.push(("starting_after", last.to_owned()));
    }
    query
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
    /// `open`, `complete` or `expired`.
    #[serde(default)]
    pub status: Option<String>,
    /// The PaymentIntent's id (`pi_...`), once the payer confirmed.
    #[serde(default)]
    pub payment_intent: Option<String>,
}

/// A page of a list: `{"object": "list", "data": [...], "has_more"}`.
#[derive(Debug, Clone, Deserialize)]
pub struct List<T> {
    pub data: Vec<T>,
    #[serde(default)]
    pub has_more: bool,
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

impl ErrorDetail {
    /// The detail of an error answer, if the body is one.
    pub fn read(body: &[u8]) -> Option<ErrorDetail> {
        serde_json::from_slice::<ErrorBody>(body)
            .map(|body| body.error)
            .ok()
    }
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
/// `status` of a session the payer finished (paid, or a delayed method
/// still under way) and of one that can no longer be paid.
pub const COMPLETE: &str = "complete";
pub const EXPIRED: &str = "expired";
/// The metadata key carrying our intent id.
pub const INTENT_METADATA: &str = "intent_id";
