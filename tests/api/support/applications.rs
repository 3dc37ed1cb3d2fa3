//! Helpers for application tests: an order in "choose from applicants"
//! mode, application forms, and what each user was told.

use super::orders::draft;
use bounty::domain::CurrentUser;
use bounty::domain::notification::NotificationKind;
use bounty::domain::order::application::ApplicationForm;
use bounty::server::services::notifications;
use bounty::server::services::orders::publish;
use bounty::server::state::AppState;

/// A delivery date far ahead.
pub const LATER: &str = "2099-06-30";

/// Publishes an order whose publisher picks among applicants; with
/// `negotiable`, its reward is negotiable.
pub async fn applicants_order(state: &AppState, publisher: &CurrentUser, negotiable: bool) -> i64 {
    let mut draft = draft("Choose me");
    draft.choose_applicants = true;
    draft.reward_negotiable = negotiable;
    publish::publish(state, publisher, &draft)
        .await
        .expect("publish")
}

pub fn form(pitch: &str, reward: &str, delivery: &str) -> ApplicationForm {
    ApplicationForm {
        pitch: pitch.into(),
        reward: reward.into(),
        delivery: delivery.into(),
    }
}

/// A valid application.
pub fn pitch(text: &str) -> ApplicationForm {
    form(text, "", LATER)
}

/// The kinds of `user`'s notifications, oldest first.
pub async fn told(state: &AppState, user: &CurrentUser) -> Vec<NotificationKind> {
    let page = notifications::page(state, user, None)
        .await
        .expect("notifications");
    page.items.iter().rev().map(|item| item.kind).collect()
}

/// The stored status of `user_id`'s application on the order, if any.
pub async fn status(state: &AppState, order_id: i64, user_id: i64) -> Option<String> {
    sqlx::query_scalar("SELECT status FROM applications WHERE order_id = $1 AND applicant_id = $2")
        .bind(order_id)
        .bind(user_id)
        .fetch_optional(state.db.pool())
        .await
        .expect("status")
}

/// The order's stored state and count of active applications.
pub async fn order_state(state: &AppState, order_id: i64) -> (String, i64) {
    sqlx::query_as("SELECT state, applicant_count FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_one(state.db.pool())
        .await
        .expect("order")
}
