//! The Stripe adapter's reconciliation and refunds against the contract
//! stand-in, over real HTTP: looking a payment up (with its session id, or
//! without it when the answer to the creation was lost), refunding it once
//! whatever is repeated, reading Stripe's refusals, resolving a lost answer
//! by asking (never by resending), refund events asking for a re-check,
//! and amounts in a zero-decimal currency.

use crate::support::TestApp;
use crate::support::stripe_stand_in::{
    Behaviour, SECRET_KEY, SessionState, StripeStandIn, WEBHOOK_SECRET, now_secs,
};
use bounty::domain::AppError;
use bounty::server::payments::stripe::Stripe;
use bounty::server::payments::{
    CheckoutRequest, Destination, EventKind, MoneyOut, MoneyOutResult, PaymentProvider, PaymentRef,
    WebhookOutcome,
};
use http::HeaderMap;
use std::time::{Duration, Instant};

fn stripe(stand_in: &StripeStandIn) -> Stripe {
    Stripe::new(&stand_in.base_url, SECRET_KEY, WEBHOOK_SECRET).expect("client")
}

fn checkout_request(amount_minor: i64, currency: &str) -> CheckoutRequest {
    CheckoutRequest {
        intent_id: format!("pi_{}", uuid::Uuid::new_v4().simple()),
        amount_minor,
        currency: currency.to_owned(),
        description: "Bounty: wallet top-up".to_owned(),
        success_url: "http://127.0.0.1/wallet".to_owned(),
        cancel_url: "http://127.0.0.1/wallet".to_owned(),
        on_phone: false,
    }
}

/// A payment whose checkout Stripe opened, in `state` when given.
async fn payment(
    stripe: &Stripe,
    stand_in: &StripeStandIn,
    amount_minor: i64,
    state: Option<SessionState>,
) -> PaymentRef {
    let request = checkout_request(amount_minor, "CNY");
    let checkout = stripe.create_checkout(&request).await.expect("checkout");
    if let Some(state) = state {
        stand_in.set_session(&request.intent_id, state);
    }
    PaymentRef {
        intent_id: request.intent_id,
        provider_ref: checkout.provider_ref,
        amount_minor,
        created_at_ms: now_secs() * 1000,
    }
}

fn refund_of(payment: &PaymentRef, withdrawal: i64, amount_minor: i64) -> MoneyOut {
    MoneyOut {
        key: MoneyOut::key_of(withdrawal),
        amount_minor,
        currency: "CNY".to_owned(),
        destination: Destination::Refund(payment.clone()),
        title: "Bounty refund".to_owned(),
    }
}

fn unique_withdrawal() -> i64 {
    i64::from(uuid::Uuid::new_v4().as_u128() as u32)
}

fn posts(stand_in: &StripeStandIn, path: &str) -> usize {
    let requests = stand_in.requests();
    let posted = requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == path);
    posted.count()
}

fn reference(result: &MoneyOutResult) -> String {
    match result {
        MoneyOutResult::Succeeded { reference } => reference.clone(),
        other => panic!("not succeeded: {other:?}"),
    }
}

#[tokio::test]
async fn look_up_reads_paid_expired_open_and_unpaid_sessions() {
    let stand_in = StripeStandIn::start().await;
    let stripe = stripe(&stand_in);

    let paid = payment(&stripe, &stand_in, 4_200, Some(SessionState::Paid)).await;
    let event = stripe
        .look_up(&paid)
        .await
        .expect("look-up")
        .expect("settled");
    let session = paid.provider_ref.clone().expect("session id");
    assert_eq!(event.kind, EventKind::Succeeded);
    assert_eq!(event.id, format!("lookup:{session}:succeeded"));
    assert_eq!(event.intent_id, paid.intent_id);
    assert_eq!(
        (event.amount_minor, event.currency.as_str()),
        (4_200, "CNY")
    );
    assert!((event.created - now_secs()).abs() < 60);
    let request = stand_in.requests().last().cloned().expect("request");
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, format!("/v1/checkout/sessions/{session}"));
    assert_eq!(
        request.authorization.as_deref(),
        Some(format!("Bearer {SECRET_KEY}").as_str())
    );
    let again = stripe
        .look_up(&paid)
        .await
        .expect("again")
        .expect("settled");
    assert_eq!(again.id, event.id, "the same outcome, the same event id");

    let expired = payment(&stripe, &stand_in, 100, Some(SessionState::Expired)).await;
    let event = stripe
        .look_up(&expired)
        .await
        .expect("look-up")
        .expect("settled");
    assert_eq!(event.kind, EventKind::Abandoned);
    assert!(event.id.ends_with(":abandoned"), "{}", event.id);

    let open = payment(&stripe, &stand_in, 100, None).await;
    assert_eq!(stripe.look_up(&open).await, Ok(None));
    let unpaid = payment(&stripe, &stand_in, 100, Some(SessionState::Unpaid)).await;
    assert_eq!(
        stripe.look_up(&unpaid).await,
        Ok(None),
        "a delayed method under way"
    );
}

