//! Public questions on an order: asking, answering, hiding, and the list
//! as each viewer may see it.
//!
//! Invariants: only a signed-in user other than the publisher asks, only
//! under an open order holding fewer than `limits.questions_per_order`
//! questions, within `rates.questions_per_user_per_hour` (the insert
//! itself checks state, asker and cap, so a refusal writes nothing); only
//! the publisher answers (once, a shown question) and hides (once); a
//! hidden question reaches only its asker and the publisher
//! (`domain::order::question::shown_to`). Answers and hides need no budget
//! of their own: there is at most one of each per question, and questions
//! are budgeted. Text is rendered from Markdown and sanitised once, at
//! write time, like an order's blocks. The publisher hears of a new
//! question and the asker of the answer, in the step's transaction.

use super::{load, state_of};
use crate::domain::notification::NotificationKind;
use crate::domain::order::OrderState;
use crate::domain::order::question::{OrderQuestions, QuestionView, clean_text, shown_to};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::questions::{self, QuestionRow};
use crate::server::markdown;
use crate::server::services::limits::{self, Action};
use crate::server::services::notifications::{deliver, record};
use crate::server::state::AppState;

fn max_chars(state: &AppState) -> usize {
    usize::try_from(state.settings.limits.question_chars).unwrap_or(usize::MAX)
}

fn cap(state: &AppState) -> i64 {
    i64::try_from(state.settings.limits.questions_per_order).unwrap_or(i64::MAX)
}

fn view_of(row: QuestionRow) -> QuestionView {
    QuestionView {
        id: row.id,
        asker_id: row.asker_id,
        asker: row.asker,
        body_html: row.body_html,
        answer_html: row.answer_html,
        created_at_ms: row.created_at,
        answered_at_ms: row.answered_at,
        hidden: row.hidden_at.is_some(),
    }
}

/// Asks `body` under order `order_id`; returns the question's id.
pub async fn ask(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    body: &str,
) -> Result<i64, AppError> {
    let body = clean_text("body", body, max_chars(state)).map_err(AppError::Invalid)?;
    limits::spend_user(state, Action::Question, user.id).await?;
    let html = markdown::render(&body);
    let mut tx = state.db.begin_write().await?;
    let inserted = questions::insert(
        &mut tx,
        order_id,
        user.id,
        &body,
        &html,
        cap(state),
        now_millis(),
    )
    .await?;
    let row = load(&mut tx, order_id).await?;
    let Some(id) = inserted else {
        // Nothing was written: say why.
        if row.publisher_id == user.id {
            return Err(AppError::Conflict("own_order".into()));
        }
        if state_of(&row)? != OrderState::Open {
            return Err(AppError::Conflict("questions_closed".into()));
        }
        return Err(AppError::Conflict("questions_full".into()));
    };
    let kind = NotificationKind::QuestionAsked;
    let note = record(
        &mut tx,
        row.publisher_id,
        kind,
        Some(order_id),
        Some(user.id),
    )
    .await?;
    tx.commit().await?;
    deliver(state, &[note]).await;
    Ok(id)
}

/// The question `question_id` for its order's publisher: the row, or why not.
async fn publishers_question(
    connection: &mut sqlx::AnyConnection,
    user: &CurrentUser,
    question_id: i64,
) -> Result<QuestionRow, AppError> {
    let (row, publisher) = questions::find(connection, question_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if publisher != user.id {
        return Err(AppError::Forbidden);
    }
    Ok(row)
}

/// The publisher answers question `question_id`; returns its order's id.
pub async fn answer(
    state: &AppState,
    user: &CurrentUser,
    question_id: i64,
    text: &str,
) -> Result<i64, AppError> {
    let text = clean_text("answer", text, max_chars(state)).map_err(AppError::Invalid)?;
    let html = markdown::render(&text);
    let mut tx = state.db.begin_write().await?;
    let row = publishers_question(&mut tx, user, question_id).await?;
    if row.hidden_at.is_some() {
        return Err(AppError::Conflict("question_hidden".into()));
    }
    if !questions::answer(&mut tx, question_id, &text, &html, now_millis()).await? {
        return Err(AppError::Conflict("answered".into()));
    }
    let kind = NotificationKind::QuestionAnswered;
    let note = record(
        &mut tx,
        row.asker_id,
        kind,
        Some(row.order_id),
        Some(user.id),
    )
    .await?;
    tx.commit().await?;
    deliver(state, &[note]).await;
    Ok(row.order_id)
}

/// The publisher hides question `question_id`; returns its order's id.
pub async fn hide(state: &AppState, user: &CurrentUser, question_id: i64) -> Result<i64, AppError> {
    let mut tx = state.db.begin_write().await?;
    let row = publishers_question(&mut tx, user, question_id).await?;
    if !questions::hide(&mut tx, question_id, now_millis()).await? {
        return Err(AppError::Conflict("question_hidden".into()));
    }
    tx.commit().await?;
    Ok(row.order_id)
}

/// The questions of order `order_id` as `viewer` (`None`: signed out) may
/// see them, and what they may do.
pub async fn list(
    state: &AppState,
    viewer: Option<&CurrentUser>,
    order_id: i64,
) -> Result<OrderQuestions, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let order = load(&mut connection, order_id).await?;
    let rows = questions::of_order(&mut connection, order_id).await?;
    drop(connection);
    let viewer_id = viewer.map(|user| user.id);
    let publisher = viewer_id == Some(order.publisher_id);
    let held = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let open = state_of(&order)? == OrderState::Open && held < cap(state);
    let items = rows
        .into_iter()
        .filter(|row| {
            shown_to(
                row.hidden_at.is_some(),
                row.asker_id,
                order.publisher_id,
                viewer_id,
            )
        })
        .map(view_of)
        .collect();
    Ok(OrderQuestions {
        order_id,
        items,
        may_ask: viewer.is_some() && !publisher && open,
        publisher,
        signed_in: viewer.is_some(),
        open,
        max_chars: u32::try_from(max_chars(state)).unwrap_or(u32::MAX),
    })
}
