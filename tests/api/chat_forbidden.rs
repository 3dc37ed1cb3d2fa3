//! What the realtime connection refuses: strangers, foreign pages, other
//! people's conversations, bad frames, floods, blocked senders; each with a
//! clear error and the connection still usable.

use crate::support::orders::{session_cookie, user};
use crate::support::ws::{WsClient, ack_of, chat_apps, pair, refused_status};
use bounty::domain::chat::frames::MAX_FRAME_BYTES;
use bounty::domain::chat::{ClientFrame, ServerFrame};
use bounty::domain::{AppError, FieldError};
use bounty::server::services::chat::{contacts, conversations, history, send};

fn error_of(frame: &ServerFrame) -> Option<AppError> {
    match frame {
        ServerFrame::Error { error, .. } => Some(error.clone()),
        _ => None,
    }
}

async fn next_error(tab: &mut WsClient) -> AppError {
    let frame = tab.until(|frame| error_of(frame).is_some()).await;
    error_of(&frame).expect("error")
}

async fn still_answers(tab: &mut WsClient) {
    tab.send(&ClientFrame::Ping).await;
    tab.until(|frame| matches!(frame, ServerFrame::Pong)).await;
}

#[tokio::test]
async fn an_upgrade_without_a_session_or_from_a_foreign_page_is_refused() {
    let app = crate::support::TestApp::spawn().await;
    assert_eq!(refused_status(&app, None, None).await, 401);
    assert_eq!(
        refused_status(&app, Some("session=forged.token.value"), None).await,
        401
    );
    let mallory = user(&app.state, "Mallory").await;
    let cookie = session_cookie(&app.state, &mallory).await;
    assert_eq!(
        refused_status(&app, Some(&cookie), Some("https://evil.example")).await,
        403
    );
    app.stop().await;
}

#[tokio::test]
async fn a_stranger_can_neither_write_to_nor_read_another_conversation() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, _bob, conversation) = pair(&app, "Alice", "Bob").await;
        let mallory = user(&app.state, "Mallory").await;
        let mut alice_tab = WsClient::connect(&app, &alice).await;
        alice_tab.say(conversation, "secret-1", "private").await;
        ack_of(&mut alice_tab, "secret-1").await;

        let mut mallory_tab = WsClient::connect(&app, &mallory).await;
        mallory_tab.say(conversation, "intrude", "hi").await;
        let ServerFrame::Error { error, client_id } = ack_of(&mut mallory_tab, "intrude").await
        else {
            panic!("expected an error");
        };
        assert_eq!(
            (error, client_id.as_deref()),
            (AppError::NotFound, Some("intrude"))
        );
        // A conversation that does not exist answers the same.
        mallory_tab.say(987_655, "nowhere", "hi").await;
        let ServerFrame::Error { error, .. } = ack_of(&mut mallory_tab, "nowhere").await else {
            panic!("expected an error");
        };
        assert_eq!(error, AppError::NotFound);
        for frame in [
            ClientFrame::Sync {
                conversation_id: conversation,
                after_seq: 0,
            },
            ClientFrame::Read {
                conversation_id: conversation,
                seq: 1,
            },
            ClientFrame::Typing {
                conversation_id: conversation,
            },
            ClientFrame::Sync {
                conversation_id: 987_654,
                after_seq: 0,
            },
        ] {
            mallory_tab.send(&frame).await;
            assert_eq!(
                next_error(&mut mallory_tab).await,
                AppError::NotFound,
                "{frame:?}"
            );
        }
        still_answers(&mut mallory_tab).await;
        // Nothing was stored and Alice's message did not leak.
        let page = history::after(&app.state, &alice, conversation, 0)
            .await
            .expect("history");
        assert_eq!(page.messages.len(), 1);
        app.stop().await;
    }
}

