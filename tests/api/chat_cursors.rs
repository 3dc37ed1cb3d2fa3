//! Unread counts and read cursors, computed by the server and kept in step
//! across a user's tabs.

use crate::support::ws::{WsClient, ack_of, chat_apps, pair};
use bounty::domain::chat::{ClientFrame, ServerFrame};
use std::time::Duration;

fn read_moved(frame: &ServerFrame) -> Option<(i64, i64)> {
    match frame {
        ServerFrame::ReadMoved {
            read_seq,
            unread_total,
            ..
        } => Some((*read_seq, *unread_total)),
        _ => None,
    }
}

async fn unread_in_list(tab: &mut WsClient) -> (Vec<i64>, i64) {
    tab.send(&ClientFrame::Conversations).await;
    let ServerFrame::Conversations {
        conversations,
        unread_total,
    } = tab
        .until(|frame| matches!(frame, ServerFrame::Conversations { .. }))
        .await
    else {
        unreachable!()
    };
    (
        conversations.iter().map(|summary| summary.unread).collect(),
        unread_total,
    )
}

#[tokio::test]
async fn reading_in_one_tab_moves_the_cursor_and_the_badge_in_every_tab() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        let mut alice_tab = WsClient::connect(&app, &alice).await;
        for n in 1..=3 {
            let id = format!("u-{n}");
            alice_tab.say(conversation, &id, "unread?").await;
            ack_of(&mut alice_tab, &id).await;
        }
        let mut bob_phone = WsClient::connect(&app, &bob).await;
        let mut bob_laptop = WsClient::connect(&app, &bob).await;
        assert_eq!(unread_in_list(&mut bob_phone).await, (vec![3], 3));
        // The sender has read everything up to their own message.
        assert_eq!(unread_in_list(&mut alice_tab).await, (vec![0], 0));

        bob_phone
            .send(&ClientFrame::Read {
                conversation_id: conversation,
                seq: 2,
            })
            .await;
        let on_phone = bob_phone.until(|frame| read_moved(frame).is_some()).await;
        let on_laptop = bob_laptop.until(|frame| read_moved(frame).is_some()).await;
        assert_eq!(read_moved(&on_phone), Some((2, 1)));
        assert_eq!(read_moved(&on_laptop), Some((2, 1)));
        assert_eq!(unread_in_list(&mut bob_laptop).await, (vec![1], 1));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_cursor_never_moves_back_nor_past_the_newest_message() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        let mut alice_tab = WsClient::connect(&app, &alice).await;
        for n in 1..=3 {
            let id = format!("c-{n}");
            alice_tab.say(conversation, &id, "x").await;
            ack_of(&mut alice_tab, &id).await;
        }
        let mut bob_tab = WsClient::connect(&app, &bob).await;
        for (asked, expected) in [(2, (2, 1)), (1, (2, 1)), (99, (3, 0))] {
            bob_tab
                .send(&ClientFrame::Read {
                    conversation_id: conversation,
                    seq: asked,
                })
                .await;
            let frame = bob_tab.until(|frame| read_moved(frame).is_some()).await;
            assert_eq!(read_moved(&frame), Some(expected), "asked {asked}");
            // The bus echo of the same move, if any, is not a new move.
            while let Some(frame) = bob_tab.next_within(Duration::from_millis(100)).await {
                assert!(read_moved(&frame).is_none_or(|moved| moved == expected));
            }
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn a_new_message_counts_as_unread_for_the_recipient_only() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        let mut alice_tab = WsClient::connect(&app, &alice).await;
        let mut bob_tab = WsClient::connect(&app, &bob).await;
        alice_tab.say(conversation, "a-1", "first").await;
        ack_of(&mut alice_tab, "a-1").await;
        bob_tab.say(conversation, "b-1", "reply").await;
        ack_of(&mut bob_tab, "b-1").await;
        // Bob replied, so he has read Alice's message; Alice has not read his.
        assert_eq!(unread_in_list(&mut bob_tab).await, (vec![0], 0));
        assert_eq!(unread_in_list(&mut alice_tab).await, (vec![1], 1));
        app.stop().await;
    }
}
