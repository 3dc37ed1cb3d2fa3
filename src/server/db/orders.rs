//! The `orders` table. Every state change is one conditional UPDATE whose
//! rows-affected count says whether this caller won.

use crate::domain::order::OrderState;
use sqlx::AnyConnection;

/// An order with the names the order page shows.
#[derive(Debug, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub publisher_id: i64,
    pub publisher_nickname: String,
    pub publisher_avatar: Option<String>,
    pub category_id: i64,
    pub category_en: String,
    pub category_zh: String,
    pub title: String,
    pub excerpt: String,
    pub blocks_json: String,
    pub reward_minor: Option<i64>,
    pub deadline_day: Option<i64>,
    pub state: String,
    pub taker_id: Option<i64>,
    pub taker_nickname: Option<String>,
    pub taker_avatar: Option<String>,
    pub attachment_count: i64,
    pub created_at: i64,
    /// When the reward was escrowed; `None` while it is not.
    pub funded_at: Option<i64>,
    /// When the escrow is released by itself; `None` while no countdown runs.
    pub release_due_at: Option<i64>,
    pub change_rounds: i64,
    /// When a dispute was opened; `None` when none is open or ever was.
    pub disputed_at: Option<i64>,
    /// Who proposed cancelling the taken order, if someone did.
    pub cancel_proposed_by: Option<i64>,
    /// The amount the publisher proposed for a negotiable reward.
    pub reward_proposed_minor: Option<i64>,
    /// 1: the publisher picks the solver among applicants; 0: first to take.
    pub choose_applicants: i64,
    /// Active applications (see `db::applications`).
    pub applicant_count: i64,
}

/// The columns of a new or edited order.
pub struct OrderContent<'a> {
    pub category_id: i64,
    pub title: &'a str,
    pub title_folded: &'a str,
    pub excerpt: &'a str,
    pub blocks_json: &'a str,
    /// All blocks' plain text, for search.
    pub search_text: &'a str,
    pub reward_minor: Option<i64>,
    pub deadline_day: Option<i64>,
    pub attachment_count: i64,
    pub choose_applicants: bool,
}

pub async fn insert(
    connection: &mut AnyConnection,
    publisher_id: i64,
    content: &OrderContent<'_>,
    now_ms: i64,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (publisher_id, category_id, title, title_folded, excerpt, blocks_json, \
         reward_minor, sort_reward, deadline_day, state, attachment_count, created_at, updated_at, \
         choose_applicants, search_text) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11, $11, $12, $13) RETURNING id",
    )
    .bind(publisher_id)
    .bind(content.category_id)
    .bind(content.title)
    .bind(content.title_folded)
    .bind(content.excerpt)
    .bind(content.blocks_json)
    .bind(content.reward_minor)
    .bind(content.reward_minor.unwrap_or(-1))
    .bind(content.deadline_day)
    .bind(content.attachment_count)
    .bind(now_ms)
    .bind(i64::from(content.choose_applicants))
    .bind(content.search_text)
    .fetch_one(&mut *connection)
    .await?;
    super::order_grams::index_order(connection, id, content.title_folded, content.search_text)
        .await?;
    Ok(id)
}

/// Replaces an open order's content if `publisher_id` published it and,
/// once its reward is escrowed, the reward stays what was escrowed; its
/// assignment mode changes only while it has no active application.
pub async fn update_open(
    connection: &mut AnyConnection,
    id: i64,
    publisher_id: i64,
    content: &OrderContent<'_>,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET category_id = $3, title = $4, title_folded = $5, excerpt = $6, \
         blocks_json = $7, reward_minor = $8, sort_reward = $9, deadline_day = $10, \
         attachment_count = $11, updated_at = $12, choose_applicants = $13, search_text = $14 \
         WHERE id = $1 AND publisher_id = $2 AND state = 'open' \
         AND (funded_at IS NULL OR reward_minor = $8) \
         AND (choose_applicants = $13 OR applicant_count = 0)",
    )
    .bind(id)
    .bind(publisher_id)
    .bind(content.category_id)
    .bind(content.title)
    .bind(content.title_folded)
    .bind(content.excerpt)
    .bind(content.blocks_json)
    .bind(content.reward_minor)
    .bind(content.reward_minor.unwrap_or(-1))
    .bind(content.deadline_day)
    .bind(content.attachment_count)
    .bind(now_ms)
    .bind(i64::from(content.choose_applicants))
    .bind(content.search_text)
    .execute(&mut *connection)
    .await?;
    let updated = done.rows_affected() == 1;
    if updated {
        let (title_folded, search_text) = (content.title_folded, content.search_text);
        super::order_grams::index_order(connection, id, title_folded, search_text).await?;
    }
    Ok(updated)
}

