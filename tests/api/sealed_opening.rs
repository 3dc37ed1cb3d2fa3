//! Opening a sealed solution over HTTP: a page view (or any GET) never
//! records an opening nor starts the countdown; the publisher's POST to
//! `orders/open_solution` does, once, with JavaScript on or off; everyone
//! else is refused and nothing is written; the solution's files reach the
//! publisher only after opening.

use crate::support::TestApp;
use crate::support::browser::Browser;
use crate::support::money::{REWARD, admin_of, answer, funded_submission, key, top_up};
use crate::support::orders::{draft, session_cookie, staged, user};
use bounty::domain::CurrentUser;
use bounty::domain::order::SubmissionDraft;
use bounty::server::services::money::{dispute, fund};
use bounty::server::services::orders::{lifecycle, publish, submit};
use bounty::server::state::AppState;

/// A browser on the site, signed in as `who` (or signed out).
async fn browser<'a>(app: &'a TestApp, who: Option<&CurrentUser>) -> Browser<'a> {
    let mut browser = Browser::on_site(app);
    if let Some(who) = who {
        let cookie = session_cookie(&app.state, who).await;
        let (name, value) = cookie.split_once('=').expect("name=value");
        browser.set_cookie(name, value);
    }
    browser
}

/// POSTs the open action; `plain` as a form without JavaScript would.
async fn post_open(browser: &mut Browser<'_>, id: i64, plain: bool) -> reqwest::Response {
    let form = [("id", id.to_string())];
    browser
        .send(
            reqwest::Method::POST,
            "/api/orders/open_solution",
            |request| {
                let request = request.form(&form);
                if plain {
                    request.header("accept", "text/html")
                } else {
                    request
                }
            },
        )
        .await
}

/// (receipts, countdown due) of the order.
async fn opening(state: &AppState, id: i64) -> (i64, Option<i64>) {
    let receipts = sqlx::query_scalar("SELECT COUNT(*) FROM reveals WHERE order_id = $1")
        .bind(id)
        .fetch_one(state.db.pool())
        .await
        .expect("receipts");
    let due = sqlx::query_scalar("SELECT release_due_at FROM orders WHERE id = $1")
        .bind(id)
        .fetch_one(state.db.pool())
        .await
        .expect("due");
    (receipts, due)
}

