//! The `sessions` table: one row per sign-in, revocable.

use sqlx::AnyConnection;

/// A live session joined with the facts about its user that every request
/// needs.
#[derive(Debug, sqlx::FromRow)]
pub struct LiveSessionRow {
    pub user_id: i64,
    pub nickname: String,
    pub role: String,
    pub expires_at: i64,
}

pub async fn insert(
    connection: &mut AnyConnection,
    id: &str,
    user_id: i64,
    now_ms: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(id)
    .bind(user_id)
    .bind(now_ms)
    .bind(expires_at)
    .execute(connection)
    .await
    .map(|_| ())
}

/// The session if it is unrevoked, unexpired (neither idle too long nor
/// begun before `created_after`: the absolute lifetime) and its user is not
/// banned.
pub async fn find_live(
    connection: &mut AnyConnection,
    id: &str,
    user_id: i64,
    now_ms: i64,
    created_after: i64,
) -> Result<Option<LiveSessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.user_id, u.nickname, u.role, s.expires_at \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL \
           AND s.expires_at > $3 AND s.created_at > $4 AND u.banned_reason IS NULL",
    )
    .bind(id)
    .bind(user_id)
    .bind(now_ms)
    .bind(created_after)
    .fetch_optional(connection)
    .await
}

/// Extends a live session (the user is active).
pub async fn extend(
    connection: &mut AnyConnection,
    id: &str,
    now_ms: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sessions SET last_seen_at = $2, expires_at = $3 \
         WHERE id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(now_ms)
    .bind(expires_at)
    .execute(connection)
    .await
    .map(|_| ())
}

pub async fn revoke(
    connection: &mut AnyConnection,
    id: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
        .bind(id)
        .bind(now_ms)
        .execute(connection)
        .await
        .map(|_| ())
}

/// Revokes every live session of a user; returns how many.
pub async fn revoke_all(
    connection: &mut AnyConnection,
    user_id: i64,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(user_id)
        .bind(now_ms)
        .execute(connection)
        .await
        .map(|done| done.rows_affected())
}

/// Revokes every live session of a user but `keep`; returns how many.
pub async fn revoke_all_except(
    connection: &mut AnyConnection,
    user_id: i64,
    keep: &str,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    sqlx::query(
        "UPDATE sessions SET revoked_at = $3 \
         WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL",
    )
    .bind(user_id)
    .bind(keep)
    .bind(now_ms)
    .execute(connection)
    .await
    .map(|done| done.rows_affected())
}
