//! The conversation list pages by a keyset cursor on both backends: a walk
//! through the pages shows every conversation once, in order, even while
//! new ones arrive; the contact search runs in the database (so it finds
//! contacts on any page); presence for a page is one bus call.

use crate::support::orders::user;
use crate::support::stacks::stacks;
use bounty::domain::CurrentUser;
use bounty::domain::paging::KeyCursor;
use bounty::server::services::chat::conversations::{self, PAGE_SIZE};
use bounty::server::state::AppState;
use std::time::Duration;

/// A new user called `nickname` opens a conversation with `me` (each
/// opener opens one, so the per-user opening limit stays out of the way).
async fn contact(state: &AppState, me: &CurrentUser, nickname: &str) -> (i64, CurrentUser) {
    let other = user(state, nickname).await;
    let id = conversations::open(state, &other, me.id, None)
        .await
        .expect("open");
    (id, other)
}

/// Every conversation id, as the list must order them.
async fn expected_order(state: &AppState) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM conversations ORDER BY last_at DESC, id DESC")
        .fetch_all(state.db.pool())
        .await
        .expect("order")
}

#[tokio::test]
async fn walking_the_pages_shows_every_conversation_once_in_order_while_new_ones_arrive() {
    for stack in stacks().await {
        let state = &stack.state;
        let me = user(state, "Pager").await;
        for n in 0..(2 * PAGE_SIZE + 5) {
            contact(state, &me, &format!("Contact {n:02}")).await;
        }
        let expected = expected_order(state).await;
        let mut walked = Vec::new();
        let mut before: Option<KeyCursor> = None;
        let mut pages = 0;
        loop {
            let page = conversations::page(state, &me, before, None)
                .await
                .expect("page");
            assert!(page.conversations.len() <= PAGE_SIZE, "{}", stack.name);
            walked.extend(page.conversations.iter().map(|line| line.id));
            pages += 1;
            // Newer conversations arrive between the fetches: they belong
            // on the first page, never on the older ones being walked.
            contact(state, &me, &format!("Newcomer {pages}")).await;
            match page.next {
                Some(next) => before = Some(next),
                None => break,
            }
        }
        assert_eq!(pages, 3, "{}", stack.name);
        assert_eq!(walked, expected, "{}", stack.name);
        let first = conversations::page(state, &me, None, None)
            .await
            .expect("first page");
        let newest: Vec<&str> = first.conversations[..3]
            .iter()
            .map(|line| line.other.nickname.as_str())
            .collect();
        assert_eq!(
            newest,
            ["Newcomer 3", "Newcomer 2", "Newcomer 1"],
            "{}",
            stack.name
        );
    }
}

#[tokio::test]
async fn a_cursor_from_an_address_round_trips_and_a_malformed_one_is_refused() {
    let cursor = KeyCursor {
        key: 1_764_900_000_123,
        id: 77,
    };
    assert_eq!(KeyCursor::parse(Some(&cursor.encode())), Ok(Some(cursor)));
    for bad in ["77", "a_b", "1_", "-1_2", "1_2_3"] {
        let refused = KeyCursor::parse(Some(bad)).expect_err(bad);
        assert_eq!(refused.status_code(), 422, "{bad}");
    }
}

#[tokio::test]
async fn the_contact_search_finds_matches_beyond_the_first_page_and_takes_wildcards_literally() {
    for stack in stacks().await {
        let state = &stack.state;
        let me = user(state, "Searcher").await;
        let (wanted, _) = contact(state, &me, "Needle Person").await;
        contact(state, &me, "Fifty%Off").await;
        for n in 0..(PAGE_SIZE + 3) {
            contact(state, &me, &format!("Hay {n:02}")).await;
        }
        let found = conversations::page(state, &me, None, Some("needle"))
            .await
            .expect("search");
        let ids: Vec<i64> = found.conversations.iter().map(|line| line.id).collect();
        assert_eq!(ids, [wanted], "{}", stack.name);
        assert_eq!(found.next, None);
        let literal = conversations::page(state, &me, None, Some("%"))
            .await
            .expect("search");
        let names: Vec<&str> = literal
            .conversations
            .iter()
            .map(|line| line.other.nickname.as_str())
            .collect();
        assert_eq!(names, ["Fifty%Off"], "{}", stack.name);
        let underscore = conversations::page(state, &me, None, Some("_"))
            .await
            .expect("search");
        assert!(underscore.conversations.is_empty(), "{}", stack.name);
    }
}

#[tokio::test]
async fn a_page_shows_who_is_online_from_one_presence_lookup() {
    for stack in stacks().await {
        let state = &stack.state;
        let me = user(state, "Watcher").await;
        let (_, awake) = contact(state, &me, "Awake").await;
        let (_, asleep) = contact(state, &me, "Asleep").await;
        state
            .bus
            .presence
            .touch(&awake.id.to_string(), "tab", Duration::from_secs(60))
            .await
            .expect("touch");
        let asked = [awake.id, asleep.id, awake.id]
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>();
        assert_eq!(
            state.bus.presence.online_among(&asked).await.expect("bus"),
            [true, false, true],
            "{}",
            stack.name
        );
        assert_eq!(
            state.bus.presence.online_among(&[]).await.expect("bus"),
            Vec::<bool>::new()
        );
        let page = conversations::page(state, &me, None, None)
            .await
            .expect("page");
        let online: Vec<(&str, bool)> = page
            .conversations
            .iter()
            .map(|line| (line.other.nickname.as_str(), line.online))
            .collect();
        assert_eq!(
            online,
            [("Asleep", false), ("Awake", true)],
            "{}",
            stack.name
        );
    }
}
