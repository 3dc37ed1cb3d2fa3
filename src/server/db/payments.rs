//! The `payment_intents` and `payment_events` tables.
//!
//! Invariants: an intent leaves `pending` once, by compare-and-set; an
//! event id is recorded once (`record_event` says whether it was new), in
//! the same transaction as whatever the event changed.

use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IntentRow {
    pub id: String,
    pub user_id: i64,
    pub order_id: Option<i64>,
    pub amount_minor: i64,
    pub state: String,
    pub created_at: i64,
    /// The provider that took it (`PaymentProvider::name`).
    pub provider: String,
    /// The provider's id for it, once known.
    pub provider_ref: Option<String>,
    /// Its refund's withdrawal state (`pending` or `paid`), if one was asked.
    pub refund_state: Option<String>,
}

const COLUMNS: &str = "id, user_id, order_id, amount_minor, state, created_at, provider, \
     provider_ref, (SELECT w.state FROM withdrawals w WHERE w.intent_id = payment_intents.id \
     AND w.state <> 'rejected') AS refund_state";

/// A new pending intent, or the one this user's key made before.
pub async fn insert_or_find(
    connection: &mut AnyConnection,
    row: &IntentRow,
    idempotency_key: &str,
) -> Result<IntentRow, sqlx::Error> {
    sqlx::query(
        "INSERT INTO payment_intents (id, user_id, order_id, amount_minor, state, \
         idempotency_key, created_at, updated_at, provider) \
         VALUES ($1, $2, $3, $4, 'pending', $5, $6, $6, $7) \
         ON CONFLICT (user_id, idempotency_key) DO NOTHING",
    )
    .bind(&row.id)
    .bind(row.user_id)
    .bind(row.order_id)
    .bind(row.amount_minor)
    .bind(idempotency_key)
    .bind(row.created_at)
    .bind(&row.provider)
    .execute(&mut *connection)
    .await?;
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payment_intents WHERE user_id = $1 AND idempotency_key = $2"
    ))
    .bind(row.user_id)
    .bind(idempotency_key)
    .fetch_one(connection)
    .await
}

pub async fn find(
    connection: &mut AnyConnection,
    id: &str,
) -> Result<Option<IntentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payment_intents WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(connection)
    .await
}

/// Moves a pending intent to `to`; false if it had already left pending.
pub async fn settle(
    connection: &mut AnyConnection,
    id: &str,
    to: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE payment_intents SET state = $2, updated_at = $3 WHERE id = $1 AND state = 'pending'",
    )
    .bind(id)
    .bind(to)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a provider event; false if its id was seen before.
pub async fn record_event(
    connection: &mut AnyConnection,
    event_id: &str,
    intent_id: &str,
    kind: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO payment_events (event_id, intent_id, kind, received_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (event_id) DO NOTHING",
    )
    .bind(event_id)
    .bind(intent_id)
    .bind(kind)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A user's newest intents, optionally only those for one order (ids
/// start at 1, so 0 stands for "any").
pub async fn recent(
    connection: &mut AnyConnection,
    user_id: i64,
    order_id: Option<i64>,
    limit: i64,
) -> Result<Vec<IntentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payment_intents WHERE user_id = $1 \
         AND ($2 = 0 OR order_id = $2) ORDER BY created_at DESC, id DESC LIMIT $3"
    ))
    .bind(user_id)
    .bind(order_id.unwrap_or(0))
    .bind(limit)
    .fetch_all(connection)
    .await
}

/// Remembers the provider's id for an intent (first answer wins: a retried
/// checkout gets the same one back).
pub async fn set_provider_ref(
    connection: &mut AnyConnection,
    id: &str,
    provider_ref: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE payment_intents SET provider_ref = $2 WHERE id = $1 AND provider_ref IS NULL",
    )
    .bind(id)
    .bind(provider_ref)
    .execute(connection)
    .await?;
    Ok(())
}

/// Pending intents of `provider` made between `since_ms` and `before_ms`,
/// oldest first: the ones reconciliation asks the provider about.
pub async fn pending_between(
    connection: &mut AnyConnection,
    provider: &str,
    since_ms: i64,
    before_ms: i64,
    limit: i64,
) -> Result<Vec<IntentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM payment_intents WHERE state = 'pending' AND provider = $1 \
         AND created_at >= $2 AND created_at < $3 ORDER BY created_at LIMIT $4"
    ))
    .bind(provider)
    .bind(since_ms)
    .bind(before_ms)
    .bind(limit)
    .fetch_all(connection)
    .await
}
