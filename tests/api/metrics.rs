//! `GET /metrics`: Prometheus text from the `metrics` exporter, readable
//! from loopback (the default `metrics.allow_from`) or with
//! `secrets.metrics_token`, refused to anyone else; its series move after a
//! request, an open socket, a chat message and a webhook. The recorder is
//! one per process and tests run side by side, so values are compared as
//! "grew by at least", never as exact totals.

use crate::support::TestApp;
use crate::support::orders::user;
use crate::support::ws::WsClient;
use bounty::server::services::chat::conversations;
use std::time::Duration;

/// The value of the series whose line starts with `prefix` (summed over
/// every line that does), 0 when absent.
fn value(text: &str, name: &str, labels: &[&str]) -> f64 {
    text.lines()
        .filter(|line| line.starts_with(name) && !line.starts_with('#'))
        .filter(|line| labels.iter().all(|label| line.contains(label)))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

async fn scrape(app: &TestApp) -> String {
    let answer = app.get("/metrics").await;
    assert_eq!(answer.status().as_u16(), 200);
    let kind = answer.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(kind.starts_with("text/plain"), "{kind}");
    answer.text().await.expect("text")
}

#[tokio::test]
async fn the_series_move_after_a_request_a_socket_a_message_and_a_webhook() {
    let app = TestApp::spawn().await;
    let before = scrape(&app).await;
    let health = [r#"route="/healthz""#, r#"status="200""#];
    app.get("/healthz").await;
    app.get("/healthz").await;
    let after = scrape(&app).await;
    assert!(
        value(&after, "bounty_http_requests_total", &health)
            >= value(&before, "bounty_http_requests_total", &health) + 2.0,
        "{after}"
    );
    assert!(
        after.contains("bounty_http_request_duration_seconds_bucket"),
        "{after}"
    );
    assert!(
        after.contains(r#"bounty_db_pool_connections{state="idle"}"#),
        "{after}"
    );
    // A raw path never becomes a label: only route patterns do.
    app.get("/files/not-a-file-12345").await;
    let text = scrape(&app).await;
    assert!(!text.contains("not-a-file-12345"), "{text}");
    assert!(text.contains(r#"route="/files/{id}""#), "{text}");

    let writer = user(&app.state, "Metered writer").await;
    let reader = user(&app.state, "Metered reader").await;
    let conversation = conversations::open(&app.state, &writer, reader.id, None)
        .await
        .expect("conversation");
    let open_before = value(&scrape(&app).await, "bounty_websockets_open", &[]);
    let mut socket = WsClient::connect(&app, &writer).await;
    let messages_before = value(&scrape(&app).await, "bounty_chat_messages_total", &[]);
    let mut opened = false;
    for _ in 0..50 {
        if value(&scrape(&app).await, "bounty_websockets_open", &[]) >= open_before + 1.0 {
            opened = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(opened, "the open socket is counted");
    socket.say(conversation, "metered-1", "counted").await;
    socket.next_within(Duration::from_secs(5)).await;
    let text = scrape(&app).await;
    assert!(
        value(&text, "bounty_chat_messages_total", &[]) >= messages_before + 1.0,
        "{text}"
    );

    let refused = app
        .client
        .post(app.url("/payments/webhook/sandbox"))
        .body("{}")
        .send()
        .await
        .expect("webhook");
    assert!(refused.status().is_client_error());
    let text = scrape(&app).await;
    assert!(
        value(
            &text,
            "bounty_payment_webhooks_total",
            &[r#"provider="sandbox""#, r#"outcome="refused""#]
        ) >= 1.0,
        "{text}"
    );
    app.stop().await;
}

#[tokio::test]
async fn outside_the_allowed_addresses_only_the_token_reads_the_metrics() {
    let app = TestApp::spawn_with(|settings| {
        settings.metrics.allow_from = vec!["10.9.8.0/24".into()];
        settings.secrets.metrics_token = Some("scrape-token-0123456789".into());
    })
    .await;
    let get = |token: Option<&'static str>| {
        let mut request = app.client.get(app.url("/metrics"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let nobody = get(None).await.expect("answer");
    assert_eq!(nobody.status().as_u16(), 403);
    assert!(!nobody.text().await.expect("body").contains("bounty_"));
    assert_eq!(
        get(Some("wrong-token"))
            .await
            .expect("answer")
            .status()
            .as_u16(),
        403
    );
    let scraper = get(Some("scrape-token-0123456789")).await.expect("answer");
    assert_eq!(scraper.status().as_u16(), 200);
    assert!(
        scraper
            .text()
            .await
            .expect("body")
            .contains("bounty_http_requests_total")
    );
    app.stop().await;
}

#[tokio::test]
async fn the_outbox_depth_and_the_database_pool_wait_are_scraped() {
    use bounty::domain::Locale;
    use bounty::server::services::passwords;
    // This app runs no outbox worker: what it queues stays waiting.
    let app = TestApp::spawn().await;
    let before = scrape(&app).await;
    assert!(before.contains("bounty_mail_outbox_waiting 0"), "{before}");
    let waits_before = value(&before, "bounty_db_pool_wait_seconds_count", &[]);
    passwords::request_reset(&app.state, "metered@example.com", Locale::En)
        .await
        .expect("queued");
    let after = scrape(&app).await;
    assert!(after.contains("bounty_mail_outbox_waiting 1"), "{after}");
    assert!(
        value(&after, "bounty_db_pool_wait_seconds_count", &[]) > waits_before,
        "{after}"
    );
    assert!(
        after.contains("bounty_db_pool_wait_seconds_bucket"),
        "{after}"
    );
}