#[tokio::test]
async fn a_lost_creation_answer_is_found_by_listing_without_opening_another_session() {
    let stand_in = StripeStandIn::start().await;
    let stripe = stripe(&stand_in);
    let mut paid = payment(&stripe, &stand_in, 4_200, None).await;
    let _others = payment(&stripe, &stand_in, 100, Some(SessionState::Expired)).await;
    stand_in.set_session(&paid.intent_id, SessionState::Paid);
    paid.provider_ref = None;
    let sessions_made = posts(&stand_in, "/v1/checkout/sessions");

    let event = stripe
        .look_up(&paid)
        .await
        .expect("look-up")
        .expect("found");
    assert_eq!(event.kind, EventKind::Succeeded);
    assert_eq!(event.intent_id, paid.intent_id);
    let session = stand_in.session(&paid.intent_id);
    assert_eq!(
        event.id,
        format!("lookup:{}:succeeded", session["id"].as_str().expect("id"))
    );
    assert_eq!(posts(&stand_in, "/v1/checkout/sessions"), sessions_made);
    let list = stand_in.requests().last().cloned().expect("request");
    assert_eq!(
        (list.method.as_str(), list.path.as_str()),
        ("GET", "/v1/checkout/sessions")
    );
    let created = paid.created_at_ms / 1000;
    let from: i64 = list.query["created[gte]"].parse().expect("number");
    let to: i64 = list.query["created[lte]"].parse().expect("number");
    assert!(from <= created && created + 24 * 3600 <= to, "{from}..{to}");

    // An intent whose creation never reached Stripe: unknown, and still
    // no session opened by looking.
    let never = PaymentRef {
        intent_id: "pi_never_reached_stripe".to_owned(),
        provider_ref: None,
        amount_minor: 100,
        created_at_ms: now_secs() * 1000,
    };
    assert_eq!(stripe.look_up(&never).await, Ok(None));
    assert_eq!(posts(&stand_in, "/v1/checkout/sessions"), sessions_made);

    // Why not repeat the creation: Stripe refuses a reused key with other
    // parameters, and a look-up cannot rebuild the first ones.
    let mut other = checkout_request(4_200, "CNY");
    other.intent_id = paid.intent_id.clone();
    other.description = "something else".to_owned();
    assert!(stripe.create_checkout(&other).await.is_err());
}

#[tokio::test]
async fn look_up_failures_are_unavailable_and_never_show_the_key() {
    let stand_in = StripeStandIn::start().await;
    let paid = payment(&stripe(&stand_in), &stand_in, 100, Some(SessionState::Paid)).await;
    let wrong_key =
        Stripe::new(&stand_in.base_url, "sk_test_wrong", WEBHOOK_SECRET).expect("client");
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let address = listener.local_addr().expect("address");
        drop(listener);
        Stripe::new(&format!("http://{address}"), SECRET_KEY, WEBHOOK_SECRET).expect("client")
    };
    for stripe in [&wrong_key, &closed] {
        let error = stripe.look_up(&paid).await.expect_err("unavailable");
        assert_eq!(error, AppError::Unavailable("payment_unavailable".into()));
        assert!(!format!("{error:?}").contains(SECRET_KEY));
    }
    let mut foreign = paid.clone();
    foreign.intent_id = "pi_someone_else".to_owned();
    assert!(
        stripe(&stand_in).look_up(&foreign).await.is_err(),
        "another intent's session"
    );
}

