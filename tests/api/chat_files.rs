//! Pictures and files in chat: uploaded over HTTP, sent by id, attached to
//! the conversation, and downloadable only by its two members; each on
//! local storage and on an S3 server (support/s3.rs).

use crate::support::TestApp;
use crate::support::orders::{png_bytes, session_cookie, staged, user};
use crate::support::s3::storages;
use crate::support::ws::{WsClient, ack_of, pair};
use bounty::domain::AppError;
use bounty::domain::chat::{ClientFrame, MessageBody, OutgoingBody, ServerFrame};
use bounty::server::services::chat::contacts;

async fn send_file(
    tab: &mut WsClient,
    conversation_id: i64,
    client_id: &str,
    file_id: &str,
) -> ServerFrame {
    tab.send(&ClientFrame::Send {
        conversation_id,
        client_id: client_id.into(),
        body: OutgoingBody::File {
            file_id: file_id.into(),
        },
    })
    .await;
    ack_of(tab, client_id).await
}

#[tokio::test]
async fn a_picture_becomes_an_image_message_with_a_thumbnail_only_members_can_fetch() {
    for storage in storages().await {
        // Printed so a failure's output names the store it failed on.
        eprintln!("storage: {}", storage.name);
        let app = TestApp::spawn_with(|settings| storage.configure(settings)).await;
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        let mallory = user(&app.state, "Mallory").await;
        let picture = staged(&app.state, &alice, "screen.png", &png_bytes()).await;
        let notes = staged(&app.state, &alice, "notes.txt", b"one\ntwo\n").await;
        let mut alice_tab = WsClient::connect(&app, &alice).await;
        let mut bob_tab = WsClient::connect(&app, &bob).await;

        assert!(matches!(
            send_file(&mut alice_tab, conversation, "pic-1", &picture.id).await,
            ServerFrame::Ack { seq: 1, .. }
        ));
        assert!(matches!(
            send_file(&mut alice_tab, conversation, "file-1", &notes.id).await,
            ServerFrame::Ack { seq: 2, .. }
        ));
        let mut bodies = Vec::new();
        while bodies.len() < 2 {
            if let ServerFrame::Message { message } = bob_tab
                .until(|frame| matches!(frame, ServerFrame::Message { .. }))
                .await
            {
                bodies.push(message.body);
            }
        }
        let MessageBody::Image { file } = &bodies[0] else {
            panic!("expected an image message, got {:?}", bodies[0]);
        };
        assert!(file.has_thumbnail);
        let MessageBody::File { file: text_file } = &bodies[1] else {
            panic!("expected a file message, got {:?}", bodies[1]);
        };
        assert_eq!(text_file.name, "notes.txt");

        for (who, path, expected) in [
            (Some(&bob), format!("/files/{}", picture.id), 200),
            (Some(&bob), format!("/files/{}/thumb", picture.id), 200),
            (Some(&alice), format!("/files/{}", notes.id), 200),
            (Some(&mallory), format!("/files/{}", picture.id), 404),
            (Some(&mallory), format!("/files/{}/thumb", picture.id), 404),
            (None, format!("/files/{}", notes.id), 401),
        ] {
            let mut request = app.client.get(app.url(&path));
            if let Some(who) = who {
                request = request.header("cookie", session_cookie(&app.state, who).await);
            }
            let status = request.send().await.expect("GET").status().as_u16();
            assert_eq!(status, expected, "{path} as {:?}", who.map(|w| &w.nickname));
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn only_the_senders_own_staged_file_can_be_sent_and_only_once() {
    for storage in storages().await {
        // Printed so a failure's output names the store it failed on.
        eprintln!("storage: {}", storage.name);
        let app = TestApp::spawn_with(|settings| storage.configure(settings)).await;
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        let bobs_file = staged(&app.state, &bob, "bob.txt", b"mine").await;
        let alices_file = staged(&app.state, &alice, "alice.txt", b"hers").await;
        let mut alice_tab = WsClient::connect(&app, &alice).await;
        let ServerFrame::Error { error, .. } =
            send_file(&mut alice_tab, conversation, "steal", &bobs_file.id).await
        else {
            panic!("sending someone else's file must fail");
        };
        assert_eq!(error, AppError::invalid("file_id", "unknown"));
        assert!(matches!(
            send_file(&mut alice_tab, conversation, "own", &alices_file.id).await,
            ServerFrame::Ack { seq: 1, .. }
        ));
        // Once in a conversation the file is no longer staged: not again.
        let ServerFrame::Error { error, .. } =
            send_file(&mut alice_tab, conversation, "again", &alices_file.id).await
        else {
            panic!("a file is sent once");
        };
        assert_eq!(error, AppError::invalid("file_id", "unknown"));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_file_sent_while_blocked_is_refused_and_stays_the_senders() {
    for storage in storages().await {
        // Printed so a failure's output names the store it failed on.
        eprintln!("storage: {}", storage.name);
        let app = TestApp::spawn_with(|settings| storage.configure(settings)).await;
        let (alice, bob, conversation) = pair(&app, "Alice", "Bob").await;
        let notes = staged(&app.state, &alice, "notes.txt", b"one\n").await;
        contacts::block(&app.state, &bob, alice.id)
            .await
            .expect("block");
        let mut alice_tab = WsClient::connect(&app, &alice).await;
        let ServerFrame::Error { error, .. } =
            send_file(&mut alice_tab, conversation, "while-blocked", &notes.id).await
        else {
            panic!("a blocked sender's file must be refused");
        };
        assert_eq!(error, AppError::Conflict("blocked".into()));
        // The refusal rolled back: the file joined no conversation, so it can
        // still be sent once the block is lifted, and it takes the first seq.
        contacts::unblock(&app.state, &bob, alice.id)
            .await
            .expect("unblock");
        assert!(matches!(
            send_file(&mut alice_tab, conversation, "after-unblock", &notes.id).await,
            ServerFrame::Ack { seq: 1, .. }
        ));
        app.stop().await;
    }
}
