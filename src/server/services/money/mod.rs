//! Money: wallets, top-ups through the payment provider, escrowed rewards
//! and their release or refund. Every movement is a balanced `Posting`
//! written by `db::ledger::post` in the same database transaction as the
//! state change it belongs to.
//!
//! Invariants: every money command carries the caller's idempotency key,
//! stored (scoped to the caller and the command) under a unique constraint,
//! so a retry finds the first result instead of moving money again; a
//! posting that lacks funds rolls its whole transaction back (the caller
//! returns before committing); pushes to the browser happen after commit.

pub mod agreement;
pub mod cancel;
pub mod changes;
pub mod check;
pub mod confirm;
pub mod dispute;
pub mod fund;
pub mod order_money;
pub mod payout;
pub mod reconcile;
pub mod refund;
pub mod release;
pub mod reveal;
pub mod top_up;
pub mod wallet;
pub mod webhook;
pub mod withdraw;

use crate::domain::AppError;
use crate::domain::chat::ServerFrame;
use crate::domain::ledger::{Posting, PostingError};
use crate::domain::order::agreement::{AgreementFacts, Proposer};
use crate::domain::order::escrow::MoneyFacts;
use crate::domain::order::lifecycle::Relation;
use crate::domain::wallet::valid_idempotency_key;
use crate::server::db::ledger::{self, Meta, Posted};
use crate::server::db::orders::OrderRow;
use crate::server::error::{BUSY, internal};
use crate::server::services::chat::events::push;
use crate::server::services::orders::{deadline_passed, state_of, today};
use crate::server::state::AppState;
use sqlx::{Any, AnyConnection, Transaction};

/// The stored key of a command: the client's key, scoped to the caller and
/// the command so nobody can collide with another's key.
pub(crate) fn scoped_key(user_id: i64, command: &str, key: &str) -> Result<String, AppError> {
    if !valid_idempotency_key(key) {
        return Err(AppError::invalid("idempotency_key", "invalid"));
    }
    Ok(format!("{user_id}:{command}:{key}"))
}

/// Opens the write transaction of a money command under the caller's
/// scoped key; `None` when that key was used before, so the first result
/// stands and nothing moves again.
pub(crate) async fn begin_command(
    state: &AppState,
    user_id: i64,
    command: &str,
    idempotency_key: &str,
) -> Result<Option<(Transaction<'static, Any>, String)>, AppError> {
    let key = scoped_key(user_id, command, idempotency_key)?;
    let mut tx = state.db.begin_write().await?;
    if ledger::transaction_by_key(&mut tx, &key).await?.is_some() {
        return Ok(None);
    }
    Ok(Some((tx, key)))
}

/// Times a command runs again after the database aborted it to break a
/// deadlock.
const BUSY_RETRIES: u32 = 5;

/// Runs `attempt` until it is not aborted by a deadlock (PostgreSQL picks
/// one of two transactions waiting on each other's rows and rolls it back
/// whole, so running it again is safe), at most `BUSY_RETRIES` more times
/// with a short random pause; after that the caller gets `Conflict("busy")`.
pub(crate) async fn retry_busy<T, F, Fut>(mut attempt: F) -> Result<T, AppError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, AppError>>,
{
    let mut retries = 0;
    loop {
        match attempt().await {
            Err(AppError::Conflict(code)) if code == BUSY && retries < BUSY_RETRIES => {
                retries += 1;
                let pause = rand::random_range(1..=10 * u64::from(retries));
                tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
            }
            other => return other,
        }
    }
}

/// What the money rules need to know of `row` for `user_id`.
pub(crate) fn facts_of(row: &OrderRow, user_id: i64) -> Result<MoneyFacts, AppError> {
    Ok(MoneyFacts {
        state: state_of(row)?,
        relation: Relation::of(user_id, row.publisher_id, row.taker_id),
        funded: row.funded_at.is_some(),
        reward_fixed: row.reward_minor.is_some(),
        revealed: row.release_due_at.is_some(),
        change_rounds: row.change_rounds,
        disputed: row.disputed_at.is_some(),
        overdue: row.state == "taken" && deadline_passed(row.deadline_day, today()),
    })
}

/// What the agreement rules need to know of `row` for `user_id`.
pub(crate) fn agreement_facts_of(row: &OrderRow, user_id: i64) -> Result<AgreementFacts, AppError> {
    let proposer = |by: Option<i64>| {
        by.map(|by| {
            if by == user_id {
                Proposer::Me
            } else {
                Proposer::Other
            }
        })
    };
    Ok(AgreementFacts {
        state: state_of(row)?,
        relation: Relation::of(user_id, row.publisher_id, row.taker_id),
        disputed: row.disputed_at.is_some(),
        change_rounds: row.change_rounds,
        reward_fixed: row.reward_minor.is_some(),
        cancel_proposed_by: proposer(row.cancel_proposed_by),
        reward_proposed: row.reward_proposed_minor.is_some(),
    })
}

/// A posting the rules built; a failure here is a bug, not bad input.
pub(crate) fn built(posting: Result<Posting, PostingError>) -> Result<Posting, AppError> {
    posting.map_err(|error| internal(format!("unbalanced posting refused: {error:?}")))
}

/// Posts; `Ok(true)` when new, `Ok(false)` when the key was used before,
/// `Conflict("insufficient_funds")` when an account lacks the money (the
/// caller must then drop its transaction).
pub(crate) async fn post(
    connection: &mut AnyConnection,
    posting: &Posting,
    meta: &Meta<'_>,
    now_ms: i64,
) -> Result<bool, AppError> {
    match ledger::post(connection, posting, meta, now_ms).await? {
        Posted::New(_) => Ok(true),
        Posted::Duplicate(_) => Ok(false),
        Posted::Insufficient(_) => Err(AppError::Conflict("insufficient_funds".into())),
    }
}

/// Tells the user's open tabs that their money or an order's moved.
pub(crate) async fn announce(state: &AppState, user_id: i64, order_id: Option<i64>) {
    push(state, user_id, &ServerFrame::MoneyMoved { order_id }).await;
}
