//! Stripe, the card provider (issue 24): Checkout Sessions for top-ups
//! (`client.rs`, `wire.rs`) and their webhook events (`events.rs`, verified
//! with the `Stripe-Signature` scheme of `signature.rs`). Refunds and payouts
//! join them as their own files.
//!
//! Invariant: both secrets come from the environment only
//! (`secrets.stripe_secret_key`, `secrets.stripe_webhook_secret`) and are
//! never logged; the webhook secret is used as Stripe's libraries use it,
//! the whole `whsec_...` string as bytes.

pub mod client;
pub mod events;
pub mod signature;
pub mod wire;

use super::{CheckoutRequest, PaymentProvider, WebhookOutcome};
use crate::domain::AppError;
use http::HeaderMap;

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

    async fn create_checkout(&self, request: &CheckoutRequest) -> Result<String, AppError> {
        let session = self.client.create_session(request).await?;
        tracing::info!(intent_id = %request.intent_id, session = %session.id, "Stripe checkout session");
        // `create_session` only returns sessions that have one.
        session
            .url
            .ok_or_else(|| AppError::Unavailable("payment_unavailable".to_owned()))
    }

    async fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now_secs: i64,
    ) -> Result<WebhookOutcome, AppError> {
        events::read(&self.webhook_secret, headers, body, now_secs)
    }
}
