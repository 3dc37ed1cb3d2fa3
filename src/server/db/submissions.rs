//! The `submissions` table: numbered versions of a solution.
//!
//! Invariant: a version's content, digests, salt and commitment are written
//! by the submit that creates it and never changed after; `salt` and
//! `commitment` are NULL only for versions from before sealed commitments.

use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubmissionRow {
    pub id: i64,
    pub version: i64,
    pub blocks_json: String,
    pub word_count: i64,
    pub text_sha256: String,
    pub digest: String,
    /// Hex of 32 random bytes; `None` before sealed commitments.
    pub salt: Option<String>,
    /// The salted commitment the sealed preview shows.
    pub commitment: Option<String>,
    pub created_at: i64,
}

/// The columns of a new version.
pub struct NewSubmission<'a> {
    pub order_id: i64,
    pub taker_id: i64,
    pub blocks_json: &'a str,
    pub word_count: i64,
    pub text_sha256: &'a str,
    pub salt: &'a str,
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
         text_sha256, digest, salt, created_at) \
         VALUES ($1, $2, (SELECT COALESCE(MAX(version), 0) + 1 FROM submissions WHERE order_id = $1), \
         $3, $4, $5, '', $6, $7) RETURNING id, version",
    )
    .bind(new.order_id)
    .bind(new.taker_id)
    .bind(new.blocks_json)
    .bind(new.word_count)
    .bind(new.text_sha256)
    .bind(new.salt)
    .bind(now_ms)
    .fetch_one(connection)
    .await
}

/// Sets a version's digest and its commitment once its files are attached
/// (in the transaction that inserted it).
pub async fn set_digest(
    connection: &mut AnyConnection,
    id: i64,
    digest: &str,
    commitment: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE submissions SET digest = $2, commitment = $3 WHERE id = $1")
        .bind(id)
        .bind(digest)
        .bind(commitment)
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
        "SELECT id, version, blocks_json, word_count, text_sha256, digest, salt, commitment, \
         created_at FROM submissions WHERE order_id = $1 ORDER BY version DESC",
    )
    .bind(order_id)
    .fetch_all(connection)
    .await
}

/// Deletes every version (their file rows go with them) and the reveal
/// receipts of those versions: a later solver's version 1 must not count
/// as opened because a deleted version 1 was.
pub async fn delete_for_order(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM reveals WHERE order_id = $1")
        .bind(order_id)
        .execute(&mut *connection)
        .await?;
    sqlx::query("DELETE FROM submissions WHERE order_id = $1")
        .bind(order_id)
        .execute(connection)
        .await
        .map(|_| ())
}

/// The order a submission belongs to, and its version number.
pub async fn placement(
    connection: &mut AnyConnection,
    submission_id: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT order_id, version FROM submissions WHERE id = $1")
        .bind(submission_id)
        .fetch_optional(connection)
        .await
}
