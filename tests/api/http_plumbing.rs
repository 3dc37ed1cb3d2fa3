//! Middleware: request ids, compression, body limits.

use crate::support::TestApp;

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let first = app.get("/healthz").await;
    let second = app.get("/no/such/page").await;
    let id = |response: &reqwest::Response| {
        response.headers()["x-request-id"]
            .to_str()
            .map(str::to_owned)
    };
    let (first, second) = (id(&first).expect("id"), id(&second).expect("id"));
    assert_eq!(first.len(), 36, "a UUID: {first}");
    assert_ne!(first, second);
}

#[tokio::test]
async fn a_request_id_sent_by_the_caller_is_kept() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "trace-from-proxy-1")
        .send()
        .await
        .expect("GET");
    assert_eq!(response.headers()["x-request-id"], "trace-from-proxy-1");
}

#[tokio::test]
async fn pages_are_compressed_when_the_client_accepts_it() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("GET");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413() {
    let app = TestApp::spawn_with(|settings| settings.limits.body_bytes = 4096).await;
    let oversized = format!("lang=en&next=/{}", "a".repeat(8192));
    let response = app
        .client
        .post(app.url("/lang"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(oversized)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 413);
}
