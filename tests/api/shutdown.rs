//! Graceful shutdown: requests in flight finish, new ones are refused.

use axum::Router;
use axum::routing::get;
use bounty::server::shutdown::serve_until;
use std::time::Duration;
use tokio::sync::oneshot;

#[tokio::test]
async fn a_request_in_flight_when_the_stop_comes_still_gets_its_answer() {
    let router = Router::new().route(
        "/slow",
        get(|| async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            "finished"
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(serve_until(
        listener,
        router,
        async move {
            let _ = stopped.await;
        },
        Duration::from_secs(5),
    ));

    let in_flight = tokio::spawn(reqwest::get(format!("http://{address}/slow")));
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.send(()).expect("stop");

    let response = in_flight.await.expect("task").expect("answered");
    assert_eq!(response.text().await.expect("body"), "finished");
    server.await.expect("task").expect("clean stop");
    let after = reqwest::get(format!("http://{address}/slow")).await;
    assert!(after.is_err(), "no new connections after the stop");
}

#[tokio::test]
async fn the_grace_period_bounds_how_long_a_stuck_request_delays_the_stop() {
    let router = Router::new().route(
        "/stuck",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            "never"
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(serve_until(
        listener,
        router,
        async move {
            let _ = stopped.await;
        },
        Duration::from_millis(300),
    ));
    let _stuck = tokio::spawn(reqwest::get(format!("http://{address}/stuck")));
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.send(()).expect("stop");
    let stopped_in_time = tokio::time::timeout(Duration::from_secs(3), server).await;
    assert!(stopped_in_time.is_ok(), "stopped after the grace period");
}
