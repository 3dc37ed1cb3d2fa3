//! Stripe's webhook events about Checkout Sessions, signed as Stripe signs
//! them and delivered to `/payments/webhook/stripe`, on SQLite and
//! PostgreSQL: a paid session credits once, a delayed payment credits when
//! it succeeds, failures and expiries settle without money, and a forged,
//! stale, unknown or mismatched event is refused with nothing credited.

use crate::payments_stripe::{intent_state, last_intent, stripe_apps};
use crate::support::TestApp;
use crate::support::money::{assert_ledger_consistent, available, balance, key, transactions};
use crate::support::orders::{draft, user};
use crate::support::stripe_stand_in::{StripeStandIn, now_secs};
use bounty::domain::CurrentUser;
use bounty::domain::ledger::Account;
use bounty::server::payments::stripe::signature;
use bounty::server::services::money::top_up;
use bounty::server::services::orders::publish;
use serde_json::json;

async fn deliver(app: &TestApp, header: Option<&str>, body: &[u8]) -> u16 {
    let mut request = app
        .client
        .post(app.url("/payments/webhook/stripe"))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(header) = header {
        request = request.header("Stripe-Signature", header);
    }
    request.send().await.expect("delivery").status().as_u16()
}

/// Delivers `body` signed now.
async fn signed(app: &TestApp, body: &[u8]) -> u16 {
    deliver(app, Some(&StripeStandIn::sign(body, now_secs())), body).await
}

/// Starts a top-up of `amount` through the stand-in; returns the intent.
async fn checkout(
    app: &TestApp,
    stand_in: &StripeStandIn,
    who: &CurrentUser,
    amount: i64,
    order: Option<i64>,
) -> String {
    top_up::start(&app.state, who, amount, order, &key())
        .await
        .expect("checkout");
    last_intent(stand_in)
}

#[tokio::test]
async fn a_signed_paid_completed_session_credits_the_wallet_once() {
    let stand_in = StripeStandIn::start().await;
    for (backend, app, _cleanup) in stripe_apps(&stand_in).await {
        let payer = user(&app.state, "Payer").await;
        let intent = checkout(&app, &stand_in, &payer, 4_200, None).await;
        let body = stand_in.event("checkout.session.completed", &intent, |_| {});
        let header = StripeStandIn::sign(&body, now_secs());
        assert_eq!(deliver(&app, Some(&header), &body).await, 204, "{backend}");
        assert_eq!(
            deliver(&app, Some(&header), &body).await,
            204,
            "{backend}: a redelivery"
        );
        assert_eq!(available(&app.state, &payer).await, 4_200, "{backend}");
        assert_eq!(transactions(&app.state).await, 1);
        assert_eq!(intent_state(&app.state, &intent).await, "succeeded");
        // The sandbox's webhook is not served beside Stripe's.
        let sandbox = app
            .client
            .post(app.url("/payments/webhook/sandbox"))
            .body(body)
            .send()
            .await;
        assert_eq!(sandbox.expect("post").status().as_u16(), 404);
        assert_ledger_consistent(&app.state, backend).await;
        app.stop().await;
    }
}

#[tokio::test]
async fn a_delayed_payment_credits_when_it_succeeds_and_failures_and_expiries_settle_without_money()
{
    let stand_in = StripeStandIn::start().await;
    for (backend, app, _cleanup) in stripe_apps(&stand_in).await {
        let state = &app.state;
        let payer = user(state, "Payer").await;
        let unpaid = |session: &mut serde_json::Value| session["payment_status"] = json!("unpaid");

        let paid_later = checkout(&app, &stand_in, &payer, 3_000, None).await;
        let completed = stand_in.event("checkout.session.completed", &paid_later, unpaid);
        assert_eq!(signed(&app, &completed).await, 204, "{backend}");
        assert_eq!(
            intent_state(state, &paid_later).await,
            "pending",
            "not paid yet"
        );
        assert_eq!(available(state, &payer).await, 0);
        let succeeded = stand_in.event(
            "checkout.session.async_payment_succeeded",
            &paid_later,
            |_| {},
        );
        assert_eq!(signed(&app, &succeeded).await, 204);
        assert_eq!(available(state, &payer).await, 3_000, "{backend}");

        let failed = checkout(&app, &stand_in, &payer, 2_000, None).await;
        assert_eq!(
            signed(
                &app,
                &stand_in.event("checkout.session.completed", &failed, unpaid)
            )
            .await,
            204
        );
        assert_eq!(
            signed(
                &app,
                &stand_in.event("checkout.session.async_payment_failed", &failed, unpaid)
            )
            .await,
            204
        );
        assert_eq!(intent_state(state, &failed).await, "declined", "{backend}");

        let left = checkout(&app, &stand_in, &payer, 1_000, None).await;
        let expired = stand_in.event("checkout.session.expired", &left, |session| {
            session["status"] = json!("expired");
            session["payment_status"] = json!("unpaid");
        });
        assert_eq!(signed(&app, &expired).await, 204);
        assert_eq!(intent_state(state, &left).await, "abandoned", "{backend}");

        assert_eq!(available(state, &payer).await, 3_000, "{backend}");
        assert_eq!(transactions(state).await, 1);
        assert_ledger_consistent(state, backend).await;
        app.stop().await;
    }
}

