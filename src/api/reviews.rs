//! Review server functions: writing one's review of a done order's other
//! party, reading an order's reviews (its parties only) and a user's
//! reputation (anyone).

use crate::domain::AppError;
use crate::domain::review::{OrderReviews, Reputation};
use leptos::prelude::*;

/// Writes or edits the caller's review on order `id`.
#[server(endpoint = "reviews/write")]
pub async fn write_review(id: i64, rating: i64, comment: String) -> Result<(), AppError> {
    use crate::server::services::reviews;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    reviews::write(&state, &user, id, rating, &comment)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/orders/{id}"));
    Ok(())
}

/// The reviews of order `id`, for its parties once it is done.
#[server(endpoint = "reviews/order")]
pub async fn reviews_of_order(id: i64) -> Result<Option<OrderReviews>, AppError> {
    use crate::server::services::reviews;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    reviews::of_order(&state, &user, id).await.map_err(respond)
}

/// What anyone may see of a user's standing.
#[server(endpoint = "reviews/reputation")]
pub async fn user_reputation(user_id: i64) -> Result<Reputation, AppError> {
    use crate::server::services::reviews;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    reviews::reputation(&state, user_id).await.map_err(respond)
}
