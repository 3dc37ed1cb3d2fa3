//! Socket limits (`realtime::admission`): sockets per user (on every
//! instance, by presence) and per client address (on an instance) are
//! capped (the upgrade over a cap is 429 with `Retry-After`, and a place
//! comes back when a socket ends), and a
//! connection sending frames past its budget gets a rate-limited error
//! frame while it stays connected.

use crate::support::TestApp;
use crate::support::orders::{session_cookie, user};
use crate::support::ws::{WsClient, refused_status};
use bounty::domain::AppError;
use bounty::domain::chat::{ClientFrame, ServerFrame};
use std::time::Duration;

#[tokio::test]
async fn sockets_past_the_per_user_and_per_address_caps_are_refused_with_429() {
    let app = TestApp::spawn_with(|settings| {
        settings.rates.sockets_per_user = 2;
        settings.rates.sockets_per_ip = 3;
    })
    .await;
    let ann = user(&app.state, "Ann").await;
    let ben = user(&app.state, "Ben").await;
    let cid = user(&app.state, "Cid").await;
    let ann_cookie = session_cookie(&app.state, &ann).await;
    let first = WsClient::connect_with_cookie(&app, &ann_cookie).await;
    let _second = WsClient::connect_with_cookie(&app, &ann_cookie).await;
    assert_eq!(
        refused_status(&app, Some(&ann_cookie), None).await,
        429,
        "a third socket of one user"
    );
    let _ben = WsClient::connect(&app, &ben).await;
    let cid_cookie = session_cookie(&app.state, &cid).await;
    assert_eq!(
        refused_status(&app, Some(&cid_cookie), None).await,
        429,
        "a fourth socket from one address"
    );
    // A socket ending gives its place back.
    first.close().await;
    let mut admitted = false;
    for _ in 0..50 {
        if app.state.realtime.open_connections() == 2 {
            admitted = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(admitted, "the closed socket left");
    let _cid = WsClient::connect_with_cookie(&app, &cid_cookie).await;
    app.stop().await;
}

#[tokio::test]
async fn frames_past_the_budget_get_a_rate_limited_error_and_the_socket_stays() {
    let app =
        TestApp::spawn_with(|settings| settings.rates.socket_frames_per_connection_per_minute = 5)
            .await;
    let ann = user(&app.state, "Ann").await;
    let mut socket = WsClient::connect(&app, &ann).await;
    for _ in 0..5 {
        socket.send(&ClientFrame::Ping).await;
        assert_eq!(socket.next().await, ServerFrame::Pong);
    }
    socket.send(&ClientFrame::Ping).await;
    match socket.next().await {
        ServerFrame::Error {
            error: AppError::RateLimited { retry_after_secs },
            ..
        } => assert!((1..=60).contains(&retry_after_secs)),
        other => panic!("expected a rate-limited error, got {other:?}"),
    }
    assert_eq!(app.state.realtime.open_connections(), 1, "still connected");
    app.stop().await;
}

#[tokio::test]
async fn the_per_user_socket_cap_holds_across_two_instances() {
    use crate::support::backends::{postgres_database, redis_prefix};
    let (Some((database, _db_cleanup)), Some((redis, prefix, _redis_cleanup))) =
        (postgres_database().await, redis_prefix().await)
    else {
        return;
    };
    let spawn = || {
        let (database, redis, prefix) = (database.clone(), redis.clone(), prefix.clone());
        TestApp::spawn_with(move |settings| {
            settings.database.url = database;
            settings.redis.url = redis;
            settings.redis.prefix = prefix;
            settings.rates.sockets_per_user = 2;
        })
    };
    let a = spawn().await;
    let b = spawn().await;
    let ann = user(&a.state, "Ann").await;
    let on_a = session_cookie(&a.state, &ann).await;
    let on_b = session_cookie(&b.state, &ann).await;
    let _first = WsClient::connect_with_cookie(&a, &on_a).await;
    let second = WsClient::connect_with_cookie(&a, &on_a).await;
    assert_eq!(
        refused_status(&b, Some(&on_b), None).await,
        429,
        "a third socket of one user, on the other instance"
    );
    second.close().await;
    let mut admitted = false;
    for _ in 0..100 {
        if bounty::server::services::chat::presence::live_connections(&b.state, ann.id).await
            == Some(1)
        {
            admitted = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(admitted, "the closed socket left presence");
    let _third = WsClient::connect_with_cookie(&b, &on_b).await;
    a.stop().await;
    b.stop().await;
}
