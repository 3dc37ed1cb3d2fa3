//! Top-ups through Alipay 电脑网站支付 against the contract stand-in, on
//! SQLite and PostgreSQL: the payer is sent to the gateway with the
//! documented, correctly signed parameters, which the stand-in checks as
//! the gateway does; a repeated click reaches the same trade.

use crate::payments_stripe::intent_state;
use crate::support::TestApp;
use crate::support::alipay_stand_in::{APP_ID, AlipayStandIn};
use crate::support::backends::{Cleanup, postgres_database};
use crate::support::money::key;
use crate::support::orders::{session_cookie, user};
use bounty::domain::CurrentUser;
use bounty::server::services::money::top_up;

/// The app on Alipay (the stand-in) with SQLite, and with PostgreSQL when
/// it runs here.
pub async fn alipay_apps(stand_in: &AlipayStandIn) -> Vec<(&'static str, TestApp, Vec<Cleanup>)> {
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

/// Starts a top-up of `amount`; the gateway checks the URL; returns the intent.
pub async fn checkout(
    app: &TestApp,
    stand_in: &AlipayStandIn,
    who: &CurrentUser,
    amount: i64,
    order: Option<i64>,
) -> String {
    let url = top_up::start(&app.state, who, amount, order, &key())
        .await
        .expect("checkout");
    stand_in
        .check(&url)
        .expect("the gateway accepts it")
        .out_trade_no()
}

#[tokio::test]
async fn a_top_up_through_alipay_sends_the_payer_to_the_gateway_with_the_documented_signed_parameters()
 {
    let stand_in = AlipayStandIn::start().await;
    for (backend, app, _cleanup) in alipay_apps(&stand_in).await {
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
        assert!(
            location.starts_with(&format!("{}?", stand_in.gateway)),
            "{location}"
        );

        // The payer's browser goes there, and the gateway takes it.
        let cashier = app.client.get(&location).send().await.expect("gateway");
        let status = cashier.status().as_u16();
        let page = cashier.text().await.expect("cashier page");
        assert_eq!(status, 200, "{backend}: {page}");
        let checkout = stand_in.check(&location).expect("accepted");
        let intent = checkout.out_trade_no();
        assert!(intent.starts_with("pi_"), "{intent}");
        let params = &checkout.params;
        let notify_url = format!("{}/payments/webhook/alipay", app.address);
        let return_url = format!("{}/wallet?payment={intent}", app.address);
        for (name, expected) in [
            ("app_id", APP_ID),
            ("method", "alipay.trade.page.pay"),
            ("format", "JSON"),
            ("charset", "utf-8"),
            ("sign_type", "RSA2"),
            ("version", "1.0"),
            ("notify_url", notify_url.as_str()),
            ("return_url", return_url.as_str()),
        ] {
            assert_eq!(
                params.get(name).map(String::as_str),
                Some(expected),
                "{name}"
            );
        }
        assert_eq!(checkout.biz["total_amount"], "42.00", "{backend}");
        assert_eq!(checkout.biz["product_code"], "FAST_INSTANT_TRADE_PAY");
        assert!(
            !checkout.biz["subject"]
                .as_str()
                .unwrap_or_default()
                .is_empty()
        );
        assert_eq!(intent_state(&app.state, &intent).await, "pending");

        // A changed amount no longer matches the merchant's signature.
        let tampered = location.replace("42.00", "0.01");
        assert_ne!(tampered, location);
        let refused = stand_in.check(&tampered).expect_err("tampered");
        assert!(refused.contains("invalid-signature"), "{refused}");

        // Browsers apply `form-action` to the redirect after the post too.
        let page = app.get_page("/wallet", "en", Some(&cookie)).await;
        let policy = page.headers()["content-security-policy"]
            .to_str()
            .expect("ascii")
            .to_owned();
        let origin = stand_in.gateway.trim_end_matches("/gateway.do");
        assert!(
            policy.contains(&format!("form-action 'self' {origin}")),
            "{policy}"
        );

        // The same click again: the same intent, so the same trade.
        let again = post().await.expect("again");
        let location = again.headers()["location"].to_str().expect("ascii");
        assert_eq!(
            stand_in.check(location).expect("accepted").out_trade_no(),
            intent
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_payer_on_a_phone_is_sent_to_alipays_mobile_site_cashier() {
    let stand_in = AlipayStandIn::start().await;
    for (backend, app, _cleanup) in alipay_apps(&stand_in).await {
        let payer = user(&app.state, "Phone payer").await;
        let cookie = session_cookie(&app.state, &payer).await;
        let answer = app
            .client
            .post(app.url("/api/money/top_up"))
            .header("accept", "text/html")
            .header("origin", &app.address)
            .header("cookie", &cookie)
            .header(
                "user-agent",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 \
                 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
            )
            .form(&[("amount", "8.80"), ("key", key().as_str())])
            .send()
            .await
            .expect("top-up");
        assert!(answer.status().is_redirection(), "{backend}");
        let location = answer.headers()["location"].to_str().expect("ascii");
        let checkout = stand_in.check(location).expect("the gateway accepts it");
        assert_eq!(
            checkout.params.get("method").map(String::as_str),
            Some("alipay.trade.wap.pay"),
            "{backend}"
        );
        assert_eq!(checkout.biz["product_code"], "QUICK_WAP_WAY");
        assert_eq!(checkout.biz["total_amount"], "8.80");
        let intent = checkout.out_trade_no();
        assert_eq!(
            checkout.biz["quit_url"],
            format!("{}/wallet?payment={intent}", app.address)
        );
        app.stop().await;
    }
}
