//! Applications: the second way to assign an order. On an order in
//! "choose from applicants" mode, others apply (a pitch, a delivery date, a
//! proposed reward when the reward is negotiable), edit or withdraw while
//! it is open; its publisher sees them with each applicant's standing and
//! picks one, who then holds the order exactly as after a take.
//!
//! Invariants: a pick is the take's own compare-and-set
//! (`lifecycle::assign`), so of concurrent picks and takes at most one
//! wins; every step locks the order's row before an application's (the
//! order's conditional UPDATE comes first), so racing steps wait for each
//! other instead of deadlocking on PostgreSQL; a refused step has written
//! nothing (its transaction is dropped).

use super::lifecycle::assign;
use super::{check, currency, load, today};
use crate::domain::notification::NotificationKind;
use crate::domain::order::OrderAction;
use crate::domain::order::application::{
    ApplicantView, ApplicationForm, ApplicationStatus, ApplicationsPanel, CleanApplication,
    MyApplication,
};
use crate::domain::review::average_tenths;
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::applications as db;
use crate::server::db::orders::OrderRow;
use crate::server::error::internal;
use crate::server::services::limits::{self, Action};
use crate::server::services::notifications::{Note, deliver, record};
use crate::server::state::AppState;
use sqlx::AnyConnection;

fn conflict(code: &str) -> AppError {
    AppError::Conflict(code.to_owned())
}

/// Whether `user_id` may apply to the order as it is: the take's rules
/// (not one's own, still open), and the order in applicants mode.
fn check_applicable(row: &OrderRow, user_id: i64) -> Result<(), AppError> {
    check(row, user_id, OrderAction::Take)?;
    if row.choose_applicants == 0 {
        return Err(conflict("first_to_take"));
    }
    Ok(())
}

fn clean(
    state: &AppState,
    row: &OrderRow,
    form: &ApplicationForm,
) -> Result<CleanApplication, AppError> {
    form.clean(&currency(state), row.reward_minor.is_none(), today())
}

fn max_applicants(state: &AppState) -> i64 {
    i64::try_from(state.settings.limits.applicants_per_order).unwrap_or(i64::MAX)
}

/// Sends (or, after a withdrawal, sends again) the caller's application;
/// the publisher is notified.
pub async fn apply(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    form: &ApplicationForm,
) -> Result<(), AppError> {
    limits::spend_user(state, Action::Apply, user.id).await?;
    let mut tx = state.db.begin_write().await?;
    let row = load(&mut tx, order_id).await?;
    check_applicable(&row, user.id)?;
    let clean = clean(state, &row, form)?;
    let mine = db::find(&mut tx, order_id, user.id).await?;
    if mine.is_some_and(|mine| mine.status == ApplicationStatus::Active.as_str()) {
        return Err(conflict("already_applied"));
    }
    if !db::reserve_place(&mut tx, order_id, user.id, max_applicants(state)).await? {
        // Either the order moved on since it was read, or it is full.
        check_applicable(&load(&mut tx, order_id).await?, user.id)?;
        return Err(conflict("applicants_full"));
    }
    if !db::upsert(&mut tx, order_id, user.id, &clean, now_millis()).await? {
        return Err(conflict("already_applied"));
    }
    let note = record(
        &mut tx,
        row.publisher_id,
        NotificationKind::ApplicationReceived,
        Some(order_id),
        Some(user.id),
    )
    .await?;
    tx.commit().await?;
    deliver(state, &[note]).await;
    Ok(())
}

/// Why the caller's application could not be changed.
async fn explain_mine(
    connection: &mut AnyConnection,
    order_id: i64,
    user_id: i64,
) -> Result<AppError, AppError> {
    let mine = db::find(&mut *connection, order_id, user_id).await?;
    if mine.is_none_or(|mine| mine.status != ApplicationStatus::Active.as_str()) {
        return Ok(conflict("not_applying"));
    }
    Ok(conflict("wrong_state"))
}

/// Replaces the content of the caller's active application.
pub async fn edit(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    form: &ApplicationForm,
) -> Result<(), AppError> {
    limits::spend_user(state, Action::Apply, user.id).await?;
    let mut tx = state.db.begin_write().await?;
    let row = load(&mut tx, order_id).await?;
    let clean = clean(state, &row, form)?;
    if !db::edit(&mut tx, order_id, user.id, &clean, now_millis()).await? {
        return Err(explain_mine(&mut tx, order_id, user.id).await?);
    }
    tx.commit().await?;
    Ok(())
}