/// Deletes an open order of `publisher_id`.
pub async fn delete_open(
    connection: &mut AnyConnection,
    id: i64,
    publisher_id: i64,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM orders WHERE id = $1 AND publisher_id = $2 AND state = 'open'")
            .bind(id)
            .bind(publisher_id)
            .execute(connection)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Makes `taker_id` the order's solver if it is still open, is not theirs,
/// they are not banned, and the order is assigned the way the caller
/// assigns it (`picked`: the publisher chose them among applicants; not
/// picked: a plain take of a first-to-take order). Of any number of
/// concurrent callers, takes and picks alike, at most one gets `true`.
pub async fn take(
    connection: &mut AnyConnection,
    id: i64,
    taker_id: i64,
    picked: bool,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET state = 'taken', taker_id = $2, taken_at = $3, updated_at = $3, \
         applicant_count = 0 \
         WHERE id = $1 AND state = 'open' AND publisher_id <> $2 AND choose_applicants = $4 \
         AND EXISTS (SELECT 1 FROM users WHERE id = $2 AND banned_reason IS NULL)",
    )
    .bind(id)
    .bind(taker_id)
    .bind(now_ms)
    .bind(i64::from(picked))
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves an order of `taker_id` from `from` to `to`, unless its solution
/// was opened (a countdown runs): that version is then fixed.
pub async fn advance(
    connection: &mut AnyConnection,
    id: i64,
    taker_id: i64,
    from: OrderState,
    to: OrderState,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET state = $4, cancel_proposed_by = NULL, updated_at = $5 \
         WHERE id = $1 AND taker_id = $2 AND state = $3 AND release_due_at IS NULL \
         AND disputed_at IS NULL",
    )
    .bind(id)
    .bind(taker_id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Reopens an order held by `taker_id` in state `from`: no taker any more.
pub async fn reopen(
    connection: &mut AnyConnection,
    id: i64,
    taker_id: i64,
    from: OrderState,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET state = 'open', taker_id = NULL, taken_at = NULL, \
         cancel_proposed_by = NULL, reward_proposed_minor = NULL, updated_at = $4 \
         WHERE id = $1 AND taker_id = $2 AND state = $3 AND release_due_at IS NULL \
         AND disputed_at IS NULL",
    )
    .bind(id)
    .bind(taker_id)
    .bind(from.as_str())
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn find(
    connection: &mut AnyConnection,
    id: i64,
) -> Result<Option<OrderRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.publisher_id, p.nickname AS publisher_nickname, \
         p.avatar_key AS publisher_avatar, o.category_id, c.name_en AS category_en, \
         c.name_zh AS category_zh, o.title, o.excerpt, o.blocks_json, o.reward_minor, \
         o.deadline_day, o.state, o.taker_id, t.nickname AS taker_nickname, \
         t.avatar_key AS taker_avatar, o.attachment_count, o.created_at, o.funded_at, \
         o.release_due_at, o.change_rounds, o.disputed_at, o.cancel_proposed_by, \
         o.reward_proposed_minor, o.choose_applicants, o.applicant_count \
         FROM orders o \
         JOIN users p ON p.id = o.publisher_id \
         JOIN categories c ON c.id = o.category_id \
         LEFT JOIN users t ON t.id = o.taker_id \
         WHERE o.id = $1",
    )
    .bind(id)
    .fetch_optional(connection)
    .await
}

/// Marks the order funded if it still is unfunded, in `state`, with this
/// reward, and `publisher_id`'s: of concurrent fundings at most one wins.
pub async fn mark_funded(
    connection: &mut AnyConnection,
    id: i64,
    publisher_id: i64,
    state: &str,
    reward_minor: i64,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET funded_at = $5, updated_at = $5 WHERE id = $1 AND publisher_id = $2 \
         AND state = $3 AND reward_minor = $4 AND funded_at IS NULL",
    )
    .bind(id)
    .bind(publisher_id)
    .bind(state)
    .bind(reward_minor)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves `publisher_id`'s funded order from `from` to `to` (confirming a
/// solution, cancelling an open order).
pub async fn settle(
    connection: &mut AnyConnection,
    id: i64,
    publisher_id: i64,
    from: OrderState,
    to: OrderState,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET state = $4, release_due_at = NULL, updated_at = $5 \
         WHERE id = $1 AND publisher_id = $2 AND state = $3 AND disputed_at IS NULL",
    )
    .bind(id)
    .bind(publisher_id)
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Starts the release countdown of a submitted order whose publisher opens
/// its solution for the first time; false if one runs already.
pub async fn start_countdown(
    connection: &mut AnyConnection,
    id: i64,
    due_at: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET release_due_at = $2 \
         WHERE id = $1 AND state = 'submitted' AND release_due_at IS NULL AND disputed_at IS NULL",
    )
    .bind(id)
    .bind(due_at)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sends an opened solution back for changes: taken again, countdown
/// stopped, one more round used (never more than `max_rounds`).
pub async fn request_changes(
    connection: &mut AnyConnection,
    id: i64,
    publisher_id: i64,
    max_rounds: i64,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET state = 'taken', release_due_at = NULL, \
         change_rounds = change_rounds + 1, updated_at = $4 \
         WHERE id = $1 AND publisher_id = $2 AND state = 'submitted' \
         AND release_due_at IS NOT NULL AND change_rounds < $3 AND disputed_at IS NULL",
    )
    .bind(id)
    .bind(publisher_id)
    .bind(max_rounds)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Orders whose release countdown ended by `now_ms`, oldest first.
pub async fn due_for_release(
    connection: &mut AnyConnection,
    now_ms: i64,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM orders WHERE release_due_at <= $1 AND state = 'submitted' \
         ORDER BY release_due_at LIMIT $2",
    )
    .bind(now_ms)
    .bind(limit)
    .fetch_all(connection)
    .await
}

/// Marks a submitted order done by its countdown if that has ended: of
/// several instances trying at once, one wins.
pub async fn release_when_due(
    connection: &mut AnyConnection,
    id: i64,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET state = 'done', release_due_at = NULL, updated_at = $2 \
         WHERE id = $1 AND state = 'submitted' AND release_due_at <= $2 AND disputed_at IS NULL",
    )
    .bind(id)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}
