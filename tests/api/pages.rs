//! Server-rendered pages: status codes, language negotiation, the switch.

use crate::support::TestApp;

#[tokio::test]
async fn the_hall_renders_on_the_server_in_english_by_default() {
    let app = TestApp::spawn().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("body");
    assert!(html.contains(r#"<html lang="en""#), "{html}");
    assert!(html.contains("Open bounties"));
    assert!(
        html.contains("/pkg/bounty.js"),
        "hydration script is referenced"
    );
}

#[tokio::test]
async fn an_unknown_address_answers_404_with_the_not_found_page() {
    let app = TestApp::spawn().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.expect("body");
    assert!(html.contains("Page not found"), "{html}");
}

#[tokio::test]
async fn accept_language_chooses_chinese() {
    let app = TestApp::spawn().await;
    let response = app.get_page("/", "zh-CN,zh;q=0.9,en;q=0.8", None).await;
    let html = response.text().await.expect("body");
    assert!(html.contains(r#"<html lang="zh-CN""#));
    assert!(html.contains("待接悬赏"));
}

#[tokio::test]
async fn the_language_cookie_wins_over_accept_language() {
    let app = TestApp::spawn().await;
    let response = app.get_page("/", "zh-CN", Some("lang=en")).await;
    let html = response.text().await.expect("body");
    assert!(html.contains(r#"<html lang="en""#));
}

#[tokio::test]
async fn switching_language_sets_a_year_long_cookie_and_returns_to_the_page() {
    let app = TestApp::spawn().await;
    let response = app
        .switch_language(&[("lang", "zh-CN"), ("next", "/publish?x=1")])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/publish?x=1");
    let cookie = response.headers()["set-cookie"].to_str().expect("ascii");
    assert!(cookie.starts_with("lang=zh-CN"), "{cookie}");
    assert!(cookie.contains("Max-Age=31536000"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http must not set Secure: {cookie}"
    );
}

#[tokio::test]
async fn switching_language_never_redirects_off_the_site() {
    let app = TestApp::spawn().await;
    let response = app
        .switch_language(&[("lang", "en"), ("next", "//evil.example/")])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/");
}

#[tokio::test]
async fn an_unsupported_language_is_a_422_naming_the_field_and_sets_no_cookie() {
    let app = TestApp::spawn().await;
    let response = app.switch_language(&[("lang", "fr"), ("next", "/")]).await;
    assert_eq!(response.status(), 422);
    // Only the browser's pre-session id (http::browser_binding) may be set.
    let cookies: Vec<&str> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert!(
        cookies.iter().all(|c| c.starts_with("pre_session=")),
        "{cookies:?}"
    );
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"]["Invalid"][0]["field"], "lang");
}

#[tokio::test]
async fn a_language_form_without_a_language_is_a_client_error() {
    let app = TestApp::spawn().await;
    let response = app.switch_language(&[("next", "/")]).await;
    assert!(response.status().is_client_error(), "{}", response.status());
}
