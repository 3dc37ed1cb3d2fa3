//! Uploaded files: streaming them into storage while inspecting them, and
//! deciding who may download each.
//!
//! Invariants: a row is written only after the object is completely stored,
//! and the object is removed if the row cannot be written, so a failed
//! upload leaves neither (a store that cannot be reached answers 503, see
//! `storage::fault`); the stored name is generated, the uploaded name is
//! kept only as metadata; an executable is refused whatever it is called.

pub mod inspect;
pub mod thumbnail;

use crate::domain::order::FileMeta;
use crate::domain::order::lifecycle::Relation;
use crate::domain::order::seal::sees_content;
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::{now_millis, random_id};
use crate::server::db::files::{self, FileRow};
use crate::server::db::{conversations, disputes, orders, submissions};
use crate::server::services::orders::state_of;
use crate::server::state::AppState;
use crate::server::storage::Storage;
use bytes::Bytes;
use futures::{Stream, StreamExt};
use inspect::{Inspector, is_thumbnailable};

/// Longest original file name kept.
const NAME_MAX: usize = 200;

/// The uploaded name without any path, control characters or excess length.
pub fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(NAME_MAX)
        .collect();
    match cleaned.trim() {
        "" | "." | ".." => "file".to_owned(),
        name => name.to_owned(),
    }
}

/// The user's files and avatar fill `rates.storage_quota_bytes`.
fn over_quota() -> AppError {
    AppError::invalid("file", "storage_quota")
}

/// Streams one upload into storage and records it as a staged file of
/// `owner_id`. `chunks` ends with an error if the client stops sending.
pub async fn store_upload<S, E>(
    state: &AppState,
    owner_id: i64,
    raw_name: &str,
    mut chunks: S,
) -> Result<FileMeta, AppError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
{
    let limit = state.settings.storage.max_upload_bytes;
    let quota = i64::try_from(state.settings.rates.storage_quota_bytes).unwrap_or(i64::MAX);
    let used = {
        let mut connection = state.db.acquire().await?;
        files::stored_bytes(&mut connection, owner_id).await?
    };
    if used >= quota {
        return Err(over_quota());
    }
    let room = u64::try_from(quota - used).unwrap_or(0);
    let name = clean_name(raw_name);
    let id = random_id(16);
    let key = Storage::file_key(&id);
    let mut upload = state.storage.upload(&key).await?;
    let mut inspector = Inspector::new(&name);
    let failure = loop {
        match chunks.next().await {
            None => break None,
            Some(Err(_)) => break Some(AppError::invalid("file", "upload_interrupted")),
            Some(Ok(chunk)) => {
                inspector.feed(&chunk);
                if inspector.size() > limit {
                    break Some(AppError::invalid("file", "file_too_large"));
                }
                if inspector.size() > room {
                    break Some(over_quota());
                }
                if let Err(error) = upload.write(&chunk).await {
                    break Some(error.into());
                }
            }
        }
    };
    let found = inspector.finish();
    let failure = failure
        .or_else(|| (found.size == 0).then(|| AppError::invalid("file", "empty_file")))
        .or_else(|| {
            found
                .executable
                .then(|| AppError::invalid("file", "forbidden_type"))
        });
    if let Some(error) = failure {
        upload.abort().await;
        return Err(error);
    }
    upload.finish().await?;
    let has_thumbnail = if is_thumbnailable(&found.content_type) {
        store_thumbnail(&state.storage, &id).await
    } else {
        false
    };
    let row = FileRow {
        id: id.clone(),
        owner_id,
        order_id: None,
        submission_id: None,
        conversation_id: None,
        name,
        content_type: found.content_type,
        size_bytes: i64::try_from(found.size).unwrap_or(i64::MAX),
        sha256: found.sha256,
        has_thumbnail: i64::from(has_thumbnail),
        line_count: found.lines,
        page_count: found.pages,
    };
    let recorded = async {
        let mut tx = state.db.begin_write().await?;
        // Checked again with the row: uploads that ran side by side must
        // not pass the quota together (on SQLite writers queue, so this is
        // exact; on PostgreSQL two commits at once can still pass it by at
        // most one file each, which the upload rate bounds).
        if files::stored_bytes(&mut tx, owner_id).await? + row.size_bytes > quota {
            return Ok(Err(over_quota()));
        }
        files::insert_staged(&mut tx, &row, now_millis()).await?;
        tx.commit().await.map(Ok)
    }
    .await;
    match recorded {
        Ok(Ok(())) => {}
        Ok(Err(refused)) => {
            state.storage.forget_file(&id).await;
            return Err(refused);
        }
        Err(error) => {
            let error: sqlx::Error = error;
            state.storage.forget_file(&id).await;
            return Err(error.into());
        }
    }
    Ok(row.into())
}

/// Makes and stores a thumbnail; a picture that will not decode simply
/// has none.
async fn store_thumbnail(storage: &Storage, id: &str) -> bool {
    let Ok(bytes) = storage.read_all(&Storage::file_key(id)).await else {
        return false;
    };
    let made = crate::server::media::image_work(move || thumbnail::make_thumbnail(&bytes)).await;
    match made {
        Some(Some(jpeg)) => storage.put(&Storage::thumbnail_key(id), jpeg).await.is_ok(),
        _ => false,
    }
}

/// The file `id` if `viewer` may download it: an order's attachments are
/// public like the order; a staged file only to its owner; a chat file only
/// to the two members of its conversation; a solution's
/// files to the order's taker, to its publisher only once they opened that
/// version (the explicit POST) or the solver was paid, and to admins once
/// the order is disputed (they decide on its content).
pub async fn downloadable(
    state: &AppState,
    viewer: Option<&CurrentUser>,
    id: &str,
) -> Result<FileRow, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let row = files::find(&mut connection, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if row.order_id.is_some() {
        return Ok(row);
    }
    let viewer = viewer.ok_or(AppError::Unauthorized)?;
    let allowed = match (row.submission_id, row.conversation_id) {
        (None, Some(conversation_id)) => {
            conversations::membership(&mut connection, conversation_id, viewer.id)
                .await?
                .is_some()
        }
        (None, None) => row.owner_id == viewer.id,
        (Some(submission_id), _) => {
            solution_file_allowed(&mut connection, submission_id, viewer).await?
        }
    };
    if allowed {
        Ok(row)
    } else {
        // Not telling a stranger that the file exists.
        Err(AppError::NotFound)
    }
}

/// Whether `viewer` may download a file of `submission_id`: the rule of
/// `domain::order::seal::sees_content` for that version, or an admin on a
/// disputed order.
async fn solution_file_allowed(
    connection: &mut sqlx::AnyConnection,
    submission_id: i64,
    viewer: &CurrentUser,
) -> Result<bool, AppError> {
    let Some((order_id, version)) = submissions::placement(&mut *connection, submission_id).await?
    else {
        return Ok(false);
    };
    let Some(order) = orders::find(&mut *connection, order_id).await? else {
        return Ok(false);
    };
    if order.disputed_at.is_some() && viewer.role == crate::domain::Role::Admin {
        return Ok(true);
    }
    let relation = Relation::of(viewer.id, order.publisher_id, order.taker_id);
    let opened = relation == Relation::Publisher
        && disputes::reveals(connection, order_id)
            .await?
            .iter()
            .any(|receipt| receipt.version == version);
    Ok(sees_content(Some(relation), opened, state_of(&order)?))
}
