//! A contract stand-in for Stripe's API: a small axum server on 127.0.0.1
//! (random port, set as `payments.stripe_api_base`) that records every
//! request for the test to assert, and answers `POST /v1/checkout/sessions`
//! with a body shaped like Stripe's documented Checkout Session object
//! (<https://docs.stripe.com/api/checkout/sessions/object>), the same
//! session again for a repeated `Idempotency-Key`
//! (<https://docs.stripe.com/api/idempotent_requests>). It can be told to
//! answer Stripe's error shape (<https://docs.stripe.com/api/errors>) or to
//! hang. It also makes the webhook events Stripe would send about its
//! sessions (<https://docs.stripe.com/api/events/object>), signed as
//! Stripe signs them.
//!
//! The field names here are written out from the documentation, not taken
//! from the adapter, so the two are checked against each other.

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
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
    pub authorization: Option<String>,
    pub idempotency_key: Option<String>,
    pub content_type: Option<String>,
    pub form: HashMap<String, String>,
}

/// How the next session creations are answered.
#[derive(Debug, Clone)]
pub enum Behaviour {
    Normal,
    /// This status and Stripe's error body with this type and code.
    Error(u16, &'static str, &'static str),
    /// No answer at all (longer than the adapter waits), then normal again.
    HangOnce,
}

#[derive(Default)]
struct Inner {
    requests: Vec<Recorded>,
    /// Sessions by idempotency key.
    sessions: HashMap<String, Value>,
    behaviour: Option<Behaviour>,
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
                answer(shared.clone(), method, uri, headers, body)
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
        self.inner.lock().expect("lock").sessions[intent_id].clone()
    }

    /// The body of an Event of `kind` about the session of `intent_id`,
    /// with `change` applied to the session (payment_status, amount...).
    pub fn event(&self, kind: &str, intent_id: &str, change: impl FnOnce(&mut Value)) -> Vec<u8> {
        let mut session = self.session(intent_id);
        session["status"] = json!("complete");
        session["payment_status"] = json!("paid");
        session["url"] = Value::Null;
        change(&mut session);
        let event = json!({
            "id": format!("evt_{}", uuid::Uuid::new_v4().simple()),
            "object": "event",
            "api_version": "2025-04-30.basil",
            "created": now_secs(),
            "livemode": false,
            "pending_webhooks": 1,
            "request": { "id": null, "idempotency_key": null },
            "type": kind,
            "data": { "object": session },
        });
        serde_json::to_vec(&event).expect("json")
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

pub fn now_secs() -> i64 {
    bounty::server::auth::now_millis() / 1000
}

fn error(status: u16, kind: &str, code: &str, message: &str) -> Response {
    let body = json!({ "error": { "type": kind, "code": code, "message": message,
        "doc_url": format!("https://docs.stripe.com/error-codes/{code}") } });
    let status = StatusCode::from_u16(status).expect("status");
    (status, axum::Json(body)).into_response()
}

async fn answer(
    inner: Arc<Mutex<Inner>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let recorded = Recorded {
        method: method.to_string(),
        path: uri.path().to_owned(),
        authorization: header("authorization"),
        idempotency_key: header("idempotency-key"),
        content_type: header("content-type"),
        form: form.clone(),
    };
    let behaviour = {
        let mut inner = inner.lock().expect("lock");
        inner.requests.push(recorded.clone());
        let behaviour = inner.behaviour.clone().unwrap_or(Behaviour::Normal);
        if matches!(behaviour, Behaviour::HangOnce) {
            inner.behaviour = None;
        }
        behaviour
    };
    if recorded.method != "POST" || recorded.path != "/v1/checkout/sessions" {
        return error(
            404,
            "invalid_request_error",
            "resource_missing",
            "Unrecognized request URL",
        );
    }
    if recorded.authorization.as_deref() != Some(&format!("Bearer {SECRET_KEY}")) {
        return error(
            401,
            "invalid_request_error",
            "api_key_invalid",
            "Invalid API Key provided",
        );
    }
    match behaviour {
        Behaviour::Error(status, kind, code) => {
            return error(status, kind, code, "refused by the stand-in");
        }
        Behaviour::HangOnce => {
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
        }
        Behaviour::Normal => {}
    }
    let key = recorded.idempotency_key.clone().unwrap_or_default();
    let mut inner = inner.lock().expect("lock");
    let session = inner.sessions.entry(key).or_insert_with(|| {
        let id = format!("cs_test_{}", uuid::Uuid::new_v4().simple());
        let field = |name: &str| form.get(name).cloned().unwrap_or_default();
        json!({
            "id": id,
            "object": "checkout.session",
            "url": format!("https://checkout.stripe.com/c/pay/{id}"),
            "mode": field("mode"),
            "client_reference_id": field("client_reference_id"),
            "metadata": { "intent_id": field("metadata[intent_id]") },
            "amount_total": field("line_items[0][price_data][unit_amount]").parse::<i64>().ok(),
            "amount_subtotal": field("line_items[0][price_data][unit_amount]").parse::<i64>().ok(),
            "currency": field("line_items[0][price_data][currency]"),
            "payment_status": "unpaid",
            "status": "open",
            "success_url": field("success_url"),
            "cancel_url": field("cancel_url"),
            "created": now_secs(),
            "expires_at": now_secs() + 24 * 3600,
            "livemode": false,
        })
    });
    axum::Json(session.clone()).into_response()
}
