//! The ledger tables: accounts with a cached balance, append-only
//! transactions under a unique idempotency key, and their entries.
//!
//! Invariants: `post` writes a transaction row, every entry and every
//! balance change in the caller's database transaction, so a posting lands
//! wholly or not at all; a balance that would go below zero (for any account
//! but clearing) fails the posting with `Posted::Insufficient` before it is
//! written, and the table's CHECK stands behind that; a key already used
//! returns the first transaction's id and writes nothing.

use crate::domain::ledger::{Account, Posting};
use sqlx::AnyConnection;

/// What became of a posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posted {
    /// Written as this transaction.
    New(i64),
    /// The idempotency key was used before, by this transaction.
    Duplicate(i64),
    /// This account lacks the money; nothing may be kept of the caller's
    /// transaction (roll it back).
    Insufficient(Account),
}

/// Who and what a transaction is about, besides its entries.
pub struct Meta<'a> {
    pub idempotency_key: &'a str,
    pub user_id: Option<i64>,
    pub order_id: Option<i64>,
    pub reference: Option<&'a str>,
}

/// The account's id, created with a zero balance on first use.
pub async fn account_id(
    connection: &mut AnyConnection,
    account: Account,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    let key = account.key();
    sqlx::query(
        "INSERT INTO ledger_accounts (account_key, kind, user_id, order_id, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (account_key) DO NOTHING",
    )
    .bind(&key)
    .bind(account.kind())
    .bind(account.user_id())
    .bind(account.order_id())
    .bind(now_ms)
    .execute(&mut *connection)
    .await?;
    sqlx::query_scalar("SELECT id FROM ledger_accounts WHERE account_key = $1")
        .bind(&key)
        .fetch_one(connection)
        .await
}

/// The account's balance; 0 for an account never used.
pub async fn balance(connection: &mut AnyConnection, account: Account) -> Result<i64, sqlx::Error> {
    let balance: Option<i64> =
        sqlx::query_scalar("SELECT balance_minor FROM ledger_accounts WHERE account_key = $1")
            .bind(account.key())
            .fetch_optional(connection)
            .await?;
    Ok(balance.unwrap_or(0))
}

/// The transaction that used `key`, if any.
pub async fn transaction_by_key(
    connection: &mut AnyConnection,
    key: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM ledger_transactions WHERE idempotency_key = $1")
        .bind(key)
        .fetch_optional(connection)
        .await
}

/// Writes `posting` (see the module invariants).
pub async fn post(
    connection: &mut AnyConnection,
    posting: &Posting,
    meta: &Meta<'_>,
    now_ms: i64,
) -> Result<Posted, sqlx::Error> {
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO ledger_transactions (kind, idempotency_key, user_id, order_id, reference, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(posting.kind().as_str())
    .bind(meta.idempotency_key)
    .bind(meta.user_id)
    .bind(meta.order_id)
    .bind(meta.reference)
    .bind(now_ms)
    .fetch_optional(&mut *connection)
    .await?;
    let Some(transaction_id) = inserted else {
        let first = transaction_by_key(connection, meta.idempotency_key).await?;
        return Ok(Posted::Duplicate(first.unwrap_or_default()));
    };
    // Accounts are locked in one global order (by key), so two postings
    // never wait on each other's accounts in a cycle.
    let mut entries = posting.entries().to_vec();
    entries.sort_by_key(|(account, _)| account.key());
    for (account, amount) in entries {
        let account_id = account_id(connection, account, now_ms).await?;
        // The guard keeps the balance at zero or above without relying on
        // the CHECK, whose violation would surface as a database error.
        let moved = sqlx::query(
            "UPDATE ledger_accounts SET balance_minor = balance_minor + $2 \
             WHERE id = $1 AND (kind = 'clearing' OR balance_minor + $2 >= 0)",
        )
        .bind(account_id)
        .bind(amount)
        .execute(&mut *connection)
        .await?
        .rows_affected();
        if moved == 0 {
            return Ok(Posted::Insufficient(account));
        }
        sqlx::query(
            "INSERT INTO ledger_entries (transaction_id, account_id, amount_minor, created_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(transaction_id)
        .bind(account_id)
        .bind(amount)
        .bind(now_ms)
        .execute(&mut *connection)
        .await?;
    }
    Ok(Posted::New(transaction_id))
}