#[tokio::test]
async fn a_refund_sends_the_documented_request_once_however_often_it_is_sent() {
    let stand_in = StripeStandIn::start().await;
    let stripe = stripe(&stand_in);
    let paid = payment(&stripe, &stand_in, 4_200, Some(SessionState::Paid)).await;
    let out = refund_of(&paid, unique_withdrawal(), 1_500);
    assert!(stripe.sends(&out.destination));

    let first = stripe.send(&out).await.expect("sent");
    let refund_id = reference(&first);
    assert!(refund_id.starts_with("re_"), "{refund_id}");
    let request = stand_in.requests().last().cloned().expect("request");
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/v1/refunds")
    );
    assert_eq!(
        request.authorization.as_deref(),
        Some(format!("Bearer {SECRET_KEY}").as_str())
    );
    assert_eq!(request.idempotency_key.as_deref(), Some(out.key.as_str()));
    assert_eq!(
        request.content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    let session = stand_in.session(&paid.intent_id);
    for (field, expected) in [
        (
            "payment_intent",
            session["payment_intent"].as_str().expect("pi"),
        ),
        ("amount", "1500"),
        ("metadata[withdrawal]", out.key.as_str()),
    ] {
        assert_eq!(
            request.form.get(field).map(String::as_str),
            Some(expected),
            "{field}"
        );
    }

    let again = stripe.send(&out).await.expect("sent again");
    assert_eq!(reference(&again), refund_id);
    assert_eq!(stand_in.refunds().len(), 1, "one refund for one key");
    assert_eq!(stripe.check(&out).await, Ok(first));
    assert_eq!(posts(&stand_in, "/v1/refunds"), 2, "check never sends");
}

#[tokio::test]
async fn refusals_fail_with_stripes_code_and_faults_stay_in_flight() {
    let stand_in = StripeStandIn::start().await;
    let stripe = stripe(&stand_in);
    let paid = payment(&stripe, &stand_in, 1_000, Some(SessionState::Paid)).await;

    let too_much = refund_of(&paid, unique_withdrawal(), 1_001);
    let failed = |reason: &str| MoneyOutResult::Failed {
        reason: reason.into(),
    };
    assert_eq!(stripe.send(&too_much).await, Ok(failed("amount_too_large")));
    let all = refund_of(&paid, unique_withdrawal(), 1_000);
    reference(&stripe.send(&all).await.expect("sent"));
    let more = refund_of(&paid, unique_withdrawal(), 1);
    assert_eq!(
        stripe.send(&more).await,
        Ok(failed("charge_already_refunded"))
    );

    let other = payment(&stripe, &stand_in, 1_000, Some(SessionState::Paid)).await;
    for (status, kind) in [
        (500, "api_error"),
        (429, "invalid_request_error"),
        (409, "idempotency_error"),
    ] {
        stand_in.behave(Behaviour::Error(status, kind, "stand_in"));
        let out = refund_of(&other, unique_withdrawal(), 100);
        assert_eq!(
            stripe.send(&out).await,
            Ok(MoneyOutResult::InFlight),
            "{status}"
        );
    }
    stand_in.behave(Behaviour::Normal);
    assert_eq!(stand_in.refunds().len(), 1);

    // Our key refused: not even the session could be read, nothing sent.
    let wrong_key =
        Stripe::new(&stand_in.base_url, "sk_test_wrong", WEBHOOK_SECRET).expect("client");
    let out = refund_of(&other, unique_withdrawal(), 100);
    assert_eq!(
        wrong_key.send(&out).await,
        Err(AppError::Unavailable("payout_unavailable".into()))
    );
    assert_eq!(
        wrong_key.check(&out).await,
        Ok(MoneyOutResult::InFlight),
        "no word, no failure"
    );

    // A session never paid has nothing to refund.
    let open = payment(&stripe, &stand_in, 100, None).await;
    assert_eq!(
        stripe.send(&refund_of(&open, 9, 100)).await,
        Ok(failed("not_paid"))
    );
}

