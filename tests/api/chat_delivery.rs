//! Delivery over `/ws`: live and offline, in seq order, idempotent resends
//! and paged catch-up, on SQLite + in-process bus and PostgreSQL + Redis.

use crate::support::ws::{WsClient, ack_of, chat_apps, pair};
use bounty::domain::chat::frames::HISTORY_PAGE;
use bounty::domain::chat::{ClientFrame, MessageBody, OutgoingBody, ServerFrame};
use bounty::server::services::chat::send;

fn text_of(frame: &ServerFrame) -> Option<(i64, String)> {
    match frame {
        ServerFrame::Message { message } => match &message.body {
            MessageBody::Text { text } => Some((message.seq, text.clone())),
            _ => None,
        },
        _ => None,
    }
}

#[tokio::test]
async fn a_message_is_acknowledged_to_the_sender_and_reaches_the_recipient_live() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        let mut alice_tab = WsClient::connect(&app, &alice).await;
        let mut bob_tab = WsClient::connect(&app, &bob).await;
        alice_tab.say(conversation, "m-1", "Hello Bob, 你好").await;
        let ServerFrame::Ack { seq, duplicate, .. } = ack_of(&mut alice_tab, "m-1").await else {
            panic!("expected an ack");
        };
        assert_eq!((seq, duplicate), (1, false));
        let received = bob_tab.until(|frame| text_of(frame).is_some()).await;
        assert_eq!(text_of(&received), Some((1, "Hello Bob, 你好".into())));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_message_to_an_offline_user_waits_and_arrives_when_they_catch_up() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        let mut alice_tab = WsClient::connect(&app, &alice).await;
        for n in 1..=3 {
            let id = format!("offline-{n}");
            alice_tab.say(conversation, &id, &format!("note {n}")).await;
            assert!(matches!(
                ack_of(&mut alice_tab, &id).await,
                ServerFrame::Ack { .. }
            ));
        }
        let mut bob_tab = WsClient::connect(&app, &bob).await;
        bob_tab
            .send(&ClientFrame::Sync {
                conversation_id: conversation,
                after_seq: 0,
            })
            .await;
        let ServerFrame::History {
            messages, has_more, ..
        } = bob_tab
            .until(|frame| matches!(frame, ServerFrame::History { .. }))
            .await
        else {
            unreachable!()
        };
        let seqs: Vec<i64> = messages.iter().map(|message| message.seq).collect();
        assert_eq!(seqs, vec![1, 2, 3]);
        assert!(!has_more);
        app.stop().await;
    }
}

#[tokio::test]
async fn messages_arrive_in_seq_order_without_gaps() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        let mut alice_tab = WsClient::connect(&app, &alice).await;
        let mut bob_tab = WsClient::connect(&app, &bob).await;
        for n in 1..=20 {
            alice_tab
                .say(conversation, &format!("o-{n}"), &format!("{n}"))
                .await;
        }
        let mut seen = Vec::new();
        while seen.len() < 20 {
            let frame = bob_tab.until(|frame| text_of(frame).is_some()).await;
            seen.push(text_of(&frame).expect("text"));
        }
        let expected: Vec<(i64, String)> = (1..=20).map(|n| (n, n.to_string())).collect();
        assert_eq!(seen, expected);
        app.stop().await;
    }
}

#[tokio::test]
async fn resending_a_message_with_the_same_client_id_stores_it_once() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        let mut alice_tab = WsClient::connect(&app, &alice).await;
        alice_tab.say(conversation, "same-id", "only once").await;
        let first = ack_of(&mut alice_tab, "same-id").await;
        // A second tab (or a reconnect after a lost ack) resends it.
        let mut other_tab = WsClient::connect(&app, &alice).await;
        other_tab.say(conversation, "same-id", "only once").await;
        let second = ack_of(&mut other_tab, "same-id").await;
        let (
            ServerFrame::Ack {
                message_id: first_id,
                seq: first_seq,
                duplicate: false,
                ..
            },
            ServerFrame::Ack {
                message_id: second_id,
                seq: second_seq,
                duplicate: true,
                ..
            },
        ) = (first, second)
        else {
            panic!("expected a fresh ack, then a duplicate one");
        };
        assert_eq!((first_id, first_seq), (second_id, second_seq));
        let page =
            bounty::server::services::chat::history::after(&app.state, &bob, conversation, 0)
                .await
                .expect("history");
        assert_eq!(page.messages.len(), 1);
        // The next message takes the next seq: the duplicate used none.
        alice_tab.say(conversation, "next-id", "second").await;
        assert!(matches!(
            ack_of(&mut alice_tab, "next-id").await,
            ServerFrame::Ack { seq: 2, .. }
        ));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_long_history_comes_in_pages() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        let total = HISTORY_PAGE + 20;
        for n in 0..total {
            // The flood limit is not what this test is about.
            let flood = send::flood_key(alice.id);
            app.state.bus.counters.reset(&flood).await.expect("reset");
            let body = OutgoingBody::Text {
                text: format!("bulk {n}"),
            };
            send::send(
                &app.state,
                &alice,
                conversation,
                &format!("bulk-{n}"),
                &body,
            )
            .await
            .expect("send");
        }
        let mut bob_tab = WsClient::connect(&app, &bob).await;
        let mut after = 0;
        let mut pages = Vec::new();
        loop {
            bob_tab
                .send(&ClientFrame::Sync {
                    conversation_id: conversation,
                    after_seq: after,
                })
                .await;
            let ServerFrame::History {
                messages, has_more, ..
            } = bob_tab
                .until(|frame| matches!(frame, ServerFrame::History { .. }))
                .await
            else {
                unreachable!()
            };
            pages.push(messages.len() as i64);
            after = messages.last().map_or(after, |message| message.seq);
            if !has_more {
                break;
            }
        }
        assert_eq!(pages, vec![HISTORY_PAGE, 20]);
        assert_eq!(after, total);
        app.stop().await;
    }
}

#[tokio::test]
async fn concurrent_senders_to_one_conversation_get_consecutive_seqs() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        let per_sender = 15;
        let sends = (0..per_sender).flat_map(|n| {
            [&alice, &bob].map(|who| {
                let state = &app.state;
                async move {
                    let body = OutgoingBody::Text {
                        text: format!("{} says {n}", who.id),
                    };
                    let client_id = format!("race-{}-{n}", who.id);
                    let sent = send::send(state, who, conversation, &client_id, &body)
                        .await
                        .expect("send");
                    (who.id, sent.message.seq)
                }
            })
        });
        let results = futures::future::join_all(sends).await;
        let mut seqs: Vec<i64> = results.iter().map(|(_, seq)| *seq).collect();
        seqs.sort_unstable();
        let total = 2 * per_sender;
        assert_eq!(seqs, (1..=total).collect::<Vec<i64>>(), "no gap, no repeat");
        // The conversation ends at the last seq, and each sender has read up
        // to their own newest message (replying means having read).
        let last_of = |id: i64| {
            results
                .iter()
                .filter(|(sender, _)| *sender == id)
                .map(|(_, seq)| *seq)
                .max()
                .expect("sent")
        };
        for (me, other) in [(&alice, &bob), (&bob, &alice)] {
            let summary =
                bounty::server::services::chat::conversations::one(&app.state, me, conversation)
                    .await
                    .expect("summary");
            assert_eq!(summary.last_seq, total);
            assert_eq!(summary.read_seq, last_of(me.id));
            assert_eq!(summary.other.id, other.id);
        }
        app.stop().await;
    }
}
