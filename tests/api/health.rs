//! `/healthz` says the process serves, whatever is down; `/readyz` reports
//! the database, the bus and the file storage.

use crate::support::TestApp;
use serde_json::Value;

async fn readyz(app: &TestApp) -> reqwest::Response {
    app.get("/readyz").await
}

#[tokio::test]
async fn ready_with_every_part_up_and_names_the_backends() {
    let app = TestApp::spawn().await;
    let response = readyz(&app).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"]["status"], "ok");
    assert_eq!(body["database"]["backend"], "sqlite");
    assert_eq!(body["bus"]["status"], "ok");
    assert_eq!(body["bus"]["backend"], "memory");
    assert_eq!(body["storage"]["status"], "ok");
    assert_eq!(body["storage"]["backend"], "local");
    app.stop().await;
}

#[tokio::test]
async fn not_ready_naming_the_database_when_it_is_down_but_still_alive() {
    let app = TestApp::spawn().await;
    app.state.db.close().await;
    let alive = app.healthz().await;
    assert_eq!(alive.status(), 200, "liveness touches no dependency");
    let response = readyz(&app).await;
    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["database"]["status"], "down");
    assert_eq!(body["bus"]["status"], "ok");
}

#[tokio::test]
async fn not_ready_naming_the_bus_when_redis_is_gone() {
    let Some(redis) = crate::support::buses()
        .await
        .into_iter()
        .find(|b| b.name == "redis")
    else {
        return; // Redis not running here (and not CI): covered by the memory case only.
    };
    let app = TestApp::spawn().await;
    let mut state = app.state.clone();
    state.bus = redis.bus.clone();
    redis.bus.close().await;
    let body: Value = bounty_health(state).await;
    assert_eq!(body["bus"]["status"], "down");
    assert_eq!(body["bus"]["backend"], "redis");
    assert_eq!(body["database"]["status"], "ok");
    app.stop().await;
}

/// Serves a router on `state` once and reads its health.
async fn bounty_health(state: bounty::server::state::AppState) -> Value {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let router = bounty::server::http::router(state, bounty::app::shell, bounty::app::App);
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    let response = reqwest::get(format!("http://{address}/readyz"))
        .await
        .expect("GET");
    assert_eq!(response.status(), 503);
    let body = response.json().await.expect("json");
    server.abort();
    body
}
