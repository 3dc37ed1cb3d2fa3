//! Facts about this installation.

use sqlx::AnyConnection;

/// The installation's id: created by the first instance to start, read by
/// every later one. `ON CONFLICT DO NOTHING` makes concurrent first starts
/// agree on one id.
pub async fn installation_id(
    connection: &mut AnyConnection,
    candidate: &str,
    now_ms: i64,
) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO app_info (key, value, created_at) VALUES ('installation_id', $1, $2) \
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(candidate)
    .bind(now_ms)
    .execute(&mut *connection)
    .await?;
    sqlx::query_scalar("SELECT value FROM app_info WHERE key = 'installation_id'")
        .fetch_one(&mut *connection)
        .await
}
