//! The platform fee on a release, and `bounty ledger check` as an operator
//! runs it: it passes on a consistent ledger and fails, naming the account,
//! when a cached balance no longer matches its entries.

use crate::support::money::{
    REWARD, assert_ledger_consistent, available, balance, funded_submission, key, top_up,
};
use crate::support::orders::user;
use crate::support::test_app::TestApp;
use bounty::domain::ledger::Account;
use bounty::server::services::money::confirm;
use std::process::Command;

#[tokio::test]
async fn a_release_pays_the_solver_the_reward_less_the_configured_fee() {
    let app = TestApp::spawn_with(|settings| settings.payments.fee_basis_points = 250).await;
    let state = &app.state;
    let (publisher, taker, id) = funded_submission(state, "With a fee").await;
    confirm::confirm(state, &publisher, id, &key())
        .await
        .expect("confirm");
    assert_eq!(available(state, &taker).await, REWARD - 3_000);
    assert_eq!(balance(state, Account::Fees).await, 3_000);
    assert_eq!(balance(state, Account::Escrow(id)).await, 0);
    assert_ledger_consistent(state, "fee").await;
    app.stop().await;
}

pub fn ledger_check(data_dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_bounty"))
        .args(["ledger", "check"])
        .env_remove("DATABASE_URL")
        .env_remove("REDIS_URL")
        .env("APP_CONFIG_FILE", "/nonexistent/Leptos.toml")
        .env("APP__SERVER__DATA_DIR", data_dir)
        .env("APP__LOG__LEVEL", "error")
        .output()
        .expect("ledger check runs")
}

#[tokio::test]
async fn ledger_check_passes_on_a_consistent_ledger_and_fails_on_a_drifted_balance() {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let path = data_dir.path().to_path_buf();
    let app = TestApp::spawn_with(|settings| settings.server.data_dir = path.clone()).await;
    let payer = user(&app.state, "Payer").await;
    top_up(&app.state, &payer, 5_000).await;
    app.stop().await;

    let clean = ledger_check(&path);
    let said = String::from_utf8_lossy(&clean.stdout);
    assert!(clean.status.success(), "{said}");
    assert!(said.contains("every invariant holds"), "{said}");

    let db = bounty::server::db::Db::connect(&bounty::server::db::default_sqlite_url(&path), 1)
        .await
        .expect("db");
    sqlx::query(
        "UPDATE ledger_accounts SET balance_minor = balance_minor + 1 WHERE kind = 'available'",
    )
    .execute(db.pool())
    .await
    .expect("drift");
    let refused = sqlx::query("DELETE FROM ledger_entries")
        .execute(db.pool())
        .await;
    assert!(refused.is_err(), "entries are append-only");
    db.close().await;

    let drifted = ledger_check(&path);
    let said = String::from_utf8_lossy(&drifted.stdout);
    assert!(!drifted.status.success(), "{said}");
    assert!(
        said.contains(&format!("user:{}:available", payer.id)),
        "{said}"
    );
}
