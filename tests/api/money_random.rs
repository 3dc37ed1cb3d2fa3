//! A randomised concurrency run on both backends: 20 clients share eight
//! users and every order, and make 1,000 mixed money operations between
//! them (top-ups whose webhooks arrive twice, contradicting or at once;
//! publishing and funding, with double clicks; taking and submitting;
//! confirming; disputes decided by an admin; withdrawals paid or rejected;
//! cancellations). Operations race on the same orders, wallets and
//! withdrawals. Afterwards the ledger's own check passes and every account
//! holds exactly what a model built from the operations' answers says.
//!
//! The model only adds deltas, so the order in which clients report does
//! not matter; a delta is counted once per idempotency key. No operation
//! may fail with an internal error: every refusal is a 4xx.

use crate::support::money::{
    admin_of, answer, assert_ledger_consistent, intent_of, key, signed_event,
};
use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use bounty::domain::ledger::Account;
use bounty::domain::order::dispute::DisputeOutcome;
use bounty::domain::withdrawal::WithdrawalDecision;
use bounty::domain::{AppError, CurrentUser};
use bounty::server::payments::EventKind;
use bounty::server::payments::sandbox::Sandbox;
use bounty::server::services::money::{cancel, confirm, dispute, fund, top_up, webhook, withdraw};
use bounty::server::services::orders::{lifecycle, publish, submit};
use bounty::server::state::AppState;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::Mutex;

const CLIENTS: usize = 20;
const OPERATIONS: usize = 1_000;
const USERS: usize = 8;

#[derive(Clone)]
struct OrderInfo {
    id: i64,
    publisher: usize,
    reward: i64,
}

/// What every account should hold, from the operations' answers.
#[derive(Default)]
struct Model {
    balances: HashMap<Account, i64>,
    applied: HashSet<String>,
}

impl Model {
    /// Adds `moves` once for `key`.
    fn apply(&mut self, key: &str, moves: &[(Account, i64)]) {
        if self.applied.insert(key.to_owned()) {
            for (account, delta) in moves {
                *self.balances.entry(*account).or_default() += delta;
            }
        }
    }
}

struct World {
    state: AppState,
    users: Vec<CurrentUser>,
    admin: CurrentUser,
    orders: Mutex<Vec<OrderInfo>>,
    /// Pending withdrawals: (id, user index, amount).
    withdrawals: Mutex<Vec<(i64, usize, i64)>>,
    /// Intents whose events were delivered one after another, with the
    /// outcome the first event must have fixed.
    sequential_intents: Mutex<Vec<(String, &'static str)>>,
    model: Mutex<Model>,
    errors: Mutex<Vec<AppError>>,
}

impl World {
    /// Records a refusal; internal errors fail the test at the end.
    async fn refused<T>(&self, result: Result<T, AppError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.errors.lock().await.push(error);
                None
            }
        }
    }

    async fn random_order(&self, rng: &mut StdRng) -> Option<OrderInfo> {
        let orders = self.orders.lock().await;
        (!orders.is_empty()).then(|| orders[rng.random_range(0..orders.len())].clone())
    }

    async fn taker_of(&self, order_id: i64) -> Option<usize> {
        let taker: Option<i64> = sqlx::query_scalar("SELECT taker_id FROM orders WHERE id = $1")
            .bind(order_id)
            .fetch_one(self.state.db.pool())
            .await
            .expect("taker");
        taker.and_then(|id| self.users.iter().position(|user| user.id == id))
    }

    /// Whether a ledger transaction was written under `scoped_key`.
    async fn posted(&self, scoped_key: &str) -> bool {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM ledger_transactions WHERE idempotency_key = $1",
        )
        .bind(scoped_key)
        .fetch_one(self.state.db.pool())
        .await
        .expect("posted");
        count == 1
    }
}

