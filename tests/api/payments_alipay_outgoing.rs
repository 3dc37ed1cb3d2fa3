//! Money leaving through Alipay and reconciliation's look-ups, against the
//! contract stand-in over real HTTP: `alipay.trade.query` (`look_up`),
//! refunds (`alipay.trade.refund`, checked by
//! `alipay.trade.fastpay.refund.query`) and payouts
//! (`alipay.fund.trans.uni.transfer`, checked by
//! `alipay.fund.trans.common.query`). The rules under test (`outgoing.rs`):
//! one key moves money once; Alipay's signed refusal fails a payout, while
//! a lost, unsigned, forged or system-error answer leaves it in flight
//! until a query (never a resend) settles it.

use crate::support::TestApp;
use crate::support::alipay_stand_in::{ALIPAY, AlipayStandIn, MERCHANT, Next, UNKNOWN_PAYEE};
use bounty::server::auth::now_millis;
use bounty::server::payments::alipay::keys::PrivateKey;
use bounty::server::payments::alipay::sign::sign_request;
use bounty::server::payments::alipay::{Alipay, beijing};
use bounty::server::payments::{
    CheckoutRequest, Destination, EventKind, MoneyOut, MoneyOutResult, PaymentProvider, PaymentRef,
};
use serde_json::Value;
use std::time::Duration;

/// The production deadline per call, for every call that should be answered.
const DEADLINE: Duration = Duration::from_secs(10);
/// A short deadline for the calls the stand-in hangs, so a lost answer is
/// quick to test.
const HASTY: Duration = Duration::from_secs(2);
const REFUND: &str = "alipay.trade.refund";
const TRANSFER: &str = "alipay.fund.trans.uni.transfer";

/// A trade of `amount` fen that the payer opened at the gateway.
async fn opened(provider: &dyn PaymentProvider, stand_in: &AlipayStandIn, amount: i64) -> String {
    let intent_id = format!("pi_{}", uuid::Uuid::new_v4().simple());
    let checkout = provider
        .create_checkout(&CheckoutRequest {
            intent_id: intent_id.clone(),
            amount_minor: amount,
            currency: "CNY".into(),
            description: "充值 top-up".into(),
            success_url: "http://127.0.0.1/wallet".into(),
            cancel_url: "http://127.0.0.1/wallet".into(),
            on_phone: false,
        })
        .await
        .expect("checkout");
    stand_in.check(&checkout.url).expect("the gateway opens it");
    intent_id
}

/// A trade of `amount` fen, paid.
async fn paid(provider: &dyn PaymentProvider, stand_in: &AlipayStandIn, amount: i64) -> String {
    let intent = opened(provider, stand_in, amount).await;
    stand_in.pay(&intent);
    intent
}

fn payment(intent: &str, amount: i64) -> PaymentRef {
    PaymentRef {
        intent_id: intent.into(),
        provider_ref: None,
        amount_minor: amount,
        created_at_ms: now_millis(),
    }
}

fn refund(key: &str, intent: &str, amount: i64) -> MoneyOut {
    MoneyOut {
        key: key.into(),
        amount_minor: amount,
        currency: "CNY".into(),
        destination: Destination::Refund(payment(intent, amount)),
        title: "退款 refund/1".into(),
    }
}

fn payout(key: &str, account: &str, amount: i64) -> MoneyOut {
    MoneyOut {
        key: key.into(),
        amount_minor: amount,
        currency: "CNY".into(),
        destination: Destination::Account {
            account: account.into(),
            holder: "张三".into(),
        },
        title: "Bounty 提现".into(),
    }
}

fn failed(reason: &str) -> MoneyOutResult {
    MoneyOutResult::Failed {
        reason: reason.into(),
    }
}

fn is_success(result: &MoneyOutResult) -> bool {
    matches!(result, MoneyOutResult::Succeeded { reference } if !reference.is_empty())
}

