//! Refunds: a withdrawal paid back to the card it came from
//! (<https://docs.stripe.com/refunds>). The payment's PaymentIntent comes
//! from its Checkout Session (`payment_intent`); the refund is
//! `POST /v1/refunds` keyed with the withdrawal's key, which it also
//! carries as `metadata[withdrawal]`; asking again is
//! `GET /v1/refunds?payment_intent=` and finding that metadata.
//!
//! What Stripe's answers mean here:
//! - a Refund: `succeeded` is done, `pending` / `requires_action` are in
//!   flight, `failed` / `canceled` are failed;
//! - `400`/`404` `invalid_request_error` (`charge_already_refunded`,
//!   `amount_too_large`, an unknown payment...): Stripe's refusal, failed
//!   with its code;
//! - everything else (401, 403, 409, 429, 5xx, an `idempotency_error`, a
//!   timeout, a cut-off or garbled answer, no connection): in flight.
//!
//! Invariants: a refund is never `Failed` without Stripe's word (a refusal,
//! a failed Refund, or a complete list of the payment's refunds without
//! ours), except for an amount Stripe cannot take in the currency, which
//! is refused before anything is sent; a check never sends; `Err` only
//! when nothing was asked of Stripe (the session could not be read).

use super::amounts;
use super::client::Client;
use super::sessions;
use super::wire::{ErrorDetail, List};
use super::wire_refunds::{self as wire, Refund};
use crate::domain::AppError;
use crate::server::payments::{MoneyOut, MoneyOutResult, PaymentRef};

/// Refunds read per payment before giving up: far more than one payment
/// is ever refunded in.
const MAX_PAGES: usize = 5;

fn unavailable(key: &str, cause: &str) -> AppError {
    tracing::warn!(key, cause, "Stripe refund: nothing sent");
    AppError::Unavailable("payout_unavailable".to_owned())
}

fn failed(reason: &str) -> MoneyOutResult {
    MoneyOutResult::Failed {
        reason: reason.to_owned(),
    }
}

/// The PaymentIntent of `payment`: `Ok(None)` when Stripe says it has none
/// (a session never paid); `Err` with the cause when it cannot be asked.
async fn payment_intent(client: &Client, payment: &PaymentRef) -> Result<Option<String>, String> {
    match sessions::of_payment(client, payment).await? {
        Some(session) => Ok(session.payment_intent),
        None => Err(format!("no session for intent {}", payment.intent_id)),
    }
}

/// Sends the refund of `out` from `payment`.
pub async fn send(
    client: &Client,
    out: &MoneyOut,
    payment: &PaymentRef,
) -> Result<MoneyOutResult, AppError> {
    let Some(amount) = amounts::to_stripe(&out.currency, out.amount_minor) else {
        tracing::warn!(key = %out.key, currency = %out.currency, "a refund Stripe cannot take");
        return Ok(failed("amount_not_whole"));
    };
    let payment_intent = match payment_intent(client, payment).await {
        Ok(Some(id)) => id,
        Ok(None) => return Ok(failed("not_paid")),
        Err(cause) => return Err(unavailable(&out.key, &cause)),
    };
    let form = wire::refund_form(&payment_intent, amount, &out.key);
    let (status, body) = match client.post(wire::REFUNDS, &out.key, &form).await {
        Ok(reply) => reply,
        Err(error) => {
            // It may have reached Stripe: `check` finds out.
            tracing::warn!(key = %out.key, %error, "Stripe refund: no answer");
            return Ok(MoneyOutResult::InFlight);
        }
    };
    if status.is_success() {
        return Ok(match serde_json::from_slice::<Refund>(&body) {
            Ok(refund) => outcome(&out.key, &refund),
            Err(error) => {
                tracing::warn!(key = %out.key, %error, "Stripe refund: unreadable answer");
                MoneyOutResult::InFlight
            }
        });
    }
    Ok(refusal(&out.key, status, &body))
}

/// Where the refund of `out` stands, without sending anything.
pub async fn check(
    client: &Client,
    out: &MoneyOut,
    payment: &PaymentRef,
) -> Result<MoneyOutResult, AppError> {
    let in_flight = |cause: &str| -> Result<MoneyOutResult, AppError> {
        tracing::warn!(key = %out.key, cause, "Stripe refund check: no answer yet");
        Ok(MoneyOutResult::InFlight)
    };
    let payment_intent = match payment_intent(client, payment).await {
        Ok(Some(id)) => id,
        // Stripe's word: no payment, so no refund of it.
        Ok(None) => return Ok(failed("not_received")),
        Err(cause) => return in_flight(&cause),
    };
    let mut after: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let query = wire::refund_list_query(&payment_intent, after.as_deref());
        let (status, body) = match client.get(wire::REFUNDS, &query).await {
            Ok(reply) => reply,
            Err(error) => return in_flight(&error.to_string()),
        };
        if !status.is_success() {
            return in_flight(&format!("refused: {status}"));
        }
        let Ok(page) = serde_json::from_slice::<List<Refund>>(&body) else {
            return in_flight("unreadable list");
        };
        if let Some(refund) = page
            .data
            .iter()
            .find(|r| r.withdrawal() == Some(out.key.as_str()))
        {
            return Ok(outcome(&out.key, refund));
        }
        after = page.data.last().map(|refund| refund.id.clone());
        if !page.has_more || after.is_none() {
            // The whole list, and ours not in it: it never reached Stripe.
            return Ok(failed("not_received"));
        }
    }
    in_flight("more refunds than searched")
}

