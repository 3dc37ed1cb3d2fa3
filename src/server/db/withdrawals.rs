//! The `withdrawals` table. A withdrawal is decided by one conditional
//! UPDATE (pending -> paid | rejected), so of concurrent decisions one wins.

use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WithdrawalRow {
    pub id: i64,
    pub user_id: i64,
    pub amount_minor: i64,
    pub payout_account: String,
    pub state: String,
    pub reference: Option<String>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    pub nickname: String,
    pub email: String,
}

const SELECT: &str = "SELECT w.id, w.user_id, w.amount_minor, w.payout_account, w.state, \
     w.reference, w.created_at, w.decided_at, u.nickname, u.email \
     FROM withdrawals w JOIN users u ON u.id = w.user_id";

pub async fn insert(
    connection: &mut AnyConnection,
    user_id: i64,
    amount_minor: i64,
    payout_account: &str,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO withdrawals (user_id, amount_minor, payout_account, state, created_at) \
         VALUES ($1, $2, $3, 'pending', $4) RETURNING id",
    )
    .bind(user_id)
    .bind(amount_minor)
    .bind(payout_account)
    .bind(now_ms)
    .fetch_one(connection)
    .await
}

pub async fn find(
    connection: &mut AnyConnection,
    id: i64,
) -> Result<Option<WithdrawalRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE w.id = $1"))
        .bind(id)
        .fetch_optional(connection)
        .await
}

/// Decides a pending withdrawal; false when it was decided already.
pub async fn decide(
    connection: &mut AnyConnection,
    id: i64,
    state: &str,
    note: &str,
    admin_id: i64,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE withdrawals SET state = $2, reference = $3, decided_by = $4, decided_at = $5 \
         WHERE id = $1 AND state = 'pending'",
    )
    .bind(id)
    .bind(state)
    .bind(note)
    .bind(admin_id)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A user's newest withdrawals.
pub async fn of_user(
    connection: &mut AnyConnection,
    user_id: i64,
    limit: i64,
) -> Result<Vec<WithdrawalRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE w.user_id = $1 ORDER BY w.id DESC LIMIT $2"
    ))
    .bind(user_id)
    .bind(limit)
    .fetch_all(connection)
    .await
}

/// Pending withdrawals, oldest first (the admin's queue).
pub async fn pending(
    connection: &mut AnyConnection,
    limit: i64,
) -> Result<Vec<WithdrawalRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE w.state = 'pending' ORDER BY w.id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(connection)
    .await
}

/// The most recently decided withdrawals.
pub async fn decided(
    connection: &mut AnyConnection,
    limit: i64,
) -> Result<Vec<WithdrawalRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE w.state <> 'pending' ORDER BY w.decided_at DESC, w.id DESC LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(connection)
    .await
}
