//! Conversations and their members' cursors.
//!
//! Invariants: a pair of users has at most one conversation (`user_low <
//! user_high`, unique); `last_seq` only grows, by one per stored message,
//! inside the transaction that stores it; a read cursor only moves forward
//! and never past `last_seq`.

use super::sql::Sql;
use sqlx::AnyConnection;

/// What a member's request needs to know about a conversation.
#[derive(Debug, sqlx::FromRow)]
pub struct MembershipRow {
    pub user_low: i64,
    pub user_high: i64,
    pub last_seq: i64,
    pub read_seq: i64,
    /// 1 when either member blocks the other.
    pub blocked: i64,
}

impl MembershipRow {
    /// The member who is not `me`.
    pub fn other(&self, me: i64) -> i64 {
        if self.user_low == me {
            self.user_high
        } else {
            self.user_low
        }
    }
}

/// One line of a member's list, with the other member, the order context
/// and the newest message.
#[derive(Debug, sqlx::FromRow)]
pub struct SummaryRow {
    pub id: i64,
    pub last_seq: i64,
    pub last_at: i64,
    pub read_seq: i64,
    pub other_id: i64,
    pub other_nickname: String,
    pub other_avatar: Option<String>,
    pub order_id: Option<i64>,
    pub order_title: Option<String>,
    pub order_state: Option<String>,
    pub last_kind: Option<String>,
    pub last_text: Option<String>,
    pub last_file_name: Option<String>,
}

/// The conversation of `low` and `high` (`low < high`), if any.
pub async fn find_pair(
    connection: &mut AnyConnection,
    low: i64,
    high: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM conversations WHERE user_low = $1 AND user_high = $2")
        .bind(low)
        .bind(high)
        .fetch_optional(connection)
        .await
}

/// A new conversation and its two member rows, or `None` when the pair
/// already has one. `ON CONFLICT DO NOTHING` rather than a unique violation:
/// on PostgreSQL a concurrent opener's insert waits for ours to commit and
/// then inserts nothing, instead of failing its transaction.
pub async fn insert_if_new(
    connection: &mut AnyConnection,
    low: i64,
    high: i64,
    order_id: Option<i64>,
    now_ms: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO conversations (user_low, user_high, order_id, last_seq, last_at, created_at) \
         VALUES ($1, $2, $3, 0, $4, $4) ON CONFLICT (user_low, user_high) DO NOTHING RETURNING id",
    )
    .bind(low)
    .bind(high)
    .bind(order_id)
    .bind(now_ms)
    .fetch_optional(&mut *connection)
    .await?;
    let Some(id) = id else {
        return Ok(None);
    };
    sqlx::query(
        "INSERT INTO conversation_members (conversation_id, user_id, read_seq) \
         VALUES ($1, $2, 0), ($1, $3, 0)",
    )
    .bind(id)
    .bind(low)
    .bind(high)
    .execute(connection)
    .await?;
    Ok(Some(id))
}

/// Points the conversation at the order it was opened from.
pub async fn set_order(
    connection: &mut AnyConnection,
    id: i64,
    order_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE conversations SET order_id = $2 WHERE id = $1")
        .bind(id)
        .bind(order_id)
        .execute(connection)
        .await
        .map(|_| ())
}

/// The conversation as `user` sees it, or `None` when they are no member.
pub async fn membership(
    connection: &mut AnyConnection,
    id: i64,
    user: i64,
) -> Result<Option<MembershipRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.user_low, c.user_high, c.last_seq, m.read_seq, \
         CAST(CASE WHEN EXISTS (SELECT 1 FROM blocks b WHERE \
         (b.blocker_id = c.user_low AND b.blocked_id = c.user_high) OR \
         (b.blocker_id = c.user_high AND b.blocked_id = c.user_low)) THEN 1 ELSE 0 END AS BIGINT) AS blocked \
         FROM conversations c \
         JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = $2 \
         WHERE c.id = $1",
    )
    .bind(id)
    .bind(user)
    .fetch_optional(connection)
    .await
}

/// A conversation's two members (low, high), or `None` for an unknown id.
pub async fn members<'c>(
    executor: impl sqlx::Executor<'c, Database = sqlx::Any>,
    id: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT user_low, user_high FROM conversations WHERE id = $1")
        .bind(id)
        .fetch_optional(executor)
        .await
}

/// Moves `user`'s read cursor forward to `seq` (the caller caps it at
/// `last_seq`); a cursor never moves back. Returns the cursor afterwards.
pub async fn move_read(
    connection: &mut AnyConnection,
    id: i64,
    user: i64,
    seq: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "UPDATE conversation_members SET read_seq = $3 \
         WHERE conversation_id = $1 AND user_id = $2 AND read_seq < $3",
    )
    .bind(id)
    .bind(user)
    .bind(seq)
    .execute(&mut *connection)
    .await?;
    sqlx::query_scalar(
        "SELECT read_seq FROM conversation_members WHERE conversation_id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user)
    .fetch_one(connection)
    .await
}

