//! Reading the ledger for people: a user's wallet history and one order's
//! escrow movements.

use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WalletEntryRow {
    pub created_at: i64,
    pub kind: String,
    pub amount_minor: i64,
    pub order_id: Option<i64>,
    pub order_title: Option<String>,
}

/// The newest entries on `account_key`, with the order each concerns.
pub async fn entries_of(
    connection: &mut AnyConnection,
    account_key: &str,
    limit: i64,
) -> Result<Vec<WalletEntryRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.created_at, t.kind, e.amount_minor, t.order_id, o.title AS order_title \
         FROM ledger_entries e \
         JOIN ledger_accounts a ON a.id = e.account_id \
         JOIN ledger_transactions t ON t.id = e.transaction_id \
         LEFT JOIN orders o ON o.id = t.order_id \
         WHERE a.account_key = $1 ORDER BY e.id DESC LIMIT $2",
    )
    .bind(account_key)
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
