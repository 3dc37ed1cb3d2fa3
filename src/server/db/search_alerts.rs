//! The matching queue and the alerts of saved searches (migration 21).
//!
//! Invariants: a queued order is claimed by one conditional `UPDATE ...
//! RETURNING` (conditions repeated outside the sub-select, as in
//! `mail_outbox::claim`), so of racing matchers one gets it; `finish`
//! deletes the row only for the holder of the claim, so a matcher whose
//! claim ran out and was taken over cannot also commit; an alert is
//! written at most once per (saved search, order) by the unique key.

use super::sql::Sql;
use sqlx::AnyConnection;

/// Queues a newly published order for matching (in the publish transaction).
pub async fn queue(
    connection: &mut AnyConnection,
    order_id: i64,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO search_match_queue (order_id, queued_ms) VALUES ($1, $2)")
        .bind(order_id)
        .bind(now_ms)
        .execute(connection)
        .await?;
    Ok(())
}

const CLAIMABLE: &str = "(claimed_until_ms IS NULL OR claimed_until_ms < $2)";

/// Claims `order_id` (if queued and unclaimed) for `holder` until `until_ms`.
pub async fn claim_order(
    connection: &mut AnyConnection,
    holder: &str,
    now_ms: i64,
    until_ms: i64,
    order_id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&format!(
        "UPDATE search_match_queue SET claimed_by = $1, claimed_until_ms = $3 \
         WHERE order_id = $4 AND {CLAIMABLE}"
    ))
    .bind(holder)
    .bind(now_ms)
    .bind(until_ms)
    .bind(order_id)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Claims the oldest claimable queued order, if any.
pub async fn claim_next(
    connection: &mut AnyConnection,
    holder: &str,
    now_ms: i64,
    until_ms: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "UPDATE search_match_queue SET claimed_by = $1, claimed_until_ms = $3 \
         WHERE order_id = (SELECT order_id FROM search_match_queue WHERE {CLAIMABLE} \
         ORDER BY queued_ms, order_id LIMIT 1) AND {CLAIMABLE} RETURNING order_id"
    ))
    .bind(holder)
    .bind(now_ms)
    .bind(until_ms)
    .fetch_optional(connection)
    .await
}

/// Removes the holder's claimed order from the queue; false if the claim
/// is no longer the holder's.
pub async fn finish(
    connection: &mut AnyConnection,
    holder: &str,
    order_id: i64,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM search_match_queue WHERE order_id = $1 AND claimed_by = $2")
            .bind(order_id)
            .bind(holder)
            .execute(connection)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that saved search `search_id` matched `order_id`; false if it
/// already had. `digested_ms` is `Some(0)` for a search without digest.
pub async fn insert_alert(
    connection: &mut AnyConnection,
    search_id: i64,
    order_id: i64,
    user_id: i64,
    now_ms: i64,
    digested_ms: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO search_alerts (saved_search_id, order_id, user_id, created_ms, digested_ms) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (saved_search_id, order_id) DO NOTHING",
    )
    .bind(search_id)
    .bind(order_id)
    .bind(user_id)
    .bind(now_ms)
    .bind(digested_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Users with matches created before `before_ms` not yet in a digest.
pub async fn digest_due(
    connection: &mut AnyConnection,
    before_ms: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT user_id FROM search_alerts \
         WHERE digested_ms IS NULL AND created_ms < $1 ORDER BY user_id",
    )
    .bind(before_ms)
    .fetch_all(connection)
    .await
}

/// Marks the user's due matches digested and returns their order ids: of
/// two digests racing for them, one gets the rows.
pub async fn take_digest(
    connection: &mut AnyConnection,
    user_id: i64,
    before_ms: i64,
    now_ms: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE search_alerts SET digested_ms = $3 \
         WHERE user_id = $1 AND digested_ms IS NULL AND created_ms < $2 RETURNING order_id",
    )
    .bind(user_id)
    .bind(before_ms)
    .bind(now_ms)
    .fetch_all(connection)
    .await
}

/// The id and title of these orders, by id.
pub async fn titles(
    connection: &mut AnyConnection,
    order_ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new("SELECT id, title FROM orders WHERE id IN ");
    sql.bind_list(order_ids.to_vec()).push(" ORDER BY id");
    let (text, arguments) = sql.into_parts();
    sqlx::query_as_with(&text, arguments)
        .fetch_all(connection)
        .await
}

/// Deletes alerts created before `before_ms` that no digest waits for;
/// returns how many. Their order was matched long ago and left the queue,
/// so no retry needs their unique key any more.
pub async fn prune(connection: &mut AnyConnection, before_ms: i64) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM search_alerts WHERE created_ms < $1 AND digested_ms IS NOT NULL")
            .bind(before_ms)
            .execute(connection)
            .await?;
    Ok(done.rows_affected())
}
