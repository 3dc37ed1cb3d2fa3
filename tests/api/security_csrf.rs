//! Cross-site request forgery: a state-changing request from another site's
//! page is refused with 403 and writes nothing (a server function, a plain
//! form post, an upload, the language switch), while the site's own pages
//! pass; a captcha answered from another browser than the one it was
//! issued to fails, so a foreign page cannot sign a victim in (login CSRF).

use crate::support::TestApp;
use crate::support::browser::Browser;
use crate::support::orders::{count, draft, session_cookie, stored_objects, user};
use bounty::server::services::admin;

fn publish_body() -> serde_json::Value {
    serde_json::json!({ "draft": draft("Forged order") })
}

#[tokio::test]
async fn a_cross_site_post_to_a_server_function_is_refused_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let alice = user(&app.state, "Alice").await;
    let cookie = session_cookie(&app.state, &alice).await;
    let (name, value) = cookie.split_once('=').expect("cookie");

    let mut foreign = Browser::on_foreign_page(&app);
    foreign.set_cookie(name, value);
    let refused = foreign
        .send(reqwest::Method::POST, "/api/orders/publish", |r| {
            r.json(&publish_body())
        })
        .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(count(&app.state, "orders").await, 0);

    // Fetch metadata alone (no Origin) says the same.
    let mut metadata_only = Browser::on_site(&app);
    metadata_only.origin = None;
    metadata_only.set_cookie(name, value);
    let refused = metadata_only
        .send(reqwest::Method::POST, "/api/orders/publish", |r| {
            r.header("sec-fetch-site", "cross-site")
                .json(&publish_body())
        })
        .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(count(&app.state, "orders").await, 0);

    let mut own = Browser::on_site(&app);
    own.set_cookie(name, value);
    let accepted = own
        .send(reqwest::Method::POST, "/api/orders/publish", |r| {
            r.header("sec-fetch-site", "same-origin")
                .json(&publish_body())
        })
        .await;
    assert_eq!(
        accepted.status(),
        200,
        "{}",
        accepted.text().await.unwrap_or_default()
    );
    assert_eq!(count(&app.state, "orders").await, 1);
    app.stop().await;
}

#[tokio::test]
async fn a_cross_site_form_post_is_refused_while_the_sites_own_passes() {
    let app = TestApp::spawn().await;
    let mut foreign = Browser::on_foreign_page(&app);
    let refused = foreign
        .send(reqwest::Method::POST, "/lang", |r| {
            r.header("accept", "text/html")
                .form(&[("lang", "zh-Hans"), ("next", "/")])
        })
        .await;
    assert_eq!(refused.status(), 403);
    assert!(foreign.cookie("lang").is_none(), "no language cookie set");
    assert!(
        refused
            .text()
            .await
            .unwrap_or_default()
            .contains("another site"),
        "a clear message"
    );

    let mut own = Browser::on_site(&app);
    let switched = own
        .send(reqwest::Method::POST, "/lang", |r| {
            r.header("accept", "text/html")
                .form(&[("lang", "zh-Hans"), ("next", "/")])
        })
        .await;
    assert_eq!(switched.status(), 303);
    assert_eq!(own.cookie("lang"), Some("zh-CN"));
    app.stop().await;
}

#[tokio::test]
async fn a_get_to_a_state_changing_path_is_refused_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let alice = user(&app.state, "Alice").await;
    let cookie = session_cookie(&app.state, &alice).await;
    for path in [
        "/api/orders/publish",
        "/api/orders/take?id=1",
        "/api/account/logout",
        "/lang?lang=zh-CN",
        "/uploads",
        "/account/avatar",
    ] {
        let response = app
            .client
            .get(app.url(path))
            .header("cookie", cookie.clone())
            .send()
            .await
            .expect("get");
        assert!(
            response.status().is_client_error(),
            "{path}: {}",
            response.status()
        );
        assert!(
            response
                .headers()
                .get("set-cookie")
                .is_none_or(|c| { !c.to_str().unwrap_or_default().starts_with("lang=") }),
            "{path}: nothing remembered"
        );
    }
    assert_eq!(count(&app.state, "orders").await, 0);
    app.stop().await;
}

#[tokio::test]
async fn a_cross_site_upload_is_refused_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let alice = user(&app.state, "Alice").await;
    let cookie = session_cookie(&app.state, &alice).await;
    let (name, value) = cookie.split_once('=').expect("cookie");
    let upload = |browser_origin: Option<String>| {
        let part = reqwest::multipart::Part::bytes(b"hello".to_vec()).file_name("a.txt");
        let mut request = app
            .client
            .post(app.url("/uploads"))
            .header("cookie", format!("{name}={value}"))
            .multipart(reqwest::multipart::Form::new().part("file", part));
        if let Some(origin) = browser_origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    let refused = upload(Some("https://evil.example".into()))
        .await
        .expect("upload");
    assert_eq!(refused.status(), 403);
    assert_eq!(count(&app.state, "files").await, 0);
    assert_eq!(stored_objects(&app.state), 0);
    let accepted = upload(Some(app.address.clone())).await.expect("upload");
    assert!(accepted.status().is_success(), "{}", accepted.status());
    assert_eq!(count(&app.state, "files").await, 1);
    app.stop().await;
}

async fn account(app: &TestApp, email: &str) {
    admin::create_admin(&app.state, email, "Victim", "s3cret-pass".into())
        .await
        .expect("account");
}

#[tokio::test]
async fn login_csrf_is_refused_by_origin_and_by_the_captcha_binding() {
    let app = TestApp::spawn().await;
    account(&app, "attacker@example.com").await;

    // The attacker solves a captcha in their own browser...
    let mut attacker = Browser::on_site(&app);
    let solved = attacker.solved_captcha().await;
    // ...and a foreign page makes the victim's browser post it.
    let mut victim_on_foreign_page = Browser::on_foreign_page(&app);
    victim_on_foreign_page.get("/login").await;
    let refused = victim_on_foreign_page
        .login_with(solved.clone(), "attacker@example.com", "s3cret-pass")
        .await;
    assert_eq!(refused.status(), 403);

    // Even a request that looked same-site: the captcha belongs to the
    // attacker's browser, not the victim's.
    let mut victim = Browser::on_site(&app);
    victim.get("/login").await;
    assert!(
        victim.cookie("pre_session").is_some(),
        "a pre-session cookie"
    );
    let replayed = victim
        .login_with(solved, "attacker@example.com", "s3cret-pass")
        .await;
    assert_eq!(replayed.status(), 422);
    let body: serde_json::Value = replayed.json().await.expect("json");
    assert_eq!(body["Invalid"][0]["code"], "captcha_expired");
    assert!(victim.cookie("session").is_none(), "not signed in");

    // The attacker's own browser signs in with a captcha of its own.
    let own = attacker.solved_captcha().await;
    let signed_in = attacker
        .login_with(own, "attacker@example.com", "s3cret-pass")
        .await;
    assert!(signed_in.status().is_success() || signed_in.status().is_redirection());
    assert!(attacker.cookie("session").is_some(), "signed in");
    app.stop().await;
}
