//! The stand-in's refunds, shaped like
//! <https://docs.stripe.com/api/refunds/object>: `POST /v1/refunds` of a
//! paid session's PaymentIntent (<https://docs.stripe.com/api/refunds/create>),
//! refused as Stripe refuses them (an unknown payment, more than is left,
//! nothing left), and listed by PaymentIntent, newest first
//! (<https://docs.stripe.com/api/refunds/list>).

use super::sessions::charge_of;
use super::shapes::{error, key_reused, list};
use super::{Inner, Recorded, Stored, now_secs};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::sync::{Arc, Mutex};

/// Refunds that count against what is left of a payment.
fn counts(refund: &Value) -> bool {
    !matches!(refund["status"].as_str(), Some("failed" | "canceled"))
}

pub(super) fn create(inner: &Arc<Mutex<Inner>>, recorded: &Recorded) -> Response {
    let key = recorded.idempotency_key.clone().unwrap_or_default();
    let form = &recorded.form;
    let mut inner = inner.lock().expect("lock");
    if !key.is_empty()
        && let Some(first) = inner.refunds.iter().find(|stored| stored.key == key)
    {
        if first.form != *form {
            return key_reused();
        }
        // Stripe replays the first answer, whatever happened since.
        return axum::Json(first.object.clone()).into_response();
    }
    let intent = form.get("payment_intent").cloned().unwrap_or_default();
    let Some(session) = inner
        .sessions
        .iter()
        .map(|stored| &stored.object)
        .find(|session| session["payment_intent"] == intent.as_str())
        .cloned()
    else {
        return error(
            400,
            "invalid_request_error",
            "resource_missing",
            &format!("No such payment_intent: '{intent}'"),
        );
    };
    let total = session["amount_total"].as_i64().unwrap_or(0);
    let refunded: i64 = inner
        .refunds
        .iter()
        .map(|stored| &stored.object)
        .filter(|refund| refund["payment_intent"] == intent.as_str() && counts(refund))
        .filter_map(|refund| refund["amount"].as_i64())
        .sum();
    let left = total - refunded;
    let amount = match form.get("amount").map(|amount| amount.parse::<i64>()) {
        None => left,
        Some(Ok(amount)) if amount > 0 => amount,
        Some(_) => {
            return error(
                400,
                "invalid_request_error",
                "parameter_invalid_integer",
                "Invalid amount",
            );
        }
    };
    if left <= 0 {
        return error(
            400,
            "invalid_request_error",
            "charge_already_refunded",
            "Charge has already been refunded.",
        );
    }
    if amount > left {
        return error(
            400,
            "invalid_request_error",
            "amount_too_large",
            "Refund amount is greater than unrefunded amount on charge",
        );
    }
    let metadata: Map<String, Value> = form
        .iter()
        .filter_map(|(name, value)| {
            let name = name.strip_prefix("metadata[")?.strip_suffix(']')?;
            Some((name.to_owned(), json!(value)))
        })
        .collect();
    let status = inner.refund_status.unwrap_or("succeeded");
    let object = json!({
        "id": format!("re_{}", uuid::Uuid::new_v4().simple()),
        "object": "refund",
        "amount": amount,
        "balance_transaction": format!("txn_{}", uuid::Uuid::new_v4().simple()),
        "charge": charge_of(&session),
        "created": now_secs(),
        "currency": session["currency"],
        "metadata": metadata,
        "payment_intent": intent,
        "reason": form.get("reason"),
        "receipt_number": null,
        "source_transfer_reversal": null,
        "status": status,
        "failure_reason": if status == "failed" { json!("unknown") } else { Value::Null },
        "transfer_reversal": null,
    });
    inner.refunds.push(Stored {
        key,
        form: form.clone(),
        object: object.clone(),
    });
    axum::Json(object).into_response()
}

pub(super) fn list_all(inner: &Arc<Mutex<Inner>>, recorded: &Recorded) -> Response {
    let intent = recorded.query.get("payment_intent");
    let inner = inner.lock().expect("lock");
    let objects: Vec<Value> = inner
        .refunds
        .iter()
        .rev()
        .map(|stored| stored.object.clone())
        .filter(|refund| intent.is_none_or(|intent| refund["payment_intent"] == intent.as_str()))
        .collect();
    list("/v1/refunds", objects, &recorded.query)
}