#[tokio::test]
async fn a_get_of_an_order_never_starts_the_countdown() {
    let app = TestApp::spawn().await;
    let (publisher, _taker, id) = funded_submission(&app.state, "Looked at").await;
    let mut publisher_browser = browser(&app, Some(&publisher)).await;
    let page = publisher_browser.get(&format!("/orders/{id}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("Open the solution"), "the button is offered");
    assert!(!html.contains("Version one"), "the content stays sealed");
    let read = publisher_browser
        .post_form("/api/orders/view", &[("id", &id.to_string())])
        .await;
    assert_eq!(read.status(), 200);
    let by_get = publisher_browser
        .get(&format!("/api/orders/open_solution?id={id}"))
        .await;
    assert!(by_get.status().is_client_error(), "{}", by_get.status());
    assert_eq!(opening(&app.state, id).await, (0, None));
    app.stop().await;
}

#[tokio::test]
async fn the_publisher_opens_the_solution_with_a_post_once_with_or_without_javascript() {
    let app = TestApp::spawn().await;
    let (publisher, _taker, id) = funded_submission(&app.state, "Opened").await;
    let mut publisher_browser = browser(&app, Some(&publisher)).await;
    let plain = post_open(&mut publisher_browser, id, true).await;
    assert!(plain.status().is_redirection(), "{}", plain.status());
    let location = plain.headers().get("location").expect("location");
    assert_eq!(location.to_str().expect("text"), format!("/orders/{id}"));
    let (receipts, due) = opening(&app.state, id).await;
    assert_eq!(receipts, 1);
    assert!(due.is_some(), "the countdown runs");
    // A second click (JavaScript on this time) changes nothing.
    let again = post_open(&mut publisher_browser, id, false).await;
    assert_eq!(again.status(), 200);
    assert_eq!(opening(&app.state, id).await, (1, due));
    let html = publisher_browser
        .get(&format!("/orders/{id}"))
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("Version one"), "the content is shown");
    assert!(html.contains("Matches the sealed preview"));
    assert!(!html.contains("Open the solution"));
    app.stop().await;
}

#[tokio::test]
async fn only_the_publisher_of_a_funded_undisputed_order_may_open_it() {
    let app = TestApp::spawn().await;
    let state = &app.state;
    let (publisher, taker, id) = funded_submission(state, "Guarded").await;
    let stranger = user(state, "Stranger").await;
    let admin = admin_of(user(state, "Admin").await);
    let mut anonymous = browser(&app, None).await;
    assert_eq!(post_open(&mut anonymous, id, false).await.status(), 401);
    for who in [&stranger, &taker, &admin] {
        let mut other = browser(&app, Some(who)).await;
        assert_eq!(post_open(&mut other, id, false).await.status(), 403);
    }
    // A submitted order whose reward is not in escrow yet.
    let unfunded = publish::publish(state, &publisher, &draft("Unpaid"))
        .await
        .expect("publish");
    lifecycle::take(state, &taker, unfunded)
        .await
        .expect("take");
    submit::submit(state, &taker, unfunded, &answer("Hidden"))
        .await
        .expect("submit");
    let mut publisher_browser = browser(&app, Some(&publisher)).await;
    assert_eq!(
        post_open(&mut publisher_browser, unfunded, false)
            .await
            .status(),
        409
    );
    let html = publisher_browser
        .get(&format!("/orders/{unfunded}"))
        .await
        .text()
        .await
        .expect("html");
    assert!(
        !html.contains("Open the solution"),
        "no button before funding"
    );
    // A disputed order is frozen.
    dispute::open(state, &taker, id, "Nothing to see yet")
        .await
        .expect("dispute");
    assert_eq!(
        post_open(&mut publisher_browser, id, false).await.status(),
        409
    );
    assert_eq!(
        post_open(&mut publisher_browser, 987_654, false)
            .await
            .status(),
        404
    );
    assert_eq!(opening(state, id).await, (0, None));
    assert_eq!(opening(state, unfunded).await, (0, None));
    app.stop().await;
}

#[tokio::test]
async fn the_publisher_cannot_download_solution_files_before_opening() {
    let app = TestApp::spawn().await;
    let state = &app.state;
    let publisher = user(state, "Downloader").await;
    let taker = user(state, "Uploader").await;
    let stranger = user(state, "Outsider").await;
    let id = publish::publish(state, &publisher, &draft("Files"))
        .await
        .expect("publish");
    lifecycle::take(state, &taker, id).await.expect("take");
    let file = staged(state, &taker, "answer.txt", b"the answer\n").await;
    let solution = SubmissionDraft {
        blocks: vec!["See the file.".into()],
        files: vec![file.id.clone()],
    };
    submit::submit(state, &taker, id, &solution)
        .await
        .expect("submit");
    top_up(state, &publisher, REWARD).await;
    fund::fund(state, &publisher, id, &key())
        .await
        .expect("fund");
    let path = format!("/files/{}", file.id);
    let mut publisher_browser = browser(&app, Some(&publisher)).await;
    let mut taker_browser = browser(&app, Some(&taker)).await;
    let mut stranger_browser = browser(&app, Some(&stranger)).await;
    assert_eq!(taker_browser.get(&path).await.status(), 200);
    assert_eq!(
        publisher_browser.get(&path).await.status(),
        404,
        "funded but not opened"
    );
    assert_eq!(
        post_open(&mut publisher_browser, id, false).await.status(),
        200
    );
    assert_eq!(publisher_browser.get(&path).await.status(), 200);
    assert_eq!(stranger_browser.get(&path).await.status(), 404);
    app.stop().await;
}
