//! Submitting a solution: a new numbered version with its text and files,
//! and a digest that fixes exactly what was submitted.
//!
//! Invariants: versions are never changed once written (a new submit adds a
//! version); the digest is SHA-256 over "bounty-submission-v1", the text's
//! SHA-256 and each file's SHA-256 in order, so anyone holding the parts can
//! recompute it.

use super::{check, check_files, load, render_blocks, unknown_file};
use crate::domain::notification::NotificationKind;
use crate::domain::order::SubmissionDraft;
use crate::domain::order::draft::{clean_blocks, clean_file_list, word_count};
use crate::domain::order::lifecycle::{OrderAction, OrderState};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::submissions::{self, NewSubmission};
use crate::server::db::{files, orders};
use crate::server::error::{internal, violated_constraint};
use crate::server::services::notifications::{deliver, record};
use crate::server::state::AppState;
use sha2::{Digest, Sha256};

/// The digest over the text digest and each file digest, in order.
pub fn submission_digest(text_sha256: &str, file_sha256s: &[String]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"bounty-submission-v1\n");
    hasher.update(text_sha256.as_bytes());
    for file in file_sha256s {
        hasher.update(b"\n");
        hasher.update(file.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// The SHA-256 of the blocks as a JSON array of strings.
pub fn text_digest(blocks: &[String]) -> Result<String, AppError> {
    let canonical = serde_json::to_vec(blocks).map_err(internal)?;
    Ok(hex::encode(Sha256::digest(canonical)))
}

/// Adds a version of the caller's solution; returns its version number.
pub async fn submit(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    draft: &SubmissionDraft,
) -> Result<i64, AppError> {
    let blocks = clean_blocks(&draft.blocks).map_err(|e| AppError::Invalid(vec![e]))?;
    clean_file_list(&draft.files).map_err(|e| AppError::Invalid(vec![e]))?;
    let (blocks_json, _) = render_blocks(&blocks)?;
    let words = word_count(&blocks.join("\n"));
    let text_sha256 = text_digest(&blocks)?;
    let mut tx = state.db.begin_write().await?;
    let row = load(&mut tx, order_id).await?;
    let (from, _) = check(&row, user.id, OrderAction::Submit)?;
    if row.release_due_at.is_some() {
        // The publisher opened this version: it may change only when they
        // ask for changes.
        return Err(AppError::Conflict("revealed".into()));
    }
    check_files(&mut tx, state, user.id, None, &draft.files).await?;
    let new = NewSubmission {
        order_id,
        taker_id: user.id,
        blocks_json: &blocks_json,
        word_count: words,
        text_sha256: &text_sha256,
        digest: "",
    };
    let (submission_id, version) = match submissions::insert_next(&mut tx, &new, now_millis()).await
    {
        Ok(inserted) => inserted,
        Err(error) if violated_constraint(&error) == Some("submissions_version_key") => {
            return Err(AppError::Conflict("double_submit".into()));
        }
        Err(error) => return Err(error.into()),
    };
    let mut file_digests = Vec::with_capacity(draft.files.len());
    for (position, id) in draft.files.iter().enumerate() {
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        if !files::attach_to_submission(&mut tx, id, user.id, submission_id, position).await? {
            return Err(unknown_file());
        }
        let row = files::find(&mut tx, id).await?.ok_or_else(unknown_file)?;
        file_digests.push(row.sha256);
    }
    let digest = submission_digest(&text_sha256, &file_digests);
    submissions::set_digest(&mut tx, submission_id, &digest).await?;
    if !orders::advance(
        &mut tx,
        order_id,
        user.id,
        from,
        OrderState::Submitted,
        now_millis(),
    )
    .await?
    {
        return Err(AppError::Conflict("wrong_state".into()));
    }
    let note = record(
        &mut tx,
        row.publisher_id,
        NotificationKind::Submitted,
        Some(order_id),
        Some(user.id),
    )
    .await?;
    tx.commit().await?;
    deliver(state, &[note]).await;
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_changes_with_any_part_and_with_order() {
        let a = submission_digest("t", &["f1".into(), "f2".into()]);
        assert_ne!(a, submission_digest("t", &["f2".into(), "f1".into()]));
        assert_ne!(a, submission_digest("u", &["f1".into(), "f2".into()]));
        assert_eq!(a, submission_digest("t", &["f1".into(), "f2".into()]));
        assert_eq!(a.len(), 64);
    }
}
