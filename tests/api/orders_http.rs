//! The order server functions as public HTTP endpoints: a visitor without a
//! session is refused every change, a forged or malformed request gets a
//! 4xx, and the refusals change nothing.

use crate::support::TestApp;
use crate::support::orders::{count, draft, session_cookie, user};
use bounty::server::services::orders::publish;

#[tokio::test]
async fn a_visitor_without_a_session_can_read_but_not_change_orders() {
    let app = TestApp::spawn().await;
    let alice = user(&app.state, "Alice").await;
    let id = publish::publish(&app.state, &alice, &draft("Public"))
        .await
        .expect("publish");
    let form = [("id", id.to_string())];
    for endpoint in ["take", "return", "reopen", "delete"] {
        let response = app
            .client
            .post(app.url(&format!("/api/orders/{endpoint}")))
            .form(&form)
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), 401, "{endpoint}");
    }
    let publish = app
        .client
        .post(app.url("/api/orders/publish"))
        .json(&serde_json::json!({ "draft": draft("Anonymous") }))
        .send()
        .await
        .expect("publish");
    assert_eq!(publish.status(), 401);
    let view = app
        .client
        .post(app.url("/api/orders/view"))
        .form(&form)
        .send()
        .await
        .expect("view");
    assert_eq!(view.status(), 200, "anyone may read an order");
    assert_eq!(count(&app.state, "orders").await, 1);
    app.stop().await;
}

#[tokio::test]
async fn forged_and_malformed_requests_get_a_4xx_and_change_nothing() {
    let app = TestApp::spawn().await;
    let alice = user(&app.state, "Alice").await;
    let mallory = user(&app.state, "Mallory").await;
    let id = publish::publish(&app.state, &alice, &draft("Mine"))
        .await
        .expect("publish");
    let cookie = session_cookie(&app.state, &mallory).await;
    let post = |path: &str, form: Vec<(&'static str, String)>| {
        app.client
            .post(app.url(path))
            .header("cookie", cookie.clone())
            .form(&form)
            .send()
    };
    let delete = post("/api/orders/delete", vec![("id", id.to_string())])
        .await
        .expect("delete");
    assert_eq!(delete.status(), 403, "someone else's order");
    let unknown = post("/api/orders/take", vec![("id", "987654".into())])
        .await
        .expect("take");
    assert_eq!(unknown.status(), 404);
    let garbage = post(
        "/api/orders/take",
        vec![("id", "1; DROP TABLE orders".into())],
    )
    .await
    .expect("take");
    assert_eq!(garbage.status(), 422);
    let bad_json = app
        .client
        .post(app.url("/api/orders/publish"))
        .header("cookie", cookie.clone())
        .header("content-type", "application/json")
        .body("{\"draft\": {\"title\": 5}}")
        .send()
        .await
        .expect("publish");
    assert_eq!(bad_json.status(), 422);
    assert_eq!(count(&app.state, "orders").await, 1);
    app.stop().await;
}
