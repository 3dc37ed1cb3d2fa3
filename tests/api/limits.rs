//! Rate limits and the storage quota (`services::limits`, `[rates]`): each
//! limited action answers 429 with `Retry-After` once over its budget, the
//! budget is shared by two instances on one Redis, a refused action writes
//! nothing, and uploads stop at the user's quota with a clear 4xx.

use crate::support::TestApp;
use crate::support::backends::{Cleanup, postgres_database, redis_prefix};
use crate::support::orders::{count, draft, png_bytes, session_cookie, user};
use bounty::server::config::Settings;

/// Two instances on one PostgreSQL and one Redis prefix, every rate at
/// `budget`, then `adjust`.
async fn two_instances(
    budget: u64,
    adjust: impl Fn(&mut Settings) + Clone,
) -> Option<(TestApp, TestApp, Vec<Cleanup>)> {
    let (database, db_cleanup) = postgres_database().await?;
    let (redis, prefix, redis_cleanup) = redis_prefix().await?;
    let spawn = || {
        let (database, redis, prefix, adjust) = (
            database.clone(),
            redis.clone(),
            prefix.clone(),
            adjust.clone(),
        );
        TestApp::spawn_with(move |settings| {
            settings.database.url = database;
            settings.redis.url = redis;
            settings.redis.prefix = prefix;
            let rates = &mut settings.rates;
            rates.captchas_per_ip_per_minute = budget;
            rates.chat_opens_per_user_per_hour = budget;
            rates.orders_per_user_per_day = budget;
            rates.payments_per_user_per_hour = budget;
            rates.uploads_per_user_per_hour = budget;
            rates.avatars_per_user_per_hour = budget;
            rates.saved_search_changes_per_user_per_hour = budget;
            adjust(settings);
        })
    };
    let a = spawn().await;
    let b = spawn().await;
    Some((a, b, vec![db_cleanup, redis_cleanup]))
}

/// One limited action over HTTP, as the browser sends it.
#[derive(Debug, Clone, Copy)]
enum Try {
    Captcha,
    ChatOpen,
    Publish,
    TopUp,
    Upload,
    Avatar,
    SaveSearch,
}

impl Try {
    const ALL: [Try; 7] = [
        Try::Captcha,
        Try::ChatOpen,
        Try::Publish,
        Try::TopUp,
        Try::Upload,
        Try::Avatar,
        Try::SaveSearch,
    ];

    async fn send(self, app: &TestApp, cookie: &str, other: i64, n: usize) -> reqwest::Response {
        let post = |path: &str| {
            app.client
                .post(app.url(path))
                .header("origin", &app.address)
                .header("cookie", cookie)
        };
        let request = match self {
            Try::Captcha => post("/api/captcha").form(&[("id", "")]),
            Try::ChatOpen => post("/api/chat/open").form(&[("user_id", other.to_string())]),
            Try::Publish => post("/api/orders/publish")
                .json(&serde_json::json!({ "draft": draft(&format!("Limited {n}")) })),
            Try::TopUp => post("/api/money/top_up")
                .form(&[("amount", "5.00"), ("key", &format!("limit-key-{n}"))]),
            Try::Upload => {
                let part =
                    reqwest::multipart::Part::bytes(b"a small file".to_vec()).file_name("a.txt");
                post("/uploads").multipart(reqwest::multipart::Form::new().part("file", part))
            }
            Try::Avatar => {
                let part = reqwest::multipart::Part::bytes(png_bytes())
                    .file_name("me.png")
                    .mime_str("image/png")
                    .expect("mime");
                post("/account/avatar")
                    .multipart(reqwest::multipart::Form::new().part("avatar", part))
            }
            Try::SaveSearch => post("/api/searches/save").form(&[
                ("name", format!("Limited {n}")),
                ("query", format!("?q=l{n}")),
            ]),
        };
        request.send().await.expect("request")
    }
}

#[tokio::test]
async fn each_limited_action_answers_429_with_retry_after_across_two_instances() {
    let Some((a, b, _cleanup)) = two_instances(2, |_| {}).await else {
        return;
    };
    for action in Try::ALL {
        // A fresh user per action, so budgets do not mix.
        let me = user(&a.state, &format!("Limited {action:?}")).await;
        let other = user(&a.state, &format!("Other {action:?}")).await;
        let on_a = session_cookie(&a.state, &me).await;
        let on_b = session_cookie(&b.state, &me).await;
        for n in 0..2 {
            let answer = action.send(&a, &on_a, other.id, n).await;
            let status = answer.status();
            let body = answer.text().await.unwrap_or_default();
            assert!(
                status.is_success() || status.is_redirection(),
                "{action:?} #{n} within the budget: {status} {body}"
            );
        }
        let orders_before = count(&a.state, "orders").await;
        let files_before = count(&a.state, "files").await;
        let refused = action.send(&b, &on_b, other.id, 2).await;
        assert_eq!(
            refused.status(),
            429,
            "{action:?}: the third, on the other instance, is over the shared budget"
        );
        let retry_after: u64 = refused.headers()["retry-after"]
            .to_str()
            .expect("ascii")
            .parse()
            .expect("seconds");
        assert!(retry_after >= 1, "{action:?}: {retry_after}");
        let body = refused.text().await.expect("body");
        assert!(
            body.contains("RateLimited") || body.contains("rate"),
            "{action:?}: {body}"
        );
        assert_eq!(count(&a.state, "orders").await, orders_before, "{action:?}");
        assert_eq!(count(&a.state, "files").await, files_before, "{action:?}");
    }
}

#[tokio::test]
async fn an_upload_past_the_storage_quota_is_refused_and_leaves_nothing() {
    let app = TestApp::spawn_with(|settings| settings.rates.storage_quota_bytes = 1000).await;
    let me = user(&app.state, "Quota keeper").await;
    let cookie = session_cookie(&app.state, &me).await;
    let upload = |bytes: Vec<u8>| {
        let part = reqwest::multipart::Part::bytes(bytes).file_name("data.txt");
        app.client
            .post(app.url("/uploads"))
            .header("origin", &app.address)
            .header("cookie", &cookie)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
    };
    let first = upload(vec![b'a'; 600]).await.expect("first");
    assert_eq!(first.status(), 201);
    let objects_before = crate::support::orders::stored_objects(&app.state);
    let second = upload(vec![b'b'; 600]).await.expect("second");
    assert_eq!(
        second.status(),
        422,
        "600 + 600 bytes is over a 1000-byte quota"
    );
    let body = second.text().await.expect("body");
    assert!(body.contains("storage_quota"), "{body}");
    assert_eq!(
        count(&app.state, "files").await,
        1,
        "no row for the refused file"
    );
    assert_eq!(
        crate::support::orders::stored_objects(&app.state),
        objects_before,
        "no object left behind"
    );
    // What still fits is taken.
    let small = upload(vec![b'c'; 300]).await.expect("small");
    assert_eq!(small.status(), 201);

    // An avatar counts too: 900 bytes used, no room for its pictures.
    let part = reqwest::multipart::Part::bytes(png_bytes())
        .file_name("me.png")
        .mime_str("image/png")
        .expect("mime");
    let avatar = app
        .client
        .post(app.url("/account/avatar"))
        .header("origin", &app.address)
        .header("cookie", &cookie)
        .multipart(reqwest::multipart::Form::new().part("avatar", part))
        .send()
        .await
        .expect("avatar");
    assert_eq!(avatar.status(), 422);
    assert!(avatar.text().await.expect("body").contains("storage_quota"));
    app.stop().await;
}
