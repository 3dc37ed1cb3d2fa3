//! Reviews of a done order's two parties, and a user's reputation.
//!
//! Invariants: only the publisher and the solver of a done order review,
//! each the other, once (the table's primary key), editing within 7 days
//! of the first writing (the UPDATE's own condition); anyone may read a
//! user's reputation, only the parties an order's reviews.

use crate::domain::order::OrderState;
use crate::domain::order::lifecycle::Relation;
use crate::domain::review::{
    EDIT_WINDOW_MS, OrderReviews, Reputation, ReviewView, average_tenths, clean_review, editable,
};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::reviews::{self, ReviewRow};
use crate::server::db::users;
use crate::server::services::orders::{load, state_of};
use crate::server::state::AppState;

/// Reviews shown on a profile.
const RECENT: i64 = 20;

fn view_of(row: ReviewRow) -> ReviewView {
    ReviewView {
        by_publisher: row.reviewer_id == row.publisher_id,
        order_id: row.order_id,
        order_title: row.order_title,
        reviewer: row.reviewer,
        rating: row.rating,
        comment: row.comment,
        created_at_ms: row.created_at,
        updated_at_ms: row.updated_at,
    }
}

/// Writes (or, within the window, edits) the caller's review of the other
/// party of `order_id`.
pub async fn write(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    rating: i64,
    comment: &str,
) -> Result<(), AppError> {
    let review = clean_review(rating, comment).map_err(AppError::Invalid)?;
    let mut tx = state.db.begin_write().await?;
    let row = load(&mut tx, order_id).await?;
    let other = match Relation::of(user.id, row.publisher_id, row.taker_id) {
        Relation::Publisher => row.taker_id,
        Relation::Taker => Some(row.publisher_id),
        Relation::Other => return Err(AppError::Forbidden),
    };
    let Some(other) = other.filter(|_| state_of(&row).ok() == Some(OrderState::Done)) else {
        return Err(AppError::Conflict("wrong_state".into()));
    };
    let now = now_millis();
    let (rating, comment) = (review.rating, review.comment.as_str());
    let written = reviews::insert(&mut tx, order_id, user.id, other, rating, comment, now).await?
        || reviews::update(
            &mut tx,
            order_id,
            user.id,
            rating,
            comment,
            now - EDIT_WINDOW_MS,
            now,
        )
        .await?;
    if !written {
        return Err(AppError::Conflict("review_locked".into()));
    }
    tx.commit().await?;
    Ok(())
}

/// The reviews of a done order for one of its parties; `None` otherwise.
pub async fn of_order(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
) -> Result<Option<OrderReviews>, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let row = load(&mut connection, order_id).await?;
    let party = Relation::of(user.id, row.publisher_id, row.taker_id) != Relation::Other;
    if !party || state_of(&row)? != OrderState::Done {
        return Ok(None);
    }
    let (mine, theirs): (Vec<ReviewRow>, Vec<ReviewRow>) =
        reviews::of_order(&mut connection, order_id)
            .await?
            .into_iter()
            .partition(|review| review.reviewer_id == user.id);
    let mine = mine.into_iter().next().map(view_of);
    let may_write = mine
        .as_ref()
        .is_none_or(|review| editable(review.created_at_ms, now_millis()));
    Ok(Some(OrderReviews {
        mine,
        theirs: theirs.into_iter().next().map(view_of),
        may_write,
    }))
}

/// What anyone may see of `user_id`'s standing.
pub async fn reputation(state: &AppState, user_id: i64) -> Result<Reputation, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    if users::find_by_id(&mut connection, user_id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let (sum, count) = reviews::totals(&mut connection, user_id).await?;
    let (published, secured, paid, paid_by_confirming) =
        reviews::publisher_record(&mut connection, user_id).await?;
    let recent = reviews::about(&mut connection, user_id, RECENT)
        .await?
        .into_iter()
        .map(view_of)
        .collect();
    Ok(Reputation {
        average_tenths: average_tenths(sum, count),
        review_count: count,
        published,
        secured,
        paid,
        paid_by_confirming,
        recent,
    })
}