#[tokio::test]
async fn look_up_reads_paid_waiting_closed_and_never_opened_trades() {
    let stand_in = AlipayStandIn::start().await;
    let app = TestApp::spawn_with(|settings| stand_in.configure(settings)).await;
    let payments = app.state.payments.as_ref();
    assert!(payments.sends(&payout("wd_1", "payee@example.com", 100).destination));
    assert!(payments.sends(&refund("wd_1", "pi_1", 100).destination));

    let intent = paid(payments, &stand_in, 4_200).await;
    let event = payments.look_up(&payment(&intent, 4_200)).await;
    let event = event.expect("answered").expect("settled");
    assert_eq!(event.kind, EventKind::Succeeded);
    assert_eq!(
        (event.intent_id.as_str(), event.amount_minor),
        (intent.as_str(), 4_200)
    );
    assert_eq!(event.currency, "CNY");
    assert!(
        event.id.starts_with("query:") && event.id.ends_with(":TRADE_SUCCESS"),
        "{}",
        event.id
    );
    let again = payments.look_up(&payment(&intent, 4_200)).await;
    assert_eq!(
        again.expect("answered").map(|event| event.id),
        Some(event.id)
    );

    let waiting = opened(payments, &stand_in, 1_000).await;
    assert_eq!(
        payments.look_up(&payment(&waiting, 1_000)).await.ok(),
        Some(None)
    );

    let closed = opened(payments, &stand_in, 1_500).await;
    stand_in.close(&closed);
    let event = payments.look_up(&payment(&closed, 1_500)).await;
    let event = event.expect("answered").expect("settled");
    assert_eq!(
        (event.kind, event.amount_minor),
        (EventKind::Abandoned, 1_500)
    );

    // Never opened by the payer: Alipay has no trade (ACQ.TRADE_NOT_EXIST).
    let never = payment("pi_never_opened", 100);
    assert_eq!(payments.look_up(&never).await.ok(), Some(None));
    app.stop().await;
}

#[tokio::test]
async fn a_refund_moves_money_once_per_key_and_a_refused_one_fails() {
    let stand_in = AlipayStandIn::start().await;
    let alipay = stand_in.adapter(DEADLINE);
    let intent = paid(&alipay, &stand_in, 5_000).await;
    let first = refund("wd_1", &intent, 2_000);
    let done = alipay.send(&first).await.expect("sent");
    assert!(is_success(&done), "{done:?}");
    assert_eq!(alipay.send(&first).await.expect("sent again"), done);
    assert_eq!(stand_in.refunded(&intent), 2_000, "refunded once");
    let made = stand_in.refund("wd_1").expect("made");
    assert_eq!(
        (made.out_trade_no, made.amount),
        (intent.clone(), "20.00".to_owned())
    );
    assert_eq!(alipay.check(&first).await.expect("checked"), done);

    let too_much = refund("wd_2", &intent, 3_001);
    let answer = alipay.send(&too_much).await.expect("sent");
    assert_eq!(answer, failed("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL"));
    let waiting = opened(&alipay, &stand_in, 1_000).await;
    let unpaid = alipay.send(&refund("wd_3", &waiting, 1_000)).await;
    assert_eq!(unpaid.expect("sent"), failed("ACQ.TRADE_STATUS_ERROR"));
    let unknown = alipay.send(&refund("wd_4", "pi_unknown", 100)).await;
    assert_eq!(unknown.expect("sent"), failed("ACQ.TRADE_NOT_EXIST"));
    assert_eq!(stand_in.refunded(&intent), 2_000);

    // Never received by Alipay: failed, so the hold may return.
    let never = alipay.check(&refund("wd_5", &intent, 100)).await;
    assert_eq!(never.expect("checked"), failed("not_received"));

    // Nothing Alipay could take is sent at all.
    let calls = stand_in.calls(REFUND);
    assert!(alipay.send(&refund("wd_6", &intent, 0)).await.is_err());
    let mut dollars = refund("wd_7", &intent, 100);
    dollars.currency = "USD".into();
    assert!(alipay.send(&dollars).await.is_err());
    assert_eq!(stand_in.calls(REFUND), calls);
}

#[tokio::test]
async fn a_refund_whose_answer_is_lost_stays_in_flight_until_the_query_settles_it() {
    let stand_in = AlipayStandIn::start().await;
    let alipay = stand_in.adapter(DEADLINE);
    let hasty = stand_in.adapter(HASTY);
    for (key, lost) in [("wd_1", Next::Cut), ("wd_2", Next::Hang)] {
        let intent = paid(&alipay, &stand_in, 5_000).await;
        let out = refund(key, &intent, 5_000);
        stand_in.next(lost.clone());
        let answer = hasty.send(&out).await.expect("sent");
        assert_eq!(answer, MoneyOutResult::InFlight, "{lost:?}");
        assert_eq!(
            stand_in.refunded(&intent),
            5_000,
            "made; only the answer was lost"
        );
        let settled = alipay.check(&out).await.expect("checked");
        assert!(is_success(&settled), "{lost:?}: {settled:?}");
    }
    assert_eq!(stand_in.calls(REFUND), 2, "a check never resends");
}

