//! Helpers for money tests: paying in through the sandbox provider's signed
//! webhook (the real path), balances, and the ledger's own check.

use crate::support::orders::{draft, user};
use bounty::domain::ledger::Account;
use bounty::domain::order::SubmissionDraft;
use bounty::domain::{AppError, CurrentUser};
use bounty::server::auth::now_millis;
use bounty::server::db::ledger;
use bounty::server::payments::EventKind;
use bounty::server::payments::sandbox::Sandbox;
use bounty::server::services::money::{check, fund, top_up, webhook};
use bounty::server::services::orders::{lifecycle, publish, submit};
use bounty::server::state::AppState;

/// A fresh idempotency key.
pub fn key() -> String {
    format!("k-{}", uuid::Uuid::new_v4().simple())
}

/// The intent id at the end of a checkout URL.
pub fn intent_of(checkout_url: &str) -> String {
    checkout_url.rsplit('/').next().expect("id").to_owned()
}

/// The signed webhook delivery the sandbox would send for `intent_id`.
pub fn signed_event(
    state: &AppState,
    kind: EventKind,
    intent_id: &str,
    amount: i64,
) -> (String, Vec<u8>) {
    state.sandbox.as_ref().expect("sandbox").event(
        kind,
        intent_id,
        amount,
        &state.settings.payments.currency,
        now_millis() / 1000,
    )
}

/// Starts a top-up of `amount` minor units and delivers `kind` for it;
/// returns the intent id.
pub async fn pay(
    state: &AppState,
    who: &CurrentUser,
    amount: i64,
    order_id: Option<i64>,
    kind: EventKind,
) -> String {
    let checkout = top_up::start(state, who, amount, order_id, &key())
        .await
        .expect("top-up starts");
    let intent = intent_of(&checkout);
    let (signature, body) = signed_event(state, kind, &intent, amount);
    webhook::receive(state, &Sandbox::headers(&signature), &body)
        .await
        .expect("webhook");
    intent
}

/// Pays `amount` into `who`'s wallet.
pub async fn top_up(state: &AppState, who: &CurrentUser, amount: i64) {
    pay(state, who, amount, None, EventKind::Succeeded).await;
}

pub async fn balance(state: &AppState, account: Account) -> i64 {
    let mut connection = state.db.pool().acquire().await.expect("connection");
    ledger::balance(&mut connection, account)
        .await
        .expect("balance")
}

pub async fn available(state: &AppState, who: &CurrentUser) -> i64 {
    balance(state, Account::Available(who.id)).await
}

/// Asserts that `bounty ledger check` would pass.
pub async fn assert_ledger_consistent(state: &AppState, context: &str) {
    let violations = check::run(&state.db).await.expect("check runs");
    assert!(violations.is_empty(), "{context}: {violations:#?}");
}

/// How many ledger transactions exist.
pub async fn transactions(state: &AppState) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM ledger_transactions")
        .fetch_one(state.db.pool())
        .await
        .expect("count")
}

/// `user` with the admin role (services check the role they are given).
pub fn admin_of(user: CurrentUser) -> CurrentUser {
    CurrentUser {
        role: bounty::domain::Role::Admin,
        ..user
    }
}

pub fn conflict(code: &str) -> AppError {
    AppError::Conflict(code.into())
}

/// The reward of `draft()`: 1200 yuan in fen.
pub const REWARD: i64 = 120_000;

/// A one-block solution.
pub fn answer(text: &str) -> SubmissionDraft {
    SubmissionDraft {
        blocks: vec![text.into()],
        files: Vec::new(),
    }
}

/// A published, taken, submitted and funded order: (publisher, taker, id).
pub async fn funded_submission(state: &AppState, title: &str) -> (CurrentUser, CurrentUser, i64) {
    // Named after the order, so one test may set up several.
    let publisher = user(state, &format!("Publisher {title}")).await;
    let taker = user(state, &format!("Taker {title}")).await;
    let id = publish::publish(state, &publisher, &draft(title))
        .await
        .expect("publish");
    lifecycle::take(state, &taker, id).await.expect("take");
    submit::submit(state, &taker, id, &answer("Version one"))
        .await
        .expect("submit");
    top_up(state, &publisher, REWARD).await;
    fund::fund(state, &publisher, id, &key())
        .await
        .expect("fund");
    (publisher, taker, id)
}
