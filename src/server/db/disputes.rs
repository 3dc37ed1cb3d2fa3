//! The `disputes` table and what an admin reads to decide one. Opening is
//! an INSERT under the order's primary key (one dispute per order);
//! deciding is one conditional UPDATE on an undecided row.

use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DisputeRow {
    pub order_id: i64,
    pub opened_by: i64,
    pub opener_nickname: String,
    pub reason: String,
    pub opened_at: i64,
    pub outcome: Option<String>,
    pub to_solver_minor: Option<i64>,
    pub to_publisher_minor: Option<i64>,
    pub fee_minor: Option<i64>,
    pub decision_reason: Option<String>,
    pub decided_at: Option<i64>,
    pub publisher_id: i64,
    pub title: String,
    /// The order's escrow balance (`Account::Escrow(order_id)`) now.
    pub escrow_minor: i64,
}

/// A dispute with its opener, its order and what the order's escrow holds
/// now, in one statement: a list of disputes is one query, never one per
/// line (the escrow is found by its account key's unique index).
const SELECT: &str = "SELECT d.order_id, d.opened_by, u.nickname AS opener_nickname, d.reason, \
     d.opened_at, d.outcome, d.to_solver_minor, d.to_publisher_minor, d.fee_minor, \
     d.decision_reason, d.decided_at, o.publisher_id, o.title, \
     CAST(COALESCE(ea.balance_minor, 0) AS BIGINT) AS escrow_minor \
     FROM disputes d JOIN users u ON u.id = d.opened_by JOIN orders o ON o.id = d.order_id \
     LEFT JOIN ledger_accounts ea \
       ON ea.account_key = 'order:' || CAST(d.order_id AS TEXT) || ':escrow'";

/// Freezes a funded, live, undisputed order in `state`; false when it is
/// no longer so (of a dispute racing a confirmation, one wins).
pub async fn freeze_order(
    connection: &mut AnyConnection,
    order_id: i64,
    state: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET disputed_at = $3, release_due_at = NULL, updated_at = $3 \
         WHERE id = $1 AND state = $2 AND state IN ('taken', 'submitted') \
         AND funded_at IS NOT NULL AND disputed_at IS NULL",
    )
    .bind(order_id)
    .bind(state)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert(
    connection: &mut AnyConnection,
    order_id: i64,
    opened_by: i64,
    reason: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO disputes (order_id, opened_by, reason, opened_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(order_id)
    .bind(opened_by)
    .bind(reason)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(())
}

pub async fn find(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Option<DisputeRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE d.order_id = $1"))
        .bind(order_id)
        .fetch_optional(connection)
        .await
}

/// Ends a disputed order in `to`; false when it is not frozen any more.
pub async fn close_order(
    connection: &mut AnyConnection,
    order_id: i64,
    to: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET state = $2, updated_at = $3 \
         WHERE id = $1 AND disputed_at IS NOT NULL AND state IN ('taken', 'submitted')",
    )
    .bind(order_id)
    .bind(to)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What a decision records.
pub struct Decision<'a> {
    pub outcome: &'a str,
    pub to_solver: i64,
    pub to_publisher: i64,
    pub fee: i64,
    pub reason: &'a str,
    pub admin_id: i64,
}

/// Records the decision of an undecided dispute; false when decided.
pub async fn decide(
    connection: &mut AnyConnection,
    order_id: i64,
    decision: &Decision<'_>,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE disputes SET outcome = $2, to_solver_minor = $3, to_publisher_minor = $4, \
         fee_minor = $5, decision_reason = $6, decided_by = $7, decided_at = $8 \
         WHERE order_id = $1 AND decided_at IS NULL",
    )
    .bind(order_id)
    .bind(decision.outcome)
    .bind(decision.to_solver)
    .bind(decision.to_publisher)
    .bind(decision.fee)
    .bind(decision.reason)
    .bind(decision.admin_id)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Undecided disputes, oldest first.
pub async fn undecided(
    connection: &mut AnyConnection,
    limit: i64,
) -> Result<Vec<DisputeRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE d.decided_at IS NULL ORDER BY d.opened_at LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(connection)
    .await
}

/// The most recently decided disputes.
pub async fn recently_decided(
    connection: &mut AnyConnection,
    limit: i64,
) -> Result<Vec<DisputeRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE d.decided_at IS NOT NULL ORDER BY d.decided_at DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(connection)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RevealRow {
    pub version: i64,
    pub digest: String,
    pub revealed_at: i64,
}

/// The order's reveal receipts, by version.
pub async fn reveals(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Vec<RevealRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT version, digest, revealed_at FROM reveals WHERE order_id = $1 ORDER BY version",
    )
    .bind(order_id)
    .fetch_all(connection)
    .await
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChatLineRow {
    pub sender: String,
    pub kind: String,
    pub body_text: Option<String>,
    pub created_at: i64,
}

/// The latest `limit` messages between two users, newest first.
pub async fn chat_between(
    connection: &mut AnyConnection,
    user_a: i64,
    user_b: i64,
    limit: i64,
) -> Result<Vec<ChatLineRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.nickname AS sender, m.kind, m.body_text, m.created_at \
         FROM conversations c JOIN messages m ON m.conversation_id = c.id \
         JOIN users u ON u.id = m.sender_id \
         WHERE c.user_low = $1 AND c.user_high = $2 ORDER BY m.seq DESC LIMIT $3",
    )
    .bind(user_a.min(user_b))
    .bind(user_a.max(user_b))
    .bind(limit)
    .fetch_all(connection)
    .await
}
