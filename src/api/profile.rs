//! Profile server functions.

use crate::domain::AppError;
use crate::domain::account::{OwnProfile, PublicProfile};
use leptos::prelude::*;

/// The signed-in user's own profile.
#[server(endpoint = "profile/mine")]
pub async fn my_profile() -> Result<OwnProfile, AppError> {
    use crate::server::services::profile;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    profile::own(&state, user.id).await.map_err(respond)
}

/// Saves the signed-in user's nickname, introduction and phone.
#[server(endpoint = "profile/update")]
pub async fn update_profile(
    nickname: String,
    intro: String,
    phone: String,
) -> Result<(), AppError> {
    use crate::server::services::profile;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    profile::update(&state, user.id, &nickname, &intro, &phone)
        .await
        .map_err(respond)?;
    leptos_axum::redirect("/account?saved=1");
    Ok(())
}

/// What anyone may see of a user.
#[server(endpoint = "profile/public")]
pub async fn user_profile(user_id: i64) -> Result<PublicProfile, AppError> {
    use crate::server::services::profile;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    profile::public(&state, user_id).await.map_err(respond)
}