async fn top_up_op(world: &World, rng: &mut StdRng) {
    let payer = &world.users[rng.random_range(0..USERS)];
    let amount = rng.random_range(1_000..=80_000);
    let Some(checkout) = world
        .refused(top_up::start(&world.state, payer, amount, None, &key()).await)
        .await
    else {
        return;
    };
    let intent = intent_of(&checkout);
    let state = &world.state;
    let first = [
        EventKind::Succeeded,
        EventKind::Declined,
        EventKind::Abandoned,
    ][rng.random_range(0..3)];
    let delivery = signed_event(state, first, &intent, amount);
    if rng.random_bool(0.3) {
        // Two contradicting events at the same moment: one wins.
        let other = signed_event(state, EventKind::Succeeded, &intent, amount);
        let (first_headers, other_headers) =
            (Sandbox::headers(&delivery.0), Sandbox::headers(&other.0));
        let (a, b) = tokio::join!(
            webhook::receive(state, &first_headers, &delivery.1),
            webhook::receive(state, &other_headers, &other.1)
        );
        world.refused(a).await;
        world.refused(b).await;
        return;
    }
    world
        .refused(webhook::receive(state, &Sandbox::headers(&delivery.0), &delivery.1).await)
        .await;
    // The same delivery again, then a contradicting late event.
    world
        .refused(webhook::receive(state, &Sandbox::headers(&delivery.0), &delivery.1).await)
        .await;
    let late = signed_event(state, EventKind::Succeeded, &intent, amount);
    world
        .refused(webhook::receive(state, &Sandbox::headers(&late.0), &late.1).await)
        .await;
    let expected = match first {
        EventKind::Succeeded => "succeeded",
        EventKind::Declined => "declined",
        EventKind::Abandoned => "abandoned",
    };
    world
        .sequential_intents
        .lock()
        .await
        .push((intent, expected));
}

async fn publish_op(world: &World, rng: &mut StdRng) {
    let publisher = rng.random_range(0..USERS);
    let major = rng.random_range(10..=500);
    let mut order = draft("Randomised");
    order.reward = major.to_string();
    if let Some(id) = world
        .refused(publish::publish(&world.state, &world.users[publisher], &order).await)
        .await
    {
        world.orders.lock().await.push(OrderInfo {
            id,
            publisher,
            reward: major * 100,
        });
    }
}

async fn fund_op(world: &World, rng: &mut StdRng) {
    let Some(order) = world.random_order(rng).await else {
        return;
    };
    let publisher = &world.users[order.publisher];
    let fund_key = key();
    let state = &world.state;
    let results = if rng.random_bool(0.3) {
        // A double click: the same key twice at once.
        let (a, b) = tokio::join!(
            fund::fund(state, publisher, order.id, &fund_key),
            fund::fund(state, publisher, order.id, &fund_key)
        );
        vec![a, b]
    } else {
        vec![fund::fund(state, publisher, order.id, &fund_key).await]
    };
    for result in results {
        if world.refused(result).await.is_some() {
            world.model.lock().await.apply(
                &format!("fund:{fund_key}"),
                &[
                    (Account::Available(publisher.id), -order.reward),
                    (Account::Escrow(order.id), order.reward),
                ],
            );
        }
    }
}

async fn take_op(world: &World, rng: &mut StdRng) {
    let Some(order) = world.random_order(rng).await else {
        return;
    };
    let taker = &world.users[rng.random_range(0..USERS)];
    if world
        .refused(lifecycle::take(&world.state, taker, order.id).await)
        .await
        .is_some()
    {
        world
            .refused(submit::submit(&world.state, taker, order.id, &answer("Done")).await)
            .await;
    }
}

async fn confirm_op(world: &World, rng: &mut StdRng) {
    let Some(order) = world.random_order(rng).await else {
        return;
    };
    let Some(taker) = world.taker_of(order.id).await else {
        return;
    };
    let publisher = &world.users[order.publisher];
    let confirm_key = key();
    let result = confirm::confirm(&world.state, publisher, order.id, &confirm_key).await;
    if world.refused(result).await.is_some() {
        world.model.lock().await.apply(
            &format!("confirm:{confirm_key}"),
            &[
                (Account::Escrow(order.id), -order.reward),
                (Account::Available(world.users[taker].id), order.reward),
            ],
        );
    }
}

