//! Alipay's asynchronous notifications about page.pay trades, signed as
//! Alipay signs them and posted to `/payments/webhook/alipay`, on SQLite and
//! PostgreSQL: a signed `TRADE_SUCCESS` credits once and is answered
//! `success`; resends and a later `TRADE_FINISHED` change nothing;
//! `TRADE_CLOSED` settles without money; and a forged, tampered, foreign,
//! unknown or misstated notification is refused with a 4xx, never
//! `success` (so Alipay sends it again rather than forgetting it), with
//! nothing credited.

use crate::payments_alipay::{alipay_apps, checkout};
use crate::payments_stripe::intent_state;
use crate::support::TestApp;
use crate::support::alipay_stand_in::{AlipayStandIn, MERCHANT};
use crate::support::money::{assert_ledger_consistent, available, balance, transactions};
use crate::support::orders::{draft, user};
use bounty::domain::ledger::Account;
use bounty::server::services::orders::publish;

/// Posts a notification body as Alipay does; the status and the answer.
async fn deliver(app: &TestApp, body: Vec<u8>) -> (u16, String) {
    let answer = app
        .client
        .post(app.url("/payments/webhook/alipay"))
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .body(body)
        .send()
        .await
        .expect("delivery");
    let status = answer.status().as_u16();
    (status, answer.text().await.expect("body"))
}

