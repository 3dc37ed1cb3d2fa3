//! Top-ups through Stripe Checkout against the contract stand-in, on SQLite
//! and PostgreSQL: the documented request goes out, the payer is sent to
//! the session, and a refusal or a timeout leaves a pending intent that a
//! retry reuses (same Idempotency-Key), never a 500.

use crate::support::TestApp;
use crate::support::backends::{Cleanup, postgres_database};
use crate::support::money::key;
use crate::support::orders::{session_cookie, user};
use crate::support::stripe_stand_in::{Behaviour, SECRET_KEY, StripeStandIn};
use bounty::domain::{AppError, FieldError};
use bounty::server::db::payments;
use bounty::server::services::money::top_up;
use bounty::server::state::AppState;
use std::time::{Duration, Instant};

/// The app on Stripe (the stand-in) with SQLite, and with PostgreSQL when
/// it runs here.
pub async fn stripe_apps(stand_in: &StripeStandIn) -> Vec<(&'static str, TestApp, Vec<Cleanup>)> {
    let mut apps = vec![(
        "sqlite",
        TestApp::spawn_with(|settings| stand_in.configure(settings)).await,
        Vec::new(),
    )];
    if let Some((database, cleanup)) = postgres_database().await {
        let app = TestApp::spawn_with(|settings| {
            stand_in.configure(settings);
            settings.database.url = database;
        })
        .await;
        apps.push(("postgres", app, vec![cleanup]));
    }
    apps
}

/// The intent the stand-in was last asked to open a session for.
pub fn last_intent(stand_in: &StripeStandIn) -> String {
    let requests = stand_in.requests();
    let last = requests.last().expect("a request reached the stand-in");
    last.form["client_reference_id"].clone()
}

pub async fn intent_state(state: &AppState, intent: &str) -> String {
    let mut connection = state.db.pool().acquire().await.expect("connection");
    payments::find(&mut connection, intent)
        .await
        .expect("find")
        .expect("the intent exists")
        .state
}

async fn intents(state: &AppState) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM payment_intents")
        .fetch_one(state.db.pool())
        .await
        .expect("count")
}

#[tokio::test]
async fn a_top_up_through_stripe_sends_the_documented_request_and_redirects_to_the_session() {
    let stand_in = StripeStandIn::start().await;
    for (backend, app, _cleanup) in stripe_apps(&stand_in).await {
        let payer = user(&app.state, "Payer").await;
        let cookie = session_cookie(&app.state, &payer).await;
        let key = key();
        let post = || {
            app.client
                .post(app.url("/api/money/top_up"))
                .header("accept", "text/html")
                .header("origin", &app.address)
                .header("cookie", &cookie)
                .form(&[("amount", "42.00"), ("key", key.as_str())])
                .send()
        };
        let answer = post().await.expect("top-up");
        assert!(
            answer.status().is_redirection(),
            "{backend}: {}",
            answer.status()
        );
        let location = answer.headers()["location"]
            .to_str()
            .expect("ascii")
            .to_owned();

        let intent = last_intent(&stand_in);
        let session = stand_in.session(&intent);
        assert_eq!(location, session["url"].as_str().expect("url"), "{backend}");
        assert!(location.starts_with("https://checkout.stripe.com/c/pay/cs_test_"));
        let request = stand_in.requests().last().cloned().expect("request");
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/v1/checkout/sessions");
        assert_eq!(
            request.authorization.as_deref(),
            Some(format!("Bearer {SECRET_KEY}").as_str())
        );
        assert_eq!(request.idempotency_key.as_deref(), Some(intent.as_str()));
        assert_eq!(
            request.content_type.as_deref(),
            Some("application/x-www-form-urlencoded")
        );
        let back = format!("{}/wallet?payment={intent}", app.address);
        for (field, expected) in [
            ("mode", "payment"),
            ("line_items[0][price_data][currency]", "cny"),
            ("line_items[0][price_data][unit_amount]", "4200"),
            ("line_items[0][quantity]", "1"),
            ("client_reference_id", intent.as_str()),
            ("metadata[intent_id]", intent.as_str()),
            ("success_url", back.as_str()),
            ("cancel_url", back.as_str()),
        ] {
            assert_eq!(
                request.form.get(field).map(String::as_str),
                Some(expected),
                "{field}"
            );
        }
        assert!(!request.form["line_items[0][price_data][product_data][name]"].is_empty());
        assert!(intent.starts_with("pi_"));
        assert_eq!(intent_state(&app.state, &intent).await, "pending");

        // Browsers apply `form-action` to the redirect after the post too.
        let page = app.get_page("/wallet", "en", Some(&cookie)).await;
        let policy = page.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(
            policy.contains("form-action 'self' https://checkout.stripe.com"),
            "{policy}"
        );

        // The same click again: the same intent, the same session.
        let again = post().await.expect("again");
        assert_eq!(
            again.headers()["location"].to_str().expect("ascii"),
            location
        );
        assert_eq!(intents(&app.state).await, 1, "{backend}");
        app.stop().await;
    }
}

