//! The `applications` table, and the order's count of active ones.
//!
//! Invariants: every change is one conditional statement whose rows-affected
//! count says whether it happened; a place among an order's applicants is
//! reserved on the order's row (`reserve_place`), by the same kind of
//! compare-and-set as a take, so the per-order limit holds and an apply
//! racing a pick is decided on that row.

use crate::domain::order::application::CleanApplication;
use sqlx::AnyConnection;

/// One application.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApplicationRow {
    pub pitch: String,
    pub reward_minor: Option<i64>,
    pub delivery_day: i64,
    pub status: String,
}

/// An active application with its applicant's standing.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApplicantRow {
    pub applicant_id: i64,
    pub nickname: String,
    pub pitch: String,
    pub reward_minor: Option<i64>,
    pub delivery_day: i64,
    pub created_at: i64,
    pub rating_sum: i64,
    pub review_count: i64,
    pub delivered: i64,
}

/// Counts one more active application on an open order in "choose from
/// applicants" mode that `applicant_id` did not publish, if it has fewer
/// than `max`.
pub async fn reserve_place(
    connection: &mut AnyConnection,
    order_id: i64,
    applicant_id: i64,
    max: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET applicant_count = applicant_count + 1 \
         WHERE id = $1 AND state = 'open' AND choose_applicants = 1 AND publisher_id <> $2 \
         AND applicant_count < $3",
    )
    .bind(order_id)
    .bind(applicant_id)
    .bind(max)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts one active application fewer on an open order.
pub async fn release_place(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET applicant_count = applicant_count - 1 \
         WHERE id = $1 AND state = 'open' AND applicant_count > 0",
    )
    .bind(order_id)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Writes `applicant_id`'s application, or revives their earlier one that
/// is no longer active; false if an active one exists already.
pub async fn upsert(
    connection: &mut AnyConnection,
    order_id: i64,
    applicant_id: i64,
    clean: &CleanApplication,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO applications (order_id, applicant_id, pitch, reward_minor, delivery_day, \
         status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'active', $6, $6) \
         ON CONFLICT (order_id, applicant_id) DO UPDATE SET pitch = excluded.pitch, \
         reward_minor = excluded.reward_minor, delivery_day = excluded.delivery_day, \
         status = 'active', created_at = excluded.created_at, updated_at = excluded.updated_at \
         WHERE applications.status <> 'active'",
    )
    .bind(order_id)
    .bind(applicant_id)
    .bind(&clean.pitch)
    .bind(clean.reward_minor)
    .bind(clean.delivery_day)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces the content of `applicant_id`'s active application on an open
/// order.
pub async fn edit(
    connection: &mut AnyConnection,
    order_id: i64,
    applicant_id: i64,
    clean: &CleanApplication,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE applications SET pitch = $3, reward_minor = $4, delivery_day = $5, \
         updated_at = $6 WHERE order_id = $1 AND applicant_id = $2 AND status = 'active' \
         AND EXISTS (SELECT 1 FROM orders WHERE id = $1 AND state = 'open')",
    )
    .bind(order_id)
    .bind(applicant_id)
    .bind(&clean.pitch)
    .bind(clean.reward_minor)
    .bind(clean.delivery_day)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves `applicant_id`'s active application to `to` (withdrawn, chosen).
pub async fn leave_active(
    connection: &mut AnyConnection,
    order_id: i64,
    applicant_id: i64,
    to: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE applications SET status = $3, updated_at = $4 \
         WHERE order_id = $1 AND applicant_id = $2 AND status = 'active'",
    )
    .bind(order_id)
    .bind(applicant_id)
    .bind(to)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Declines every application still active on the order; returns whose.
pub async fn decline_the_rest(
    connection: &mut AnyConnection,
    order_id: i64,
    now_ms: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE applications SET status = 'declined', updated_at = $2 \
         WHERE order_id = $1 AND status = 'active' RETURNING applicant_id",
    )
    .bind(order_id)
    .bind(now_ms)
    .fetch_all(connection)
    .await
}

/// `applicant_id`'s application on the order, in whatever status.
pub async fn find(
    connection: &mut AnyConnection,
    order_id: i64,
    applicant_id: i64,
) -> Result<Option<ApplicationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT pitch, reward_minor, delivery_day, status FROM applications \
         WHERE order_id = $1 AND applicant_id = $2",
    )
    .bind(order_id)
    .bind(applicant_id)
    .fetch_optional(connection)
    .await
}

/// The order's active applications, oldest first, with each applicant's
/// reviews (sum, count) and orders delivered (taken and done).
pub async fn active_with_standing(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Vec<ApplicantRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.applicant_id, u.nickname, a.pitch, a.reward_minor, a.delivery_day, \
         a.created_at, \
         (SELECT CAST(COALESCE(SUM(r.rating), 0) AS BIGINT) FROM reviews r \
          WHERE r.reviewee_id = a.applicant_id) AS rating_sum, \
         (SELECT COUNT(*) FROM reviews r WHERE r.reviewee_id = a.applicant_id) AS review_count, \
         (SELECT COUNT(*) FROM orders d WHERE d.taker_id = a.applicant_id \
          AND d.state = 'done') AS delivered \
         FROM applications a JOIN users u ON u.id = a.applicant_id \
         WHERE a.order_id = $1 AND a.status = 'active' AND u.banned_reason IS NULL \
         ORDER BY a.created_at, a.id",
    )
    .bind(order_id)
    .fetch_all(connection)
    .await
}

/// Whether `user_id` is banned (or gone).
pub async fn is_barred(connection: &mut AnyConnection, user_id: i64) -> Result<bool, sqlx::Error> {
    let live: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE id = $1 AND banned_reason IS NULL")
            .bind(user_id)
            .fetch_one(connection)
            .await?;
    Ok(live == 0)
}
