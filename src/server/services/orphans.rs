//! Stored objects no row points at any more, collected by the hourly sweep
//! (`orders::sweep`, on the lease holder): a crash between a commit and
//! the deletion of a file's object, a conversation or order whose rows
//! were deleted (their file rows go with them, `ON DELETE CASCADE`), an
//! avatar whose replacement was committed but whose old pictures could
//! not be deleted.
//!
//! Invariants: only objects last written more than `GRACE_MS` ago are
//! considered, so an upload whose object is complete but whose row is not
//! yet committed is never touched; only keys of the shapes the server
//! generates are deleted (anything else in the bucket is left alone); the
//! store is read as a stream in batches of `BATCH`, one query per batch.

use crate::domain::AppError;
use crate::server::auth::now_millis;
use crate::server::db::{files, users};
use crate::server::media::avatar_name_of;
use crate::server::state::AppState;
use crate::server::storage::Key;
use futures::StreamExt;

/// How old an object must be before it can be an orphan.
pub const GRACE_MS: i64 = 60 * 60 * 1000;
/// Keys looked up per query.
const BATCH: usize = 500;

/// Objects removed, by folder.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Collected {
    pub files: usize,
    pub thumbnails: usize,
    pub avatars: usize,
}

#[derive(Clone, Copy)]
enum Folder {
    Files,
    Thumbnails,
    Avatars,
}

impl Folder {
    fn name(self) -> &'static str {
        match self {
            Folder::Files => "files",
            Folder::Thumbnails => "thumbs",
            Folder::Avatars => "avatars",
        }
    }

    /// The row identity an object of this folder belongs to, if its name is
    /// one the server generates: a file's id, or an avatar's key.
    fn owner(self, object: &str) -> Option<String> {
        match self {
            Folder::Files | Folder::Thumbnails => (object.len() == 32
                && object.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| object.to_owned()),
            Folder::Avatars => {
                avatar_name_of(object)?;
                let (key, _size) = object.strip_suffix(".jpg")?.rsplit_once('-')?;
                Some(key.to_owned())
            }
        }
    }

    /// Which of `owners` still have their row.
    async fn kept(self, state: &AppState, owners: &[String]) -> Result<Vec<String>, AppError> {
        let mut connection = state.db.acquire().await?;
        Ok(match self {
            Folder::Files | Folder::Thumbnails => files::existing(&mut connection, owners).await?,
            Folder::Avatars => users::existing_avatar_keys(&mut connection, owners).await?,
        })
    }
}

/// Deletes the orphaned objects last written before `before_ms`.
pub async fn collect(state: &AppState, before_ms: i64) -> Result<Collected, AppError> {
    Ok(Collected {
        files: collect_folder(state, Folder::Files, before_ms).await?,
        thumbnails: collect_folder(state, Folder::Thumbnails, before_ms).await?,
        avatars: collect_folder(state, Folder::Avatars, before_ms).await?,
    })
}

/// `collect` with the usual grace: objects older than an hour.
pub async fn collect_now(state: &AppState) -> Result<Collected, AppError> {
    collect(state, now_millis() - GRACE_MS).await
}

async fn collect_folder(
    state: &AppState,
    folder: Folder,
    before_ms: i64,
) -> Result<usize, AppError> {
    let mut keys = state
        .storage
        .list_older(folder.name(), before_ms)
        .chunks(BATCH);
    let mut removed = 0;
    while let Some(batch) = keys.next().await {
        let candidates: Vec<(Key, String)> = batch
            .into_iter()
            .collect::<Result<Vec<Key>, _>>()?
            .into_iter()
            .filter_map(|key| {
                let owner = folder.owner(key.filename()?)?;
                Some((key, owner))
            })
            .collect();
        let owners: Vec<String> = candidates.iter().map(|(_, owner)| owner.clone()).collect();
        let kept = folder.kept(state, &owners).await?;
        for (key, owner) in candidates {
            if kept.contains(&owner) {
                continue;
            }
            state.storage.delete(&key).await?;
            tracing::info!(%key, "orphaned object removed");
            removed += 1;
        }
    }
    Ok(removed)
}
