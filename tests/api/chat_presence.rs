//! Presence per connection: online while any tab is connected, and contacts
//! hear the change live.

use crate::support::ws::{WsClient, chat_apps, pair};
use bounty::domain::chat::ServerFrame;
use bounty::server::services::chat::presence;
use std::time::Duration;

#[tokio::test]
async fn closing_one_of_two_tabs_keeps_a_user_online_and_closing_both_does_not() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, bob, _) = pair(&app, "Alice", "Bob").await;
        let mut alice_tab = WsClient::connect(&app, &alice).await;
        let bob_first = WsClient::connect(&app, &bob).await;
        let online = alice_tab
            .until(|frame| matches!(frame, ServerFrame::Presence { online: true, .. }))
            .await;
        assert_eq!(
            online,
            ServerFrame::Presence {
                user_id: bob.id,
                online: true
            }
        );
        let bob_second = WsClient::connect(&app, &bob).await;
        bob_first.close().await;
        // No "offline" while the second tab lives.
        let mut went_offline = false;
        while let Some(frame) = alice_tab.next_within(Duration::from_millis(500)).await {
            went_offline |= matches!(frame, ServerFrame::Presence { online: false, .. });
        }
        assert!(!went_offline);
        assert!(presence::is_online(&app.state, bob.id).await);

        bob_second.close().await;
        let offline = alice_tab
            .until(|frame| matches!(frame, ServerFrame::Presence { online: false, .. }))
            .await;
        assert_eq!(
            offline,
            ServerFrame::Presence {
                user_id: bob.id,
                online: false
            }
        );
        assert!(!presence::is_online(&app.state, bob.id).await);
        app.stop().await;
    }
}

#[tokio::test]
async fn the_conversation_list_shows_who_is_online() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, bob, _) = pair(&app, "Alice", "Bob").await;
        let _bob_tab = WsClient::connect(&app, &bob).await;
        let (list, _) = bounty::server::services::chat::conversations::list(&app.state, &alice)
            .await
            .expect("list");
        assert_eq!(list.len(), 1);
        assert!(list[0].online);
        assert_eq!(list[0].other.nickname, "Bob");
        app.stop().await;
    }
}