#[tokio::test]
async fn a_pending_refund_settles_on_a_later_check() {
    let stand_in = StripeStandIn::start().await;
    let stripe = stripe(&stand_in);
    let paid = payment(&stripe, &stand_in, 1_000, Some(SessionState::Paid)).await;
    stand_in.next_refund_status("pending");
    let settles = refund_of(&paid, unique_withdrawal(), 300);
    let fails = refund_of(&paid, unique_withdrawal(), 300);
    assert_eq!(stripe.send(&settles).await, Ok(MoneyOutResult::InFlight));
    assert_eq!(stripe.send(&fails).await, Ok(MoneyOutResult::InFlight));
    assert_eq!(stripe.check(&settles).await, Ok(MoneyOutResult::InFlight));

    let refunds = stand_in.refunds();
    let id = |n: usize| refunds[n]["id"].as_str().expect("id").to_owned();
    stand_in.set_refund(&id(0), "succeeded", None);
    stand_in.set_refund(&id(1), "failed", Some("expired_or_canceled_card"));
    assert_eq!(
        stripe.check(&settles).await,
        Ok(MoneyOutResult::Succeeded { reference: id(0) })
    );
    assert_eq!(
        stripe.check(&fails).await,
        Ok(MoneyOutResult::Failed {
            reason: "expired_or_canceled_card".into()
        })
    );
}

#[tokio::test]
async fn a_refund_whose_answer_is_lost_is_in_flight_until_a_check_finds_it() {
    let stand_in = StripeStandIn::start().await;
    let stripe = stripe(&stand_in);
    let paid = payment(&stripe, &stand_in, 1_000, Some(SessionState::Paid)).await;
    let out = refund_of(&paid, unique_withdrawal(), 1_000);
    stand_in.behave(Behaviour::HangOnce);
    let started = Instant::now();
    assert_eq!(stripe.send(&out).await, Ok(MoneyOutResult::InFlight));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        stand_in.refunds().len(),
        1,
        "Stripe made it; only the answer was lost"
    );

    let checked = stripe.check(&out).await.expect("checked");
    assert_eq!(
        reference(&checked),
        stand_in.refunds()[0]["id"].as_str().expect("id")
    );
    let list = stand_in.requests().last().cloned().expect("request");
    assert_eq!(
        (list.method.as_str(), list.path.as_str()),
        ("GET", "/v1/refunds")
    );
    assert_eq!(
        list.query.get("payment_intent"),
        stand_in.session(&paid.intent_id)["payment_intent"]
            .as_str()
            .map(str::to_owned)
            .as_ref()
    );
    assert_eq!(posts(&stand_in, "/v1/refunds"), 1, "never resent");
}

#[tokio::test]
async fn a_refund_stripe_never_got_fails_only_on_stripes_word() {
    let stand_in = StripeStandIn::start().await;
    let stripe = stripe(&stand_in);
    let paid = payment(&stripe, &stand_in, 1_000, Some(SessionState::Paid)).await;
    let sent = refund_of(&paid, unique_withdrawal(), 100);
    reference(&stripe.send(&sent).await.expect("sent"));
    let never = refund_of(&paid, unique_withdrawal(), 100);
    assert_eq!(
        stripe.check(&never).await,
        Ok(MoneyOutResult::Failed {
            reason: "not_received".into()
        })
    );
    assert_eq!(posts(&stand_in, "/v1/refunds"), 1);
}

#[tokio::test]
async fn payouts_to_an_account_stay_manual() {
    let stand_in = StripeStandIn::start().await;
    let stripe = stripe(&stand_in);
    let out = MoneyOut {
        key: MoneyOut::key_of(1),
        amount_minor: 100,
        currency: "CNY".into(),
        destination: Destination::Account {
            account: "solver@example.com".into(),
            holder: "Solver".into(),
        },
        title: "Bounty payout".into(),
    };
    assert!(!stripe.sends(&out.destination));
    let unavailable = Err(AppError::Unavailable("payout_unavailable".into()));
    assert_eq!(stripe.send(&out).await, unavailable);
    assert!(stand_in.requests().is_empty(), "nothing asked of Stripe");
}

