//! Payment providers: where money enters the platform. A provider sends the
//! payer to its checkout and later tells us the outcome in a signed webhook;
//! only that webhook moves money.
//!
//! Invariants: provider secrets come from settings or are derived from the
//! installation's signing key, never from code; every webhook is verified by
//! its provider (its own scheme) before anything in it is read, and comes out
//! as a provider-neutral `ProviderEvent`, so the intents, the ledger and the
//! event deduplication (`services::money::webhook`) never know which
//! provider is in use. One provider per deployment (`payments.provider`):
//! a payer never chooses, and one set of keys is all an operator manages.

pub mod alipay;
pub mod outgoing;
pub mod sandbox;
pub mod signature;
pub mod stripe;

use crate::domain::AppError;
use http::HeaderMap;
use serde::{Deserialize, Serialize};

pub use outgoing::{Destination, MoneyOut, MoneyOutResult, PaymentRef};

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

/// A verified report about one payment, whatever provider sent it (the
/// sandbox's webhook body has exactly this shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderEvent {
    /// Unique per event: a redelivery carries the same id.
    pub id: String,
    pub kind: EventKind,
    /// Our payment intent the event is about.
    pub intent_id: String,
    pub amount_minor: i64,
    /// ISO 4217, upper case.
    pub currency: String,
    /// Unix seconds at which the provider created the event.
    pub created: i64,
}

/// What a verified webhook asks of us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookOutcome {
    /// Apply this event to its intent.
    Apply(ProviderEvent),
    /// Something about money we sent out changed (Stripe's
    /// `charge.refunded`): ask the provider about every payout and refund
    /// still in flight (`check`), through reconciliation's code path.
    Recheck { event_id: String, reason: String },
    /// Genuine, but nothing for us to do (an event type we do not act on, or
    /// a payment still under way): acknowledged so the provider stops
    /// resending it.
    Acknowledge { event_id: String, reason: String },
}

/// A checkout to open for one pending intent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckoutRequest {
    /// Our intent id: the provider's idempotency key and its reference back.
    pub intent_id: String,
    pub amount_minor: i64,
    /// ISO 4217, upper case (each adapter writes it as its API wants).
    pub currency: String,
    /// What the payer sees they are paying for.
    pub description: String,
    /// Absolute URLs the provider returns the payer to.
    pub success_url: String,
    pub cancel_url: String,
    /// The payer is on a phone: a provider with a mobile checkout opens
    /// that one (Alipay's 手机网站支付, `alipay.trade.wap.pay`).
    pub on_phone: bool,
}

/// A checkout the provider opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// Where to send the payer.
    pub url: String,
    /// The provider's id for it (a Stripe Checkout Session), kept for
    /// looking the payment up later.
    pub provider_ref: Option<String>,
}

/// The provider a deployment takes payments through.
#[async_trait::async_trait]
pub trait PaymentProvider: Send + Sync {
    /// The name in webhook URLs (`/payments/webhook/{name}`) and logs.
    fn name(&self) -> &'static str;

    /// The body the provider expects once a delivery is taken in (Alipay
    /// wants the text `success`); empty: `204 No Content`.
    fn webhook_acknowledgement(&self) -> &'static str {
        ""
    }

    /// The origin of the provider's checkout page when it is not ours:
    /// the pages' `form-action` must allow the redirect there.
    fn checkout_origin(&self) -> Option<&str> {
        None
    }

    /// Where to send the payer to pay `request`. For a real provider this is
    /// an outgoing call keyed by the intent id, so repeating it for the same
    /// intent opens no second payment. Failures are client-safe `AppError`s
    /// (never a provider message or a secret).
    async fn create_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, AppError>;

    /// Verifies one webhook delivery with the provider's own scheme and
    /// reads it: `Unauthorized` for a bad signature, `Invalid` for a stale
    /// or malformed one.
    async fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now_secs: i64,
    ) -> Result<WebhookOutcome, AppError>;

    /// The provider's view of one payment, for reconciliation: a settled
    /// outcome as the event its webhook would have carried, or `None`
    /// while it is open or unknown to the provider.
    async fn look_up(&self, _payment: &PaymentRef) -> Result<Option<ProviderEvent>, AppError> {
        Ok(None)
    }

    /// Whether money to `destination` leaves through the provider; if not,
    /// an admin pays it by hand and marks the withdrawal paid.
    fn sends(&self, _destination: &Destination) -> bool {
        false
    }

    /// Sends a payout or refund keyed by `out.key`. `Err` only when nothing
    /// was asked of the provider; a call whose answer was lost is `InFlight`.
    async fn send(&self, _out: &MoneyOut) -> Result<MoneyOutResult, AppError> {
        Err(AppError::Unavailable("payout_unavailable".to_owned()))
    }

    /// Asks where a payout or refund sent before stands (never resends it).
    async fn check(&self, _out: &MoneyOut) -> Result<MoneyOutResult, AppError> {
        Ok(MoneyOutResult::InFlight)
    }
}
