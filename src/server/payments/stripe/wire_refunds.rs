//! Stripe's documented names for refunds, in one place: the form of
//! `POST /v1/refunds` (<https://docs.stripe.com/api/refunds/create>), the
//! query of `GET /v1/refunds` (<https://docs.stripe.com/api/refunds/list>),
//! the Refund object (<https://docs.stripe.com/api/refunds/object>) and the
//! event types about refunds (<https://docs.stripe.com/api/events/types>).
//!
//! Invariants: the withdrawal's key travels as `metadata[withdrawal]`, so
//! a refund can be found again by key when its answer was lost (Stripe has
//! no lookup by idempotency key); the amount is already Stripe's
//! (`amounts::to_stripe`).

use super::wire::PAGE_LIMIT;
use serde::Deserialize;
use std::collections::HashMap;

/// `POST` creates a refund, `GET` lists them.
pub const REFUNDS: &str = "/v1/refunds";

/// The metadata key carrying the withdrawal's key (`MoneyOut::key`).
pub const WITHDRAWAL_METADATA: &str = "withdrawal";

/// A refund of `amount` (Stripe's unit) of the payment `payment_intent`,
/// tagged with our withdrawal `key`.
pub fn refund_form(payment_intent: &str, amount: i64, key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("payment_intent", payment_intent.to_owned()),
        ("amount", amount.to_string()),
        ("reason", "requested_by_customer".to_owned()),
        ("metadata[withdrawal]", key.to_owned()),
    ]
}

/// One page of the refunds of `payment_intent`, newest first.
pub fn refund_list_query(
    payment_intent: &str,
    starting_after: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut query = vec![
        ("payment_intent", payment_intent.to_owned()),
        ("limit", PAGE_LIMIT.to_owned()),
    ];
    if let Some(last) = starting_after {
        query.push(("starting_after", last.to_owned()));
    }
    query
}

/// A Refund, as far as we read it.
#[derive(Debug, Clone, Deserialize)]
pub struct Refund {
    /// `re_...`.
    pub id: String,
    /// `pending`, `requires_action`, `succeeded`, `failed` or `canceled`.
    pub status: String,
    #[serde(default)]
    pub metadata: Option<HashMap<String, String>>,
    /// Why a `failed` refund failed (`expired_or_canceled_card`, ...).
    #[serde(default)]
    pub failure_reason: Option<String>,
}

impl Refund {
    /// The withdrawal key it carries, if it is one of ours.
    pub fn withdrawal(&self) -> Option<&str> {
        self.metadata
            .as_ref()?
            .get(WITHDRAWAL_METADATA)
            .map(String::as_str)
    }
}

pub const SUCCEEDED: &str = "succeeded";
pub const PENDING: &str = "pending";
pub const REQUIRES_ACTION: &str = "requires_action";
pub const FAILED: &str = "failed";
pub const CANCELED: &str = "canceled";

/// Event types after which refunds in flight may have settled: a charge
/// refunded (in full or in part, sent when a refund is made),
/// and a refund changing status or failing later (a card refund can fail
/// days after it was accepted).
pub const CHARGE_REFUNDED: &str = "charge.refunded";
pub const REFUND_UPDATED: &str = "refund.updated";
pub const REFUND_FAILED: &str = "refund.failed";
