//! A small typed client for Stripe: the plain `GET` and keyed `POST` every
//! call is made of, authenticated with `Authorization: Bearer <secret key>`
//! (<https://docs.stripe.com/api/authentication>), posts keyed with
//! `Idempotency-Key` (<https://docs.stripe.com/api/idempotent_requests>);
//! and the one call a top-up needs, `POST /v1/checkout/sessions`
//! (<https://docs.stripe.com/api/checkout/sessions/create>). Sessions are
//! found in `sessions.rs`, refunds made in `refunds.rs`.
//!
//! Why not async-stripe: its generated API surface takes minutes to build
//! on two cores and brings hundreds of types for the few calls we make;
//! the wire format is small and documented (`wire.rs`, `wire_refunds.rs`).
//!
//! Invariants: the secret key only ever goes into the (sensitive-marked)
//! Authorization header: it is not in `Debug`, logs or errors; every call
//! has a deadline (`TIMEOUT`); Stripe's answer never reaches the payer as
//! is: refusals of the payment become `payment_refused` (422), an amount
//! Stripe cannot take in the currency `too_many_decimals` (422), everything
//! else (our key refused, rate limits, Stripe's faults, timeouts) becomes
//! `payment_unavailable` (503), never a 500, with the cause logged.

use super::wire::{self, ErrorDetail, Session};
use crate::domain::AppError;
use crate::server::payments::CheckoutRequest;
use reqwest::StatusCode;
use reqwest::{RequestBuilder, Response};
use std::time::Duration;

/// The longest a call may take: a checkout creation before the payer is
/// told to retry, a refund before it counts as in flight.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Stripe's answer, whole: its status and body. A transport error instead
/// (`reqwest::Error`) means no answer, or one cut off, and says nothing
/// about whether Stripe acted.
pub type Reply = (StatusCode, bytes::Bytes);

const UNAVAILABLE: &str = "payment_unavailable";

pub struct Client {
    http: reqwest::Client,
    api_base: String,
    secret_key: String,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("stripe::Client")
            .field("api_base", &self.api_base)
            .field("secret_key", &"<redacted>")
            .finish()
    }
}

impl Client {
    pub fn new(api_base: &str, secret_key: &str) -> anyhow::Result<Client> {
        let http = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .build()?;
        Ok(Client {
            http,
            api_base: api_base.trim_end_matches('/').to_owned(),
            secret_key: secret_key.to_owned(),
        })
    }

    /// `GET path?query`.
    pub async fn get(
        &self,
        path: &str,
        query: &[(&'static str, String)],
    ) -> Result<Reply, reqwest::Error> {
        let request = self
            .http
            .get(format!("{}{path}", self.api_base))
            .bearer_auth(&self.secret_key)
            .query(query);
        whole(request).await
    }

    /// `POST path` with `form`, keyed with `idempotency_key`.
    pub async fn post(
        &self,
        path: &str,
        idempotency_key: &str,
        form: &[(&'static str, String)],
    ) -> Result<Reply, reqwest::Error> {
        let request = self
            .http
            .post(format!("{}{path}", self.api_base))
            .bearer_auth(&self.secret_key)
            .header("Idempotency-Key", idempotency_key)
            .form(form);
        whole(request).await
    }

    /// Creates the session for `request`, or returns the one made before
    /// for the same intent (Stripe replays the first answer to a repeated
    /// idempotency key with the same parameters for 24 hours).
    pub async fn create_session(&self, request: &CheckoutRequest) -> Result<Session, AppError> {
        let Some(form) = wire::checkout_form(request) else {
            tracing::info!(intent_id = %request.intent_id, currency = %request.currency,
                "an amount Stripe cannot take in this currency");
            return Err(AppError::invalid("amount", "too_many_decimals"));
        };
        let (status, body) = self
            .post(wire::CHECKOUT_SESSIONS, &request.intent_id, &form)
            .await
            .map_err(|error| unavailable(&request.intent_id, "no answer", &error))?;
        if status.is_success() {
            return match serde_json::from_slice::<Session>(&body) {
                Ok(session) if session.url.is_some() => Ok(session),
                _ => Err(unavailable(
                    &request.intent_id,
                    "a session without a url",
                    &status,
                )),
            };
        }
        Err(refusal(&request.intent_id, status, &body))
    }
}

/// Sends `request` and reads the whole answer under the one deadline.
async fn whole(request: RequestBuilder) -> Result<Reply, reqwest::Error> {
    let answer: Response = request.send().await?;
    let status = answer.status();
    Ok((status, answer.bytes().await?))
}

fn unavailable(intent_id: &str, what: &str, cause: &dyn std::fmt::Display) -> AppError {
    tracing::warn!(intent_id, cause = %cause, "Stripe checkout: {what}");
    AppError::Unavailable(UNAVAILABLE.to_owned())
}

/// Stripe's error answer, as the payer should see it.
fn refusal(intent_id: &str, status: StatusCode, body: &[u8]) -> AppError {
    let detail = ErrorDetail::read(body);
    let (kind, code, message) = detail.as_ref().map_or(("", "", ""), |detail| {
        (
            detail.kind.as_str(),
            detail.code.as_deref().unwrap_or(""),
            detail.message.as_deref().unwrap_or(""),
        )
    });
    match (status.as_u16(), kind) {
        // The payment itself is refused (a bad amount for the currency, a
        // declined card): retrying the same thing would not help.
        (400 | 402 | 404, "card_error" | "invalid_request_error") => {
            tracing::info!(intent_id, %status, kind, code, message, "Stripe refused the checkout");
            AppError::invalid(crate::domain::FieldError::FORM, "payment_refused")
        }
        // 401/403: our key is wrong or lacks rights, an operator's fix.
        (401 | 403, _) => {
            tracing::error!(intent_id, %status, kind, code, "Stripe refused our API key: check secrets.stripe_secret_key");
            AppError::Unavailable(UNAVAILABLE.to_owned())
        }
        // 409 (idempotency), 429 (rate limit), 5xx, or an unknown shape.
        _ => unavailable(
            intent_id,
            "refused",
            &format!("{status} {kind} {code} {message}"),
        ),
    }
}
