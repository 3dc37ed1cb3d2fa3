//! Order server functions: the hall, the order page, publishing and every
//! lifecycle step. Each checks the session itself (`require_user`) and hands
//! the rule to one service; the page only shows what these allow.

use crate::domain::AppError;
use crate::domain::order::{
    Category, FileMeta, FormContext, HallFilter, HallPage, MyOrdersFilter, OrderDraft, OrderView,
    SubmissionDraft,
};
use leptos::prelude::*;

/// One page of the hall.
#[server(endpoint = "orders/hall", input = server_fn::codec::Json)]
pub async fn hall(filter: HallFilter) -> Result<HallPage, AppError> {
    use crate::server::services::orders::hall;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    hall::page(&state, &filter).await.map_err(respond)
}

/// One page of the caller's published or taken orders.
#[server(endpoint = "orders/mine", input = server_fn::codec::Json)]
pub async fn my_orders(filter: MyOrdersFilter) -> Result<HallPage, AppError> {
    use crate::server::services::orders::hall;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    hall::mine(&state, user.id, &filter).await.map_err(respond)
}

/// Every category, archived ones included (the UI hides those from new orders).
#[server(endpoint = "orders/categories")]
pub async fn categories() -> Result<Vec<Category>, AppError> {
    use crate::server::services::orders::categories;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    categories::list(&state).await.map_err(respond)
}

/// Categories and currency for the publish form.
#[server(endpoint = "orders/form-context")]
pub async fn publish_form_context() -> Result<FormContext, AppError> {
    use crate::server::services::orders::categories;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    ctx::require_user().await.map_err(respond)?;
    Ok(FormContext {
        categories: categories::list(&state).await.map_err(respond)?,
        currency: state.settings.payments.currency.clone(),
    })
}

/// The order page as the caller may see it.
#[server(endpoint = "orders/view")]
pub async fn order(id: i64) -> Result<OrderView, AppError> {
    use crate::server::services::orders::view;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let viewer = ctx::current_user().await.map_err(respond)?;
    view::order(&state, viewer.as_ref(), id)
        .await
        .map_err(respond)
}

/// Publishes a new order; returns its id.
#[server(
    endpoint = "orders/publish",
    input = crate::api::text_json::TextJson,
    output = crate::api::text_json::TextJson
)]
pub async fn publish_order(draft: OrderDraft) -> Result<i64, AppError> {
    use crate::server::services::orders::publish;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    publish::publish(&state, &user, &draft)
        .await
        .map_err(respond)
}

/// The publisher's current draft and files of an untaken order.
#[server(endpoint = "orders/draft")]
pub async fn draft_of_order(id: i64) -> Result<(OrderDraft, Vec<FileMeta>), AppError> {
    use crate::server::services::orders::view;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    view::draft_for_edit(&state, &user, id)
        .await
        .map_err(respond)
}

/// Saves an edit of an untaken order.
#[server(
    endpoint = "orders/edit",
    input = crate::api::text_json::TextJson,
    output = crate::api::text_json::TextJson
)]
pub async fn edit_order(id: i64, draft: OrderDraft) -> Result<(), AppError> {
    use crate::server::services::orders::publish;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    publish::edit(&state, &user, id, &draft)
        .await
        .map_err(respond)
}

/// Deletes an untaken order, then shows the hall.
#[server(endpoint = "orders/delete")]
pub async fn delete_order(id: i64) -> Result<(), AppError> {
    use crate::server::services::orders::publish;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    publish::delete(&state, &user, id).await.map_err(respond)?;
    leptos_axum::redirect("/?deleted=1");
    Ok(())
}

/// Takes an open order.
#[server(endpoint = "orders/take")]
pub async fn take_order(id: i64) -> Result<(), AppError> {
    use crate::server::services::orders::lifecycle;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    lifecycle::take(&state, &user, id).await.map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}

/// The taker gives the order back (their submissions are deleted).
#[server(endpoint = "orders/return")]
pub async fn return_order(id: i64) -> Result<(), AppError> {
    use crate::server::services::orders::lifecycle;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    lifecycle::give_back(&state, &user, id)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}

/// The publisher opens the sealed solution: its newest version is shown to
/// them, the receipt records the commitment they saw, and the release
/// countdown starts. A POST of its own, so no link or page view can do it.
#[server(endpoint = "orders/open_solution")]
pub async fn open_solution(id: i64) -> Result<(), AppError> {
    use crate::server::services::orders::open;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    open::open_solution(&state, &user, id)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}

/// The publisher reopens a taken order whose deadline passed unsolved.
#[server(endpoint = "orders/reopen")]
pub async fn reopen_order(id: i64) -> Result<(), AppError> {
    use crate::server::services::orders::lifecycle;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    lifecycle::reopen(&state, &user, id)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}

/// The taker submits a (new version of the) solution; returns its number.
#[server(
    endpoint = "orders/submit",
    input = crate::api::text_json::TextJson,
    output = crate::api::text_json::TextJson
)]
pub async fn submit_solution(id: i64, draft: SubmissionDraft) -> Result<i64, AppError> {
    use crate::server::services::orders::submit;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    submit::submit(&state, &user, id, &draft)
        .await
        .map_err(respond)
}

/// Renders Markdown blocks as the published order will show them.
#[server(
    endpoint = "orders/preview",
    input = crate::api::text_json::TextJson,
    output = crate::api::text_json::TextJson
)]
pub async fn preview_blocks(blocks: Vec<String>) -> Result<Vec<String>, AppError> {
    use crate::server::{ctx, error::respond, markdown};
    ctx::require_user().await.map_err(respond)?;
    if blocks.len() > crate::domain::order::draft::BLOCKS_MAX {
        return Err(respond(AppError::invalid("blocks", "too_many")));
    }
    Ok(blocks.iter().map(|block| markdown::render(block)).collect())
}
