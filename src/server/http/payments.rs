//! `POST /payments/webhook/sandbox`: where the provider reports payments.
//! Public (the provider has no session); the signature is the
//! authentication (see `services::money::webhook`).

use crate::server::payments::signature::HEADER;
use crate::server::services::money::webhook;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let signature = headers.get(HEADER).and_then(|value| value.to_str().ok());
    match webhook::receive(&state, signature, &body).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => error.into_response(),
    }
}
