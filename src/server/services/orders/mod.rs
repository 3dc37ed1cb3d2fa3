//! Orders: publishing, the hall, the order page, and every step of the
//! lifecycle. Each step asks `domain::order::lifecycle::decide` whether the
//! caller may, then makes the change with one compare-and-set UPDATE in a
//! transaction, so two racing callers can never both win.
//!
//! Invariant: stored objects are deleted only after the transaction that
//! stopped pointing at them has committed; a failure before that leaves
//! every row and file as it was.

pub mod applications;
pub mod categories;
pub mod category_cache;
pub mod hall;
pub mod hall_cache;
pub mod lifecycle;
pub mod listings_sync;
pub mod open;
pub mod publish;
pub mod questions;
pub mod seal;
pub mod submit;
pub mod sweep;
pub mod view;

use crate::domain::calendar::day_of_millis;
use crate::domain::money::Currency;
use crate::domain::order::lifecycle::{OrderAction, OrderState, Outcome, Relation, decide};
use crate::domain::{AppError, FieldError};
use crate::server::auth::now_millis;
use crate::server::db::orders::{self, OrderRow};
use crate::server::error::internal;
use crate::server::markdown;
use crate::server::state::AppState;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;

/// Characters of plain text kept as a card's excerpt.
const EXCERPT_CHARS: usize = 160;

/// One description block as stored: what was written and its safe HTML.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredBlock {
    pub markdown: String,
    pub html: String,
}

/// An order's text as written, rendered and searched.
pub(crate) struct RenderedBlocks {
    pub json: String,
    pub excerpt: String,
    /// Every block's plain text, one space between blocks (search).
    pub search_text: String,
}

/// Renders blocks once, at write time; pages then serve stored HTML.
pub(crate) fn render_blocks(blocks: &[String]) -> Result<RenderedBlocks, AppError> {
    let stored: Vec<StoredBlock> = blocks
        .iter()
        .map(|markdown| StoredBlock {
            markdown: markdown.clone(),
            html: markdown::render(markdown),
        })
        .collect();
    let excerpt = blocks
        .first()
        .map(|first| markdown::plain_text(first, EXCERPT_CHARS))
        .unwrap_or_default();
    let search_text = blocks
        .iter()
        .map(|block| markdown::plain_text(block, usize::MAX))
        .collect::<Vec<_>>()
        .join(" ");
    let json = serde_json::to_string(&stored).map_err(internal)?;
    Ok(RenderedBlocks {
        json,
        excerpt,
        search_text,
    })
}

pub(crate) fn read_blocks(json: &str) -> Result<Vec<StoredBlock>, AppError> {
    serde_json::from_str(json).map_err(internal)
}

/// Today's day number (UTC).
pub(crate) fn today() -> i64 {
    day_of_millis(now_millis())
}

pub(crate) fn currency(state: &AppState) -> Currency {
    Currency::new(&state.settings.payments.currency)
}

pub(crate) fn state_of(row: &OrderRow) -> Result<OrderState, AppError> {
    OrderState::parse(&row.state)
        .ok_or_else(|| internal(format!("unknown order state {}", row.state)))
}

/// Whether the order's deadline day is over.
pub(crate) fn deadline_passed(deadline_day: Option<i64>, today: i64) -> bool {
    deadline_day.is_some_and(|day| day < today)
}

/// The order, or `NotFound`.
pub(crate) async fn load(connection: &mut AnyConnection, id: i64) -> Result<OrderRow, AppError> {
    orders::find(connection, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// What the lifecycle says about `user_id` doing `action` to `row`.
pub(crate) fn check(
    row: &OrderRow,
    user_id: i64,
    action: OrderAction,
) -> Result<(OrderState, Outcome), AppError> {
    let state = state_of(row)?;
    let relation = Relation::of(user_id, row.publisher_id, row.taker_id);
    let passed = deadline_passed(row.deadline_day, today());
    decide(state, relation, action, passed)
        .map(|outcome| (state, outcome))
        .map_err(|refusal| refusal.into_error())
}

/// The largest total of files on one order or one submission.
pub(crate) fn order_bytes_limit(state: &AppState) -> i64 {
    i64::try_from(state.settings.storage.max_order_bytes).unwrap_or(i64::MAX)
}

pub(crate) fn unknown_file() -> AppError {
    AppError::Invalid(vec![FieldError::new("files", "unknown_file")])
}

/// The files a draft lists must be `owner_id`'s, staged or already on
/// `order_id`, and together within the per-order limit.
pub(crate) async fn check_files(
    connection: &mut AnyConnection,
    state: &AppState,
    owner_id: i64,
    order_id: Option<i64>,
    ids: &[String],
) -> Result<(), AppError> {
    let total = crate::server::db::files::usable_size(connection, owner_id, order_id, ids)
        .await?
        .ok_or_else(unknown_file)?;
    if total > order_bytes_limit(state) {
        return Err(AppError::invalid("files", "order_too_large"));
    }
    Ok(())
}

/// Deletes stored objects of files whose rows are gone.
pub(crate) async fn forget_files(state: &AppState, ids: &[String]) {
    for id in ids {
        state.storage.forget_file(id).await;
    }
}
