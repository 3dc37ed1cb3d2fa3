//! Opening a conversation (from an order page or a profile) and listing
//! mine.
//!
//! Invariants: a pair of users has one conversation, whoever opens it first
//! and however many open it at once; an order becomes a conversation's
//! context only if one of the two published or took it.

use super::presence;
use crate::domain::chat::{ConversationSummary, MessageBody, OrderContext};
use crate::domain::order::OrderState;
use crate::domain::paging::{KeyCursor, split_page};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::conversations::{self, ListPage, SummaryRow};
use crate::server::db::{orders, users};
use crate::server::error::internal;
use crate::server::services::limits::{self, Action};
use crate::server::services::orders::view::party;
use crate::server::state::AppState;

/// The conversation of the caller and `other`, created if new; `order_id`
/// names the order it was opened from. Opening un-hides it for the caller.
pub async fn open(
    state: &AppState,
    me: &CurrentUser,
    other: i64,
    order_id: Option<i64>,
) -> Result<i64, AppError> {
    if other == me.id {
        return Err(AppError::invalid("user_id", "self"));
    }
    limits::spend_user(state, Action::ChatOpen, me.id).await?;
    let (low, high) = (me.id.min(other), me.id.max(other));
    let mut tx = state.db.begin_write().await?;
    if users::find_by_id(&mut tx, other).await?.is_none() {
        return Err(AppError::NotFound);
    }
    if let Some(order_id) = order_id {
        let order = orders::find(&mut tx, order_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let related = [order.publisher_id, order.taker_id.unwrap_or(0)]
            .iter()
            .any(|party| *party == me.id || *party == other);
        if !related {
            return Err(AppError::invalid("order_id", "unrelated"));
        }
    }
    // Insert first, read on conflict: two opens of a new pair at once both
    // end with the one conversation (SQLite serialises the writers; on
    // PostgreSQL the second insert waits for the first and skips, and the
    // read that follows sees the committed row).
    let id = match conversations::insert_if_new(&mut tx, low, high, order_id, now_millis()).await? {
        Some(id) => id,
        None => {
            let id = conversations::find_pair(&mut tx, low, high)
                .await?
                .ok_or_else(|| internal("a conversation that conflicted on insert is missing"))?;
            if let Some(order_id) = order_id {
                conversations::set_order(&mut tx, id, order_id).await?;
            }
            id
        }
    };
    conversations::unhide(&mut tx, id, me.id).await?;
    tx.commit().await?;
    Ok(id)
}

fn summary(row: SummaryRow, online: bool) -> ConversationSummary {
    let order = match (row.order_id, row.order_title, row.order_state) {
        (Some(id), Some(title), Some(state)) => {
            OrderState::parse(&state).map(|state| OrderContext { id, title, state })
        }
        _ => None,
    };
    let last_preview = match row.last_kind.as_deref() {
        Some("text") => row
            .last_text
            .map(|text| MessageBody::Text { text }.preview()),
        Some("image") => Some("[image]".to_owned()),
        Some(_) => Some(format!("[file] {}", row.last_file_name.unwrap_or_default())),
        None => None,
    };
    ConversationSummary {
        id: row.id,
        other: party(row.other_id, row.other_nickname, row.other_avatar),
        online,
        order,
        last_seq: row.last_seq,
        read_seq: row.read_seq,
        unread: row.last_seq - row.read_seq,
        last_preview,
        last_at_ms: row.last_at,
    }
}

/// Conversations on one page of my list.
pub const PAGE_SIZE: usize = 30;

/// A page of my conversation list: the lines, the cursor of the next
/// (older) page if there is one, and the unread total over all of them.
#[derive(Debug)]
pub struct ListedPage {
    pub conversations: Vec<ConversationSummary>,
    pub next: Option<KeyCursor>,
    pub unread_total: i64,
}

/// A page of my visible conversations, newest activity first: older than
/// `before` if given, the other's nickname containing `search` if given.
/// Two queries and one presence lookup for the whole page, whatever its
/// length.
pub async fn page(
    state: &AppState,
    me: &CurrentUser,
    before: Option<KeyCursor>,
    search: Option<&str>,
) -> Result<ListedPage, AppError> {
    let search = search.map(str::trim).filter(|search| !search.is_empty());
    let mut connection = state.db.pool().acquire().await?;
    let rows = conversations::list(
        &mut connection,
        me.id,
        ListPage {
            before: before.map(|cursor| (cursor.key, cursor.id)),
            search,
            limit: PAGE_SIZE as i64 + 1,
        },
    )
    .await?;
    let unread_total = conversations::unread_total(&mut connection, me.id).await?;
    drop(connection);
    let (rows, more) = split_page(rows, PAGE_SIZE);
    let next = more.then(|| rows.last()).flatten().map(|row| KeyCursor {
        key: row.last_at,
        id: row.id,
    });
    let others: Vec<i64> = rows.iter().map(|row| row.other_id).collect();
    let online = presence::online_among(state, &others).await;
    let conversations = rows
        .into_iter()
        .zip(online)
        .map(|(row, online)| summary(row, online))
        .collect();
    Ok(ListedPage {
        conversations,
        next,
        unread_total,
    })
}

/// The first page of my list and the unread total over all of it (what a
/// tab's engine lists over the realtime connection).
pub async fn list(
    state: &AppState,
    me: &CurrentUser,
) -> Result<(Vec<ConversationSummary>, i64), AppError> {
    let listed = page(state, me, None, None).await?;
    Ok((listed.conversations, listed.unread_total))
}

/// One of my conversations, as in my list (also when hidden).
pub async fn one(
    state: &AppState,
    me: &CurrentUser,
    conversation_id: i64,
) -> Result<ConversationSummary, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let row = conversations::summary(&mut connection, me.id, conversation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(connection);
    let online = presence::is_online(state, row.other_id).await;
    Ok(summary(row, online))
}
