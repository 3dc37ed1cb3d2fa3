//! Query values are decoded exactly once: `%`, `%25`, `%00` and invalid
//! UTF-8 in a search are taken literally, never decoded a second time, and
//! no control character reaches a page's HTML.

use crate::support::TestApp;
use crate::support::orders::{draft, user};
use bounty::server::services::orders::publish;

#[tokio::test]
async fn a_search_for_a_percent_sequence_finds_it_literally() {
    let app = TestApp::spawn().await;
    let alice = user(&app.state, "Alice").await;
    publish::publish(&app.state, &alice, &draft("Coupon 50%41 explained"))
        .await
        .expect("publish");
    publish::publish(&app.state, &alice, &draft("Plan 50A rollout"))
        .await
        .expect("publish");
    // The browser sends the typed `50%41` as `50%2541`.
    let html = app
        .get_page("/?q=50%2541", "en", None)
        .await
        .text()
        .await
        .expect("html");
    // The card marks the search term in its title (`<mark>`).
    assert!(
        html.contains("Coupon <mark>50%41"),
        "the literal title is found"
    );
    assert!(
        !html.contains("Plan 50A rollout"),
        "not decoded twice into 50A"
    );
    assert!(
        html.contains("value=\"50%41\""),
        "the search box shows what was typed"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_nul_or_invalid_utf8_in_a_query_never_reaches_the_html() {
    let app = TestApp::spawn().await;
    for query in [
        "/?q=%2500",
        "/?q=%00",
        "/?q=%FF%FE",
        "/?q=%",
        "/?q=%25",
        "/?sort=%2500&c=%00",
    ] {
        let response = app.get_page(query, "en", None).await;
        assert_eq!(response.status(), 200, "{query}");
        let bytes = response.bytes().await.expect("body");
        assert!(!bytes.contains(&0), "{query}: a NUL byte in the page");
        assert!(std::str::from_utf8(&bytes).is_ok(), "{query}: valid UTF-8");
    }
    let html = app
        .get_page("/?q=%2500", "en", None)
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("value=\"%00\""), "%2500 is the text %00");
    app.stop().await;
}
