//! The wallet history and the notifications list page by a cursor on both
//! backends: a walk through the pages shows every row once, newest first,
//! while new rows arrive between the fetches; the wallet keeps its filter
//! from page to page.

use crate::support::money::key;
use crate::support::orders::user;
use crate::support::stacks::stacks;
use bounty::domain::CurrentUser;
use bounty::domain::history_filter::{HistoryFilter, HistoryGroup};
use bounty::domain::ledger::Posting;
use bounty::domain::notification::NotificationKind;
use bounty::server::auth::now_millis;
use bounty::server::db::ledger::{self, Meta};
use bounty::server::db::notifications as notification_rows;
use bounty::server::services::money::wallet::{self, HISTORY_PAGE};
use bounty::server::services::notifications;
use bounty::server::state::AppState;

/// Credits `who`'s wallet as a settled top-up would, straight in the
/// ledger (the payment flow itself is rate-limited per user and tested
/// elsewhere; the history only reads the entries).
pub async fn credit(state: &AppState, who: &CurrentUser, amount: i64) {
    let posting = Posting::top_up(who.id, amount).expect("posting");
    let idempotency_key = key();
    let meta = Meta {
        idempotency_key: &idempotency_key,
        user_id: Some(who.id),
        order_id: None,
        reference: None,
    };
    let mut tx = state.db.begin_write().await.expect("begin");
    ledger::post(&mut tx, &posting, &meta, now_millis())
        .await
        .expect("post");
    tx.commit().await.expect("commit");
}

async fn notify(state: &AppState, user_id: i64, count: usize) {
    let mut tx = state.db.begin_write().await.expect("begin");
    for _ in 0..count {
        notification_rows::insert(
            &mut tx,
            user_id,
            NotificationKind::WithdrawalPaid.as_str(),
            None,
            None,
            now_millis(),
        )
        .await
        .expect("notification");
    }
    tx.commit().await.expect("commit");
}

#[tokio::test]
async fn walking_the_wallet_history_shows_every_entry_once_newest_first_while_money_moves() {
    for stack in stacks().await {
        let state = &stack.state;
        let owner = user(state, "Saver").await;
        for n in 0..(HISTORY_PAGE + 7) {
            credit(state, &owner, 100 + n as i64).await;
        }
        let top_ups = HistoryFilter {
            group: HistoryGroup::TopUps,
            ..HistoryFilter::default()
        };
        let mut connection = state.db.pool().acquire().await.expect("connection");
        let expected: Vec<i64> = wallet::history(&mut connection, owner.id, top_ups, None, 10_000)
            .await
            .expect("history")
            .iter()
            .map(|entry| entry.id)
            .collect();
        drop(connection);
        assert_eq!(expected.len(), HISTORY_PAGE + 7);
        assert!(
            expected.windows(2).all(|pair| pair[0] > pair[1]),
            "newest first"
        );
        let mut walked = Vec::new();
        let mut before = None;
        let mut pages = 0;
        loop {
            let view = wallet::wallet_page(state, &owner, top_ups, before)
                .await
                .expect("wallet");
            assert_eq!(view.entries_paged, before.is_some());
            assert!(view.entries.len() <= HISTORY_PAGE);
            walked.extend(view.entries.iter().map(|entry| entry.id));
            pages += 1;
            credit(state, &owner, 5).await;
            match view.entries_next {
                Some(next) => before = Some(next),
                None => break,
            }
        }
        assert_eq!(pages, 2, "{}", stack.name);
        assert_eq!(walked, expected, "{}", stack.name);
    }
}

#[tokio::test]
async fn walking_the_notifications_shows_every_one_once_newest_first_while_new_ones_arrive() {
    for stack in stacks().await {
        let state = &stack.state;
        let reader = user(state, "Reader").await;
        let other = user(state, "Other Reader").await;
        notify(state, reader.id, 230).await;
        notify(state, other.id, 10).await;
        let expected: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM notifications WHERE user_id = $1 ORDER BY id DESC")
                .bind(reader.id)
                .fetch_all(state.db.pool())
                .await
                .expect("ids");
        let mut walked = Vec::new();
        let mut sizes = Vec::new();
        let mut before = None;
        loop {
            let page = notifications::page(state, &reader, before)
                .await
                .expect("page");
            assert_eq!(page.paged, before.is_some());
            assert_eq!(page.unread, 230 + 3 * sizes.len() as i64, "{}", stack.name);
            sizes.push(page.items.len());
            walked.extend(page.items.iter().map(|item| item.id));
            notify(state, reader.id, 3).await;
            match page.next {
                Some(next) => before = Some(next),
                None => break,
            }
        }
        assert_eq!(sizes, [100, 100, 30], "{}", stack.name);
        assert_eq!(walked, expected, "{}", stack.name);
    }
}
