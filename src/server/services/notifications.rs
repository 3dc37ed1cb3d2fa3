//! Notifications: recorded in the transaction of the transition they tell
//! about (so a rolled-back step notifies nobody), with the mail of an
//! important kind queued in the same transaction for users who want it
//! (`mail::queue`; the outbox worker sends it, so no step waits on SMTP);
//! after commit the user's open tabs get the new unread count over the
//! realtime connection.
//!
//! Invariant: delivery never fails the step that caused it; a push that
//! cannot go out is logged and the notification stays in the list.

use crate::domain::chat::ServerFrame;
use crate::domain::notification::{NotificationKind, NotificationPage, NotificationView};
use crate::domain::{AppError, CurrentUser, Locale};
use crate::server::auth::now_millis;
use crate::server::db::notifications;
use crate::server::error::internal;
use crate::server::mail::queue::{self, Mail};
use crate::server::services::chat::events::push;
use crate::server::state::AppState;
use sqlx::AnyConnection;

/// Notifications listed on the page.
const LIST_ROWS: i64 = 100;

/// One notification to deliver once its transaction committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Note {
    pub user_id: i64,
    pub kind: NotificationKind,
    pub order_id: Option<i64>,
}

/// Records `kind` for `user_id` in the caller's transaction; returns the
/// note to `deliver` after commit.
pub(crate) async fn record(
    connection: &mut AnyConnection,
    user_id: i64,
    kind: NotificationKind,
    order_id: Option<i64>,
    actor_id: Option<i64>,
) -> Result<Note, AppError> {
    let now = now_millis();
    notifications::insert(connection, user_id, kind.as_str(), order_id, actor_id, now).await?;
    if kind.mailed() {
        queue_mail(connection, user_id, kind, order_id, now).await?;
    }
    Ok(Note {
        user_id,
        kind,
        order_id,
    })
}

/// Queues the mail of notification `kind` if the user wants such mail.
async fn queue_mail(
    connection: &mut AnyConnection,
    user_id: i64,
    kind: NotificationKind,
    order_id: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    let Some(target) = notifications::mail_target(connection, user_id).await? else {
        return Ok(());
    };
    if target.mail_notifications == 0 {
        return Ok(());
    }
    let title = match order_id {
        Some(order_id) => crate::server::db::orders::find(connection, order_id)
            .await?
            .map(|row| row.title),
        None => None,
    };
    let mail = Mail::Notification {
        to: target.email,
        locale: target.mail_locale,
        kind: kind.as_str().to_owned(),
        title,
        order_id,
    };
    queue::enqueue(connection, &mail, now).await?;
    Ok(())
}

/// Pushes the new unread count to each note's user, and wakes the outbox
/// worker for the mail queued with them.
pub(crate) async fn deliver(state: &AppState, notes: &[Note]) {
    if notes.iter().any(|note| note.kind.mailed()) {
        state.mail_queued.notify_one();
    }
    for note in notes {
        if let Err(error) = push_unread(state, note).await {
            tracing::warn!(?error, ?note, "a notification could not be pushed");
        }
    }
}

async fn push_unread(state: &AppState, note: &Note) -> Result<(), AppError> {
    let mut connection = state.db.acquire().await?;
    let unread = notifications::unread(&mut connection, note.user_id).await?;
    drop(connection);
    push(state, note.user_id, &ServerFrame::Notified { unread }).await;
    Ok(())
}

/// A page of the user's notifications, newest first (those older than
/// notification `before` if given), with the unread count.
pub async fn page(
    state: &AppState,
    user: &CurrentUser,
    before: Option<i64>,
) -> Result<NotificationPage, AppError> {
    let size = usize::try_from(LIST_ROWS).unwrap_or(usize::MAX);
    let mut connection = state.db.pool().acquire().await?;
    let rows = notifications::newest(&mut connection, user.id, before, LIST_ROWS + 1).await?;
    let (rows, more) = crate::domain::paging::split_page(rows, size);
    let next = more.then(|| rows.last().map(|row| row.id)).flatten();
    let items = rows
        .into_iter()
        .map(|row| {
            Ok(NotificationView {
                kind: NotificationKind::parse(&row.kind)
                    .ok_or_else(|| internal(format!("unknown notification kind {}", row.kind)))?,
                id: row.id,
                order_id: row.order_id,
                order_title: row.order_title,
                actor: row.actor,
                created_at_ms: row.created_at,
                read: row.read_at.is_some(),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let unread = notifications::unread(&mut connection, user.id).await?;
    let mail = notifications::mail_target(&mut connection, user.id)
        .await?
        .is_some_and(|target| target.mail_notifications != 0);
    Ok(NotificationPage {
        items,
        unread,
        mail,
        next,
        paged: before.is_some(),
    })
}

/// Marks every notification read; every tab of the user hears of it.
pub async fn mark_all_read(state: &AppState, user: &CurrentUser) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    notifications::mark_all_read(&mut tx, user.id, now_millis()).await?;
    tx.commit().await?;
    push(state, user.id, &ServerFrame::Notified { unread: 0 }).await;
    Ok(())
}

/// Switches the mailing of important notifications on or off; mail will be
/// written in `locale`.
pub async fn set_mail(
    state: &AppState,
    user: &CurrentUser,
    on: bool,
    locale: Locale,
) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    notifications::set_mail(&mut tx, user.id, on, locale.tag()).await?;
    tx.commit().await?;
    Ok(())
}

/// The unread count, for the hello frame of a new realtime connection.
pub async fn unread(state: &AppState, user_id: i64) -> Result<i64, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    Ok(notifications::unread(&mut connection, user_id).await?)
}