/// Hides the conversation from `user`'s list until a newer message.
pub async fn hide(connection: &mut AnyConnection, id: i64, user: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE conversation_members SET hidden_seq = \
         (SELECT last_seq FROM conversations WHERE id = $1) \
         WHERE conversation_id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user)
    .execute(connection)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A member's conversations with the other member, the order context and
/// the newest message, up to the member's placeholder.
macro_rules! summary_for {
    () => {
        "SELECT c.id, c.last_seq, c.last_at, m.read_seq, u.id AS other_id, \
         u.nickname AS other_nickname, u.avatar_key AS other_avatar, \
         o.id AS order_id, o.title AS order_title, o.state AS order_state, \
         lm.kind AS last_kind, lm.body_text AS last_text, f.name AS last_file_name \
         FROM conversation_members m \
         JOIN conversations c ON c.id = m.conversation_id \
         JOIN users u ON u.id = CASE WHEN c.user_low = m.user_id THEN c.user_high ELSE c.user_low END \
         LEFT JOIN orders o ON o.id = c.order_id \
         LEFT JOIN messages lm ON lm.conversation_id = c.id AND lm.seq = c.last_seq \
         LEFT JOIN files f ON f.id = lm.file_id \
         WHERE m.user_id = "
    };
}

/// In the member's list: not hidden (or written to since), the other member
/// not blocked by them; up to the member's placeholder and its `)`.
macro_rules! visible_for {
    () => {
        " AND (m.hidden_seq IS NULL OR c.last_seq > m.hidden_seq) \
         AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocked_id = u.id AND b.blocker_id = "
    };
}

/// `summary_for` with `$1` the member.
const SUMMARY: &str = concat!(summary_for!(), "$1");
/// `visible_for` with `$1` the member.
const VISIBLE: &str = concat!(visible_for!(), "$1)");
const SUMMARY_FOR: &str = summary_for!();
const VISIBLE_FOR: &str = visible_for!();

/// Which of `user`'s visible conversations a page of the list shows.
#[derive(Debug, Clone, Default)]
pub struct ListPage<'a> {
    /// Only conversations older than this `(last_at, id)`.
    pub before: Option<(i64, i64)>,
    /// Only others whose nickname contains this (case-insensitive, ASCII).
    pub search: Option<&'a str>,
    pub limit: i64,
}

/// A page of `user`'s visible conversations, newest activity first, in one
/// query (keyset on `(last_at, id)`, so a page costs the same however far
/// down the list it is).
pub async fn list(
    connection: &mut AnyConnection,
    user: i64,
    page: ListPage<'_>,
) -> Result<Vec<SummaryRow>, sqlx::Error> {
    let mut sql = Sql::new(SUMMARY_FOR);
    sql.bind(user).push(VISIBLE_FOR).bind(user).push(")");
    if let Some((at, id)) = page.before {
        sql.push(" AND (c.last_at < ")
            .bind(at)
            .push(" OR (c.last_at = ")
            .bind(at)
            .push(" AND c.id < ")
            .bind(id)
            .push("))");
    }
    if let Some(search) = page.search {
        sql.push(" AND LOWER(u.nickname) LIKE ")
            .bind(super::hall::like_pattern(search))
            .push(" ESCAPE '\\'");
    }
    sql.push(" ORDER BY c.last_at DESC, c.id DESC LIMIT ")
        .number(page.limit);
    let (text, arguments) = sql.into_parts();
    sqlx::query_as_with(&text, arguments)
        .fetch_all(connection)
        .await
}

/// One of `user`'s conversations, hidden or not.
pub async fn summary(
    connection: &mut AnyConnection,
    user: i64,
    id: i64,
) -> Result<Option<SummaryRow>, sqlx::Error> {
    let sql = format!("{SUMMARY} AND c.id = $2");
    sqlx::query_as(&sql)
        .bind(user)
        .bind(id)
        .fetch_optional(connection)
        .await
}

/// Unread messages over `user`'s visible conversations.
pub async fn unread_total(connection: &mut AnyConnection, user: i64) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(c.last_seq - m.read_seq), 0) AS BIGINT) \
         FROM conversation_members m \
         JOIN conversations c ON c.id = m.conversation_id \
         JOIN users u ON u.id = CASE WHEN c.user_low = $1 THEN c.user_high ELSE c.user_low END \
         WHERE m.user_id = $1{VISIBLE}"
    );
    sqlx::query_scalar(&sql)
        .bind(user)
        .fetch_one(connection)
        .await
}

/// Shows the conversation in `user`'s list again.
pub async fn unhide(connection: &mut AnyConnection, id: i64, user: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE conversation_members SET hidden_seq = NULL \
         WHERE conversation_id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user)
    .execute(connection)
    .await
    .map(|_| ())
}

/// Everyone `user` shares a conversation with.
pub async fn contacts(connection: &mut AnyConnection, user: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT CASE WHEN user_low = $1 THEN user_high ELSE user_low END FROM conversations \
         WHERE user_low = $1 OR user_high = $1",
    )
    .bind(user)
    .fetch_all(connection)
    .await
}
