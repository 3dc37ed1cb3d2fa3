//! Profiles: what the owner edits, what everyone sees, and the avatar.
//!
//! Invariants: the public view never carries the e-mail or the phone; a new
//! avatar's files are written before the row points at them and the old
//! files are deleted only after the row has moved on, so a failure at any
//! step leaves the previous avatar intact and no file unreferenced for long.

use super::Problems;
use crate::domain::account::{
    OwnProfile, PublicProfile, avatar_path, clean_intro, clean_nickname, clean_phone,
};
use crate::domain::{AppError, FieldError};
use crate::server::auth::{now_millis, random_id};
use crate::server::db::users;
use crate::server::error::internal;
use crate::server::media::{self, AVATAR_SIZES, Crop};
use crate::server::services::limits::{self, Action};
use crate::server::services::orders::listings_sync;
use crate::server::state::AppState;
use crate::server::storage::{Key, Storage};

fn avatar(key: Option<&str>) -> Option<String> {
    key.map(|key| avatar_path(key, 256))
}

/// The owner's view of their profile.
pub async fn own(state: &AppState, user_id: i64) -> Result<OwnProfile, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let row = users::profile(&mut connection, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(OwnProfile {
        id: row.id,
        email: row.email,
        nickname: row.nickname,
        intro: row.intro,
        phone: row.phone,
        avatar: avatar(row.avatar_key.as_deref()),
    })
}

/// What anyone may see of user `user_id`.
pub async fn public(state: &AppState, user_id: i64) -> Result<PublicProfile, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let row = users::profile(&mut connection, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(PublicProfile {
        id: row.id,
        nickname: row.nickname,
        intro: row.intro,
        avatar: avatar(row.avatar_key.as_deref()),
    })
}

/// Saves nickname, introduction and phone, all checked at once.
pub async fn update(
    state: &AppState,
    user_id: i64,
    nickname: &str,
    intro: &str,
    phone: &str,
) -> Result<(), AppError> {
    let mut problems = Problems::default();
    let nickname = problems.check(clean_nickname(nickname));
    let intro = problems.check(clean_intro(intro));
    let phone = problems.check(clean_phone(phone));
    problems.into_result()?;
    let (Some(nickname), Some(intro), Some(phone)) = (nickname, intro, phone) else {
        return Err(internal("validated fields missing"));
    };
    let mut tx = state.db.begin_write().await?;
    if !users::set_profile(&mut tx, user_id, &nickname, &intro, &phone, now_millis()).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    listings_sync::changed(state);
    Ok(())
}

/// Replaces the user's avatar with `bytes`, cropped to `crop`.
pub async fn set_avatar(
    state: &AppState,
    user_id: i64,
    bytes: Vec<u8>,
    crop: Option<Crop>,
) -> Result<String, AppError> {
    limits::spend_user(state, Action::Avatar, user_id).await?;
    let images = media::image_work(move || media::process_avatar(&bytes, crop))
        .await
        .ok_or_else(|| internal("avatar processing panicked"))?
        .map_err(|problem| AppError::Invalid(vec![FieldError::new("avatar", problem.code())]))?;
    let new_bytes: i64 = images
        .iter()
        .map(|(_, jpeg)| i64::try_from(jpeg.len()).unwrap_or(i64::MAX))
        .sum();
    let quota = i64::try_from(state.settings.rates.storage_quota_bytes).unwrap_or(i64::MAX);
    let (stored, old_bytes) = {
        let mut connection = state.db.acquire().await?;
        (
            crate::server::db::files::stored_bytes(&mut connection, user_id).await?,
            users::avatar_bytes(&mut connection, user_id).await?,
        )
    };
    if stored - old_bytes + new_bytes > quota {
        return Err(AppError::invalid("avatar", "storage_quota"));
    }
    let key = format!("{user_id}-{}", random_id(8));
    let mut written = Vec::new();
    for (size, jpeg) in images {
        let name =
            media::avatar_name(&key, size).ok_or_else(|| internal("generated key rejected"))?;
        let stored = Storage::avatar_key(&name);
        if let Err(error) = state.storage.put(&stored, jpeg).await {
            forget(state, &written).await;
            return Err(error.into());
        }
        written.push(stored);
    }
    let replaced = async {
        let mut tx = state.db.begin_write().await?;
        let old = users::set_avatar(&mut tx, user_id, &key, new_bytes, now_millis()).await?;
        tx.commit().await?;
        listings_sync::changed(state);
        Ok::<_, sqlx::Error>(old)
    }
    .await;
    let old = match replaced {
        Ok(old) => old,
        Err(error) => {
            forget(state, &written).await;
            return Err(error.into());
        }
    };
    let old_keys: Vec<Key> = AVATAR_SIZES
        .iter()
        .filter_map(|&size| media::avatar_name(old.as_deref()?, size))
        .map(|name| Storage::avatar_key(&name))
        .collect();
    forget(state, &old_keys).await;
    Ok(avatar_path(&key, 256))
}

/// Deletes avatar objects no row points at (any more), logging failures:
/// a leftover costs a few kilobytes, never a broken picture.
async fn forget(state: &AppState, keys: &[Key]) {
    for key in keys {
        if let Err(error) = state.storage.delete(key).await {
            tracing::warn!(%error, %key, "could not delete an avatar object");
        }
    }
}
