//! The built-in sandbox provider: no real money. Its checkout page (approve,
//! decline, abandon; `server/http/sandbox.rs`) delivers a signed, timestamped
//! event to the webhook exactly as a real provider would, so the same
//! verification, deduplication and crediting run.
//!
//! Invariant: the webhook secret is derived from the installation's signing
//! key (HMAC with a fixed label), so it is never stored or compiled in, and
//! every instance of one installation derives the same one.

use super::signature::{self, SignatureError};
use super::{
    Checkout, CheckoutRequest, Destination, EventKind, MoneyOut, MoneyOutResult, PaymentProvider,
    ProviderEvent, WebhookOutcome,
};
use crate::domain::AppError;
use hmac::{Hmac, Mac};
use http::{HeaderMap, HeaderValue};
use sha2::Sha256;

pub struct Sandbox {
    webhook_secret: Vec<u8>,
}

impl Sandbox {
    pub fn new(signing_key: &[u8]) -> Sandbox {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(signing_key)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"));
        mac.update(b"bounty payments sandbox webhook v1");
        Sandbox {
            webhook_secret: mac.finalize().into_bytes().to_vec(),
        }
    }

    /// The event the checkout sends for the payer's decision, signed.
    pub fn event(
        &self,
        kind: EventKind,
        intent_id: &str,
        amount_minor: i64,
        currency: &str,
        now_secs: i64,
    ) -> (String, Vec<u8>) {
        let event = ProviderEvent {
            id: format!("evt_{}", uuid::Uuid::new_v4().simple()),
            kind,
            intent_id: intent_id.to_owned(),
            amount_minor,
            currency: currency.to_owned(),
            created: now_secs,
        };
        // Serialising a struct of strings and integers cannot fail.
        let body = serde_json::to_vec(&event).unwrap_or_default();
        let header = signature::sign(&self.webhook_secret, now_secs, &body);
        (header, body)
    }

    /// The secret webhooks are signed with (tests sign their own events).
    pub fn webhook_secret(&self) -> &[u8] {
        &self.webhook_secret
    }

    /// The headers a delivery of `signature` carries.
    pub fn headers(signature: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        // The header is ASCII we made (`t=...,v1=<hex>`); an invalid one
        // simply goes missing and the delivery is refused as unsigned.
        if let Ok(value) = HeaderValue::from_str(signature) {
            headers.insert(signature::HEADER, value);
        }
        headers
    }
}

#[async_trait::async_trait]
impl PaymentProvider for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    /// The sandbox's own page (`server/http/sandbox.rs`): no call to make,
    /// and it returns the payer itself, so the URLs are not needed.
    async fn create_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, AppError> {
        Ok(Checkout {
            url: format!("/sandbox/checkout/{}", request.intent_id),
            provider_ref: None,
        })
    }

    /// Refunds are the sandbox's to simulate (nothing real to send back);
    /// payouts to accounts stay an admin's, as with a provider without them.
    fn sends(&self, destination: &Destination) -> bool {
        matches!(destination, Destination::Refund(_))
    }

    /// A refund "arrives" at once; the reference names its key.
    async fn send(&self, out: &MoneyOut) -> Result<MoneyOutResult, AppError> {
        match out.destination {
            Destination::Refund(_) => Ok(MoneyOutResult::Succeeded {
                reference: format!("sandbox-refund-{}", out.key),
            }),
            Destination::Account { .. } => {
                Err(AppError::Unavailable("payout_unavailable".to_owned()))
            }
        }
    }

    async fn check(&self, out: &MoneyOut) -> Result<MoneyOutResult, AppError> {
        self.send(out).await
    }

    async fn verify_webhook(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        now_secs: i64,
    ) -> Result<WebhookOutcome, AppError> {
        let header = headers
            .get(signature::HEADER)
            .and_then(|value| value.to_str().ok());
        signature::verify(&self.webhook_secret, header, body, now_secs).map_err(
            |error| match error {
                SignatureError::Stale => AppError::invalid("signature", "stale"),
                _ => AppError::Unauthorized,
            },
        )?;
        let event: ProviderEvent =
            serde_json::from_slice(body).map_err(|_| AppError::invalid("body", "malformed"))?;
        Ok(WebhookOutcome::Apply(event))
    }
}
