//! Categories: everyone reads them; admins create, rename, reorder and
//! archive. There is no delete, so no order can point at a missing one.

use crate::domain::account::clean_line;
use crate::domain::order::Category;
use crate::domain::{AppError, CurrentUser, Role};
use crate::server::auth::now_millis;
use crate::server::db::categories;
use crate::server::services::Problems;
use crate::server::state::AppState;

const NAME_MAX: usize = 40;

fn require_admin(user: &CurrentUser) -> Result<(), AppError> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn clean_names(name_en: &str, name_zh: &str) -> Result<(String, String), AppError> {
    let mut problems = Problems::default();
    let en = problems.check(clean_line("name_en", name_en, NAME_MAX, true));
    let zh = problems.check(clean_line("name_zh", name_zh, NAME_MAX, true));
    problems.into_result()?;
    Ok((en.unwrap_or_default(), zh.unwrap_or_default()))
}

/// Every category in display order, archived ones included.
pub async fn list(state: &AppState) -> Result<Vec<Category>, AppError> {
    if let Some(list) = state.categories.get() {
        return Ok(list);
    }
    let mut connection = state.db.pool().acquire().await?;
    let rows = categories::all(&mut connection).await?;
    let list: Vec<Category> = rows.into_iter().map(Category::from).collect();
    state.categories.put(&list);
    Ok(list)
}

pub async fn create(
    state: &AppState,
    admin: &CurrentUser,
    name_en: &str,
    name_zh: &str,
) -> Result<i64, AppError> {
    require_admin(admin)?;
    let (en, zh) = clean_names(name_en, name_zh)?;
    let mut tx = state.db.begin_write().await?;
    let id = categories::insert(&mut tx, &en, &zh, now_millis()).await?;
    tx.commit().await?;
    super::listings_sync::changed(state);
    Ok(id)
}

pub async fn rename(
    state: &AppState,
    admin: &CurrentUser,
    id: i64,
    name_en: &str,
    name_zh: &str,
) -> Result<(), AppError> {
    require_admin(admin)?;
    let (en, zh) = clean_names(name_en, name_zh)?;
    let mut tx = state.db.begin_write().await?;
    if !categories::rename(&mut tx, id, &en, &zh).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    super::listings_sync::changed(state);
    Ok(())
}

/// Archives (no new orders) or restores a category.
pub async fn set_archived(
    state: &AppState,
    admin: &CurrentUser,
    id: i64,
    archived: bool,
) -> Result<(), AppError> {
    require_admin(admin)?;
    let mut tx = state.db.begin_write().await?;
    let at = archived.then(now_millis);
    if !categories::set_archived(&mut tx, id, at).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    super::listings_sync::changed(state);
    Ok(())
}

/// Moves a category one place up (`-1`) or down (`1`), renumbering all.
pub async fn move_by(
    state: &AppState,
    admin: &CurrentUser,
    id: i64,
    step: i64,
) -> Result<(), AppError> {
    require_admin(admin)?;
    let mut tx = state.db.begin_write().await?;
    let mut ids: Vec<i64> = categories::all(&mut tx)
        .await?
        .into_iter()
        .map(|row| row.id)
        .collect();
    let from = ids
        .iter()
        .position(|c| *c == id)
        .ok_or(AppError::NotFound)?;
    let to = usize::try_from(i64::try_from(from).unwrap_or(0) + step.signum())
        .unwrap_or(0)
        .min(ids.len() - 1);
    let moved = ids.remove(from);
    ids.insert(to, moved);
    for (position, category) in ids.iter().enumerate() {
        categories::set_position(&mut tx, *category, i64::try_from(position).unwrap_or(0) + 1)
            .await?;
    }
    tx.commit().await?;
    super::listings_sync::changed(state);
    Ok(())
}
