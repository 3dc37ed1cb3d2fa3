//! A contract stand-in for Stripe's API: a small axum server on 127.0.0.1
//! (random port, set as `payments.stripe_api_base`) that records every
//! request for the test to assert and answers, in the shapes of Stripe's
//! documented objects:
//!
//! - Checkout Sessions (`sessions.rs`): `POST /v1/checkout/sessions`,
//!   `GET /v1/checkout/sessions/{id}` and the list
//!   `GET /v1/checkout/sessions?created[gte]=..`;
//! - refunds (`refunds.rs`): `POST /v1/refunds` and
//!   `GET /v1/refunds?payment_intent=..`.
//!
//! As Stripe does (<https://docs.stripe.com/api/idempotent_requests>), a
//! repeated `Idempotency-Key` with the same form gets the first answer
//! again, and with another form a `400 idempotency_error`. Creations can be
//! told to answer Stripe's error shape (<https://docs.stripe.com/api/errors>)
//! or to hang past the client's deadline; the test sets where each session
//! and refund stands. It also makes the webhook events Stripe would send
//! (<https://docs.stripe.com/api/events/object>), signed as Stripe signs
//! them (`events.rs`).
//!
//! The field names here are written out from the documentation, not taken
//! from the adapter, so the two are checked against each other.

mod events;
mod refunds;
mod routes;
mod sessions;
mod shapes;

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Uri};
use bounty::server::config::{PaymentProvider, Settings};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const SECRET_KEY: &str = "sk_test_stand_in_secret_key";
pub const WEBHOOK_SECRET: &str = "whsec_stand_in_endpoint_secret";

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: HashMap<String, String>,
    pub authorization: Option<String>,
    pub idempotency_key: Option<String>,
    pub content_type: Option<String>,
    pub form: HashMap<String, String>,
}

/// How the next creations (`POST`s) are answered; reads are never affected.
#[derive(Debug, Clone)]
pub enum Behaviour {
    Normal,
    /// This status and Stripe's error body with this type and code.
    Error(u16, &'static str, &'static str),
    /// No answer in time (longer than the adapter waits), then normal
    /// again. A session is not made; a refund is made first, so only the
    /// answer is lost.
    HangOnce,
}

/// Where a test puts a Checkout Session.
#[derive(Debug, Clone, Copy)]
pub enum SessionState {
    /// Paid: `complete`, `paid`, with its PaymentIntent.
    Paid,
    /// A delayed payment method under way: `complete`, `unpaid`.
    Unpaid,
    /// Never paid, and no longer payable.
    Expired,
}

/// A creation kept for its idempotency key: the form it came with.
struct Stored {
    key: String,
    form: HashMap<String, String>,
    object: Value,
}

#[derive(Default)]
struct Inner {
    requests: Vec<Recorded>,
    /// In creation order.
    sessions: Vec<Stored>,
    refunds: Vec<Stored>,
    behaviour: Option<Behaviour>,
    /// The status new refunds get (`succeeded` when unset).
    refund_status: Option<&'static str>,
}

#[derive(Clone)]
pub struct StripeStandIn {
    pub base_url: String,
    inner: Arc<Mutex<Inner>>,
}

impl StripeStandIn {
    pub async fn start() -> StripeStandIn {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let inner = Arc::new(Mutex::new(Inner::default()));
        let shared = inner.clone();
        let router = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                routes::answer(shared.clone(), method, uri, headers, body)
            },
        );
        tokio::spawn(async move { axum::serve(listener, router).await });
        StripeStandIn { base_url, inner }
    }

    /// Points `settings` at this stand-in, with its keys.
    pub fn configure(&self, settings: &mut Settings) {
        settings.payments.provider = PaymentProvider::Stripe;
        settings.payments.stripe_api_base = self.base_url.clone();
        settings.secrets.stripe_secret_key = Some(SECRET_KEY.into());
        settings.secrets.stripe_webhook_secret = Some(WEBHOOK_SECRET.into());
    }

    pub fn behave(&self, behaviour: Behaviour) {
        self.inner.lock().expect("lock").behaviour = Some(behaviour);
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.lock().expect("lock").requests.clone()
    }

    /// The session made for our intent (its idempotency key).
    pub fn session(&self, intent_id: &str) -> Value {
        let inner = self.inner.lock().expect("lock");
        let stored = inner.sessions.iter().find(|stored| stored.key == intent_id);
        stored.expect("a session for the intent").object.clone()
    }

    /// Puts the session of `intent_id` in `state`, as the payer's actions
    /// and Stripe's clock would.
    pub fn set_session(&self, intent_id: &str, state: SessionState) {
        let mut inner = self.inner.lock().expect("lock");
        let stored = inner
            .sessions
            .iter_mut()
            .find(|stored| stored.key == intent_id);
        sessions::settle(&mut stored.expect("a session").object, state);
    }

    /// The status refunds made from now on get (`pending`, `failed`...).
    pub fn next_refund_status(&self, status: &'static str) {
        self.inner.lock().expect("lock").refund_status = Some(status);
    }

    /// Every refund made, oldest first.
    pub fn refunds(&self) -> Vec<Value> {
        let inner = self.inner.lock().expect("lock");
        inner
            .refunds
            .iter()
            .map(|stored| stored.object.clone())
            .collect()
    }

    /// Moves refund `id` to `status`, as the card network would.
    pub fn set_refund(&self, id: &str, status: &str, failure_reason: Option<&str>) {
        let mut inner = self.inner.lock().expect("lock");
        let stored = inner
            .refunds
            .iter_mut()
            .find(|stored| stored.object["id"] == id);
        let refund = &mut stored.expect("the refund").object;
        refund["status"] = json!(status);
        refund["failure_reason"] = json!(failure_reason);
    }
}

pub fn now_secs() -> i64 {
    bounty::server::auth::now_millis() / 1000
}
