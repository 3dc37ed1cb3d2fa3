//! The webhook events the stand-in makes about its sessions, charges and
//! refunds, shaped like <https://docs.stripe.com/api/events/object> and
//! signed as Stripe signs them.

use super::{StripeStandIn, WEBHOOK_SECRET, now_secs, sessions};
use serde_json::{Value, json};

impl StripeStandIn {
    /// The body of an Event of `kind` about the session of `intent_id`,
    /// with `change` applied to the session (payment_status, amount...).
    pub fn event(&self, kind: &str, intent_id: &str, change: impl FnOnce(&mut Value)) -> Vec<u8> {
        let mut session = self.session(intent_id);
        session["status"] = json!("complete");
        session["payment_status"] = json!("paid");
        session["url"] = Value::Null;
        change(&mut session);
        event_about(kind, session)
    }

    /// The body of a `charge.refunded` Event about the charge of the
    /// session of `intent_id` (<https://docs.stripe.com/api/charges/object>).
    pub fn charge_refunded_event(&self, intent_id: &str) -> Vec<u8> {
        let session = self.session(intent_id);
        let refunded: i64 = self
            .refunds()
            .iter()
            .filter(|refund| refund["payment_intent"] == session["payment_intent"])
            .filter_map(|refund| refund["amount"].as_i64())
            .sum();
        let charge = json!({
            "id": sessions::charge_of(&session),
            "object": "charge",
            "amount": session["amount_total"],
            "amount_refunded": refunded,
            "currency": session["currency"],
            "payment_intent": session["payment_intent"],
            "paid": true,
            "refunded": Some(refunded) == session["amount_total"].as_i64(),
            "status": "succeeded",
        });
        event_about("charge.refunded", charge)
    }

    /// An Event of `kind` about refund `id` as it stands.
    pub fn refund_event(&self, kind: &str, id: &str) -> Vec<u8> {
        let refund = self.refunds().into_iter().find(|refund| refund["id"] == id);
        event_about(kind, refund.expect("the refund"))
    }

    /// The `Stripe-Signature` header Stripe sends with `body`.
    pub fn sign(body: &[u8], timestamp: i64) -> String {
        bounty::server::payments::stripe::signature::sign(
            WEBHOOK_SECRET.as_bytes(),
            timestamp,
            body,
        )
    }
}

/// An Event whose `data.object` is `object`.
fn event_about(kind: &str, object: Value) -> Vec<u8> {
    let event = json!({
        "id": format!("evt_{}", uuid::Uuid::new_v4().simple()),
        "object": "event",
        "api_version": "2025-04-30.basil",
        "created": now_secs(),
        "livemode": false,
        "pending_webhooks": 1,
        "request": { "id": null, "idempotency_key": null },
        "type": kind,
        "data": { "object": object },
    });
    serde_json::to_vec(&event).expect("json")
}
