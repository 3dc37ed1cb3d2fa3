//! The `users` table.

use sqlx::AnyConnection;

/// A user as stored. The password hash stays a plain string here and is
/// wrapped in `auth::password::PasswordHash` by the services that use it.
#[derive(Debug, sqlx::FromRow)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub nickname: String,
    pub password_hash: String,
    pub role: String,
    pub banned_reason: Option<String>,
}

/// Inserts a user; fails with the `users_email_key` constraint when the
/// address is taken.
pub async fn insert(
    connection: &mut AnyConnection,
    email: &str,
    nickname: &str,
    password_hash: &str,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO users (email, nickname, password_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(email)
    .bind(nickname)
    .bind(password_hash)
    .bind(now_ms)
    .fetch_one(connection)
    .await
}

pub async fn find_by_email(
    connection: &mut AnyConnection,
    email: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, email, nickname, password_hash, role, banned_reason FROM users WHERE email = $1",
    )
        .bind(email)
        .fetch_optional(connection)
        .await
}

pub async fn find_by_id(
    connection: &mut AnyConnection,
    id: i64,
) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, email, nickname, password_hash, role, banned_reason FROM users WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(connection)
    .await
}

/// Replaces a user's password hash.
pub async fn set_password(
    connection: &mut AnyConnection,
    id: i64,
    password_hash: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(password_hash)
        .bind(now_ms)
        .execute(connection)
        .await
        .map(|_| ())
}