/// A Refund's status as our result.
fn outcome(key: &str, refund: &Refund) -> MoneyOutResult {
    match refund.status.as_str() {
        wire::SUCCEEDED => MoneyOutResult::Succeeded {
            reference: refund.id.clone(),
        },
        wire::FAILED | wire::CANCELED => {
            let reason = refund.failure_reason.as_deref().unwrap_or(&refund.status);
            tracing::info!(key, refund = %refund.id, reason, "Stripe refund failed");
            failed(reason)
        }
        wire::PENDING | wire::REQUIRES_ACTION => MoneyOutResult::InFlight,
        other => {
            tracing::warn!(key, refund = %refund.id, status = other, "Stripe refund: unknown status");
            MoneyOutResult::InFlight
        }
    }
}

/// Stripe's error answer to the refund.
fn refusal(key: &str, status: reqwest::StatusCode, body: &[u8]) -> MoneyOutResult {
    let detail = ErrorDetail::read(body);
    let kind = detail.as_ref().map_or("", |detail| detail.kind.as_str());
    let code = detail
        .as_ref()
        .and_then(|detail| detail.code.as_deref())
        .unwrap_or("");
    match (status.as_u16(), kind) {
        // Stripe looked at this refund and said no: nothing was made.
        (400 | 402 | 404, "invalid_request_error" | "card_error") => {
            tracing::info!(key, %status, code, "Stripe refused the refund");
            failed(if code.is_empty() { kind } else { code })
        }
        (401 | 403, _) => {
            tracing::error!(key, %status, code, "Stripe refused our API key: check secrets.stripe_secret_key");
            MoneyOutResult::InFlight
        }
        // 409/idempotency_error (this key was used for another request:
        // an earlier refund of ours), 429, 5xx, unknown shapes.
        _ => {
            tracing::warn!(key, %status, kind, code, "Stripe refund: no usable answer");
            MoneyOutResult::InFlight
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;

    fn error(kind: &str, code: &str) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({ "error": { "type": kind, "code": code } }))
            .expect("json")
    }

    #[test]
    fn only_stripes_refusal_of_the_request_fails_it() {
        let refused = refusal(
            "wd_1",
            StatusCode::BAD_REQUEST,
            &error("invalid_request_error", "charge_already_refunded"),
        );
        assert_eq!(refused, failed("charge_already_refunded"));
        let missing = refusal(
            "wd_1",
            StatusCode::NOT_FOUND,
            &error("invalid_request_error", "resource_missing"),
        );
        assert_eq!(missing, failed("resource_missing"));
        for (status, body) in [
            (
                StatusCode::UNAUTHORIZED,
                error("invalid_request_error", "api_key_invalid"),
            ),
            (StatusCode::FORBIDDEN, error("invalid_request_error", "")),
            (StatusCode::BAD_REQUEST, error("idempotency_error", "")),
            (
                StatusCode::CONFLICT,
                error("invalid_request_error", "lock_timeout"),
            ),
            (
                StatusCode::TOO_MANY_REQUESTS,
                error("invalid_request_error", "rate_limit"),
            ),
            (StatusCode::INTERNAL_SERVER_ERROR, error("api_error", "")),
            (StatusCode::BAD_REQUEST, b"<html>proxy</html>".to_vec()),
        ] {
            assert_eq!(
                refusal("wd_1", status, &body),
                MoneyOutResult::InFlight,
                "{status}"
            );
        }
    }

    #[test]
    fn a_refunds_status_is_our_result() {
        let refund = |status: &str, reason: Option<&str>| Refund {
            id: "re_1".into(),
            status: status.into(),
            metadata: None,
            failure_reason: reason.map(str::to_owned),
        };
        assert_eq!(
            outcome("wd_1", &refund("succeeded", None)),
            MoneyOutResult::Succeeded {
                reference: "re_1".into()
            }
        );
        for status in ["pending", "requires_action", "something_new"] {
            assert_eq!(
                outcome("wd_1", &refund(status, None)),
                MoneyOutResult::InFlight
            );
        }
        assert_eq!(
            outcome("wd_1", &refund("canceled", None)),
            failed("canceled")
        );
        assert_eq!(
            outcome("wd_1", &refund("failed", Some("lost_or_stolen_card"))),
            failed("lost_or_stolen_card")
        );
    }
}
