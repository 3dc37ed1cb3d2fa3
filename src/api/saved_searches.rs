//! Saved-search server functions: the caller's list, saving the hall's
//! current filter, renaming (and the digest switch) and deleting. Each
//! checks the session; a search of another user answers 404.

use crate::domain::AppError;
use crate::domain::saved_search::SavedSearchList;
use leptos::prelude::*;

/// The caller's saved searches.
#[server(endpoint = "searches")]
pub async fn my_saved_searches() -> Result<SavedSearchList, AppError> {
    use crate::server::services::saved_searches;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    saved_searches::list(&state, &user).await.map_err(respond)
}

/// Saves the hall filter of `query` (the hall's query string) as `name`;
/// its matches go into the daily digest when `digest` is present (a ticked
/// box).
#[server(endpoint = "searches/save")]
pub async fn save_search(
    name: String,
    query: String,
    digest: Option<String>,
) -> Result<(), AppError> {
    use crate::server::services::saved_searches;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    saved_searches::save(&state, &user, &name, &query, digest.is_some())
        .await
        .map_err(respond)?;
    leptos_axum::redirect("/searches?saved=1");
    Ok(())
}

/// Renames the caller's saved search `id` and sets its digest switch.
#[server(endpoint = "searches/update")]
pub async fn update_saved_search(
    id: i64,
    name: String,
    digest: Option<String>,
) -> Result<(), AppError> {
    use crate::server::services::saved_searches;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    saved_searches::update(&state, &user, id, &name, digest.is_some())
        .await
        .map_err(respond)?;
    leptos_axum::redirect("/searches?saved=1");
    Ok(())
}

/// Deletes the caller's saved search `id`.
#[server(endpoint = "searches/delete")]
pub async fn delete_saved_search(id: i64) -> Result<(), AppError> {
    use crate::server::services::saved_searches;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    saved_searches::delete(&state, &user, id)
        .await
        .map_err(respond)?;
    leptos_axum::redirect("/searches");
    Ok(())
}