#[tokio::test]
async fn bad_frames_get_error_frames_and_the_connection_stays_open() {
    let app = crate::support::TestApp::spawn().await;
    let (alice, _bob, conversation) = pair(&app, "Alice", "Bob").await;
    let mut tab = WsClient::connect(&app, &alice).await;
    let frame_error = |code: &str| AppError::invalid("frame", code);
    let cases = [
        ("not json".to_owned(), frame_error("malformed")),
        (r#"{"type":"ping"}"#.to_owned(), frame_error("malformed")),
        (
            r#"{"v":9,"type":"ping"}"#.to_owned(),
            frame_error("unsupported_version"),
        ),
        (
            r#"{"v":1,"type":"teleport"}"#.to_owned(),
            frame_error("malformed"),
        ),
        ("x".repeat(MAX_FRAME_BYTES + 1), frame_error("too_large")),
        (
            format!(
                r#"{{"v":1,"type":"send","conversation_id":{conversation},"client_id":"long","body":{{"kind":"text","text":"{}"}}}}"#,
                "y".repeat(5000)
            ),
            AppError::invalid("text", "too_long"),
        ),
        (
            format!(
                r#"{{"v":1,"type":"send","conversation_id":{conversation},"client_id":"blank","body":{{"kind":"text","text":"   "}}}}"#
            ),
            AppError::invalid("text", "required"),
        ),
    ];
    for (text, expected) in cases {
        tab.send_text(text.clone()).await;
        assert_eq!(
            next_error(&mut tab).await,
            expected,
            "{}",
            &text[..text.len().min(60)]
        );
    }
    tab.send_binary(vec![1, 2, 3]).await;
    assert_eq!(next_error(&mut tab).await, frame_error("malformed"));
    still_answers(&mut tab).await;
    app.stop().await;
}

#[tokio::test]
async fn flooding_is_rate_limited_per_user() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, _bob, conversation) = pair(&app, "Alice", "Bob").await;
        let mut tab = WsClient::connect(&app, &alice).await;
        let mut limited = None;
        for n in 0..=send::SENDS_PER_WINDOW {
            let id = format!("flood-{n}");
            tab.say(conversation, &id, "spam").await;
            if let ServerFrame::Error { error, .. } = ack_of(&mut tab, &id).await {
                limited = Some((n, error));
                break;
            }
        }
        let Some((at, AppError::RateLimited { retry_after_secs })) = limited else {
            panic!("no rate limit: {limited:?}");
        };
        assert_eq!(at, send::SENDS_PER_WINDOW);
        assert!((1..=10).contains(&retry_after_secs));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_blocked_user_cannot_write_and_disappears_from_the_blockers_list() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        // Bob writes once before the block, so the instance already knows
        // the conversation's members: the block must still hold.
        let mut bob_tab = WsClient::connect(&app, &bob).await;
        bob_tab.say(conversation, "before-1", "hello").await;
        assert!(matches!(
            ack_of(&mut bob_tab, "before-1").await,
            ServerFrame::Ack { seq: 1, .. }
        ));
        contacts::block(&app.state, &alice, bob.id)
            .await
            .expect("block");
        bob_tab.say(conversation, "blocked-1", "let me in").await;
        let ServerFrame::Error { error, .. } = ack_of(&mut bob_tab, "blocked-1").await else {
            panic!("expected an error");
        };
        assert_eq!(error, AppError::Conflict("blocked".into()));
        let (list, _) = conversations::list(&app.state, &alice).await.expect("list");
        assert!(list.is_empty());
        contacts::unblock(&app.state, &alice, bob.id)
            .await
            .expect("unblock");
        // The refused message used no seq.
        bob_tab.say(conversation, "blocked-2", "thanks").await;
        assert!(matches!(
            ack_of(&mut bob_tab, "blocked-2").await,
            ServerFrame::Ack { seq: 2, .. }
        ));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_hidden_conversation_comes_back_when_the_other_person_writes() {
    for (app, _cleanup) in chat_apps().await {
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        let mut bob_tab = WsClient::connect(&app, &bob).await;
        bob_tab.say(conversation, "h-1", "hello").await;
        ack_of(&mut bob_tab, "h-1").await;
        contacts::hide(&app.state, &alice, conversation)
            .await
            .expect("hide");
        let (list, unread) = conversations::list(&app.state, &alice).await.expect("list");
        assert!(list.is_empty());
        assert_eq!(unread, 0);
        // Bob still sees it.
        let (list, _) = conversations::list(&app.state, &bob).await.expect("list");
        assert_eq!(list.len(), 1);
        bob_tab.say(conversation, "h-2", "are you there?").await;
        ack_of(&mut bob_tab, "h-2").await;
        let (list, unread) = conversations::list(&app.state, &alice).await.expect("list");
        assert_eq!(list.len(), 1);
        assert_eq!(unread, 2);
        // A stranger cannot hide it.
        let mallory = user(&app.state, "Mallory").await;
        assert_eq!(
            contacts::hide(&app.state, &mallory, conversation).await,
            Err(AppError::NotFound)
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn nobody_opens_a_conversation_with_themselves_or_a_missing_user() {
    let app = crate::support::TestApp::spawn().await;
    let alice = user(&app.state, "Alice").await;
    assert_eq!(
        conversations::open(&app.state, &alice, alice.id, None).await,
        Err(AppError::Invalid(vec![FieldError::new("user_id", "self")]))
    );
    assert_eq!(
        conversations::open(&app.state, &alice, 424_242, None).await,
        Err(AppError::NotFound)
    );
    app.stop().await;
}
