//! The compare-and-set updates of agreements between an order's two
//! parties. Each repeats every rule in its WHERE clause, so of racing
//! requests at most one changes the row.

use sqlx::AnyConnection;

async fn changed<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    connection: &mut AnyConnection,
) -> Result<bool, sqlx::Error> {
    Ok(query.execute(connection).await?.rows_affected() == 1)
}

/// `user_id`, a party, proposes cancelling the taken order.
pub async fn propose_cancel(
    connection: &mut AnyConnection,
    id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let query = sqlx::query(
        "UPDATE orders SET cancel_proposed_by = $2 WHERE id = $1 AND state = 'taken' \
         AND change_rounds = 0 AND disputed_at IS NULL AND cancel_proposed_by IS NULL \
         AND (publisher_id = $2 OR taker_id = $2)",
    )
    .bind(id)
    .bind(user_id);
    changed(query, connection).await
}

/// The proposer takes their proposal back.
pub async fn withdraw_cancel(
    connection: &mut AnyConnection,
    id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let query = sqlx::query(
        "UPDATE orders SET cancel_proposed_by = NULL WHERE id = $1 AND cancel_proposed_by = $2",
    )
    .bind(id)
    .bind(user_id);
    changed(query, connection).await
}

/// The other party accepts: the order is cancelled.
pub async fn accept_cancel(
    connection: &mut AnyConnection,
    id: i64,
    user_id: i64,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let query = sqlx::query(
        "UPDATE orders SET state = 'cancelled', cancel_proposed_by = NULL, updated_at = $3 \
         WHERE id = $1 AND state = 'taken' AND change_rounds = 0 AND disputed_at IS NULL \
         AND cancel_proposed_by IS NOT NULL AND cancel_proposed_by <> $2 \
         AND (publisher_id = $2 OR taker_id = $2)",
    )
    .bind(id)
    .bind(user_id)
    .bind(now_ms);
    changed(query, connection).await
}

/// The publisher proposes `amount` for the negotiable reward.
pub async fn propose_reward(
    connection: &mut AnyConnection,
    id: i64,
    publisher_id: i64,
    amount: i64,
) -> Result<bool, sqlx::Error> {
    let query = sqlx::query(
        "UPDATE orders SET reward_proposed_minor = $3 WHERE id = $1 AND publisher_id = $2 \
         AND reward_minor IS NULL AND state IN ('taken', 'submitted') AND disputed_at IS NULL",
    )
    .bind(id)
    .bind(publisher_id)
    .bind(amount);
    changed(query, connection).await
}

/// The solver accepts the proposed reward, as they saw it (`amount`).
pub async fn accept_reward(
    connection: &mut AnyConnection,
    id: i64,
    taker_id: i64,
    amount: i64,
) -> Result<bool, sqlx::Error> {
    let query = sqlx::query(
        "UPDATE orders SET reward_minor = reward_proposed_minor, \
         sort_reward = reward_proposed_minor, reward_proposed_minor = NULL \
         WHERE id = $1 AND taker_id = $2 AND reward_minor IS NULL \
         AND reward_proposed_minor = $3 AND disputed_at IS NULL",
    )
    .bind(id)
    .bind(taker_id)
    .bind(amount);
    changed(query, connection).await
}
