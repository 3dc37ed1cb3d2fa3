//! The `categories` table.

use crate::domain::order::Category;
use sqlx::AnyConnection;

#[derive(Debug, sqlx::FromRow)]
pub struct CategoryRow {
    pub id: i64,
    pub name_en: String,
    pub name_zh: String,
    pub position: i64,
    pub archived_at: Option<i64>,
}

impl From<CategoryRow> for Category {
    fn from(row: CategoryRow) -> Self {
        Category {
            id: row.id,
            name_en: row.name_en,
            name_zh: row.name_zh,
            position: row.position,
            archived: row.archived_at.is_some(),
        }
    }
}

/// Every category, in display order (archived ones included).
pub async fn all(connection: &mut AnyConnection) -> Result<Vec<CategoryRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name_en, name_zh, position, archived_at FROM categories ORDER BY position, id",
    )
    .fetch_all(connection)
    .await
}

pub async fn find(
    connection: &mut AnyConnection,
    id: i64,
) -> Result<Option<CategoryRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name_en, name_zh, position, archived_at FROM categories WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(connection)
    .await
}

/// Adds a category at the end of the list.
pub async fn insert(
    connection: &mut AnyConnection,
    name_en: &str,
    name_zh: &str,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO categories (name_en, name_zh, position, created_at) \
         VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM categories), $3) RETURNING id",
    )
    .bind(name_en)
    .bind(name_zh)
    .bind(now_ms)
    .fetch_one(connection)
    .await
}

/// Renames a category; returns whether it exists.
pub async fn rename(
    connection: &mut AnyConnection,
    id: i64,
    name_en: &str,
    name_zh: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE categories SET name_en = $2, name_zh = $3 WHERE id = $1")
        .bind(id)
        .bind(name_en)
        .bind(name_zh)
        .execute(connection)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Archives (`Some(now)`) or restores (`None`) a category.
pub async fn set_archived(
    connection: &mut AnyConnection,
    id: i64,
    archived_at: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE categories SET archived_at = $2 WHERE id = $1")
        .bind(id)
        .bind(archived_at)
        .execute(connection)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets one category's position.
pub async fn set_position(
    connection: &mut AnyConnection,
    id: i64,
    position: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE categories SET position = $2 WHERE id = $1")
        .bind(id)
        .bind(position)
        .execute(connection)
        .await
        .map(|_| ())
}
