//! `POST /payments/webhook/{provider}`: where the configured provider
//! reports payments. Public (the provider has no session); the provider's
//! own signature scheme is the authentication (`PaymentProvider::verify_webhook`).
//!
//! Invariants: only the configured provider's name is served; any other is
//! 404, so a deployment on Stripe cannot be fed sandbox-signed events; the
//! provider's acknowledgement (Alipay's `success`, which stops its resends)
//! is answered only after `webhook::receive` succeeded (the event committed,
//! found already recorded, or genuine with nothing to do); a refused (4xx)
//! or failed (5xx) delivery gets its error body, never the acknowledgement,
//! so the provider sends it again.

use crate::domain::AppError;
use crate::server::services::money::webhook;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn webhook(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if provider != state.payments.name() {
        return AppError::NotFound.into_response();
    }
    let received = webhook::receive(&state, &headers, &body).await;
    let outcome = match &received {
        Ok(()) => "accepted",
        Err(error) if error.status_code() < 500 => "refused",
        Err(_) => "failed",
    };
    metrics::counter!(crate::server::metrics::PAYMENT_WEBHOOKS, "provider" => state.payments.name(), "outcome" => outcome).increment(1);
    match received {
        Ok(()) => match state.payments.webhook_acknowledgement() {
            "" => StatusCode::NO_CONTENT.into_response(),
            text => (StatusCode::OK, text).into_response(),
        },
        Err(error) => error.into_response(),
    }
}
