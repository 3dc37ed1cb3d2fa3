//! Finding the Checkout Session of one of our payments: retrieved by its id
//! (`GET /v1/checkout/sessions/{id}`) when we kept it, else found in the
//! list of sessions created around the intent
//! (`GET /v1/checkout/sessions?created[gte]=..&created[lte]=..`) by
//! `client_reference_id`, which is our intent id.
//!
//! Why the list and not a repeated creation with the same Idempotency-Key:
//! Stripe replays the first answer only to a request with the same
//! parameters and refuses any other with an `idempotency_error`, and a
//! `PaymentRef` cannot rebuild the first request (its currency, wording
//! and return URLs are not in it). A repeat that did not match would also
//! open a second, unused session when the first never reached Stripe. The
//! list is read-only and needs nothing but the intent and its time.
//!
//! Invariants: a session retrieved by id that names another intent is an
//! error, never taken; the list is searched only over the day the intent's
//! key could open a session in (Stripe keeps keys for 24 hours), and only
//! for `MAX_PAGES` pages, past which the session counts as not found; of
//! several sessions for one intent (a key reused after 24 hours), a paid
//! one wins over an open one, which wins over an expired one, so a payment
//! is never hidden behind an abandoned checkout.

use super::client::Client;
use super::wire::{self, ErrorDetail, List, Session};
use crate::server::payments::PaymentRef;

/// At 100 sessions a page: the busiest day we search through.
const MAX_PAGES: usize = 20;
/// Clock differences between us and Stripe.
const SLACK_SECS: i64 = 300;
/// How long Stripe keeps an idempotency key.
const KEY_LIFETIME_SECS: i64 = 24 * 3600;

/// The payment's session; `None` when Stripe does not know it. `Err`
/// carries what went wrong, for the log (never the key).
pub async fn of_payment(client: &Client, payment: &PaymentRef) -> Result<Option<Session>, String> {
    match &payment.provider_ref {
        Some(id) => retrieve(client, id, &payment.intent_id).await,
        None => find(client, payment).await,
    }
}

async fn retrieve(client: &Client, id: &str, intent_id: &str) -> Result<Option<Session>, String> {
    let path = wire::session_path(id).ok_or_else(|| format!("not a session id: {id:?}"))?;
    let (status, body) = client
        .get(&path, &[])
        .await
        .map_err(|error| format!("no answer: {error}"))?;
    if status.as_u16() == 404 {
        return Ok(None);
    }
    if !status.is_success() {
        return Err(refused(status, &body));
    }
    let session: Session =
        serde_json::from_slice(&body).map_err(|error| format!("unreadable session: {error}"))?;
    match session.client_reference_id.as_deref() {
        Some(other) if other != intent_id => Err(format!("session {id} is intent {other}'s")),
        _ => Ok(Some(session)),
    }
}

async fn find(client: &Client, payment: &PaymentRef) -> Result<Option<Session>, String> {
    let created = payment.created_at_ms.div_euclid(1000);
    let (from, to) = (
        created - SLACK_SECS,
        created + KEY_LIFETIME_SECS + SLACK_SECS,
    );
    let mut best: Option<Session> = None;
    let mut after: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let query = wire::session_list_query(from, to, after.as_deref());
        let (status, body) = client
            .get(wire::CHECKOUT_SESSIONS, &query)
            .await
            .map_err(|error| format!("no answer: {error}"))?;
        if !status.is_success() {
            return Err(refused(status, &body));
        }
        let page: List<Session> =
            serde_json::from_slice(&body).map_err(|error| format!("unreadable list: {error}"))?;
        after = page.data.last().map(|session| session.id.clone());
        for session in page.data {
            if session.client_reference_id.as_deref() == Some(payment.intent_id.as_str())
                && best.as_ref().is_none_or(|best| rank(&session) > rank(best))
            {
                best = Some(session);
            }
        }
        if !page.has_more || after.is_none() {
            return Ok(best);
        }
    }
    tracing::warn!(intent_id = %payment.intent_id, "Stripe: more sessions that day than searched");
    Ok(best)
}

/// Paid over open (or a delayed payment under way) over expired.
fn rank(session: &Session) -> u8 {
    match (session.status.as_deref(), session.payment_status.as_deref()) {
        (Some(wire::COMPLETE), Some(wire::PAID)) => 2,
        (Some(wire::EXPIRED), _) => 0,
        _ => 1,
    }
}

fn refused(status: reqwest::StatusCode, body: &[u8]) -> String {
    let detail = ErrorDetail::read(body);
    let (kind, code) = detail.as_ref().map_or(("", ""), |detail| {
        (detail.kind.as_str(), detail.code.as_deref().unwrap_or(""))
    });
    format!("refused: {status} {kind} {code}")
}
