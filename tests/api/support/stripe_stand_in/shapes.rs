//! Stripe's answer shapes the stand-in shares: an error
//! (<https://docs.stripe.com/api/errors>), a reused idempotency key
//! (<https://docs.stripe.com/api/idempotent_requests>) and a page of a list
//! (<https://docs.stripe.com/api/pagination>).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashMap;

/// Stripe's error answer.
pub(super) fn error(status: u16, kind: &str, code: &str, message: &str) -> Response {
    let body = json!({ "error": { "type": kind, "code": code, "message": message,
        "doc_url": format!("https://docs.stripe.com/error-codes/{code}") } });
    let status = StatusCode::from_u16(status).expect("status");
    (status, axum::Json(body)).into_response()
}

/// A repeated key with another form, as Stripe refuses it.
pub(super) fn key_reused() -> Response {
    error(
        400,
        "idempotency_error",
        "idempotency_key_in_use",
        "Keys for idempotent requests can only be used with the same parameters they were first used with.",
    )
}

/// A page of `objects` (newest first) as Stripe's list object, after the
/// object `starting_after` names.
pub(super) fn list(url: &str, objects: Vec<Value>, query: &HashMap<String, String>) -> Response {
    let limit = query
        .get("limit")
        .and_then(|limit| limit.parse::<usize>().ok())
        .unwrap_or(10)
        .clamp(1, 100);
    let start = query
        .get("starting_after")
        .and_then(|after| {
            objects
                .iter()
                .position(|object| object["id"] == after.as_str())
        })
        .map_or(0, |at| at + 1);
    let rest: Vec<Value> = objects.into_iter().skip(start).collect();
    let has_more = rest.len() > limit;
    let data: Vec<Value> = rest.into_iter().take(limit).collect();
    let body = json!({ "object": "list", "url": url, "has_more": has_more, "data": data });
    axum::Json(body).into_response()
}