/// Withdraws the caller's active application while the order is open.
pub async fn withdraw(state: &AppState, user: &CurrentUser, order_id: i64) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    load(&mut tx, order_id).await?;
    // The order's row first (see the module's invariants).
    if !db::release_place(&mut tx, order_id).await?
        || !db::leave_active(&mut tx, order_id, user.id, "withdrawn", now_millis()).await?
    {
        return Err(explain_mine(&mut tx, order_id, user.id).await?);
    }
    tx.commit().await?;
    Ok(())
}

/// Why a pick of `applicant_id` lost: read again after the failed update.
async fn explain_pick(
    connection: &mut AnyConnection,
    order_id: i64,
    applicant_id: i64,
) -> Result<AppError, AppError> {
    let row = load(&mut *connection, order_id).await?;
    if row.state != "open" {
        return Ok(conflict(if row.taker_id.is_some() {
            "already_taken"
        } else {
            "wrong_state"
        }));
    }
    if row.choose_applicants == 0 {
        return Ok(conflict("first_to_take"));
    }
    if applicant_id == row.publisher_id {
        return Ok(conflict("not_applying"));
    }
    if db::is_barred(&mut *connection, applicant_id).await? {
        return Ok(conflict("applicant_banned"));
    }
    Ok(conflict("wrong_state"))
}

/// The publisher picks `applicant_id`: the order is taken by them as by a
/// take, their application is chosen, every other active one declined,
/// and each applicant is told.
pub async fn pick(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    applicant_id: i64,
) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    let row = load(&mut tx, order_id).await?;
    if row.publisher_id != user.id {
        return Err(AppError::Forbidden);
    }
    if !assign(&mut tx, order_id, applicant_id, true).await? {
        return Err(explain_pick(&mut tx, order_id, applicant_id).await?);
    }
    let now = now_millis();
    if !db::leave_active(&mut tx, order_id, applicant_id, "chosen", now).await? {
        // Withdrawn (or never sent): the take above is rolled back.
        return Err(conflict("not_applying"));
    }
    let declined = db::decline_the_rest(&mut tx, order_id, now).await?;
    let mut notes: Vec<Note> = Vec::with_capacity(declined.len() + 1);
    let told = [(applicant_id, NotificationKind::ApplicationChosen)]
        .into_iter()
        .chain(
            declined
                .into_iter()
                .map(|id| (id, NotificationKind::ApplicationDeclined)),
        );
    for (to, kind) in told {
        notes.push(record(&mut tx, to, kind, Some(order_id), Some(user.id)).await?);
    }
    tx.commit().await?;
    super::listings_sync::changed(state);
    deliver(state, &notes).await;
    Ok(())
}

/// The applications section of the order page for `viewer`.
pub async fn panel(
    state: &AppState,
    viewer: Option<&CurrentUser>,
    order_id: i64,
) -> Result<ApplicationsPanel, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let row = load(&mut connection, order_id).await?;
    let mut panel = ApplicationsPanel {
        choose_applicants: row.choose_applicants != 0,
        open: row.state == "open",
        negotiable: row.reward_minor.is_none(),
        currency: state.settings.payments.currency.clone(),
        ..ApplicationsPanel::default()
    };
    let Some(user) = viewer.filter(|_| panel.choose_applicants) else {
        return Ok(panel);
    };
    if user.id == row.publisher_id {
        panel.publisher = true;
        panel.applicants = db::active_with_standing(&mut connection, order_id)
            .await?
            .into_iter()
            .map(|row| ApplicantView {
                average_tenths: average_tenths(row.rating_sum, row.review_count),
                applicant_id: row.applicant_id,
                nickname: row.nickname,
                pitch: row.pitch,
                reward_minor: row.reward_minor,
                delivery_day: row.delivery_day,
                applied_at_ms: row.created_at,
                review_count: row.review_count,
                delivered: row.delivered,
            })
            .collect();
        return Ok(panel);
    }
    let mine = match db::find(&mut connection, order_id, user.id).await? {
        Some(mine) => Some(MyApplication {
            status: ApplicationStatus::parse(&mine.status)
                .ok_or_else(|| internal(format!("unknown application status {}", mine.status)))?,
            pitch: mine.pitch,
            reward_minor: mine.reward_minor,
            delivery_day: mine.delivery_day,
        }),
        None => None,
    };
    panel.may_apply = panel.open
        && !mine
            .as_ref()
            .is_some_and(|mine| mine.status == ApplicationStatus::Active);
    panel.mine = mine;
    Ok(panel)
}
