//! Chat server functions: opening a conversation from an order or a
//! profile, the conversation list and history for the messages page, hiding
//! and blocking. Live traffic (sending, typing, read cursors) goes over the
//! realtime connection (`/ws`); these are the parts a page renders first.

use crate::domain::AppError;
use crate::domain::chat::{Inbox, Thread};
use leptos::prelude::*;

/// Opens (or finds) my conversation with `user_id`, from order `order_id`
/// if given, and goes to it.
#[server(endpoint = "chat/open")]
pub async fn open_conversation(user_id: i64, order_id: Option<i64>) -> Result<i64, AppError> {
    use crate::server::services::chat::conversations;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let me = ctx::require_user().await.map_err(respond)?;
    let id = conversations::open(&state, &me, user_id, order_id)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/messages/{id}"));
    Ok(id)
}

/// A page of my conversations: those older than the cursor `before` (from
/// the previous page's `next`), with the other's nickname containing `q`.
#[server(endpoint = "chat/inbox")]
pub async fn chat_inbox(before: Option<String>, q: Option<String>) -> Result<Inbox, AppError> {
    use crate::domain::paging::KeyCursor;
    use crate::server::services::chat::conversations;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let me = ctx::require_user().await.map_err(respond)?;
    let before = KeyCursor::parse(before.as_deref()).map_err(respond)?;
    let listed = conversations::page(&state, &me, before, q.as_deref())
        .await
        .map_err(respond)?;
    Ok(Inbox {
        me: me.id,
        conversations: listed.conversations,
        unread_total: listed.unread_total,
        next: listed.next.map(KeyCursor::encode),
    })
}

/// One of my conversations with its newest messages; opening it marks it
/// read up to its newest message.
#[server(endpoint = "chat/thread")]
pub async fn chat_thread(conversation_id: i64) -> Result<Thread, AppError> {
    use crate::server::services::chat::{contacts, conversations, escrow_notice, history, read};
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let me = ctx::require_user().await.map_err(respond)?;
    let mut summary = conversations::one(&state, &me, conversation_id)
        .await
        .map_err(respond)?;
    // Opening a conversation reads it (with or without JavaScript); the
    // move reaches every tab of mine live.
    if summary.read_seq < summary.last_seq {
        let moved = read::mark_read(&state, &me, conversation_id, summary.last_seq)
            .await
            .map_err(respond)?;
        summary.read_seq = moved.read_seq;
        summary.unread = summary.last_seq - moved.read_seq;
    }
    let messages = history::latest(&state, &me, conversation_id)
        .await
        .map_err(respond)?;
    let blocked_by_me = contacts::is_blocked(&state, &me, summary.other.id)
        .await
        .map_err(respond)?;
    let escrow_notice = escrow_notice::link(&state, &me, conversation_id)
        .await
        .map_err(respond)?;
    Ok(Thread {
        me: me.id,
        summary,
        messages,
        blocked_by_me,
        escrow_notice,
    })
}

/// Dismisses the escrow notice of a conversation (for the order it is now
/// about); a plain post that returns to the conversation.
#[server(endpoint = "chat/escrow-notice/dismiss")]
pub async fn dismiss_escrow_notice(conversation_id: i64) -> Result<(), AppError> {
    use crate::server::services::chat::escrow_notice;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let me = ctx::require_user().await.map_err(respond)?;
    escrow_notice::dismiss(&state, &me, conversation_id)
        .await
        .map_err(respond)?;
    leptos_axum::redirect(&format!("/messages/{conversation_id}"));
    Ok(())
}

/// Removes a conversation from my list until a new message arrives.
#[server(endpoint = "chat/hide")]
pub async fn hide_conversation(conversation_id: i64) -> Result<(), AppError> {
    use crate::server::services::chat::contacts;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let me = ctx::require_user().await.map_err(respond)?;
    contacts::hide(&state, &me, conversation_id)
        .await
        .map_err(respond)?;
    leptos_axum::redirect("/messages");
    Ok(())
}

/// Blocks (`block = true`) or unblocks a user.
#[server(endpoint = "chat/block")]
pub async fn set_blocked(user_id: i64, block: bool, back_to: i64) -> Result<(), AppError> {
    use crate::server::services::chat::contacts;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let me = ctx::require_user().await.map_err(respond)?;
    let done = if block {
        contacts::block(&state, &me, user_id).await
    } else {
        contacts::unblock(&state, &me, user_id).await
    };
    done.map_err(respond)?;
    leptos_axum::redirect(&format!("/messages/{back_to}"));
    Ok(())
}
