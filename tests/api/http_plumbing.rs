//! Middleware: request ids, the answering instance's name, compression,
//! body limits.

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

#[tokio::test]
async fn a_server_function_called_with_missing_or_malformed_arguments_answers_422() {
    let app = TestApp::spawn().await;
    let missing = app
        .client
        .post(app.url("/api/account/login"))
        .form(&[("email", "a@b.co")])
        .send()
        .await
        .expect("POST");
    assert_eq!(missing.status(), 422);
    let body: serde_json::Value = missing.json().await.expect("json");
    assert_eq!(body["Invalid"][0]["code"], "malformed");
    let garbage = app
        .client
        .post(app.url("/api/account/confirm"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("%%%")
        .send()
        .await
        .expect("POST");
    assert!(garbage.status().is_client_error(), "{}", garbage.status());
}

#[tokio::test]
async fn the_dev_mailbox_exists_only_in_development_mode() {
    let production = TestApp::spawn().await;
    assert_eq!(production.get("/dev/mailbox").await.status(), 404);
    assert_eq!(production.get("/test/captcha/abc").await.status(), 404);
    let development = TestApp::spawn_with(|settings| settings.server.dev_mode = true).await;
    assert_eq!(development.get("/dev/mailbox").await.status(), 200);
}

#[tokio::test]
async fn every_response_names_the_instance_that_answered_and_two_instances_differ() {
    let (one, other) = (TestApp::spawn().await, TestApp::spawn().await);
    let name = |response: &reqwest::Response| {
        response.headers()["x-bounty-instance"]
            .to_str()
            .expect("ascii")
            .to_owned()
    };
    let first = name(&one.get("/healthz").await);
    assert_eq!(
        first,
        name(&one.get("/no/such/page").await),
        "one name per instance"
    );
    assert!(!first.is_empty());
    assert_ne!(first, name(&other.get("/healthz").await));
    one.stop().await;
    other.stop().await;
}
