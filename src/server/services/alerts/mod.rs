//! Alerts of saved searches: each newly published order is matched once
//! against every saved search (in Rust, `domain::order::hall::matching`),
//! and each user with a matching search is notified, in-app and live.
//!
//! Invariants (exactly once, across instances and crashes):
//! - publishing queues the order in its own transaction; an edit does not,
//!   so an edited order never alerts again;
//! - a matcher claims a queued order by a conditional UPDATE, then writes
//!   the alerts, the notifications and the queue row's deletion in one
//!   transaction: a crash before commit leaves the order queued, its claim
//!   runs out (`CLAIM`) and another matcher takes it; a matcher whose claim
//!   was taken over cannot delete the row and rolls back;
//! - an alert row is unique per (saved search, order), and a user is
//!   notified only for alerts this transaction inserted, once per order
//!   however many of their searches match;
//! - the publisher's own searches and banned users' are never matched
//!   (deleted users' searches are gone with them).

pub mod digest;

use crate::domain::AppError;
use crate::domain::notification::NotificationKind;
use crate::domain::order::hall::matching::{NewOrder, matches};
use crate::domain::saved_search::filter_of_query;
use crate::server::auth::{now_millis, random_id};
use crate::server::db::{saved_searches, search_alerts};
use crate::server::markdown;
use crate::server::services::leases::this_instance;
use crate::server::services::notifications::{self, Note};
use crate::server::services::orders::{currency, load, read_blocks};
use crate::server::state::AppState;
use std::collections::HashSet;
use std::time::Duration;

/// How long a matcher's claim on an order lasts.
pub const CLAIM: Duration = Duration::from_secs(5 * 60);
/// How often each instance looks for orders left queued (by a crash).
const POLL: Duration = Duration::from_secs(30);
/// Saved searches read per statement.
const PAGE: i64 = 500;

/// One search that matched: (search id, user id, digest on).
type Hit = (i64, i64, bool);

/// A claim holder name unique to this pass on this instance.
fn holder() -> String {
    format!("{}/{}", this_instance(), random_id(4))
}

fn claim_window(now: i64) -> i64 {
    now.saturating_add(i64::try_from(CLAIM.as_millis()).unwrap_or(i64::MAX / 2))
}

/// Matches `order_id` now if it is queued and unclaimed (called right
/// after its publish commits, so alerts are live at once).
pub async fn match_order(state: &AppState, order_id: i64) -> Result<usize, AppError> {
    let holder = holder();
    let now = now_millis();
    let claimed = {
        let mut connection = state.db.acquire_writer().await?;
        search_alerts::claim_order(&mut connection, &holder, now, claim_window(now), order_id)
            .await?
    };
    if !claimed {
        return Ok(0);
    }
    process(state, &holder, order_id).await
}

/// Matches every claimable queued order; returns how many users were
/// notified.
pub async fn match_pending(state: &AppState) -> Result<usize, AppError> {
    let holder = holder();
    let mut notified = 0;
    loop {
        let now = now_millis();
        let next = {
            let mut connection = state.db.acquire_writer().await?;
            search_alerts::claim_next(&mut connection, &holder, now, claim_window(now)).await?
        };
        let Some(order_id) = next else {
            return Ok(notified);
        };
        notified += process(state, &holder, order_id).await?;
    }
}

/// The order's plain text: every block, rendered.
fn plain_text(blocks_json: &str) -> Result<String, AppError> {
    Ok(read_blocks(blocks_json)?
        .iter()
        .map(|block| markdown::plain_text(&block.markdown, usize::MAX))
        .collect::<Vec<_>>()
        .join(" "))
}

/// Every saved search that matches the claimed order.
async fn hits(state: &AppState, order_id: i64) -> Result<Option<(i64, Vec<Hit>)>, AppError> {
    let mut connection = state.db.acquire().await?;
    let row = match load(&mut connection, order_id).await {
        Ok(row) => row,
        // Deleted meanwhile: its queue row went with it.
        Err(AppError::NotFound) => return Ok(None),
        Err(error) => return Err(error),
    };
    if row.state != "open" {
        // Taken or closed before it was matched (late, after a crash):
        // nobody could act on an alert any more.
        return Ok(Some((row.publisher_id, Vec::new())));
    }
    let text = plain_text(&row.blocks_json)?;
    let order = NewOrder {
        category_id: row.category_id,
        reward_minor: row.reward_minor,
        deadline_day: row.deadline_day,
        published_ms: row.created_at,
        title: &row.title,
        text: &text,
        publisher_nickname: &row.publisher_nickname,
    };
    let scale = currency(state).scale();
    let mut found = Vec::new();
    let mut after = 0;
    loop {
        let page = saved_searches::alerting(&mut connection, row.publisher_id, after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        found.extend(
            page.iter()
                .filter(|search| matches(&filter_of_query(&search.query), &order, scale))
                .map(|search| (search.id, search.user_id, search.digest != 0)),
        );
    }
    Ok(Some((row.publisher_id, found)))
}

/// Writes the claimed order's alerts and notifications and unqueues it, in
/// one transaction; then pushes the notifications.
async fn process(state: &AppState, holder: &str, order_id: i64) -> Result<usize, AppError> {
    let Some((publisher_id, found)) = hits(state, order_id).await? else {
        return Ok(0);
    };
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    let mut told = HashSet::new();
    let mut notes: Vec<Note> = Vec::new();
    for (search_id, user_id, digest) in found {
        let digested = (!digest).then_some(0);
        let new = search_alerts::insert_alert(&mut tx, search_id, order_id, user_id, now, digested)
            .await?;
        if new && told.insert(user_id) {
            notes.push(
                notifications::record(
                    &mut tx,
                    user_id,
                    NotificationKind::SearchMatched,
                    Some(order_id),
                    Some(publisher_id),
                )
                .await?,
            );
        }
    }
    if !search_alerts::finish(&mut tx, holder, order_id).await? {
        // Our claim ran out and another matcher holds the order now.
        return Ok(0);
    }
    tx.commit().await?;
    notifications::deliver(state, &notes).await;
    Ok(notes.len())
}

/// Matches queued orders every `POLL` for as long as the server runs: the
/// orders a publish could not match at once (a crash, a busy database).
pub async fn run(state: AppState) {
    let mut every = tokio::time::interval(POLL);
    loop {
        every.tick().await;
        if let Err(error) = match_pending(&state).await {
            tracing::warn!(?error, "matching new orders against saved searches failed");
        }
    }
}