#[tokio::test]
async fn stripe_refusing_or_failing_answers_a_clear_error_and_a_retry_reuses_the_pending_intent() {
    let stand_in = StripeStandIn::start().await;
    for (backend, app, _cleanup) in stripe_apps(&stand_in).await {
        let state = &app.state;
        let payer = user(state, "Payer").await;
        let cookie = session_cookie(state, &payer).await;
        let key = key();
        let post = || {
            app.client
                .post(app.url("/api/money/top_up"))
                .header("origin", &app.address)
                .header("cookie", &cookie)
                .form(&[("amount", "0.10"), ("key", key.as_str())])
                .send()
        };
        stand_in.behave(Behaviour::Error(
            400,
            "invalid_request_error",
            "amount_too_small",
        ));
        let refused = post().await.expect("post");
        assert_eq!(refused.status().as_u16(), 422, "{backend}");
        assert!(
            refused
                .text()
                .await
                .expect("body")
                .contains("payment_refused")
        );
        let error = top_up::start(state, &payer, 10, None, &key)
            .await
            .expect_err("refused");
        assert_eq!(
            error,
            AppError::invalid(FieldError::FORM, "payment_refused")
        );

        for (status, kind) in [
            (500, "api_error"),
            (429, "invalid_request_error"),
            (401, "invalid_request_error"),
        ] {
            stand_in.behave(Behaviour::Error(status, kind, "stand_in"));
            let failed = post().await.expect("post");
            assert_eq!(failed.status().as_u16(), 503, "{backend}: Stripe {status}");
            let body = failed.text().await.expect("body");
            assert!(body.contains("payment_unavailable"), "{body}");
            assert!(
                !body.contains(SECRET_KEY) && !body.contains("stand-in"),
                "{body}"
            );
        }
        let intent = last_intent(&stand_in);
        assert_eq!(intent_state(state, &intent).await, "pending");

        stand_in.behave(Behaviour::Normal);
        let served = post().await.expect("post");
        assert_eq!(served.status().as_u16(), 200, "{backend}");
        assert_eq!(intents(state).await, 1, "one intent for every attempt");
        let keys: Vec<_> = stand_in
            .requests()
            .into_iter()
            .filter_map(|r| r.idempotency_key)
            .collect();
        assert!(keys.iter().rev().take(6).all(|k| *k == intent), "{keys:?}");
        app.stop().await;
    }
}

/// On SQLite only: the deadline is the HTTP client's, not the database's.
#[tokio::test]
async fn a_checkout_stripe_never_answers_times_out_and_a_retry_reuses_the_pending_intent() {
    let stand_in = StripeStandIn::start().await;
    let app = TestApp::spawn_with(|settings| stand_in.configure(settings)).await;
    let payer = user(&app.state, "Payer").await;
    let key = key();
    stand_in.behave(Behaviour::HangOnce);
    let started = Instant::now();
    let error = top_up::start(&app.state, &payer, 5_000, None, &key)
        .await
        .expect_err("timed out");
    assert_eq!(error.status_code(), 503);
    assert_eq!(error, AppError::Unavailable("payment_unavailable".into()));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    let intent = last_intent(&stand_in);
    assert_eq!(intent_state(&app.state, &intent).await, "pending");

    let url = top_up::start(&app.state, &payer, 5_000, None, &key)
        .await
        .expect("the retry is served");
    assert_eq!(url, stand_in.session(&intent)["url"].as_str().expect("url"));
    assert_eq!(last_intent(&stand_in), intent);
    assert_eq!(intents(&app.state).await, 1);
    app.stop().await;
}
