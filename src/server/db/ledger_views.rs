//! Reading the ledger for people: a user's wallet history and one order's
//! escrow movements.

use crate::domain::history_filter::HistoryFilter;
use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WalletEntryRow {
    pub id: i64,
    pub created_at: i64,
    pub kind: String,
    pub amount_minor: i64,
    pub order_id: Option<i64>,
    pub order_title: Option<String>,
    pub transaction_id: i64,
}

/// The newest entries on `account_key` of the movements `filter` shows,
/// with the order each concerns; with `before`, those older than that entry
/// (keyset on the entry id, walked backwards on `ledger_entries_account`).
pub async fn entries_of(
    connection: &mut AnyConnection,
    account_key: &str,
    filter: HistoryFilter,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<WalletEntryRow>, sqlx::Error> {
    // The kinds are the code's own constants (`MoveKind::as_str`), never
    // user input, so they are written into the statement as literals.
    let kinds = filter
        .group
        .kinds()
        .iter()
        .map(|kind| format!("'{kind}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let (from, to) = filter.bounds_ms();
    sqlx::query_as(&format!(
        "SELECT e.id, e.created_at, t.kind, e.amount_minor, t.order_id, o.title AS order_title, \
         e.transaction_id FROM ledger_entries e \
         JOIN ledger_accounts a ON a.id = e.account_id \
         JOIN ledger_transactions t ON t.id = e.transaction_id \
         LEFT JOIN orders o ON o.id = t.order_id \
         WHERE a.account_key = $1 AND t.kind IN ({kinds}) \
         AND e.created_at >= $2 AND e.created_at < $3 AND e.id < $4 \
         ORDER BY e.id DESC LIMIT $5"
    ))
    .bind(account_key)
    .bind(from)
    .bind(to)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(connection)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderLineRow {
    pub transaction_id: i64,
    pub created_at: i64,
    pub kind: String,
    /// Into (+) or out of (-) the order's escrow.
    pub escrow_minor: i64,
    /// What went to the platform's fees in the same transaction.
    pub fee_minor: i64,
}

/// Every transaction of the order, oldest first.
pub async fn order_lines(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Vec<OrderLineRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.id AS transaction_id, t.created_at, t.kind, \
         CAST(COALESCE(SUM(CASE WHEN a.kind = 'escrow' THEN e.amount_minor ELSE 0 END), 0) AS BIGINT) \
           AS escrow_minor, \
         CAST(COALESCE(SUM(CASE WHEN a.kind = 'fees' THEN e.amount_minor ELSE 0 END), 0) AS BIGINT) \
           AS fee_minor \
         FROM ledger_transactions t \
         JOIN ledger_entries e ON e.transaction_id = t.id \
         JOIN ledger_accounts a ON a.id = e.account_id \
         WHERE t.order_id = $1 \
         GROUP BY t.id, t.created_at, t.kind ORDER BY t.id",
    )
    .bind(order_id)
    .fetch_all(connection)
    .await
}
