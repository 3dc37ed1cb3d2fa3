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

/// Adds a category (names in both languages) at the end of the list.
#[server(endpoint = "admin/categories/create")]
pub async fn create_category(name_en: String, name_zh: String) -> Result<(), AppError> {
    use crate::server::services::orders::categories;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let actor = ctx::require_user().await.map_err(respond)?;
    categories::create(&state, &actor, &name_en, &name_zh)
        .await
        .map_err(respond)?;
    Ok(())
}

/// Renames a category.
#[server(endpoint = "admin/categories/rename")]
pub async fn rename_category(id: i64, name_en: String, name_zh: String) -> Result<(), AppError> {
    use crate::server::services::orders::categories;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let actor = ctx::require_user().await.map_err(respond)?;
    categories::rename(&state, &actor, id, &name_en, &name_zh)
        .await
        .map_err(respond)
}

/// Moves a category one place up (`step` -1) or down (1).
#[server(endpoint = "admin/categories/move")]
pub async fn move_category(id: i64, step: i64) -> Result<(), AppError> {
    use crate::server::services::orders::categories;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let actor = ctx::require_user().await.map_err(respond)?;
    categories::move_by(&state, &actor, id, step)
        .await
        .map_err(respond)
}

/// Archives a category (no new orders) or restores it.
#[server(endpoint = "admin/categories/archive")]
pub async fn archive_category(id: i64, archived: bool) -> Result<(), AppError> {
    use crate::server::services::orders::categories;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let actor = ctx::require_user().await.map_err(respond)?;
    categories::set_archived(&state, &actor, id, archived)
        .await
        .map_err(respond)
}