async fn dispute_op(world: &World, rng: &mut StdRng) {
    let Some(order) = world.random_order(rng).await else {
        return;
    };
    let Some(taker) = world.taker_of(order.id).await else {
        return;
    };
    let opener = if rng.random_bool(0.5) {
        order.publisher
    } else {
        taker
    };
    let state = &world.state;
    world
        .refused(dispute::open(state, &world.users[opener], order.id, "Disagreement").await)
        .await;
    let to_solver = match rng.random_range(0..3) {
        0 => order.reward,
        1 => 0,
        _ => rng.random_range(1..order.reward),
    };
    let outcome = match to_solver {
        0 => DisputeOutcome::Refund,
        all if all == order.reward => DisputeOutcome::Release,
        part => DisputeOutcome::Split { to_solver: part },
    };
    let decide_key = key();
    let decided = dispute::decide(
        state,
        &world.admin,
        order.id,
        outcome,
        "Decided",
        &decide_key,
    );
    if world.refused(decided.await).await.is_some() {
        world.model.lock().await.apply(
            &format!("decide:{decide_key}"),
            &[
                (Account::Escrow(order.id), -order.reward),
                (Account::Available(world.users[taker].id), to_solver),
                (
                    Account::Available(world.users[order.publisher].id),
                    order.reward - to_solver,
                ),
            ],
        );
    }
}

async fn withdraw_op(world: &World, rng: &mut StdRng) {
    let who = rng.random_range(0..USERS);
    let user = &world.users[who];
    let amount = rng.random_range(100..=30_000);
    let withdraw_key = key();
    let result = withdraw::request(&world.state, user, amount, "Bank 6222", &withdraw_key).await;
    if world.refused(result).await.is_none() {
        return;
    }
    world.model.lock().await.apply(
        &format!("withdraw:{withdraw_key}"),
        &[
            (Account::Available(user.id), -amount),
            (Account::Held(user.id), amount),
        ],
    );
    let id: i64 = sqlx::query_scalar(
        "SELECT MAX(id) FROM withdrawals WHERE user_id = $1 AND amount_minor = $2",
    )
    .bind(user.id)
    .bind(amount)
    .fetch_one(world.state.db.pool())
    .await
    .expect("withdrawal id");
    world.withdrawals.lock().await.push((id, who, amount));
}

async fn decide_withdrawal_op(world: &World, rng: &mut StdRng) {
    let picked = {
        let pending = world.withdrawals.lock().await;
        (!pending.is_empty()).then(|| pending[rng.random_range(0..pending.len())])
    };
    let Some((id, who, amount)) = picked else {
        return;
    };
    let user = world.users[who].id;
    let (decision, moves) = if rng.random_bool(0.5) {
        (
            WithdrawalDecision::Paid,
            [(Account::Held(user), -amount), (Account::Clearing, amount)],
        )
    } else {
        (
            WithdrawalDecision::Rejected,
            [
                (Account::Held(user), -amount),
                (Account::Available(user), amount),
            ],
        )
    };
    let decide_key = key();
    let result = withdraw::decide(&world.state, &world.admin, id, decision, "ref", &decide_key);
    if world.refused(result.await).await.is_some() {
        world
            .model
            .lock()
            .await
            .apply(&format!("withdrawal:{id}"), &moves);
    }
}

async fn cancel_op(world: &World, rng: &mut StdRng) {
    let Some(order) = world.random_order(rng).await else {
        return;
    };
    let publisher = &world.users[order.publisher];
    let cancel_key = key();
    let result = cancel::cancel(&world.state, publisher, order.id, &cancel_key).await;
    // Cancelling an order that is cancelled already (by another client, or
    // by a refunding dispute decision) answers Ok and moves nothing; a
    // refund is recorded under this request's key.
    let scoped = format!("{}:cancel:{cancel_key}", publisher.id);
    if world.refused(result).await.is_some() && world.posted(&scoped).await {
        world.model.lock().await.apply(
            &format!("cancel:{}", order.id),
            &[
                (Account::Escrow(order.id), -order.reward),
                (Account::Available(publisher.id), order.reward),
            ],
        );
    }
}