#[tokio::test]
async fn forged_stale_unknown_or_mismatched_stripe_events_are_refused_and_credit_nothing() {
    let stand_in = StripeStandIn::start().await;
    for (backend, app, _cleanup) in stripe_apps(&stand_in).await {
        let state = &app.state;
        let payer = user(state, "Payer").await;
        let intent = checkout(&app, &stand_in, &payer, 4_200, None).await;
        let body = stand_in.event("checkout.session.completed", &intent, |_| {});

        assert_eq!(deliver(&app, None, &body).await, 401, "{backend}: unsigned");
        let forged = signature::sign(b"whsec_not_the_endpoint_secret", now_secs(), &body);
        assert_eq!(deliver(&app, Some(&forged), &body).await, 401, "forged");
        let mut tampered = body.clone();
        let at = tampered
            .windows(4)
            .position(|w| w == b"4200")
            .expect("the amount");
        tampered[at] = b'9';
        let header = StripeStandIn::sign(&body, now_secs());
        assert_eq!(
            deliver(&app, Some(&header), &tampered).await,
            401,
            "tampered"
        );
        let stale = StripeStandIn::sign(&body, now_secs() - 301 - 60);
        assert_eq!(deliver(&app, Some(&stale), &body).await, 422, "stale");

        let unknown = stand_in.event("checkout.session.completed", &intent, |session| {
            session["client_reference_id"] = json!("pi_unknown");
            session["metadata"]["intent_id"] = json!("pi_unknown");
        });
        assert_eq!(signed(&app, &unknown).await, 404, "unknown intent");
        let amount = stand_in.event("checkout.session.completed", &intent, |s| {
            s["amount_total"] = json!(4_201)
        });
        assert_eq!(signed(&app, &amount).await, 422, "amount");
        let currency = stand_in.event("checkout.session.completed", &intent, |s| {
            s["currency"] = json!("usd")
        });
        assert_eq!(signed(&app, &currency).await, 422, "currency");
        let other = serde_json::to_vec(&json!({"id": "evt_other", "object": "event", "type": "payment_intent.created",
            "created": now_secs(), "data": {"object": {"id": "pi_3Stripe", "object": "payment_intent"}}})).expect("json");
        assert_eq!(
            signed(&app, &other).await,
            204,
            "acknowledged, nothing to do"
        );

        assert_eq!(available(state, &payer).await, 0, "{backend}");
        assert_eq!(transactions(state).await, 0);
        assert_eq!(intent_state(state, &intent).await, "pending");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_stripe_top_up_for_an_order_funds_it_after_the_webhook() {
    let stand_in = StripeStandIn::start().await;
    for (backend, app, _cleanup) in stripe_apps(&stand_in).await {
        let state = &app.state;
        let publisher = user(state, "Publisher").await;
        let id = publish::publish(state, &publisher, &draft("Paid through Stripe"))
            .await
            .expect("publish");
        let reward = crate::support::money::REWARD;
        let intent = checkout(&app, &stand_in, &publisher, reward, Some(id)).await;
        let request = stand_in.requests().last().cloned().expect("request");
        let back = format!("{}/orders/{id}?payment={intent}", app.address);
        assert_eq!(request.form["success_url"], back);
        assert_eq!(balance(state, Account::Escrow(id)).await, 0);

        assert_eq!(
            signed(
                &app,
                &stand_in.event("checkout.session.completed", &intent, |_| {})
            )
            .await,
            204
        );
        assert_eq!(
            balance(state, Account::Escrow(id)).await,
            reward,
            "{backend}"
        );
        assert_eq!(available(state, &publisher).await, 0);
        assert_ledger_consistent(state, backend).await;
        app.stop().await;
    }
}
