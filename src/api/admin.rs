//! Admin server functions: the user list, bans. The role is checked by the
//! service on every call; the page hiding its links protects nothing.

use crate::domain::AppError;
use crate::domain::account::UserPage;
use leptos::prelude::*;

/// One page of users, newest first.
#[server(endpoint = "admin/users")]
pub async fn admin_users(page: u32) -> Result<UserPage, AppError> {
    use crate::server::services::admin;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let actor = ctx::require_user().await.map_err(respond)?;
    admin::list_users(&state, &actor, page)
        .await
        .map_err(respond)
}

/// Bans a user with a reason they will see.
#[server(endpoint = "admin/ban")]
pub async fn ban_user(user_id: i64, reason: String) -> Result<(), AppError> {
    use crate::server::services::admin;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let actor = ctx::require_user().await.map_err(respond)?;
    admin::ban(&state, &actor, user_id, &reason)
        .await
        .map_err(respond)
}

/// Lifts a ban.
#[server(endpoint = "admin/unban")]
pub async fn unban_user(user_id: i64) -> Result<(), AppError> {
    use crate::server::services::admin;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let actor = ctx::require_user().await.map_err(respond)?;
    admin::unban(&state, &actor, user_id).await.map_err(respond)
}
