//! The `files` table: uploaded files, staged until a publish or a submit
//! attaches them to an order or a submission.

use crate::domain::order::FileMeta;
use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FileRow {
    pub id: String,
    pub owner_id: i64,
    pub order_id: Option<i64>,
    pub submission_id: Option<i64>,
    pub conversation_id: Option<i64>,
    pub name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub has_thumbnail: i64,
    pub line_count: Option<i64>,
    pub page_count: Option<i64>,
}

impl From<FileRow> for FileMeta {
    fn from(row: FileRow) -> Self {
        FileMeta {
            id: row.id,
            name: row.name,
            content_type: row.content_type,
            size: row.size_bytes,
            has_thumbnail: row.has_thumbnail != 0,
            lines: row.line_count,
            pages: row.page_count,
            sha256: row.sha256,
        }
    }
}

/// Records a fully stored upload as staged.
pub async fn insert_staged(
    connection: &mut AnyConnection,
    row: &FileRow,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO files (id, owner_id, name, content_type, size_bytes, sha256, \
         has_thumbnail, line_count, page_count, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&row.id)
    .bind(row.owner_id)
    .bind(&row.name)
    .bind(&row.content_type)
    .bind(row.size_bytes)
    .bind(&row.sha256)
    .bind(row.has_thumbnail)
    .bind(row.line_count)
    .bind(row.page_count)
    .bind(now_ms)
    .execute(connection)
    .await
    .map(|_| ())
}

pub async fn find(
    connection: &mut AnyConnection,
    id: &str,
) -> Result<Option<FileRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, owner_id, order_id, submission_id, conversation_id, name, content_type, \
         size_bytes, sha256, has_thumbnail, line_count, page_count FROM files WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(connection)
    .await
}

/// Attaches a file to an order at `position`, if `owner_id` owns it and it
/// is staged or already on this order. Returns whether it was attached.
pub async fn attach_to_order(
    connection: &mut AnyConnection,
    id: &str,
    owner_id: i64,
    order_id: i64,
    position: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE files SET order_id = $3, position = $4 \
         WHERE id = $1 AND owner_id = $2 AND submission_id IS NULL AND conversation_id IS NULL \
         AND (order_id IS NULL OR order_id = $3)",
    )
    .bind(id)
    .bind(owner_id)
    .bind(order_id)
    .bind(position)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Attaches a staged file of `owner_id` to a submission.
pub async fn attach_to_submission(
    connection: &mut AnyConnection,
    id: &str,
    owner_id: i64,
    submission_id: i64,
    position: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE files SET submission_id = $3, position = $4 \
         WHERE id = $1 AND owner_id = $2 AND order_id IS NULL AND submission_id IS NULL \
         AND conversation_id IS NULL",
    )
    .bind(id)
    .bind(owner_id)
    .bind(submission_id)
    .bind(position)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Attaches a staged file of `owner_id` to a conversation; returns whether
/// it is a picture with a thumbnail (an image message), or `None` if it was
/// not `owner_id`'s staged file.
pub async fn attach_to_conversation(
    connection: &mut AnyConnection,
    id: &str,
    owner_id: i64,
    conversation_id: i64,
) -> Result<Option<bool>, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE files SET conversation_id = $3 \
         WHERE id = $1 AND owner_id = $2 AND order_id IS NULL AND submission_id IS NULL \
         AND conversation_id IS NULL",
    )
    .bind(id)
    .bind(owner_id)
    .bind(conversation_id)
    .execute(&mut *connection)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    let thumbnail: i64 = sqlx::query_scalar("SELECT has_thumbnail FROM files WHERE id = $1")
        .bind(id)
        .fetch_one(connection)
        .await?;
    Ok(Some(thumbnail != 0))
}

