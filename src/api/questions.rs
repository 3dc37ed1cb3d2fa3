//! Public questions on an order: the list (anyone who can see the order),
//! asking (signed in, not the publisher), answering and hiding (the
//! publisher). Each form redirects back to the order's questions, so it
//! works without JavaScript.

use crate::domain::AppError;
use crate::domain::order::question::OrderQuestions;
use leptos::prelude::*;

/// The questions of order `id` as the caller may see them.
#[server(endpoint = "questions/list")]
pub async fn questions_of_order(id: i64) -> Result<OrderQuestions, AppError> {
    use crate::server::services::orders::questions;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let viewer = ctx::current_user().await.map_err(respond)?;
    questions::list(&state, viewer.as_ref(), id)
        .await
        .map_err(respond)
}

/// Asks `body` (Markdown) under order `id`.
#[server(endpoint = "questions/ask")]
pub async fn ask_question(id: i64, body: String) -> Result<(), AppError> {
    use crate::server::services::orders::questions;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    questions::ask(&state, &user, id, &body)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}#questions"));
    Ok(())
}

/// The publisher answers question `id` with `answer` (Markdown).
#[server(endpoint = "questions/answer")]
pub async fn answer_question(id: i64, answer: String) -> Result<(), AppError> {
    use crate::server::services::orders::questions;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    let order_id = questions::answer(&state, &user, id, &answer)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{order_id}#question-{id}"));
    Ok(())
}

/// The publisher hides question `id` from everyone but its asker.
#[server(endpoint = "questions/hide")]
pub async fn hide_question(id: i64) -> Result<(), AppError> {
    use crate::server::services::orders::questions;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    let order_id = questions::hide(&state, &user, id).await.map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{order_id}#question-{id}"));
    Ok(())
}
