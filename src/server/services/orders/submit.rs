//! Submitting a solution: a new numbered version with its text and files,
//! and a digest that fixes exactly what was submitted.
//!
//! Invariants: versions are never changed once written (a new submit adds a
//! version); each version gets a fresh random salt and, in the transaction
//! that writes it, its digest and the salted commitment the sealed preview
//! shows (`seal` documents both constructions).

use super::seal::{self, submission_digest, text_digest};
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

/// Adds a version of the caller's solution; returns its version number.
pub async fn submit(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    draft: &SubmissionDraft,
) -> Result<i64, AppError> {
    let blocks = clean_blocks(&draft.blocks).map_err(|e| AppError::Invalid(vec![e]))?;
    clean_file_list(&draft.files).map_err(|e| AppError::Invalid(vec![e]))?;
    let blocks_json = render_blocks(&blocks)?.json;
    let words = word_count(&blocks.join("\n"));
    let text_sha256 = text_digest(&blocks)?;
    let salt = seal::new_salt();
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
        salt: &salt,
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
    let commitment = seal::commit(seal::VERSION_LABEL, &salt, &digest)
        .ok_or_else(|| internal("a fresh salt or digest is not 32 bytes"))?;
    submissions::set_digest(&mut tx, submission_id, &digest, &commitment).await?;
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
