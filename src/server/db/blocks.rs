//! Who blocked whom. A block stops messages in both directions between the
//! two and hides the blocked person from the blocker's list.

use sqlx::AnyConnection;

/// Records that `blocker` blocks `blocked` (again is a no-op).
pub async fn insert(
    connection: &mut AnyConnection,
    blocker: i64,
    blocked: i64,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (blocker_id, blocked_id) DO NOTHING",
    )
    .bind(blocker)
    .bind(blocked)
    .bind(now_ms)
    .execute(connection)
    .await
    .map(|_| ())
}

pub async fn delete(
    connection: &mut AnyConnection,
    blocker: i64,
    blocked: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2")
        .bind(blocker)
        .bind(blocked)
        .execute(connection)
        .await
        .map(|_| ())
}

/// Whether `blocker` blocks `blocked`.
pub async fn exists(
    connection: &mut AnyConnection,
    blocker: i64,
    blocked: i64,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM blocks WHERE blocker_id = $1 AND blocked_id = $2")
            .bind(blocker)
            .bind(blocked)
            .fetch_optional(connection)
            .await?;
    Ok(found.is_some())
}
