//! The `reviews` table and a user's record as a publisher.

use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReviewRow {
    pub order_id: i64,
    pub order_title: String,
    pub reviewer_id: i64,
    pub reviewer: String,
    pub publisher_id: i64,
    pub rating: i64,
    pub comment: String,
    pub created_at: i64,
    pub updated_at: i64,
}

const SELECT: &str = "SELECT r.order_id, o.title AS order_title, r.reviewer_id, \
     u.nickname AS reviewer, o.publisher_id, r.rating, r.comment, r.created_at, r.updated_at \
     FROM reviews r JOIN orders o ON o.id = r.order_id JOIN users u ON u.id = r.reviewer_id";

/// Writes a first review; false when the reviewer wrote one already.
pub async fn insert(
    connection: &mut AnyConnection,
    order_id: i64,
    reviewer_id: i64,
    reviewee_id: i64,
    rating: i64,
    comment: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO reviews (order_id, reviewer_id, reviewee_id, rating, comment, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) \
         ON CONFLICT (order_id, reviewer_id) DO NOTHING",
    )
    .bind(order_id)
    .bind(reviewer_id)
    .bind(reviewee_id)
    .bind(rating)
    .bind(comment)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Edits a review written at or after `window_start`; false otherwise.
pub async fn update(
    connection: &mut AnyConnection,
    order_id: i64,
    reviewer_id: i64,
    rating: i64,
    comment: &str,
    window_start: i64,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE reviews SET rating = $3, comment = $4, updated_at = $6 \
         WHERE order_id = $1 AND reviewer_id = $2 AND created_at >= $5",
    )
    .bind(order_id)
    .bind(reviewer_id)
    .bind(rating)
    .bind(comment)
    .bind(window_start)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn of_order(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Vec<ReviewRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE r.order_id = $1"))
        .bind(order_id)
        .fetch_all(connection)
        .await
}

/// The newest reviews about `user_id`.
pub async fn about(
    connection: &mut AnyConnection,
    user_id: i64,
    limit: i64,
) -> Result<Vec<ReviewRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE r.reviewee_id = $1 ORDER BY r.created_at DESC LIMIT $2"
    ))
    .bind(user_id)
    .bind(limit)
    .fetch_all(connection)
    .await
}

/// (sum of ratings, count) about `user_id`.
pub async fn totals(
    connection: &mut AnyConnection,
    user_id: i64,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(rating), 0) AS BIGINT), COUNT(*) FROM reviews \
         WHERE reviewee_id = $1",
    )
    .bind(user_id)
    .fetch_one(connection)
    .await
}

/// (published, secured, paid, paid by confirming or decision) as publisher.
/// An automatic release is the one release posted without a user.
pub async fn publisher_record(
    connection: &mut AnyConnection,
    user_id: i64,
) -> Result<(i64, i64, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT COUNT(*), \
         COUNT(o.funded_at), \
         CAST(COALESCE(SUM(CASE WHEN o.state = 'done' THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN o.state = 'done' AND NOT EXISTS ( \
             SELECT 1 FROM ledger_transactions t WHERE t.order_id = o.id \
             AND t.kind = 'release' AND t.user_id IS NULL) THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM orders o WHERE o.publisher_id = $1",
    )
    .bind(user_id)
    .fetch_one(connection)
    .await
}
