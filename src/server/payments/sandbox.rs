//! The built-in sandbox provider: no real money. Its checkout page (approve,
//! decline, abandon; `server/http/sandbox.rs`) delivers a signed, timestamped
//! event to the webhook exactly as a real provider would, so the same
//! verification, deduplication and crediting run.
//!
//! Invariant: the webhook secret is derived from the installation's signing
//! key (HMAC with a fixed label), so it is never stored or compiled in, and
//! every instance of one installation derives the same one.

use super::signature;
use super::{EventKind, PaymentProvider, ProviderEvent};
use hmac::{Hmac, Mac};
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
}

impl PaymentProvider for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    fn checkout_url(&self, intent_id: &str) -> String {
        format!("/sandbox/checkout/{intent_id}")
    }

    fn webhook_secret(&self) -> &[u8] {
        &self.webhook_secret
    }
}