/// A form body escaping spaces as `%20` where `form` writes `+`.
fn percent_encoded(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(name, value)| {
            let value: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
            format!("{name}={}", value.replace('+', "%20"))
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn success() -> (u16, String) {
    (200, "success".to_owned())
}

/// `params` with `name` set to `value`.
fn with(mut params: Vec<(String, String)>, name: &str, value: &str) -> Vec<(String, String)> {
    for (key, current) in &mut params {
        if key == name {
            *current = value.to_owned();
        }
    }
    params
}

#[tokio::test]
async fn a_signed_trade_success_notification_credits_once_and_is_answered_success() {
    let stand_in = AlipayStandIn::start().await;
    for (backend, app, _cleanup) in alipay_apps(&stand_in).await {
        let state = &app.state;
        let payer = user(state, "Payer").await;
        let intent = checkout(&app, &stand_in, &payer, 4_200, None).await;
        let body = stand_in.notify(&intent, "TRADE_SUCCESS");
        assert_eq!(deliver(&app, body.clone()).await, success(), "{backend}");
        assert_eq!(deliver(&app, body).await, success(), "{backend}: a resend");
        assert_eq!(available(state, &payer).await, 4_200, "{backend}");
        assert_eq!(intent_state(state, &intent).await, "succeeded");

        // When the refund period ends Alipay reports TRADE_FINISHED.
        let finished = stand_in.notify(&intent, "TRADE_FINISHED");
        assert_eq!(deliver(&app, finished).await, success());
        assert_eq!(available(state, &payer).await, 4_200, "{backend}");
        assert_eq!(transactions(state).await, 1);
        // The sandbox's webhook is not served beside Alipay's.
        let sandbox = app
            .client
            .post(app.url("/payments/webhook/sandbox"))
            .send()
            .await;
        assert_eq!(sandbox.expect("post").status().as_u16(), 404);
        assert_ledger_consistent(state, backend).await;
        app.stop().await;
    }
}

#[tokio::test]
async fn a_closed_trade_settles_without_money_and_a_waiting_one_changes_nothing() {
    let stand_in = AlipayStandIn::start().await;
    for (backend, app, _cleanup) in alipay_apps(&stand_in).await {
        let state = &app.state;
        let payer = user(state, "Payer").await;
        let intent = checkout(&app, &stand_in, &payer, 1_000, None).await;
        let waiting = stand_in.notify(&intent, "WAIT_BUYER_PAY");
        assert_eq!(deliver(&app, waiting).await, success(), "{backend}");
        assert_eq!(intent_state(state, &intent).await, "pending");

        let closed = stand_in.notify(&intent, "TRADE_CLOSED");
        assert_eq!(deliver(&app, closed).await, success(), "{backend}");
        assert_eq!(intent_state(state, &intent).await, "abandoned", "{backend}");
        assert_eq!(available(state, &payer).await, 0);
        assert_eq!(transactions(state).await, 0);
        assert_ledger_consistent(state, backend).await;
        app.stop().await;
    }
}

#[tokio::test]
async fn forged_tampered_foreign_unknown_or_misstated_notifications_are_refused_and_credit_nothing()
{
    let stand_in = AlipayStandIn::start().await;
    for (backend, app, _cleanup) in alipay_apps(&stand_in).await {
        let state = &app.state;
        let payer = user(state, "Payer").await;
        let intent = checkout(&app, &stand_in, &payer, 4_200, None).await;
        let paid = || stand_in.notification(&intent, "TRADE_SUCCESS");
        let signed = |params| AlipayStandIn::form(&AlipayStandIn::signed(params));
        let unsigned = AlipayStandIn::form(&paid());
        let by_merchant = AlipayStandIn::form(&AlipayStandIn::signed_by(&MERCHANT, paid()));
        let genuine = AlipayStandIn::signed(paid());
        let tampered_amount =
            AlipayStandIn::form(&with(genuine.clone(), "total_amount", "4200.00"));
        let tampered_subject = AlipayStandIn::form(&with(genuine.clone(), "subject", "free"));
        let weaker = AlipayStandIn::form(&with(genuine.clone(), "sign_type", "RSA"));
        let mut cases = vec![
            ("unsigned", unsigned, 401),
            ("signed with the merchant's key", by_merchant, 401),
            ("tampered amount", tampered_amount, 401),
            ("tampered subject", tampered_subject, 401),
            ("sign_type RSA", weaker, 401),
            (
                "another app",
                signed(with(paid(), "app_id", "2021999999999999")),
                422,
            ),
            (
                "an unknown trade",
                signed(with(paid(), "out_trade_no", "pi_unknown")),
                404,
            ),
            (
                "another amount",
                signed(with(paid(), "total_amount", "42.01")),
                422,
            ),
        ];
        for malformed in ["42", "42.0", "42.000", "042.00", "4,200.00", "-42.00", ""] {
            cases.push((
                "a malformed amount",
                signed(with(paid(), "total_amount", malformed)),
                422,
            ));
        }
        for (case, body, expected) in cases {
            let (status, answer) = deliver(&app, body).await;
            assert_eq!(status, expected, "{backend}: {case}");
            assert_ne!(answer, "success", "{backend}: {case}");
        }
        assert_eq!(available(state, &payer).await, 0, "{backend}");
        assert_eq!(transactions(state).await, 0);
        assert_eq!(intent_state(state, &intent).await, "pending");
        // The genuine one still counts, once.
        assert_eq!(
            deliver(&app, AlipayStandIn::form(&genuine)).await,
            success()
        );
        assert_eq!(available(state, &payer).await, 4_200, "{backend}");
        assert_ledger_consistent(state, backend).await;
        app.stop().await;
    }
}

#[tokio::test]
async fn reordered_or_differently_encoded_notification_parameters_verify_the_same() {
    let stand_in = AlipayStandIn::start().await;
    for (backend, app, _cleanup) in alipay_apps(&stand_in).await {
        let state = &app.state;
        let payer = user(state, "Payer").await;
        let intent = checkout(&app, &stand_in, &payer, 999, None).await;
        let mut params = AlipayStandIn::signed(stand_in.notification(&intent, "TRADE_SUCCESS"));
        params.reverse();
        assert_eq!(
            deliver(&app, AlipayStandIn::form(&params)).await,
            success(),
            "{backend}"
        );
        // Spaces as %20 rather than +, in yet another order.
        params.rotate_left(5);
        let percent = percent_encoded(&params);
        assert!(percent.contains("%20"), "{percent}");
        assert_eq!(
            deliver(&app, percent.into_bytes()).await,
            success(),
            "{backend}: again"
        );
        assert_eq!(
            available(state, &payer).await,
            999,
            "{backend}: credited once"
        );
        assert_eq!(transactions(state).await, 1);
        app.stop().await;
    }
}

#[tokio::test]
async fn an_alipay_top_up_for_an_order_funds_it_after_the_notification() {
    let stand_in = AlipayStandIn::start().await;
    for (backend, app, _cleanup) in alipay_apps(&stand_in).await {
        let state = &app.state;
        let publisher = user(state, "Publisher").await;
        let id = publish::publish(state, &publisher, &draft("Paid through Alipay"))
            .await
            .expect("publish");
        let reward = crate::support::money::REWARD;
        let intent = checkout(&app, &stand_in, &publisher, reward, Some(id)).await;
        let trade = stand_in.trade(&intent);
        let back = format!("{}/orders/{id}?payment={intent}", app.address);
        assert_eq!(trade.params["return_url"], back);
        assert_eq!(trade.biz["total_amount"], "1200.00");
        assert_eq!(balance(state, Account::Escrow(id)).await, 0);

        let paid = stand_in.notify(&intent, "TRADE_SUCCESS");
        assert_eq!(deliver(&app, paid).await, success(), "{backend}");
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