async fn client(world: Arc<World>, next: Arc<AtomicUsize>, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    while next.fetch_add(1, Ordering::SeqCst) < OPERATIONS {
        match rng.random_range(0..17) {
            0..=3 => top_up_op(&world, &mut rng).await,
            4..=5 => publish_op(&world, &mut rng).await,
            6..=8 => fund_op(&world, &mut rng).await,
            9..=10 => take_op(&world, &mut rng).await,
            11 => confirm_op(&world, &mut rng).await,
            12 => dispute_op(&world, &mut rng).await,
            13 => withdraw_op(&world, &mut rng).await,
            14 => decide_withdrawal_op(&world, &mut rng).await,
            15 => cancel_op(&world, &mut rng).await,
            _ => confirm_op(&world, &mut rng).await,
        }
    }
}

/// Every account's balance as the ledger has it.
async fn ledger_balances(state: &AppState) -> HashMap<String, i64> {
    sqlx::query_as::<_, (String, i64)>("SELECT account_key, balance_minor FROM ledger_accounts")
        .fetch_all(state.db.pool())
        .await
        .expect("balances")
        .into_iter()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_random_concurrent_money_operations_leave_every_balance_as_expected() {
    let seed: u64 = std::env::var("TEST_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or_else(|| u64::from(std::process::id()));
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    for stack in stacks().await {
        let state = &stack.state;
        let mut users = Vec::new();
        for n in 0..USERS {
            users.push(user(state, &format!("Client {n}")).await);
        }
        let world = Arc::new(World {
            state: state.clone(),
            users,
            admin: admin_of(user(state, "Arbiter").await),
            orders: Mutex::new(Vec::new()),
            withdrawals: Mutex::new(Vec::new()),
            sequential_intents: Mutex::new(Vec::new()),
            model: Mutex::new(Model::default()),
            errors: Mutex::new(Vec::new()),
        });
        let next = Arc::new(AtomicUsize::new(0));
        let clients = (0..CLIENTS)
            .map(|n| tokio::spawn(client(world.clone(), next.clone(), seed + n as u64)));
        for joined in futures::future::join_all(clients).await {
            joined.expect("client");
        }
        let context = format!("{} (TEST_SEED={seed})", stack.name);

        let errors = world.errors.lock().await;
        let internal: Vec<_> = errors
            .iter()
            .filter(|error| matches!(error, AppError::Internal { .. }))
            .collect();
        assert!(internal.is_empty(), "{context}: {internal:?}");

        // Payments: each intent delivered in sequence ended as its first
        // event said; every succeeded one is a credit in the model.
        let intents: Vec<(String, i64, i64, String)> =
            sqlx::query_as("SELECT id, user_id, amount_minor, state FROM payment_intents")
                .fetch_all(state.db.pool())
                .await
                .expect("intents");
        let states: HashMap<&str, &str> = intents
            .iter()
            .map(|(id, _, _, state)| (id.as_str(), state.as_str()))
            .collect();
        for (intent, expected) in world.sequential_intents.lock().await.iter() {
            assert_eq!(states.get(intent.as_str()), Some(expected), "{context}");
        }
        let mut model = world.model.lock().await;
        for (id, user, amount, state) in &intents {
            if state == "succeeded" {
                model.apply(
                    &format!("top_up:{id}"),
                    &[
                        (Account::Clearing, -amount),
                        (Account::Available(*user), *amount),
                    ],
                );
            }
        }

        let ledger = ledger_balances(state).await;
        for (account, expected) in &model.balances {
            assert_eq!(
                ledger.get(&account.key()).copied().unwrap_or(0),
                *expected,
                "{context}: {account:?}"
            );
        }
        for (key, balance) in &ledger {
            let modelled = model
                .balances
                .iter()
                .any(|(account, _)| account.key() == *key);
            assert!(
                modelled || *balance == 0,
                "{context}: {key} holds {balance}"
            );
        }
        assert_eq!(ledger.get("platform:fees").copied().unwrap_or(0), 0);
        let moved = model.applied.len();
        assert!(moved > 100, "{context}: only {moved} movements happened");
        eprintln!(
            "{context}: {moved} money movements, {} refusals",
            errors.len()
        );
        assert_ledger_consistent(state, &context).await;
    }
}