#[tokio::test]
async fn refund_events_ask_for_a_recheck_and_others_are_unchanged() {
    let stand_in = StripeStandIn::start().await;
    let stripe = stripe(&stand_in);
    let paid = payment(&stripe, &stand_in, 1_000, Some(SessionState::Paid)).await;
    let out = refund_of(&paid, unique_withdrawal(), 400);
    let refund_id = reference(&stripe.send(&out).await.expect("sent"));
    let deliver = |body: Vec<u8>| {
        let mut headers = HeaderMap::new();
        let header = StripeStandIn::sign(&body, now_secs());
        headers.insert("stripe-signature", header.parse().expect("header"));
        let stripe = &stripe;
        async move { stripe.verify_webhook(&headers, &body, now_secs()).await }
    };
    for (kind, body) in [
        (
            "charge.refunded",
            stand_in.charge_refunded_event(&paid.intent_id),
        ),
        (
            "refund.updated",
            stand_in.refund_event("refund.updated", &refund_id),
        ),
        (
            "refund.failed",
            stand_in.refund_event("refund.failed", &refund_id),
        ),
    ] {
        let event_id = serde_json::from_slice::<serde_json::Value>(&body).expect("json")["id"]
            .as_str()
            .expect("id")
            .to_owned();
        match deliver(body).await.expect("verified") {
            WebhookOutcome::Recheck {
                event_id: got,
                reason,
            } => {
                assert_eq!(got, event_id);
                assert!(reason.contains(kind), "{reason}");
            }
            other => panic!("{kind}: {other:?}"),
        }
    }
    let created = stand_in.refund_event("refund.created", &refund_id);
    assert!(matches!(
        deliver(created).await,
        Ok(WebhookOutcome::Acknowledge { .. })
    ));
    let completed = stand_in.event("checkout.session.completed", &paid.intent_id, |_| {});
    assert!(matches!(
        deliver(completed).await,
        Ok(WebhookOutcome::Apply(_))
    ));
}

#[tokio::test]
async fn zero_decimal_currencies_go_out_in_stripes_unit_and_come_back_in_ours() {
    let stand_in = StripeStandIn::start().await;
    let stripe = stripe(&stand_in);
    // JPY: whole yen on both sides; ISK: whole krona for us, hundredths
    // for Stripe; XOF: hundredths for us, whole francs for Stripe.
    for (currency, ours, theirs) in [
        ("JPY", 500, "500"),
        ("ISK", 5, "500"),
        ("XOF", 50_000, "500"),
    ] {
        let request = checkout_request(ours, currency);
        let checkout = stripe.create_checkout(&request).await.expect("checkout");
        let form = stand_in.requests().last().cloned().expect("request").form;
        assert_eq!(
            form["line_items[0][price_data][currency]"],
            currency.to_ascii_lowercase()
        );
        assert_eq!(
            form["line_items[0][price_data][unit_amount]"], theirs,
            "{currency}"
        );
        stand_in.set_session(&request.intent_id, SessionState::Paid);
        let payment = PaymentRef {
            intent_id: request.intent_id.clone(),
            provider_ref: checkout.provider_ref,
            amount_minor: ours,
            created_at_ms: now_secs() * 1000,
        };
        let event = stripe
            .look_up(&payment)
            .await
            .expect("look-up")
            .expect("paid");
        assert_eq!(
            (event.amount_minor, event.currency.as_str()),
            (ours, currency)
        );
        let body = stand_in.event("checkout.session.completed", &request.intent_id, |_| {});
        let mut headers = HeaderMap::new();
        let header = StripeStandIn::sign(&body, now_secs());
        headers.insert("stripe-signature", header.parse().expect("header"));
        match stripe.verify_webhook(&headers, &body, now_secs()).await {
            Ok(WebhookOutcome::Apply(event)) => assert_eq!(event.amount_minor, ours, "{currency}"),
            other => panic!("{currency}: {other:?}"),
        }
    }
    // A fraction of a shilling Stripe cannot take: refused before any call.
    let before = stand_in.requests().len();
    let error = stripe
        .create_checkout(&checkout_request(550, "UGX"))
        .await
        .expect_err("refused");
    assert_eq!(error.status_code(), 422);
    assert_eq!(stand_in.requests().len(), before);
}

/// Through the app: Stripe's `charge.refunded` is taken in (the services
/// re-check what is in flight) and acknowledged, so Stripe stops resending.
#[tokio::test]
async fn the_app_acknowledges_a_signed_charge_refunded() {
    let stand_in = StripeStandIn::start().await;
    let app = TestApp::spawn_with(|settings| stand_in.configure(settings)).await;
    let paid = payment(
        &stripe(&stand_in),
        &stand_in,
        1_000,
        Some(SessionState::Paid),
    )
    .await;
    let body = stand_in.charge_refunded_event(&paid.intent_id);
    let status = app
        .client
        .post(app.url("/payments/webhook/stripe"))
        .header("content-type", "application/json")
        .header("Stripe-Signature", StripeStandIn::sign(&body, now_secs()))
        .body(body)
        .send()
        .await
        .expect("delivery")
        .status();
    assert_eq!(status.as_u16(), 204);
    app.stop().await;
}