/// Total size of these files if all are `owner_id`'s and usable for
/// `order_id` (staged, or already on that order); `None` if any is not.
pub async fn usable_size(
    connection: &mut AnyConnection,
    owner_id: i64,
    order_id: Option<i64>,
    ids: &[String],
) -> Result<Option<i64>, sqlx::Error> {
    let mut total = 0;
    for id in ids {
        let Some(row) = find(&mut *connection, id).await? else {
            return Ok(None);
        };
        let usable = row.owner_id == owner_id
            && row.submission_id.is_none()
            && row.conversation_id.is_none()
            && (row.order_id.is_none() || row.order_id == order_id && order_id.is_some());
        if !usable {
            return Ok(None);
        }
        total += row.size_bytes;
    }
    Ok(Some(total))
}

/// The files of an order, in order.
pub async fn of_order(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Vec<FileRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, owner_id, order_id, submission_id, conversation_id, name, content_type, size_bytes, \
         sha256, has_thumbnail, line_count, page_count FROM files \
         WHERE order_id = $1 ORDER BY position, id",
    )
    .bind(order_id)
    .fetch_all(connection)
    .await
}

/// The files of every submission of an order, by submission then position.
pub async fn of_submissions(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Vec<FileRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT f.id, f.owner_id, f.order_id, f.submission_id, f.conversation_id, f.name, f.content_type, \
         f.size_bytes, f.sha256, f.has_thumbnail, f.line_count, f.page_count \
         FROM files f JOIN submissions s ON s.id = f.submission_id \
         WHERE s.order_id = $1 ORDER BY f.submission_id, f.position, f.id",
    )
    .bind(order_id)
    .fetch_all(connection)
    .await
}

/// Detaches (deletes the rows of) an order's files not in `keep`; returns
/// the ids removed so their objects can be deleted after commit.
pub async fn drop_from_order_except(
    connection: &mut AnyConnection,
    order_id: i64,
    keep: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    let current: Vec<String> = sqlx::query_scalar("SELECT id FROM files WHERE order_id = $1")
        .bind(order_id)
        .fetch_all(&mut *connection)
        .await?;
    let mut removed = Vec::new();
    for id in current.into_iter().filter(|id| !keep.contains(id)) {
        sqlx::query("DELETE FROM files WHERE id = $1")
            .bind(&id)
            .execute(&mut *connection)
            .await?;
        removed.push(id);
    }
    Ok(removed)
}

/// Ids of an order's own and its submissions' files (before it is deleted).
pub async fn ids_under_order(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM files WHERE order_id = $1 \
         UNION ALL SELECT f.id FROM files f JOIN submissions s ON s.id = f.submission_id \
         WHERE s.order_id = $1",
    )
    .bind(order_id)
    .fetch_all(connection)
    .await
}

/// Ids of the files of an order's submissions.
pub async fn ids_under_submissions(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT f.id FROM files f JOIN submissions s ON s.id = f.submission_id \
         WHERE s.order_id = $1",
    )
    .bind(order_id)
    .fetch_all(connection)
    .await
}

/// Staged files older than `before_ms`, removed; returns their ids.
pub async fn sweep_staged(
    connection: &mut AnyConnection,
    before_ms: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "DELETE FROM files WHERE order_id IS NULL AND submission_id IS NULL \
         AND conversation_id IS NULL AND created_at < $1 RETURNING id",
    )
    .bind(before_ms)
    .fetch_all(connection)
    .await
}

/// Bytes `owner_id` keeps in storage: their files (staged, attached to
/// orders, solutions or chats) and their avatar's pictures.
pub async fn stored_bytes(
    connection: &mut AnyConnection,
    owner_id: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        // SUM of a BIGINT is a NUMERIC on PostgreSQL: cast back.
        "SELECT CAST(COALESCE((SELECT SUM(size_bytes) FROM files WHERE owner_id = $1), 0) \
         + COALESCE((SELECT avatar_bytes FROM users WHERE id = $1), 0) AS BIGINT)",
    )
    .bind(owner_id)
    .fetch_one(connection)
    .await
}

/// Which of `ids` have a file row (the orphan sweep asks in batches).
pub async fn existing(
    connection: &mut AnyConnection,
    ids: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=ids.len()).map(|n| format!("${n}")).collect();
    let sql = format!(
        "SELECT id FROM files WHERE id IN ({})",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_scalar(&sql);
    for id in ids {
        query = query.bind(id);
    }
    query.fetch_all(connection).await
}
