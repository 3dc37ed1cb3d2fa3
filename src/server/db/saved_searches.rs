//! The `saved_searches` table (migration 21): each user's named hall
//! filters. Every statement a user reaches names the owner in its WHERE, so
//! another user's row is never read, renamed or deleted.

use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SavedSearchRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub query: String,
    pub digest: i64,
}

pub async fn count_for_user(
    connection: &mut AnyConnection,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM saved_searches WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(connection)
        .await
}

/// Adds a saved search; returns its id.
pub async fn insert(
    connection: &mut AnyConnection,
    user_id: i64,
    name: &str,
    query: &str,
    digest: bool,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO saved_searches (user_id, name, query, digest, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(name)
    .bind(query)
    .bind(i64::from(digest))
    .bind(now_ms)
    .fetch_one(connection)
    .await
}

/// The user's saved searches, oldest first.
pub async fn for_user(
    connection: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<SavedSearchRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, user_id, name, query, digest FROM saved_searches \
         WHERE user_id = $1 ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(connection)
    .await
}

/// Renames the user's search and sets its digest; false if it is not theirs.
pub async fn update(
    connection: &mut AnyConnection,
    user_id: i64,
    id: i64,
    name: &str,
    digest: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE saved_searches SET name = $3, digest = $4 WHERE id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .bind(name)
    .bind(i64::from(digest))
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the user's search (its alerts go with it); false if not theirs.
pub async fn delete(
    connection: &mut AnyConnection,
    user_id: i64,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM saved_searches WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(connection)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A page (by id, after `after_id`) of the searches that may alert on an
/// order of `publisher_id`: not the publisher's own, not of banned users.
pub async fn alerting(
    connection: &mut AnyConnection,
    publisher_id: i64,
    after_id: i64,
    limit: i64,
) -> Result<Vec<SavedSearchRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.user_id, s.name, s.query, s.digest FROM saved_searches s \
         JOIN users u ON u.id = s.user_id \
         WHERE s.user_id <> $1 AND u.banned_reason IS NULL AND s.id > $2 \
         ORDER BY s.id LIMIT $3",
    )
    .bind(publisher_id)
    .bind(after_id)
    .bind(limit)
    .fetch_all(connection)
    .await
}
