//! The `order_questions` table: questions under an order and their answers.
//!
//! Invariants: a question is inserted only under an open order that is not
//! the asker's and holds fewer than the cap (one INSERT ... SELECT, so the
//! check and the write are one statement); an answer is written once, to a
//! shown question, and a question is hidden once (each a conditional
//! UPDATE whose rows affected say whether it happened).

use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QuestionRow {
    pub id: i64,
    pub order_id: i64,
    pub asker_id: i64,
    pub asker: String,
    pub body_html: String,
    pub answer_html: Option<String>,
    pub created_at: i64,
    pub answered_at: Option<i64>,
    pub hidden_at: Option<i64>,
}

const SELECT: &str = "SELECT q.id, q.order_id, q.asker_id, u.nickname AS asker, q.body_html, \
     q.answer_html, q.created_at, q.answered_at, q.hidden_at \
     FROM order_questions q JOIN users u ON u.id = q.asker_id";

/// Inserts a question under order `order_id` if it is open, not the
/// asker's, and holds fewer than `cap` questions; its id, or `None`.
pub async fn insert(
    connection: &mut AnyConnection,
    order_id: i64,
    asker_id: i64,
    body: &str,
    body_html: &str,
    cap: i64,
    now_ms: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO order_questions (order_id, asker_id, body, body_html, created_at) \
         SELECT o.id, $2, $3, $4, $5 FROM orders o \
         WHERE o.id = $1 AND o.state = 'open' AND o.publisher_id <> $2 \
         AND (SELECT COUNT(*) FROM order_questions c WHERE c.order_id = o.id) < $6 \
         RETURNING id",
    )
    .bind(order_id)
    .bind(asker_id)
    .bind(body)
    .bind(body_html)
    .bind(now_ms)
    .bind(cap)
    .fetch_optional(connection)
    .await
}

/// The order's questions, oldest first.
pub async fn of_order(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Vec<QuestionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE q.order_id = $1 ORDER BY q.id"))
        .bind(order_id)
        .fetch_all(connection)
        .await
}

/// One question with its order's publisher, or `None`.
pub async fn find(
    connection: &mut AnyConnection,
    id: i64,
) -> Result<Option<(QuestionRow, i64)>, sqlx::Error> {
    let row: Option<QuestionRow> = sqlx::query_as(&format!("{SELECT} WHERE q.id = $1"))
        .bind(id)
        .fetch_optional(&mut *connection)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let publisher: i64 = sqlx::query_scalar("SELECT publisher_id FROM orders WHERE id = $1")
        .bind(row.order_id)
        .fetch_one(connection)
        .await?;
    Ok(Some((row, publisher)))
}

/// Writes the answer of a shown, unanswered question; false otherwise.
pub async fn answer(
    connection: &mut AnyConnection,
    id: i64,
    answer: &str,
    answer_html: &str,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE order_questions SET answer = $2, answer_html = $3, answered_at = $4 \
         WHERE id = $1 AND answer IS NULL AND hidden_at IS NULL",
    )
    .bind(id)
    .bind(answer)
    .bind(answer_html)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Hides a shown question; false when it was hidden already.
pub async fn hide(
    connection: &mut AnyConnection,
    id: i64,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE order_questions SET hidden_at = $2 WHERE id = $1 AND hidden_at IS NULL",
    )
    .bind(id)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}