#[tokio::test]
async fn system_errors_and_unsigned_answers_leave_a_refund_in_flight() {
    let stand_in = AlipayStandIn::start().await;
    let alipay = stand_in.adapter(DEADLINE);
    let intent = paid(&alipay, &stand_in, 3_000).await;
    let out = refund("wd_1", &intent, 3_000);
    for next in [
        Next::Error("20000", "ACQ.SYSTEM_ERROR"),
        Next::Error("40004", "ACQ.SYSTEM_ERROR"),
        Next::Error("40004", "ACQ.DISCORDANT_REPEAT_REQUEST"),
        Next::Unsigned("40004", "ACQ.TRADE_NOT_EXIST"),
    ] {
        stand_in.next(next.clone());
        let answer = alipay.send(&out).await.expect("sent");
        assert_eq!(answer, MoneyOutResult::InFlight, "{next:?}");
    }
    stand_in.next(Next::Unsigned("10000", ""));
    assert_eq!(
        alipay.check(&out).await.expect("checked"),
        MoneyOutResult::InFlight
    );
    assert_eq!(stand_in.refunded(&intent), 0);
    let answer = alipay.send(&out).await.expect("sent");
    assert!(is_success(&answer), "{answer:?}");
    assert_eq!(stand_in.refunded(&intent), 3_000);
}

#[tokio::test]
async fn a_transfer_pays_once_per_key_and_settles_by_its_status() {
    let stand_in = AlipayStandIn::start().await;
    let alipay = stand_in.adapter(DEADLINE);
    let out = payout("wd_1", "payee@example.com", 12_345);
    let done = alipay.send(&out).await.expect("sent");
    assert!(is_success(&done), "{done:?}");
    assert_eq!(alipay.send(&out).await.expect("sent again"), done);
    let transfer = stand_in.transfer("wd_1").expect("made");
    assert_eq!(
        (transfer.amount.as_str(), transfer.identity.as_str()),
        ("123.45", "payee@example.com")
    );
    assert_eq!(alipay.check(&out).await.expect("checked"), done);

    let refused = payout("wd_2", "payee@example.com", 500);
    stand_in.next(Next::TransferStatus("FAIL"));
    assert_eq!(alipay.send(&refused).await.expect("sent"), failed("FAIL"));
    let checked = alipay.check(&refused).await.expect("checked");
    assert_eq!(checked, failed("PAYEE_ACCOUNT_STATUS_ERROR"));

    let dealing = payout("wd_3", "payee@example.com", 700);
    stand_in.next(Next::TransferStatus("DEALING"));
    assert_eq!(
        alipay.send(&dealing).await.expect("sent"),
        MoneyOutResult::InFlight
    );
    assert_eq!(
        alipay.check(&dealing).await.expect("checked"),
        MoneyOutResult::InFlight
    );
    stand_in.settle_transfer("wd_3", "SUCCESS");
    assert!(is_success(&alipay.check(&dealing).await.expect("checked")));

    let nobody = alipay.send(&payout("wd_4", UNKNOWN_PAYEE, 100)).await;
    assert_eq!(nobody.expect("sent"), failed("PAYEE_NOT_EXIST"));
    let never = alipay
        .check(&payout("wd_5", "payee@example.com", 100))
        .await;
    assert_eq!(never.expect("checked"), failed("ORDER_NOT_EXIST"));
    assert_eq!(stand_in.calls(TRANSFER), 5, "checks never resend");
}

#[tokio::test]
async fn a_transfer_whose_answer_is_lost_is_settled_by_the_query() {
    let stand_in = AlipayStandIn::start().await;
    let alipay = stand_in.adapter(DEADLINE);
    let hasty = stand_in.adapter(HASTY);
    for (key, lost) in [("wd_1", Next::Cut), ("wd_2", Next::Hang)] {
        let out = payout(key, "payee@example.com", 1_000);
        stand_in.next(lost.clone());
        assert_eq!(
            hasty.send(&out).await.expect("sent"),
            MoneyOutResult::InFlight,
            "{lost:?}"
        );
        assert!(
            stand_in.transfer(key).is_some(),
            "made; only the answer was lost"
        );
        let settled = alipay.check(&out).await.expect("checked");
        assert!(is_success(&settled), "{lost:?}: {settled:?}");
    }
    assert_eq!(stand_in.calls(TRANSFER), 2);
}

