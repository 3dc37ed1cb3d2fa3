//! Avatars written before they moved into `Storage` lived as plain files in
//! `<data_dir>/files/avatars`; at start they are copied into the store, so
//! existing avatar URLs keep working after an upgrade, on local storage and
//! on a bucket alike.
//!
//! Invariants: only names we generate are copied (`media::avatar_name_of`);
//! an object already in the store is left alone, so every instance may run
//! this at once; nothing is deleted, the old folder stays for the operator
//! to remove; a failure is logged, never fatal (an avatar is not worth
//! refusing to start over).

use super::Storage;
use crate::server::media;
use std::path::Path;

/// Copies the avatars of the old folder into `storage`; returns how many.
pub(super) async fn carry_over_avatars(storage: &Storage, data_dir: &Path) -> usize {
    let folder = data_dir.join("files").join("avatars");
    let Ok(mut entries) = tokio::fs::read_dir(&folder).await else {
        return 0;
    };
    let mut copied = 0;
    while let Ok(Some(entry)) = entries.next_entry().await {
        let Some(name) = entry.file_name().to_str().and_then(media::avatar_name_of) else {
            continue;
        };
        let key = Storage::avatar_key(&name);
        if matches!(storage.size(&key).await, Ok(Some(_))) {
            continue;
        }
        let result = match tokio::fs::read(entry.path()).await {
            Ok(bytes) => storage.put(&key, bytes).await.map_err(|e| e.to_string()),
            Err(error) => Err(error.to_string()),
        };
        match result {
            Ok(()) => copied += 1,
            Err(error) => tracing::warn!(%error, %key, "could not carry an old avatar over"),
        }
    }
    if copied > 0 {
        tracing::info!(copied, from = %folder.display(), "old avatars copied into the file storage");
    }
    copied
}
