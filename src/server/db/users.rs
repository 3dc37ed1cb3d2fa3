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

/// Sets a user's role by e-mail; returns whether a user was found.
pub async fn set_role_by_email(
    connection: &mut AnyConnection,
    email: &str,
    role: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE users SET role = $2, updated_at = $3 WHERE email = $1")
        .bind(email)
        .bind(role)
        .bind(now_ms)
        .execute(connection)
        .await
        .map(|done| done.rows_affected() > 0)
}

/// Bans (`Some(reason)`) or unbans (`None`) a user; returns whether found.
pub async fn set_ban(
    connection: &mut AnyConnection,
    id: i64,
    reason: Option<&str>,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE users SET banned_reason = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(reason)
        .bind(now_ms)
        .execute(connection)
        .await
        .map(|done| done.rows_affected() > 0)
}

/// One page of users, newest first, for the admin list.
#[derive(Debug, sqlx::FromRow)]
pub struct UserListRow {
    pub id: i64,
    pub email: String,
    pub nickname: String,
    pub role: String,
    pub banned_reason: Option<String>,
    pub created_at: i64,
}

pub async fn list(
    connection: &mut AnyConnection,
    limit: i64,
    offset: i64,
) -> Result<Vec<UserListRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, email, nickname, role, banned_reason, created_at FROM users \
         ORDER BY id DESC LIMIT $1 OFFSET $2",
    )
    .bind(limit)
    .bind(offset)
    .fetch_all(connection)
    .await
}

pub async fn count(connection: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(connection)
        .await
}

/// The profile columns of a user.
#[derive(Debug, sqlx::FromRow)]
pub struct ProfileRow {
    pub id: i64,
    pub email: String,
    pub nickname: String,
    pub intro: String,
    pub phone: String,
    pub avatar_key: Option<String>,
}

pub async fn profile(
    connection: &mut AnyConnection,
    id: i64,
) -> Result<Option<ProfileRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, email, nickname, intro, phone, avatar_key FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(connection)
        .await
}

pub async fn set_profile(
    connection: &mut AnyConnection,
    id: i64,
    nickname: &str,
    intro: &str,
    phone: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query(
        "UPDATE users SET nickname = $2, intro = $3, phone = $4, updated_at = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(nickname)
    .bind(intro)
    .bind(phone)
    .bind(now_ms)
    .execute(connection)
    .await
    .map(|done| done.rows_affected() > 0)
}

/// Points the user at a new avatar; returns the key it replaced.
/// Bytes of the user's stored avatar pictures (0 without one).
pub async fn avatar_bytes(connection: &mut AnyConnection, id: i64) -> Result<i64, sqlx::Error> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT avatar_bytes FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(connection)
            .await?
            .unwrap_or(0),
    )
}

pub async fn set_avatar(
    connection: &mut AnyConnection,
    id: i64,
    key: &str,
    bytes: i64,
    now_ms: i64,
) -> Result<Option<String>, sqlx::Error> {
    let old: Option<Option<String>> =
        sqlx::query_scalar("SELECT avatar_key FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *connection)
            .await?;
    sqlx::query(
        "UPDATE users SET avatar_key = $2, avatar_bytes = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(key)
    .bind(bytes)
    .bind(now_ms)
    .execute(&mut *connection)
    .await?;
    Ok(old.flatten())
}

/// Which of the avatar `keys` a user has now (the orphan sweep asks in batches).
pub async fn existing_avatar_keys(
    connection: &mut AnyConnection,
    keys: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=keys.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT avatar_key FROM users WHERE avatar_key IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_scalar(&sql);
    for key in keys {
        query = query.bind(key);
    }
    query.fetch_all(connection).await
}
