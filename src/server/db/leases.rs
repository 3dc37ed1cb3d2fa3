//! The `leases` table.
//!
//! Invariant: taking a lease is one conditional upsert, so of instances
//! racing for a free (or run-out) lease exactly one gets it, and a holder
//! renews its own without ever losing it to a racer while it is valid.

use sqlx::AnyConnection;

/// Takes or renews lease `name` for `holder` until `until_ms`; true when
/// `holder` now has it.
pub async fn take(
    connection: &mut AnyConnection,
    name: &str,
    holder: &str,
    until_ms: i64,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO leases (name, holder, until_ms) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_ms = excluded.until_ms \
         WHERE leases.holder = excluded.holder OR leases.until_ms < $4",
    )
    .bind(name)
    .bind(holder)
    .bind(until_ms)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}
