//! Redis stopped and started again under a running server (a private
//! `redis-server`): what does not need Redis keeps working (pages, signing
//! in, publishing, sending a chat message), what does answers 503 at once
//! instead of after the 5-second command timeout, and everything recovers
//! by itself when Redis returns, with no restart: the server's sockets are
//! told to catch up, and no chat message is lost.

use crate::support::TestApp;
use crate::support::orders::{draft, user};
use crate::support::redis_server::RedisServer;
use crate::support::ws::{WsClient, ack_of};
use bounty::domain::chat::ServerFrame;
use bounty::server::services::admin;
use bounty::server::services::chat::{conversations, history};
use bounty::server::services::{orders::publish, sessions};
use std::time::{Duration, Instant};

async fn captcha_status(app: &TestApp) -> (u16, Duration) {
    let started = Instant::now();
    let answer = app
        .client
        .post(app.url("/api/captcha"))
        .header("origin", &app.address)
        .form(&[("id", "")])
        .send()
        .await
        .expect("captcha");
    (answer.status().as_u16(), started.elapsed())
}

// Several threads: the sockets are read while the server runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_redis_down_the_rest_works_what_needs_it_answers_503_at_once_and_it_recovers_alone() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let url = redis.url();
    let app = TestApp::spawn_with(move |settings| {
        settings.redis.url = url;
        settings.redis.prefix = "outage:".into();
    })
    .await;
    let state = &app.state;
    let alice = user(state, "Alice").await;
    let bob = user(state, "Bob").await;
    let conversation = conversations::open(state, &alice, bob.id, None)
        .await
        .expect("conversation");
    let mut alice_socket = WsClient::connect(&app, &alice).await;
    let mut bob_socket = WsClient::connect(&app, &bob).await;
    alice_socket
        .say(conversation, "before", "before the outage")
        .await;
    ack_of(&mut alice_socket, "before").await;
    bob_socket
        .until(|frame| matches!(frame, ServerFrame::Message { .. }))
        .await;
    assert_eq!(captcha_status(&app).await.0, 200);
    admin::create_admin(state, "outage@example.com", "Outage", "s3cret-pass".into())
        .await
        .expect("account");

    redis.stop();
    let deadline = Instant::now() + Duration::from_secs(10);
    while state.bus.ping().await.is_ok() {
        assert!(
            Instant::now() < deadline,
            "the bus never noticed Redis was gone"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // What needs Redis answers 503 quickly, with a message to show.
    let (status, took) = captcha_status(&app).await;
    assert_eq!(status, 503);
    assert!(took < Duration::from_secs(1), "the captcha took {took:?}");
    // What does not need it works.
    let started = Instant::now();
    let order = publish::publish(state, &alice, &draft("Published while Redis is down"))
        .await
        .expect("publish");
    assert_eq!(app.get(&format!("/orders/{order}")).await.status(), 200);
    sessions::login(state, "outage@example.com", "s3cret-pass".into(), None)
        .await
        .expect("sign-in");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "publishing, a page and a sign-in took {:?}",
        started.elapsed()
    );
    // A chat message is stored (its live push waits for Redis).
    alice_socket
        .say(conversation, "during", "during the outage")
        .await;
    match ack_of(&mut alice_socket, "during").await {
        ServerFrame::Ack { duplicate, .. } => assert!(!duplicate),
        other => panic!("expected an ack, got {other:?}"),
    }

    // Redis comes back: no restart, the server reconnects by itself.
    redis.restart();
    let deadline = Instant::now() + Duration::from_secs(20);
    while captcha_status(&app).await.0 != 200 {
        assert!(Instant::now() < deadline, "the server never recovered");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The reconnection is counted in /metrics.
    let metrics = app.get("/metrics").await.text().await.expect("metrics");
    let reconnects: f64 = metrics
        .lines()
        .filter(|line| line.starts_with("bounty_bus_reconnects_total"))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum();
    assert!(reconnects >= 1.0, "{metrics}");
    // Bob's socket is told it may have missed messages, and catches up.
    bob_socket
        .until(|frame| matches!(frame, ServerFrame::Resync))
        .await;
    let page = history::after(state, &bob, conversation, 0)
        .await
        .expect("history");
    let texts: Vec<String> = page
        .messages
        .iter()
        .map(|message| format!("{:?}", message.body))
        .collect();
    assert!(
        texts.iter().any(|text| text.contains("during the outage")),
        "{texts:?}"
    );
    // Live delivery works again.
    alice_socket
        .say(conversation, "after", "after the outage")
        .await;
    ack_of(&mut alice_socket, "after").await;
    bob_socket
        .until(|frame| {
            matches!(frame, ServerFrame::Message { message } if format!("{:?}", message.body).contains("after the outage"))
        })
        .await;
    app.stop().await;
}
