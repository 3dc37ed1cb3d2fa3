//! The paged lists as the server renders them (what a browser without
//! JavaScript gets): a page with more rows links to the older page by a
//! plain `?before=` address that keeps the filter, that page links back
//! to the first, and a malformed cursor answers 422, never a 500.

use crate::paging_history::credit;
use crate::support::TestApp;
use crate::support::orders::{session_cookie, user};
use bounty::domain::notification::NotificationKind;
use bounty::server::auth::now_millis;
use bounty::server::db::notifications;

/// The `href` of the first link marked `rel="next"` in `html`.
fn next_link(html: &str) -> Option<String> {
    let at = html.find(r#"rel="next""#)?;
    let start = html[..at].rfind("<a ")?;
    let tag = &html[start..];
    let href = tag.find(r#"href=""#)? + 6;
    let end = tag[href..].find('"')? + href;
    Some(tag[href..end].replace("&amp;", "&"))
}

#[tokio::test]
async fn the_notifications_page_links_to_older_pages_without_javascript() {
    let app = TestApp::spawn().await;
    let reader = user(&app.state, "Page Reader").await;
    let cookie = session_cookie(&app.state, &reader).await;
    let mut tx = app.state.db.begin_write().await.expect("begin");
    for _ in 0..120 {
        notifications::insert(
            &mut tx,
            reader.id,
            NotificationKind::WithdrawalPaid.as_str(),
            None,
            None,
            now_millis(),
        )
        .await
        .expect("notification");
    }
    tx.commit().await.expect("commit");

    let first = app.get_page("/notifications", "en", Some(&cookie)).await;
    assert_eq!(first.status(), 200);
    let html = first.text().await.expect("body");
    let older = next_link(&html).expect("a link to the older page");
    assert!(older.starts_with("/notifications?before="), "{older}");
    assert!(!html.contains("Back to the first page"));

    let second = app.get_page(&older, "en", Some(&cookie)).await;
    assert_eq!(second.status(), 200);
    let html = second.text().await.expect("body");
    assert_eq!(next_link(&html), None, "120 notifications make two pages");
    assert!(html.contains("Back to the first page"), "{html}");
    assert_eq!(html.matches(r#"<li class="notification"#).count(), 20);
    app.stop().await;
}

#[tokio::test]
async fn the_wallet_page_keeps_its_filter_on_the_older_page_link() {
    let app = TestApp::spawn().await;
    let owner = user(&app.state, "Page Saver").await;
    let cookie = session_cookie(&app.state, &owner).await;
    for _ in 0..52 {
        credit(&app.state, &owner, 100).await;
    }
    let first = app
        .get_page("/wallet?kind=top_ups", "en", Some(&cookie))
        .await;
    assert_eq!(first.status(), 200);
    let html = first.text().await.expect("body");
    let older = next_link(&html).expect("a link to the older page");
    assert!(older.starts_with("/wallet?kind=top_ups&before="), "{older}");
    let second = app.get_page(&older, "en", Some(&cookie)).await;
    assert_eq!(second.status(), 200);
    let html = second.text().await.expect("body");
    assert_eq!(next_link(&html), None);
    assert!(html.contains("Back to the first page"));
    app.stop().await;
}

#[tokio::test]
async fn a_malformed_cursor_is_refused_with_422_on_every_paged_list() {
    let app = TestApp::spawn().await;
    let who = user(&app.state, "Cursor Breaker").await;
    let cookie = session_cookie(&app.state, &who).await;
    for path in [
        "/notifications?before=abc",
        "/notifications?before=-5",
        "/wallet?before=1_2",
        "/wallet?kind=all&before=99999999999999999999",
        "/messages?before=12",
        "/messages?before=x_y",
    ] {
        let response = app.get_page(path, "en", Some(&cookie)).await;
        assert_eq!(response.status(), 422, "{path}");
    }
    // A well-formed cursor past every row is an empty page, not an error.
    for path in [
        "/notifications?before=1",
        "/wallet?before=1",
        "/messages?before=1_1",
    ] {
        let response = app.get_page(path, "en", Some(&cookie)).await;
        assert_eq!(response.status(), 200, "{path}");
    }
    app.stop().await;
}
