//! The `submissions` table: numbered versions of a solution.

use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubmissionRow {
    pub id: i64,
    pub version: i64,
    pub blocks_json: String,
    pub word_count: i64,
    pub text_sha256: String,
    pub digest: String,
    pub created_at: i64,
}

/// The columns of a new version.
pub struct NewSubmission<'a> {
    pub order_id: i64,
    pub taker_id: i64,
    pub blocks_json: &'a str,
    pub word_count: i64,
    pub text_sha256: &'a str,
    pub digest: &'a str,
}

/// Adds the next version; the unique (order, version) constraint makes a
/// concurrent double submit fail instead of writing two "version 2"s.
pub async fn insert_next(
    connection: &mut AnyConnection,
    new: &NewSubmission<'_>,
    now_ms: i64,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO submissions (order_id, taker_id, version, blocks_json, word_count, \
         text_sha256, digest, created_at) \
         VALUES ($1, $2, (SELECT COALESCE(MAX(version), 0) + 1 FROM submissions WHERE order_id = $1), \
         $3, $4, $5, $6, $7) RETURNING id, version",
    )
    .bind(new.order_id)
    .bind(new.taker_id)
    .bind(new.blocks_json)
    .bind(new.word_count)
    .bind(new.text_sha256)
    .bind(new.digest)
    .bind(now_ms)
    .fetch_one(connection)
    .await
}

/// Sets a version's digest once its files are attached.
pub async fn set_digest(
    connection: &mut AnyConnection,
    id: i64,
    digest: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE submissions SET digest = $2 WHERE id = $1")
        .bind(id)
        .bind(digest)
        .execute(connection)
        .await
        .map(|_| ())
}

/// Every version of an order's solution, newest first.
pub async fn of_order(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Vec<SubmissionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, version, blocks_json, word_count, text_sha256, digest, created_at \
         FROM submissions WHERE order_id = $1 ORDER BY version DESC",
    )
    .bind(order_id)
    .fetch_all(connection)
    .await
}

/// Deletes every version (their file rows go with them).
pub async fn delete_for_order(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM submissions WHERE order_id = $1")
        .bind(order_id)
        .execute(connection)
        .await
        .map(|_| ())
}

/// The order a submission belongs to.
pub async fn order_of(
    connection: &mut AnyConnection,
    submission_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT order_id FROM submissions WHERE id = $1")
        .bind(submission_id)
        .fetch_optional(connection)
        .await
}
