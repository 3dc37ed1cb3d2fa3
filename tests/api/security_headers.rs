//! Security headers on a page, a server function and a file; HSTS and the
//! `__Host-` session cookie under https; the session's absolute lifetime.

use crate::support::TestApp;
use crate::support::browser::Browser;
use crate::support::orders::{session_cookie, staged, user};
use bounty::server::auth::{now_millis, random_id, token};
use bounty::server::services::{admin, sessions};

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
}

fn assert_common_headers(response: &reqwest::Response, what: &str) {
    let csp = header(response, "content-security-policy");
    let scripts = csp
        .split("; ")
        .find(|directive| directive.starts_with("script-src"))
        .unwrap_or_default();
    assert!(!scripts.is_empty(), "{what}: CSP {csp}");
    assert!(!scripts.contains("unsafe-inline"), "{what}: {scripts}");
    assert!(!scripts.contains("'unsafe-eval'"), "{what}: {scripts}");
    for directive in [
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
    ] {
        assert!(csp.contains(directive), "{what}: {directive} in {csp}");
    }
    assert_eq!(
        header(response, "x-content-type-options"),
        "nosniff",
        "{what}"
    );
    assert_eq!(header(response, "referrer-policy"), "same-origin", "{what}");
    assert!(
        header(response, "permissions-policy").contains("camera=()"),
        "{what}"
    );
}

#[tokio::test]
async fn the_headers_are_on_a_page_a_server_function_and_a_file() {
    let app = TestApp::spawn().await;
    let page = app.get_page("/", "en", None).await;
    assert_eq!(page.status(), 200);
    assert_common_headers(&page, "page");
    assert!(
        header(&page, "strict-transport-security").is_empty(),
        "no HSTS over http"
    );
    // The page's inline script carries the nonce its policy names.
    let csp = header(&page, "content-security-policy").to_owned();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the page's policy")
        .to_owned();
    let html = page.text().await.expect("html");
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "script nonce");
    let second = app.get_page("/", "en", None).await;
    assert!(
        !header(&second, "content-security-policy").contains(&nonce),
        "a new nonce per page"
    );

    let function = app
        .client
        .post(app.url("/api/orders/categories"))
        .send()
        .await
        .expect("categories");
    assert_eq!(function.status(), 200);
    assert_common_headers(&function, "server function");
    assert!(!header(&function, "content-security-policy").contains("nonce"));

    let alice = user(&app.state, "Alice").await;
    let file = staged(&app.state, &alice, "note.txt", b"plain text").await;
    let cookie = session_cookie(&app.state, &alice).await;
    let download = app
        .client
        .get(app.url(&format!("/files/{}", file.id)))
        .header("cookie", cookie)
        .send()
        .await
        .expect("file");
    assert_eq!(download.status(), 200);
    assert_common_headers(&download, "file");

    let missing = app.get("/no/such/page").await;
    assert_eq!(missing.status(), 404);
    assert_common_headers(&missing, "404 page");
    app.stop().await;
}

#[tokio::test]
async fn under_https_the_session_cookie_is_host_prefixed_secure_http_only_and_lax_and_hsts_is_sent()
{
    let app = TestApp::spawn_with(|settings| {
        settings.server.public_url = "https://bounty.example".into();
    })
    .await;
    admin::create_admin(
        &app.state,
        "grace@example.com",
        "Grace",
        "s3cret-pass".into(),
    )
    .await
    .expect("account");
    let mut browser = Browser::on_site(&app);
    let page = browser.get("/login").await;
    assert_eq!(
        header(&page, "strict-transport-security"),
        "max-age=63072000; includeSubDomains"
    );
    assert!(browser.cookie("__Host-pre_session").is_some());
    let captcha = browser.solved_captcha().await;
    let response = browser
        .login_with(captcha, "grace@example.com", "s3cret-pass")
        .await;
    let set_cookie: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    let session = set_cookie
        .iter()
        .find(|c| c.starts_with("__Host-session="))
        .unwrap_or_else(|| panic!("session cookie in {set_cookie:?}"));
    for flag in ["HttpOnly", "Secure", "SameSite=Lax", "Path=/"] {
        assert!(session.contains(flag), "{flag} in {session}");
    }
    assert!(!session.contains("Domain"), "{session}");
    app.stop().await;
}

#[tokio::test]
async fn over_http_in_development_the_session_cookie_is_http_only_and_lax() {
    let app = TestApp::spawn().await;
    admin::create_admin(&app.state, "ada@example.com", "Ada", "s3cret-pass".into())
        .await
        .expect("account");
    let mut browser = Browser::on_site(&app);
    let captcha = browser.solved_captcha().await;
    let response = browser
        .login_with(captcha, "ada@example.com", "s3cret-pass")
        .await;
    let session = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("session="))
        .map(str::to_owned)
        .expect("session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_session_ends_after_its_absolute_lifetime_however_active_it_was() {
    let app = TestApp::spawn().await;
    let alice = user(&app.state, "Alice").await;
    let day = 24 * 60 * 60 * 1000;
    let now = now_millis();
    let alice_id = alice.id;
    let open = |created_days_ago: i64| {
        let state = app.state.clone();
        async move {
            let id = random_id(32);
            let mut tx = state.db.begin_write().await.expect("begin");
            // Active until a minute ago: the sliding expiry is far off.
            bounty::server::db::sessions::insert(
                &mut tx,
                &id,
                alice_id,
                now - created_days_ago * day,
                now + 60 * 60 * 1000,
            )
            .await
            .expect("session");
            tx.commit().await.expect("commit");
            token::issue(state.secrets.signing_key(), alice_id, &id, now).expect("token")
        }
    };
    let young = open(29).await;
    let old = open(31).await;
    assert!(
        sessions::authenticate(&app.state, &young)
            .await
            .expect("auth")
            .is_some(),
        "29 days old: live"
    );
    assert!(
        sessions::authenticate(&app.state, &old)
            .await
            .expect("auth")
            .is_none(),
        "31 days old: ended (default lifetime 30 days)"
    );
    app.stop().await;
}
