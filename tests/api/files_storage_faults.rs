//! An S3 store that fails: unreachable or stalled while the server runs
//! (uploads and downloads answer 503 in bounded time and no row points at
//! a missing object; the rest of the site keeps working), and a wrong
//! bucket or a dead endpoint at start (the server refuses to start, naming
//! the key).

use crate::support::TestApp;
use crate::support::orders::{count, draft, session_cookie, staged, user};
use crate::support::s3::TestBucket;
use crate::support::tcp_relay::TcpRelay;
use bounty::server::config::Settings;
use bounty::server::services::orders::publish;
use bounty::server::state::AppState;
use leptos::config::LeptosOptions;
use std::time::{Duration, Instant};

/// Generous for retries against a closed port, far below a hung request.
const PROMPT: Duration = Duration::from_secs(15);

/// Uploads a small file and expects 503 `storage_unavailable` within `limit`.
async fn assert_upload_unavailable(app: &TestApp, cookie: &str, limit: Duration) {
    let part = reqwest::multipart::Part::bytes(b"after".to_vec()).file_name("after.txt");
    let started = Instant::now();
    let upload = app
        .client
        .post(app.url("/uploads"))
        .header("cookie", cookie)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .expect("upload");
    assert_eq!(upload.status(), 503);
    let body: serde_json::Value = upload.json().await.expect("json");
    assert_eq!(body["error"]["Unavailable"], "storage_unavailable");
    assert!(started.elapsed() < limit, "took {:?}", started.elapsed());
}

#[tokio::test]
async fn an_unreachable_store_answers_503_promptly_and_records_nothing() {
    let Some(bucket) = TestBucket::create().await else {
        return;
    };
    let relay = TcpRelay::start(bucket.endpoint.trim_start_matches("http://")).await;
    let app = TestApp::spawn_with(|settings| {
        bucket.configure(settings);
        settings.storage.s3_endpoint = format!("http://{}", relay.address);
    })
    .await;
    let alice = user(&app.state, "Alice").await;
    let attached = staged(&app.state, &alice, "before.txt", b"stored before").await;
    let mut new = draft("Has a file");
    new.files = vec![attached.id.clone()];
    publish::publish(&app.state, &alice, &new)
        .await
        .expect("publish");
    relay.cut().await;

    let cookie = session_cookie(&app.state, &alice).await;
    assert_upload_unavailable(&app, &cookie, PROMPT).await;
    assert_eq!(
        count(&app.state, "files").await,
        1,
        "no row for the failed upload"
    );

    let started = Instant::now();
    let download = app.get(&format!("/files/{}", attached.id)).await;
    assert_eq!(download.status(), 503);
    assert!(started.elapsed() < PROMPT, "took {:?}", started.elapsed());
    assert_eq!(
        app.get("/healthz").await.status(),
        200,
        "the rest still works"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_stalled_store_answers_503_before_the_request_times_out() {
    let Some(bucket) = TestBucket::create().await else {
        return;
    };
    let relay = TcpRelay::start(bucket.endpoint.trim_start_matches("http://")).await;
    let app = TestApp::spawn_with(|settings| {
        bucket.configure(settings);
        settings.storage.s3_endpoint = format!("http://{}", relay.address);
    })
    .await;
    let alice = user(&app.state, "Alice").await;
    let cookie = session_cookie(&app.state, &alice).await;
    relay.stall();
    // The store's read timeout (10 s) ends it, well before the site-wide
    // request timeout (30 s) would answer 408.
    let before_408 = app.state.settings.limits.request_timeout() - Duration::from_secs(5);
    assert_upload_unavailable(&app, &cookie, before_408).await;
    assert_eq!(count(&app.state, "files").await, 0);
    app.stop().await;
    relay.cut().await;
}

async fn refusal(adjust: impl FnOnce(&mut Settings)) -> String {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings::default();
    settings.server.data_dir = data_dir.path().to_path_buf();
    adjust(&mut settings);
    let options = LeptosOptions::builder().output_name("bounty").build();
    let started = Instant::now();
    let refused = match AppState::start(settings, options).await {
        Ok(_) => panic!("the start is refused"),
        Err(error) => error,
    };
    assert!(started.elapsed() < PROMPT, "took {:?}", started.elapsed());
    format!("{refused:#}")
}

#[tokio::test]
async fn a_missing_bucket_or_a_dead_endpoint_refuses_the_start_naming_storage_url() {
    let Some(bucket) = TestBucket::create().await else {
        return;
    };
    let missing = refusal(|settings| {
        bucket.configure(settings);
        settings.storage.url = "s3://no-such-bucket-here".into();
    })
    .await;
    assert!(missing.contains("storage.url"), "{missing}");
    assert!(missing.contains("no-such-bucket-here"), "{missing}");
    assert!(!missing.contains("bounty-test-secret"), "{missing}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port");
    let dead = refusal(|settings| {
        bucket.configure(settings);
        settings.storage.s3_endpoint = format!("http://{closed}");
    })
    .await;
    assert!(dead.contains("storage.url"), "{dead}");
}
