//! The stand-in's Checkout Sessions, shaped like
//! <https://docs.stripe.com/api/checkout/sessions/object>: made by a keyed
//! `POST`, read back by id (`GET .../{id}`) and listed newest first,
//! filtered by `created[gte]` / `created[lte]`
//! (<https://docs.stripe.com/api/checkout/sessions/list>). A session starts
//! `open` and `unpaid` without a PaymentIntent (Stripe makes one when the
//! payer confirms); the test moves it on (`settle`).

use super::shapes::{error, key_reused, list};
use super::{Inner, Recorded, SessionState, Stored, now_secs};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

pub(super) fn create(inner: &Arc<Mutex<Inner>>, recorded: &Recorded) -> Response {
    let key = recorded.idempotency_key.clone().unwrap_or_default();
    let form = &recorded.form;
    let mut inner = inner.lock().expect("lock");
    if let Some(first) = inner.sessions.iter().find(|stored| stored.key == key) {
        if first.form != *form {
            return key_reused();
        }
        return axum::Json(first.object.clone()).into_response();
    }
    let id = format!("cs_test_{}", uuid::Uuid::new_v4().simple());
    let field = |name: &str| form.get(name).cloned().unwrap_or_default();
    let amount = field("line_items[0][price_data][unit_amount]")
        .parse::<i64>()
        .ok();
    let object = json!({
        "id": id,
        "object": "checkout.session",
        "url": format!("https://checkout.stripe.com/c/pay/{id}"),
        "mode": field("mode"),
        "client_reference_id": field("client_reference_id"),
        "metadata": { "intent_id": field("metadata[intent_id]") },
        "amount_total": amount,
        "amount_subtotal": amount,
        "currency": field("line_items[0][price_data][currency]"),
        "payment_intent": null,
        "payment_status": "unpaid",
        "status": "open",
        "success_url": field("success_url"),
        "cancel_url": field("cancel_url"),
        "created": now_secs(),
        "expires_at": now_secs() + 24 * 3600,
        "livemode": false,
    });
    inner.sessions.push(Stored {
        key,
        form: form.clone(),
        object: object.clone(),
    });
    axum::Json(object).into_response()
}

pub(super) fn retrieve(inner: &Arc<Mutex<Inner>>, path: &str) -> Response {
    let id = path.trim_start_matches("/v1/checkout/sessions/");
    let inner = inner.lock().expect("lock");
    match inner
        .sessions
        .iter()
        .find(|stored| stored.object["id"] == id)
    {
        Some(stored) => axum::Json(stored.object.clone()).into_response(),
        None => error(
            404,
            "invalid_request_error",
            "resource_missing",
            &format!("No such checkout.session: '{id}'"),
        ),
    }
}

pub(super) fn list_all(inner: &Arc<Mutex<Inner>>, recorded: &Recorded) -> Response {
    let bound = |name: &str| recorded.query.get(name).and_then(|v| v.parse::<i64>().ok());
    let (from, to) = (bound("created[gte]"), bound("created[lte]"));
    let inner = inner.lock().expect("lock");
    let objects: Vec<Value> = inner
        .sessions
        .iter()
        .rev()
        .map(|stored| stored.object.clone())
        .filter(|session| {
            let created = session["created"].as_i64().unwrap_or(0);
            from.is_none_or(|from| created >= from) && to.is_none_or(|to| created <= to)
        })
        .collect();
    list("/v1/checkout/sessions", objects, &recorded.query)
}

/// Moves `session` to `state`.
pub(super) fn settle(session: &mut Value, state: SessionState) {
    session["url"] = Value::Null;
    let (status, payment_status, paying) = match state {
        SessionState::Paid => ("complete", "paid", true),
        SessionState::Unpaid => ("complete", "unpaid", true),
        SessionState::Expired => ("expired", "unpaid", false),
    };
    session["status"] = json!(status);
    session["payment_status"] = json!(payment_status);
    if paying && session["payment_intent"].is_null() {
        session["payment_intent"] = json!(format!("pi_3St{}", uuid::Uuid::new_v4().simple()));
    }
}

/// The id of the charge of a paid session.
pub(super) fn charge_of(session: &Value) -> String {
    let intent = session["payment_intent"].as_str().unwrap_or("");
    format!("ch_{}", intent.trim_start_matches("pi_"))
}
