//! The `mail_outbox` table (migration 15).
//!
//! Invariants: a row is claimed by one conditional `UPDATE ... RETURNING`
//! whose conditions are repeated outside the sub-select, so of workers
//! racing for a row exactly one gets it (PostgreSQL re-checks them on the
//! row it locked; SQLite runs one writer at a time); a claim counts as an
//! attempt, so a mail whose sending crashes the worker still runs out of
//! attempts; a sent row keeps no content.

use sqlx::AnyConnection;

/// A row a worker now holds.
#[derive(Debug, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub message_id: String,
    pub content: String,
    /// Including this one.
    pub attempts: i64,
}

/// Queues a mail due at once; returns its id.
pub async fn insert(
    connection: &mut AnyConnection,
    message_id: &str,
    content: &str,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO mail_outbox (message_id, content, created_ms, due_ms) \
         VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(message_id)
    .bind(content)
    .bind(now_ms)
    .fetch_one(connection)
    .await
}

/// Claims up to `limit` due rows for `holder` until `until_ms`, oldest first.
pub async fn claim(
    connection: &mut AnyConnection,
    holder: &str,
    now_ms: i64,
    until_ms: i64,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    const CLAIMABLE: &str = "sent_ms IS NULL AND failed_ms IS NULL AND due_ms <= $2 \
                             AND (claimed_until_ms IS NULL OR claimed_until_ms < $2)";
    let mut rows: Vec<Claimed> = sqlx::query_as(&format!(
        "UPDATE mail_outbox SET claimed_by = $1, claimed_until_ms = $3, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM mail_outbox WHERE {CLAIMABLE} ORDER BY due_ms, id LIMIT $4) \
         AND {CLAIMABLE} \
         RETURNING id, message_id, content, attempts"
    ))
    .bind(holder)
    .bind(now_ms)
    .bind(until_ms)
    .bind(limit)
    .fetch_all(connection)
    .await?;
    rows.sort_by_key(|row| row.id);
    Ok(rows)
}

/// Records that the row was sent, and forgets its content.
pub async fn sent(connection: &mut AnyConnection, id: i64, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mail_outbox SET sent_ms = $2, content = '', claimed_by = NULL, \
         claimed_until_ms = NULL, last_error = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(())
}

/// Releases the row to be tried again at `due_ms`.
pub async fn retry(
    connection: &mut AnyConnection,
    id: i64,
    due_ms: i64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mail_outbox SET due_ms = $2, claimed_by = NULL, claimed_until_ms = NULL, \
         last_error = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(due_ms)
    .bind(error)
    .execute(connection)
    .await?;
    Ok(())
}

/// Gives the row up: it will not be tried again.
pub async fn give_up(
    connection: &mut AnyConnection,
    id: i64,
    now_ms: i64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mail_outbox SET failed_ms = $2, content = '', claimed_by = NULL, \
         claimed_until_ms = NULL, last_error = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(now_ms)
    .bind(error)
    .execute(connection)
    .await?;
    Ok(())
}

/// Mails not yet sent nor given up (the outbox depth).
pub async fn waiting(connection: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM mail_outbox WHERE sent_ms IS NULL AND failed_ms IS NULL",
    )
    .fetch_one(connection)
    .await
}

/// Deletes rows sent or given up before `before_ms`; returns how many.
pub async fn prune(connection: &mut AnyConnection, before_ms: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM mail_outbox WHERE (sent_ms IS NOT NULL AND sent_ms < $1) \
         OR (failed_ms IS NOT NULL AND failed_ms < $1)",
    )
    .bind(before_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected())
}

/// One row's state, for tests and the operator's questions.
#[derive(Debug, sqlx::FromRow)]
pub struct RowState {
    pub message_id: String,
    pub attempts: i64,
    pub sent_ms: Option<i64>,
    pub failed_ms: Option<i64>,
    pub last_error: Option<String>,
}

/// Every row, oldest first.
pub async fn all(connection: &mut AnyConnection) -> Result<Vec<RowState>, sqlx::Error> {
    sqlx::query_as(
        "SELECT message_id, attempts, sent_ms, failed_ms, last_error FROM mail_outbox ORDER BY id",
    )
    .fetch_all(connection)
    .await
}
