//! The `notifications` table and each user's mail preference.

use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub order_id: Option<i64>,
    pub order_title: Option<String>,
    pub actor: Option<String>,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

pub async fn insert(
    connection: &mut AnyConnection,
    user_id: i64,
    kind: &str,
    order_id: Option<i64>,
    actor_id: Option<i64>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, order_id, actor_id, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user_id)
    .bind(kind)
    .bind(order_id)
    .bind(actor_id)
    .bind(now_ms)
    .execute(connection)
    .await?;
    Ok(())
}

/// The user's newest notifications; with `before`, those older than that
/// one (keyset on the id, walked backwards on `notifications_user`).
pub async fn newest(
    connection: &mut AnyConnection,
    user_id: i64,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT n.id, n.kind, n.order_id, o.title AS order_title, a.nickname AS actor, \
         n.created_at, n.read_at FROM notifications n \
         LEFT JOIN orders o ON o.id = n.order_id LEFT JOIN users a ON a.id = n.actor_id \
         WHERE n.user_id = $1 AND n.id < $2 ORDER BY n.id DESC LIMIT $3",
    )
    .bind(user_id)
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(connection)
    .await
}

pub async fn unread(connection: &mut AnyConnection, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .fetch_one(connection)
        .await
}

pub async fn mark_all_read(
    connection: &mut AnyConnection,
    user_id: i64,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .bind(now_ms)
        .execute(connection)
        .await?;
    Ok(())
}

/// Where and in which language to mail a user, if they want mail.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MailTarget {
    pub email: String,
    pub mail_notifications: i64,
    pub mail_locale: String,
}

pub async fn mail_target(
    connection: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<MailTarget>, sqlx::Error> {
    sqlx::query_as("SELECT email, mail_notifications, mail_locale FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(connection)
        .await
}

pub async fn set_mail(
    connection: &mut AnyConnection,
    user_id: i64,
    on: bool,
    locale: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET mail_notifications = $2, mail_locale = $3 WHERE id = $1")
        .bind(user_id)
        .bind(i64::from(on))
        .bind(locale)
        .execute(connection)
        .await?;
    Ok(())
}
