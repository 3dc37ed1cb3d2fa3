//! The payment webhook and the sandbox checkout over HTTP: only a correctly
//! signed, fresh, well-formed event about a known payment is taken in, a
//! refused one changes nothing, and the checkout is the payer's alone.

use crate::support::money::{available, intent_of, key, signed_event, transactions};
use crate::support::orders::{session_cookie, user};
use crate::support::test_app::TestApp;
use bounty::server::payments::EventKind;
use bounty::server::payments::signature::{HEADER, TOLERANCE_SECS, sign};
use bounty::server::services::money::top_up;

async fn deliver(app: &TestApp, signature: Option<&str>, body: Vec<u8>) -> u16 {
    let mut request = app
        .client
        .post(app.url("/payments/webhook/sandbox"))
        .header("content-type", "application/json")
        .body(body);
    if let Some(signature) = signature {
        request = request.header(HEADER, signature);
    }
    request.send().await.expect("delivery").status().as_u16()
}

#[tokio::test]
async fn only_a_signed_fresh_event_about_a_known_payment_credits_the_wallet() {
    let app = TestApp::spawn().await;
    let state = &app.state;
    let payer = user(state, "Payer").await;
    let checkout = top_up::start(state, &payer, 4_200, None, &key())
        .await
        .expect("start");
    let intent = intent_of(&checkout);
    let (signature, body) = signed_event(state, EventKind::Succeeded, &intent, 4_200);

    assert_eq!(deliver(&app, None, body.clone()).await, 401, "unsigned");
    let forged = sign(b"not the provider's secret", now_secs(), &body);
    assert_eq!(
        deliver(&app, Some(&forged), body.clone()).await,
        401,
        "forged"
    );
    let mut tampered = body.clone();
    let at = tampered.iter().position(|b| *b == b'4').expect("a digit");
    tampered[at] = b'9';
    assert_eq!(
        deliver(&app, Some(&signature), tampered).await,
        401,
        "tampered body"
    );
    let secret = state.sandbox.as_ref().expect("sandbox");
    let stale_time = now_secs() - TOLERANCE_SECS - 60;
    let stale = sign(secret.webhook_secret(), stale_time, &body);
    assert_eq!(
        deliver(&app, Some(&stale), body.clone()).await,
        422,
        "stale"
    );
    let (unknown_signature, unknown_body) =
        signed_event(state, EventKind::Succeeded, "pi_unknown", 4_200);
    assert_eq!(
        deliver(&app, Some(&unknown_signature), unknown_body).await,
        404
    );
    let (wrong_signature, wrong_amount) =
        signed_event(state, EventKind::Succeeded, &intent, 999_999);
    assert_eq!(
        deliver(&app, Some(&wrong_signature), wrong_amount).await,
        422
    );
    let garbage = b"{\"not\": \"an event\"}".to_vec();
    let garbage_signature = sign(secret.webhook_secret(), now_secs(), &garbage);
    assert_eq!(deliver(&app, Some(&garbage_signature), garbage).await, 422);
    assert_eq!(
        available(state, &payer).await,
        0,
        "nothing refused moved money"
    );
    assert_eq!(transactions(state).await, 0);

    assert_eq!(deliver(&app, Some(&signature), body.clone()).await, 204);
    assert_eq!(
        deliver(&app, Some(&signature), body).await,
        204,
        "redelivery"
    );
    assert_eq!(available(state, &payer).await, 4_200);
    assert_eq!(transactions(state).await, 1);
    app.stop().await;
}

fn now_secs() -> i64 {
    bounty::server::auth::now_millis() / 1000
}

#[tokio::test]
async fn the_sandbox_checkout_belongs_to_its_payer_and_approving_credits_once() {
    let app = TestApp::spawn().await;
    let state = &app.state;
    let payer = user(state, "Payer").await;
    let stranger = user(state, "Stranger").await;
    let checkout = top_up::start(state, &payer, 1_500, None, &key())
        .await
        .expect("start");
    let intent = intent_of(&checkout);
    let page = app
        .client
        .get(app.url(&checkout))
        .send()
        .await
        .expect("get");
    assert_eq!(page.status().as_u16(), 401, "signed out");
    let stranger_cookie = session_cookie(state, &stranger).await;
    let theirs = app
        .client
        .post(app.url(&checkout))
        .header("cookie", &stranger_cookie)
        .form(&[("decision", "approve")])
        .send()
        .await
        .expect("post");
    assert_eq!(theirs.status().as_u16(), 404, "another user's payment");

    let cookie = session_cookie(state, &payer).await;
    let page = app
        .client
        .get(app.url(&checkout))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("get");
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("¥15.00"), "{html}");
    for _ in 0..2 {
        let approved = app
            .client
            .post(app.url(&checkout))
            .header("cookie", &cookie)
            .form(&[("decision", "approve")])
            .send()
            .await
            .expect("approve");
        assert_eq!(approved.status().as_u16(), 303);
        assert_eq!(
            approved.headers()["location"].to_str().expect("location"),
            format!("/wallet?payment={intent}")
        );
    }
    assert_eq!(
        available(state, &payer).await,
        1_500,
        "approved twice, credited once"
    );
    let odd = app
        .client
        .post(app.url(&checkout))
        .header("cookie", &cookie)
        .form(&[("decision", "steal")])
        .send()
        .await
        .expect("post");
    assert_eq!(odd.status().as_u16(), 422);
    app.stop().await;
}

#[tokio::test]
async fn absurd_top_ups_are_refused_before_anything_is_written() {
    let app = TestApp::spawn().await;
    let state = &app.state;
    let payer = user(state, "Payer").await;
    for amount in [0, -100, i64::MAX] {
        let refused = top_up::start(state, &payer, amount, None, &key()).await;
        assert!(
            matches!(refused, Err(bounty::domain::AppError::Invalid(_))),
            "{amount}: {refused:?}"
        );
    }
    let stranger = user(state, "Stranger").await;
    let id = bounty::server::services::orders::publish::publish(
        state,
        &stranger,
        &crate::support::orders::draft("Theirs"),
    )
    .await
    .expect("publish");
    assert_eq!(
        top_up::start(state, &payer, 100, Some(id), &key()).await,
        Err(bounty::domain::AppError::Forbidden)
    );
    let intents: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payment_intents")
        .fetch_one(state.db.pool())
        .await
        .expect("count");
    assert_eq!(intents, 0);
    app.stop().await;
}
