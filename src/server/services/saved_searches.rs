//! Saved searches: a signed-in user keeps hall filters under names, renames
//! them, switches their daily digest and deletes them.
//!
//! Invariants: a user reaches only their own rows (every statement names
//! the owner; another's id answers `NotFound`, as an unknown one does); a
//! user keeps at most `rates.saved_searches_per_user`, counted in the
//! write transaction of the insert; every change spends the user's
//! `rates.saved_search_changes_per_user_per_hour`; the stored query is canonical
//! (`domain::saved_search::canonical_query`).

use crate::domain::saved_search::{SavedSearchList, SavedSearchView, canonical_query, clean_name};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::saved_searches::{self, SavedSearchRow};
use crate::server::services::limits::{self, Action};
use crate::server::state::AppState;

fn limit(state: &AppState) -> i64 {
    i64::try_from(state.settings.rates.saved_searches_per_user).unwrap_or(i64::MAX)
}

fn view(row: SavedSearchRow) -> SavedSearchView {
    SavedSearchView {
        id: row.id,
        name: row.name,
        query: row.query,
        digest: row.digest != 0,
    }
}

/// The caller's saved searches, oldest first.
pub async fn list(state: &AppState, user: &CurrentUser) -> Result<SavedSearchList, AppError> {
    let mut connection = state.db.acquire().await?;
    let rows = saved_searches::for_user(&mut connection, user.id).await?;
    Ok(SavedSearchList {
        items: rows.into_iter().map(view).collect(),
        limit: limit(state),
    })
}

/// Saves the hall filter of `query` as `name`; returns its id.
pub async fn save(
    state: &AppState,
    user: &CurrentUser,
    name: &str,
    query: &str,
    digest: bool,
) -> Result<i64, AppError> {
    let name = clean_name(name)?;
    let query = canonical_query(query)?;
    limits::spend_user(state, Action::SavedSearch, user.id).await?;
    let mut tx = state.db.begin_write().await?;
    if saved_searches::count_for_user(&mut tx, user.id).await? >= limit(state) {
        return Err(AppError::Conflict("too_many".into()));
    }
    let id = saved_searches::insert(&mut tx, user.id, &name, &query, digest, now_millis()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Renames the caller's saved search `id` and sets its digest.
pub async fn update(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    name: &str,
    digest: bool,
) -> Result<(), AppError> {
    let name = clean_name(name)?;
    limits::spend_user(state, Action::SavedSearch, user.id).await?;
    let mut tx = state.db.begin_write().await?;
    if !saved_searches::update(&mut tx, user.id, id, &name, digest).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Deletes the caller's saved search `id`.
pub async fn delete(state: &AppState, user: &CurrentUser, id: i64) -> Result<(), AppError> {
    limits::spend_user(state, Action::SavedSearch, user.id).await?;
    let mut tx = state.db.begin_write().await?;
    if !saved_searches::delete(&mut tx, user.id, id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}
