//! `bounty payments reconcile`, the built binary against a SQLite data dir
//! on Stripe (the stand-in): a payment made at Stripe whose webhook never
//! came is named and credited by the first run ("1 change(s)"), and a
//! second run changes nothing ("0 change(s)"); the ledger check passes.

use crate::money_ledger::ledger_check;
use crate::payments_stripe::intent_state;
use crate::support::TestApp;
use crate::support::money::available;
use crate::support::orders::user;
use crate::support::stripe_stand_in::{SECRET_KEY, StripeStandIn, WEBHOOK_SECRET};
use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs `bounty payments reconcile` on `data_dir`, configured for Stripe
/// at `api_base` as the app under test was. Off the runtime's thread: the
/// stand-in it calls runs on this test's runtime.
async fn reconcile(data_dir: PathBuf, api_base: String) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_bounty"))
            .args(["payments", "reconcile"])
            .env_remove("DATABASE_URL")
            .env_remove("REDIS_URL")
            .env("APP_CONFIG_FILE", "/nonexistent/Leptos.toml")
            .env("APP__SERVER__DATA_DIR", &data_dir)
            .env("APP__LOG__LEVEL", "error")
            .env("APP__PAYMENTS__PROVIDER", "stripe")
            .env("APP__PAYMENTS__STRIPE_API_BASE", &api_base)
            .env("APP__SECRETS__STRIPE_SECRET_KEY", SECRET_KEY)
            .env("APP__SECRETS__STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
            .output()
            .expect("bounty payments reconcile runs")
    })
    .await
    .expect("joined")
}

#[tokio::test]
async fn payments_reconcile_credits_a_paid_payment_whose_webhook_was_lost_once_and_says_so() {
    let stand_in = StripeStandIn::start().await;
    let data_dir = tempfile::tempdir().expect("temp dir");
    let path = data_dir.path().to_path_buf();
    let app = TestApp::spawn_with(|settings| {
        stand_in.configure(settings);
        settings.server.data_dir = path.clone();
    })
    .await;
    let provider = super::Provider::Stripe(stand_in.clone());
    let payer = user(&app.state, "Payer").await;
    let intent = provider.paid_checkout(&app, &payer, 4_200, None).await;
    super::backdate(&app.state, &intent).await;
    app.stop().await;

    let first = reconcile(path.clone(), stand_in.base_url.clone()).await;
    let said = String::from_utf8_lossy(&first.stdout);
    let errors = String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{said}\n{errors}");
    assert!(
        said.contains(&format!("payment {intent}: pending -> succeeded")),
        "{said}"
    );
    assert!(
        said.contains("payments reconcile (stripe): 1 change(s)"),
        "{said}"
    );

    let second = reconcile(path.clone(), stand_in.base_url.clone()).await;
    let said = String::from_utf8_lossy(&second.stdout);
    assert!(second.status.success(), "{said}");
    assert!(
        said.contains("payments reconcile (stripe): 0 change(s)"),
        "{said}"
    );
    assert!(!said.contains(&intent), "{said}");

    let check = ledger_check(&path);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let app = TestApp::spawn_with(|settings| {
        stand_in.configure(settings);
        settings.server.data_dir = path.clone();
    })
    .await;
    assert_eq!(intent_state(&app.state, &intent).await, "succeeded");
    assert_eq!(available(&app.state, &payer).await, 4_200);
    app.stop().await;
}
