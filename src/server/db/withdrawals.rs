//! The `withdrawals` table. A withdrawal is decided by one conditional
//! UPDATE (pending -> paid | rejected), so of concurrent decisions one wins;
//! one sent through the provider is first marked `sending` (also one
//! conditional UPDATE) and then settled only by the provider's word.

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
    /// `account` or `refund`.
    pub destination: String,
    /// The account holder's name (an Alipay transfer needs it).
    pub holder: Option<String>,
    /// The payment a refund goes back to.
    pub intent_id: Option<String>,
    /// `sending` while the provider has it; NULL otherwise.
    pub payout_state: Option<String>,
    /// When it was handed to the provider.
    pub payout_sent_at: Option<i64>,
}

const SELECT: &str = "SELECT w.id, w.user_id, w.amount_minor, w.payout_account, w.state, \
     w.reference, w.created_at, w.decided_at, u.nickname, u.email, w.destination, w.holder, \
     w.intent_id, w.payout_state, w.payout_sent_at \
     FROM withdrawals w JOIN users u ON u.id = w.user_id";

/// Where a new withdrawal goes.
pub struct NewWithdrawal<'a> {
    pub user_id: i64,
    pub amount_minor: i64,
    pub payout_account: &'a str,
    pub holder: Option<&'a str>,
    /// Set for a refund of this payment.
    pub intent_id: Option<&'a str>,
}

pub async fn insert(
    connection: &mut AnyConnection,
    new: &NewWithdrawal<'_>,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO withdrawals (user_id, amount_minor, payout_account, state, created_at, \
         destination, holder, intent_id) VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7) RETURNING id",
    )
    .bind(new.user_id)
    .bind(new.amount_minor)
    .bind(new.payout_account)
    .bind(now_ms)
    .bind(if new.intent_id.is_some() { "refund" } else { "account" })
    .bind(new.holder)
    .bind(new.intent_id)
    .fetch_one(connection)
    .await
}

/// Marks a pending, unsent withdrawal as being sent by `admin_id`; false
/// when it was decided or sent already (of two approvals, one sends).
pub async fn mark_sending(
    connection: &mut AnyConnection,
    id: i64,
    admin_id: i64,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE withdrawals SET payout_state = 'sending', payout_sent_at = $3, decided_by = $2 \
         WHERE id = $1 AND state = 'pending' AND payout_state IS NULL",
    )
    .bind(id)
    .bind(admin_id)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes back a `sending` mark when the provider was certainly not asked.
pub async fn unmark_sending(connection: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE withdrawals SET payout_state = NULL, payout_sent_at = NULL, decided_by = NULL \
         WHERE id = $1 AND state = 'pending' AND payout_state = 'sending'",
    )
    .bind(id)
    .execute(connection)
    .await?;
    Ok(())
}

/// Settles a withdrawal the provider has: pending -> paid | rejected, once.
pub async fn settle_sent(
    connection: &mut AnyConnection,
    id: i64,
    state: &str,
    note: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE withdrawals SET state = $2, reference = $3, decided_at = $4, payout_state = NULL \
         WHERE id = $1 AND state = 'pending' AND payout_state = 'sending'",
    )
    .bind(id)
    .bind(state)
    .bind(note)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Withdrawals the provider has and has not settled yet, oldest first.
pub async fn sending(
    connection: &mut AnyConnection,
    limit: i64,
) -> Result<Vec<WithdrawalRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} WHERE w.payout_state = 'sending' ORDER BY w.id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(connection)
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
         WHERE id = $1 AND state = 'pending' AND payout_state IS NULL",
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
