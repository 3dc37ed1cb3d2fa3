//! Stripe, the card provider (issue 24): Checkout Sessions for top-ups
//! (`client.rs`, `wire.rs`, amounts in Stripe's units by `amounts.rs`),
//! their webhook events (`events.rs`, verified with the `Stripe-Signature`
//! scheme of `signature.rs`), looking a payment up for reconciliation
//! (`lookup.rs`, `sessions.rs`) and refunds back to the card
//! (`refunds.rs`, `wire_refunds.rs`).
//!
//! Payouts to a solver's own account do not go through Stripe: an admin
//! pays them and marks them paid (`sends` is false for them). Paying out
//! through Stripe means Connect: the platform approved for Connect, every
//! solver onboarded through Stripe-hosted account links with its identity
//! checks, and a connected account per country. None of that can be
//! exercised from here, and a half-built Connect is worse than an honest
//! manual payout.
//!
//! Invariant: both secrets come from the environment only
//! (`secrets.stripe_secret_key`, `secrets.stripe_webhook_secret`) and are
//! never logged; the webhook secret is used as Stripe's libraries use it,
//! the whole `whsec_...` string as bytes.

pub mod amounts;
pub mod client;
pub mod events;
pub mod lookup;
pub mod refunds;
pub mod sessions;
pub mod signature;
pub mod wire;
pub mod wire_refunds;

use super::{
    Checkout, CheckoutRequest, Destination, MoneyOut, MoneyOutResult, PaymentProvider, PaymentRef,
    ProviderEvent, WebhookOutcome,
};
use crate::domain::AppError;
use crate::server::auth::now_millis;
use http::HeaderMap;

fn no_payout() -> AppError {
    AppError::Unavailable("payout_unavailable".to_owned())
}

pub struct Stripe {
    client: client::Client,
    webhook_secret: Vec<u8>,
}

impl Stripe {
    pub fn new(api_base: &str, secret_key: &str, webhook_secret: &str) -> anyhow::Result<Stripe> {
        Ok(Stripe {
            client: client::Client::new(api_base, secret_key)?,
            webhook_secret: webhook_secret.as_bytes().to_vec(),
        })
    }
}

#[async_trait::async_trait]
impl PaymentProvider for Stripe {
    fn name(&self) -> &'static str {
        "stripe"
    }

    /// Where Checkout Session URLs point (`wire::Session::url`).
    fn checkout_origin(&self) -> Option<&str> {
        Some(wire::CHECKOUT_ORIGIN)
    }

    async fn create_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, AppError> {
        let session = self.client.create_session(request).await?;
        tracing::info!(intent_id = %request.intent_id, session = %session.id, "Stripe checkout session");
        // `create_session` only returns sessions that have one.
        let url = session
            .url
            .ok_or_else(|| AppError::Unavailable("payment_unavailable".to_owned()))?;
        Ok(Checkout {
            url,
            provider_ref: Some(session.id),
        })
    }

    async fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now_secs: i64,
    ) -> Result<WebhookOutcome, AppError> {
        events::read(&self.webhook_secret, headers, body, now_secs)
    }

    async fn look_up(&self, payment: &PaymentRef) -> Result<Option<ProviderEvent>, AppError> {
        lookup::look_up(&self.client, payment, now_millis() / 1000).await
    }

    /// Refunds only; payouts stay manual (see the module's doc).
    fn sends(&self, destination: &Destination) -> bool {
        matches!(destination, Destination::Refund(_))
    }

    async fn send(&self, out: &MoneyOut) -> Result<MoneyOutResult, AppError> {
        match &out.destination {
            Destination::Refund(payment) => refunds::send(&self.client, out, payment).await,
            Destination::Account { .. } => Err(no_payout()),
        }
    }

    async fn check(&self, out: &MoneyOut) -> Result<MoneyOutResult, AppError> {
        match &out.destination {
            Destination::Refund(payment) => refunds::check(&self.client, out, payment).await,
            Destination::Account { .. } => Err(no_payout()),
        }
    }
}
