//! Application server functions: applying to an order in "choose from
//! applicants" mode, editing or withdrawing one's application, the
//! publisher's pick, and the order page's applications section. Plain form
//! posts (they redirect back to the order), so they work without
//! JavaScript; each hands its rule to `services::orders::applications`.

use crate::domain::AppError;
use crate::domain::order::application::ApplicationsPanel;
use leptos::prelude::*;

/// The applications section of order `id` as the caller may see it.
#[server(endpoint = "applications/panel")]
pub async fn order_applications(id: i64) -> Result<ApplicationsPanel, AppError> {
    use crate::server::services::orders::applications;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let viewer = ctx::current_user().await.map_err(respond)?;
    applications::panel(&state, viewer.as_ref(), id)
        .await
        .map_err(respond)
}

/// Applies to order `id` (or applies again after withdrawing).
#[server(endpoint = "applications/apply")]
pub async fn apply_to_order(
    id: i64,
    pitch: String,
    reward: Option<String>,
    delivery: String,
) -> Result<(), AppError> {
    use crate::server::services::orders::applications;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    let form = crate::domain::order::application::ApplicationForm {
        pitch,
        reward: reward.unwrap_or_default(),
        delivery,
    };
    applications::apply(&state, &user, id, &form)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}

/// Edits the caller's active application on order `id`.
#[server(endpoint = "applications/edit")]
pub async fn edit_application(
    id: i64,
    pitch: String,
    reward: Option<String>,
    delivery: String,
) -> Result<(), AppError> {
    use crate::server::services::orders::applications;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    let form = crate::domain::order::application::ApplicationForm {
        pitch,
        reward: reward.unwrap_or_default(),
        delivery,
    };
    applications::edit(&state, &user, id, &form)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}

/// Withdraws the caller's active application on order `id`.
#[server(endpoint = "applications/withdraw")]
pub async fn withdraw_application(id: i64) -> Result<(), AppError> {
    use crate::server::services::orders::applications;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    applications::withdraw(&state, &user, id)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}

/// The publisher of order `id` picks `applicant`: the order is theirs.
#[server(endpoint = "applications/pick")]
pub async fn pick_applicant(id: i64, applicant: i64) -> Result<(), AppError> {
    use crate::server::services::orders::applications;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    applications::pick(&state, &user, id, applicant)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}
