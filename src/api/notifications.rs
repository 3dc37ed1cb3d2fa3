//! Notification server functions: the list, marking it read, and the
//! choice of being mailed about important ones. Each checks the session.

use crate::domain::AppError;
use crate::domain::notification::NotificationPage;
use leptos::prelude::*;

/// A page of the caller's notifications, newest first: those older than
/// notification `before` (the previous page's `next`) if given.
#[server(endpoint = "notifications")]
pub async fn notification_list(before: Option<String>) -> Result<NotificationPage, AppError> {
    use crate::domain::paging;
    use crate::server::services::notifications;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    let before = paging::parse_id(before.as_deref()).map_err(respond)?;
    notifications::page(&state, &user, before)
        .await
        .map_err(respond)
}

/// Marks all the caller's notifications read.
#[server(endpoint = "notifications/read")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::server::services::notifications;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    notifications::mark_all_read(&state, &user)
        .await
        .map_err(respond)?;
    leptos_axum::redirect("/notifications");
    Ok(())
}

/// Mails important notifications when `mail` is present (a ticked box), in
/// the language of the page it was set from.
#[server(endpoint = "notifications/mail")]
pub async fn set_notification_mail(mail: Option<String>) -> Result<(), AppError> {
    use crate::server::services::notifications;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    notifications::set_mail(&state, &user, mail.is_some(), ctx::locale())
        .await
        .map_err(respond)?;
    leptos_axum::redirect("/notifications?saved=1");
    Ok(())
}
