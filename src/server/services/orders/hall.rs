//! The hall: one page of open orders for a filter, in two queries (cards,
//! then their thumbnails) whatever the page size, and none while the page
//! is fresh in the hall page cache.

use super::{currency, deadline_passed, today};
use crate::domain::AppError;
use crate::domain::order::hall::{HallCursor, HallFilter, HallSort, PAGE_SIZE};
use crate::domain::order::search;
use crate::domain::order::{HallPage, MyOrdersFilter, OrderCard, OrderState};
use crate::server::db::hall::{self, CardRow};
use crate::server::error::internal;
use crate::server::services::orders::view::party;
use crate::server::state::AppState;
use std::collections::HashMap;
use std::sync::Arc;

/// What a searched card shows of its text: the excerpt, unless a term
/// found in the text is not in it; then a snippet around the first such.
fn excerpt_for(excerpt: String, search_text: &str, terms: &[String]) -> String {
    let missing: Vec<String> = terms
        .iter()
        .filter(|term| !search::contains(&excerpt, term))
        .cloned()
        .collect();
    if missing.is_empty() {
        return excerpt;
    }
    search::snippet(search_text, &missing).unwrap_or(excerpt)
}

pub(crate) fn cards(
    rows: Vec<CardRow>,
    thumbnails: Vec<(i64, String)>,
    today: i64,
    terms: &[String],
) -> Result<Vec<OrderCard>, AppError> {
    let mut by_order: HashMap<i64, Vec<String>> = HashMap::new();
    for (order_id, file_id) in thumbnails {
        let list = by_order.entry(order_id).or_default();
        if list.len() < 2 {
            list.push(file_id);
        }
    }
    rows.into_iter()
        .map(|row| {
            let state = OrderState::parse(&row.state)
                .ok_or_else(|| internal(format!("unknown order state {}", row.state)))?;
            let overdue = state == OrderState::Taken && deadline_passed(row.deadline_day, today);
            Ok(OrderCard {
                overdue,
                funded: row.funded_at.is_some(),
                id: row.id,
                thumbnails: by_order.remove(&row.id).unwrap_or_default(),
                title: row.title,
                excerpt: excerpt_for(row.excerpt, &row.search_text, terms),
                state,
                category_en: row.category_en,
                category_zh: row.category_zh,
                reward_minor: row.reward_minor,
                deadline_day: row.deadline_day,
                publisher: party(
                    row.publisher_id,
                    row.publisher_nickname,
                    row.publisher_avatar,
                ),
                attachment_count: row.attachment_count,
                created_at_ms: row.created_at,
            })
        })
        .collect()
}

/// The cursor after the last of a full page, or `None` at the end.
pub(crate) fn next_cursor(
    rows: &mut Vec<CardRow>,
    sort: HallSort,
    page: u32,
) -> Option<HallCursor> {
    if rows.len() <= page as usize {
        return None;
    }
    rows.truncate(page as usize);
    rows.last().map(|last| HallCursor {
        rank: last.search_rank,
        key: match sort {
            HallSort::Newest => last.created_at,
            HallSort::Reward => last.sort_reward,
        },
        id: last.id,
    })
}

/// One page of open orders, from the page cache when it is fresh there
/// (`hall_cache.rs`).
pub async fn page(state: &AppState, filter: &HallFilter) -> Result<HallPage, AppError> {
    let today = today();
    let ticket = match state.hall_pages.get(filter, today) {
        Ok(kept) => return Ok(HallPage::clone(&kept)),
        Err(ticket) => ticket,
    };
    let mut connection = state.db.pool().acquire().await?;
    let rows = hall::open_cards(&mut connection, listing(state, today), filter).await?;
    let page = finish_page(state, &mut connection, rows, filter).await?;
    state
        .hall_pages
        .put(filter, today, ticket, Arc::new(page.clone()));
    Ok(page)
}

/// One page of the caller's own published or taken orders.
pub async fn mine(
    state: &AppState,
    user_id: i64,
    filter: &MyOrdersFilter,
) -> Result<HallPage, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let rows = hall::own_cards(&mut connection, listing(state, today()), user_id, filter).await?;
    finish_page(state, &mut connection, rows, &filter.hall).await
}

/// Rows fetched for a page: one extra tells whether another page follows.
const FETCH: i64 = PAGE_SIZE as i64 + 1;

/// How this server's page statements run.
fn listing(state: &AppState, today: i64) -> hall::Listing {
    hall::Listing {
        backend: state.db.backend(),
        today,
        scale: currency(state).scale(),
        limit: FETCH,
        walk_window: i64::from(state.settings.database.search_walk_orders),
    }
}

/// Cuts the rows to a page, adds thumbnails (no query when no card has
/// files) and the cursor of the next page.
async fn finish_page(
    state: &AppState,
    connection: &mut sqlx::AnyConnection,
    mut rows: Vec<CardRow>,
    filter: &HallFilter,
) -> Result<HallPage, AppError> {
    let next = next_cursor(&mut rows, filter.sort, PAGE_SIZE);
    let ids: Vec<i64> = rows
        .iter()
        .filter(|row| row.attachment_count > 0)
        .map(|row| row.id)
        .collect();
    let thumbnails = hall::thumbnails(connection, &ids).await?;
    Ok(HallPage {
        cards: cards(rows, thumbnails, today(), &search::terms(&filter.search))?,
        next,
        currency: state.settings.payments.currency.clone(),
    })
}