#[tokio::test]
async fn an_answer_alipay_did_not_sign_is_not_trusted() {
    let stand_in = AlipayStandIn::start().await;
    let alipay = stand_in.adapter(DEADLINE);
    let intent = paid(&alipay, &stand_in, 2_000).await;
    let out = refund("wd_1", &intent, 2_000);
    stand_in.next(Next::Forged);
    assert_eq!(
        alipay.send(&out).await.expect("sent"),
        MoneyOutResult::InFlight
    );
    stand_in.next(Next::Forged);
    assert_eq!(
        alipay.check(&out).await.expect("checked"),
        MoneyOutResult::InFlight
    );
    assert!(is_success(&alipay.check(&out).await.expect("checked")));

    // A waiting trade's answer rewritten to TRADE_SUCCESS after signing.
    let waiting = opened(&alipay, &stand_in, 1_000).await;
    stand_in.next(Next::Tampered);
    assert!(alipay.look_up(&payment(&waiting, 1_000)).await.is_err());
    assert_eq!(
        alipay.look_up(&payment(&waiting, 1_000)).await.ok(),
        Some(None)
    );
    for next in [
        Next::Forged,
        Next::Cut,
        Next::Unsigned("40004", "ACQ.TRADE_NOT_EXIST"),
    ] {
        stand_in.next(next.clone());
        let looked = alipay.look_up(&payment(&intent, 2_000)).await;
        assert!(looked.is_err(), "{next:?}: {looked:?}");
    }
}

/// The form of an `alipay.trade.query` request without `missing`, signed
/// with `key`.
fn query_form(key: &PrivateKey, missing: &str) -> Vec<(String, String)> {
    let timestamp = beijing::format(now_millis());
    let mut params: Vec<(&str, &str)> = vec![
        ("app_id", crate::support::alipay_stand_in::APP_ID),
        ("method", "alipay.trade.query"),
        ("format", "JSON"),
        ("charset", "utf-8"),
        ("sign_type", "RSA2"),
        ("timestamp", &timestamp),
        ("version", "1.0"),
        ("biz_content", r#"{"out_trade_no":"pi_x"}"#),
    ];
    params.retain(|(name, _)| *name != missing);
    let sign = sign_request(key, &params).expect("sign");
    params.push(("sign", &sign));
    params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn the_stand_in_refuses_a_request_unsigned_by_the_merchant_or_missing_a_parameter() {
    let stand_in = AlipayStandIn::start().await;
    let client = reqwest::Client::new();
    let ask = |key: &PrivateKey, missing: &str| {
        let form = query_form(key, missing);
        let client = client.clone();
        let gateway = stand_in.gateway.clone();
        async move {
            let answer = client
                .post(gateway)
                .form(&form)
                .send()
                .await
                .expect("answer");
            answer.json::<Value>().await.expect("json")
        }
    };
    let wrong = ask(&ALIPAY, "").await;
    let node = &wrong["alipay_trade_query_response"];
    assert_eq!(
        (node["code"].as_str(), node["sub_code"].as_str()),
        (Some("40002"), Some("isv.invalid-signature")),
        "{wrong}"
    );
    assert!(wrong.get("sign").is_none(), "{wrong}");
    let unversioned = ask(&MERCHANT, "version").await;
    let node = &unversioned["alipay_trade_query_response"];
    assert_eq!(
        (node["code"].as_str(), node["sub_code"].as_str()),
        (Some("40001"), Some("isv.missing-version")),
        "{unversioned}"
    );
    let right = ask(&MERCHANT, "").await;
    let node = &right["alipay_trade_query_response"];
    assert_eq!(
        node["sub_code"].as_str(),
        Some("ACQ.TRADE_NOT_EXIST"),
        "{right}"
    );
    assert!(right["sign"].is_string(), "{right}");

    // An adapter signing with the wrong key moves nothing and learns nothing.
    let alipay = stand_in.adapter(DEADLINE);
    let intent = paid(&alipay, &stand_in, 2_000).await;
    let config = stand_in.config_signed_by(&ALIPAY);
    let misconfigured = Alipay::with_timeout(config, DEADLINE).expect("adapter");
    let out = refund("wd_1", &intent, 2_000);
    assert_eq!(
        misconfigured.send(&out).await.expect("sent"),
        MoneyOutResult::InFlight
    );
    assert_eq!(
        misconfigured.check(&out).await.expect("checked"),
        MoneyOutResult::InFlight
    );
    assert!(
        misconfigured
            .look_up(&payment(&intent, 2_000))
            .await
            .is_err()
    );
    assert_eq!((stand_in.refunded(&intent), stand_in.calls(REFUND)), (0, 0));
}
