//! Payment providers: where money enters the platform. A provider sends the
//! payer to its checkout and later tells us the outcome in a signed webhook
//! (`ProviderEvent`); only that webhook moves money.
//!
//! Invariants: provider secrets come from settings or are derived from the
//! installation's signing key, never from code; every event is verified
//! (`signature`) before it is read.

pub mod alipay;
pub mod sandbox;
pub mod signature;
pub mod stripe;

use serde::{Deserialize, Serialize};

/// What a provider reports about a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The payer paid: credit the amount.
    Succeeded,
    /// The payment was refused.
    Declined,
    /// The payer left the checkout without paying.
    Abandoned,
}

/// A webhook body, as the provider signs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderEvent {
    /// Unique per event: a redelivery carries the same id.
    pub id: String,
    pub kind: EventKind,
    /// Our payment intent the event is about.
    pub intent_id: String,
    pub amount_minor: i64,
    pub currency: String,
    /// Unix seconds at which the provider created the event.
    pub created: i64,
}

/// The provider a deployment takes payments through.
pub trait PaymentProvider: Send + Sync {
    /// The name in webhook URLs and logs.
    fn name(&self) -> &'static str;
    /// Where the payer approves the payment of `intent_id`.
    fn checkout_url(&self, intent_id: &str) -> String;
    /// The secret the provider signs webhooks with.
    fn webhook_secret(&self) -> &[u8];
}
