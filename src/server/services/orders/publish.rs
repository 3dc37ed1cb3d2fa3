//! Publishing, editing and deleting an order: the publisher's side while
//! nobody has taken it.
//!
//! Invariants: an edit keeps the order's id and every file the new draft
//! still lists (untouched files are neither copied nor re-uploaded); the
//! files a draft lists must be the caller's own, staged or already on this
//! order; the total stays within the per-order limit.

use super::{check, check_files, currency, forget_files, load, render_blocks, today, unknown_file};
use crate::domain::order::lifecycle::OrderAction;
use crate::domain::order::{CleanDraft, OrderDraft};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::orders::{self, OrderContent};
use crate::server::db::{categories, files};
use crate::server::services::limits::{self, Action};
use crate::server::state::AppState;
use sqlx::AnyConnection;

/// A checked draft with its rendered text, ready to write.
struct Prepared {
    clean: CleanDraft,
    title_folded: String,
    blocks_json: String,
    excerpt: String,
    search_text: String,
}

impl Prepared {
    fn new(state: &AppState, draft: &OrderDraft) -> Result<Prepared, AppError> {
        let clean = draft.clean(&currency(state), today())?;
        let rendered = render_blocks(&clean.blocks)?;
        Ok(Prepared {
            title_folded: clean.title.to_lowercase(),
            clean,
            blocks_json: rendered.json,
            excerpt: rendered.excerpt,
            search_text: rendered.search_text,
        })
    }

    fn content(&self) -> OrderContent<'_> {
        OrderContent {
            category_id: self.clean.category_id,
            title: &self.clean.title,
            title_folded: &self.title_folded,
            excerpt: &self.excerpt,
            blocks_json: &self.blocks_json,
            search_text: &self.search_text,
            reward_minor: self.clean.reward_minor,
            deadline_day: self.clean.deadline_day,
            attachment_count: i64::try_from(self.clean.files.len()).unwrap_or(i64::MAX),
            choose_applicants: self.clean.choose_applicants,
        }
    }
}

/// The category must exist and take orders; an edit may keep an archived
/// category the order already had.
async fn check_category(
    connection: &mut AnyConnection,
    category_id: i64,
    current: Option<i64>,
) -> Result<(), AppError> {
    let found = categories::find(connection, category_id).await?;
    match found {
        Some(row) if row.archived_at.is_none() || current == Some(category_id) => Ok(()),
        _ => Err(AppError::invalid("category", "unknown_category")),
    }
}

async fn attach(
    connection: &mut AnyConnection,
    owner_id: i64,
    order_id: i64,
    ids: &[String],
) -> Result<(), AppError> {
    for (position, id) in ids.iter().enumerate() {
        let position = i64::try_from(position).unwrap_or(i64::MAX);
        if !files::attach_to_order(&mut *connection, id, owner_id, order_id, position).await? {
            return Err(unknown_file());
        }
    }
    Ok(())
}

/// Publishes a new open order; returns its id.
pub async fn publish(
    state: &AppState,
    user: &CurrentUser,
    draft: &OrderDraft,
) -> Result<i64, AppError> {
    let prepared = Prepared::new(state, draft)?;
    limits::spend_user(state, Action::Publish, user.id).await?;
    let mut tx = state.db.begin_write().await?;
    check_category(&mut tx, prepared.clean.category_id, None).await?;
    check_files(&mut tx, state, user.id, None, &prepared.clean.files).await?;
    let id = orders::insert(&mut tx, user.id, &prepared.content(), now_millis()).await?;
    attach(&mut tx, user.id, id, &prepared.clean.files).await?;
    // Matched against saved searches once, after commit (an edit never
    // queues: it does not alert again).
    crate::server::db::search_alerts::queue(&mut tx, id, now_millis()).await?;
    tx.commit().await?;
    super::listings_sync::changed(state);
    let matcher = state.clone();
    tokio::spawn(async move {
        if let Err(error) = crate::server::services::alerts::match_order(&matcher, id).await {
            // The order stays queued; the poller matches it later.
            tracing::warn!(?error, order_id = id, "matching a new order failed");
        }
    });
    Ok(id)
}

/// Replaces an untaken order's content, keeping its id and listed files.
pub async fn edit(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    draft: &OrderDraft,
) -> Result<(), AppError> {
    let prepared = Prepared::new(state, draft)?;
    let mut tx = state.db.begin_write().await?;
    let row = load(&mut tx, order_id).await?;
    check(&row, user.id, OrderAction::Edit)?;
    if row.funded_at.is_some() && prepared.clean.reward_minor != row.reward_minor {
        return Err(AppError::Conflict("reward_locked".into()));
    }
    check_category(&mut tx, prepared.clean.category_id, Some(row.category_id)).await?;
    check_files(
        &mut tx,
        state,
        user.id,
        Some(order_id),
        &prepared.clean.files,
    )
    .await?;
    if !orders::update_open(
        &mut tx,
        order_id,
        user.id,
        &prepared.content(),
        now_millis(),
    )
    .await?
    {
        // The order was open and the caller's (checked above), so what
        // failed is a change of mode while applications wait, or a race.
        let mode_changed = i64::from(prepared.clean.choose_applicants) != row.choose_applicants;
        if mode_changed && row.applicant_count > 0 {
            return Err(AppError::Conflict("has_applicants".into()));
        }
        return Err(AppError::Conflict("wrong_state".into()));
    }
    let dropped = files::drop_from_order_except(&mut tx, order_id, &prepared.clean.files).await?;
    attach(&mut tx, user.id, order_id, &prepared.clean.files).await?;
    tx.commit().await?;
    super::listings_sync::changed(state);
    forget_files(state, &dropped).await;
    Ok(())
}

/// Deletes an untaken order and its files.
pub async fn delete(state: &AppState, user: &CurrentUser, order_id: i64) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    let row = load(&mut tx, order_id).await?;
    check(&row, user.id, OrderAction::Delete)?;
    if row.funded_at.is_some() {
        // Its money history stays: a funded order is cancelled (and
        // refunded) instead.
        return Err(AppError::Conflict("funded".into()));
    }
    let ids = files::ids_under_order(&mut tx, order_id).await?;
    if !orders::delete_open(&mut tx, order_id, user.id).await? {
        return Err(AppError::Conflict("wrong_state".into()));
    }
    tx.commit().await?;
    super::listings_sync::changed(state);
    forget_files(state, &ids).await;
    Ok(())
}
