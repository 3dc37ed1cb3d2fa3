//! Profiles and avatars, on SQLite + in-process bus and on PostgreSQL +
//! Redis; and the avatar upload over HTTP.

use crate::support::TestApp;
use crate::support::orders::avatar_sized;
use crate::support::stacks::stacks;
use bounty::domain::AppError;
use bounty::server::services::admin::{self, AdminCreated};
use bounty::server::services::{profile, sessions};
use bounty::server::state::AppState;
use image::{ImageFormat, Rgb, RgbImage};
use std::io::Cursor;

fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut bytes = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .expect("png");
    bytes
}

async fn account(state: &AppState, email: &str) -> i64 {
    match admin::create_admin(state, email, "Maker", "s3cret-pass".into())
        .await
        .expect("account")
    {
        AdminCreated::NewAccount(id) => id,
        AdminCreated::Promoted => panic!("expected a new account"),
    }
}

fn field_code(error: AppError) -> String {
    match error {
        AppError::Invalid(fields) => fields[0].code.clone(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[tokio::test]
async fn a_profile_saves_and_the_public_view_hides_email_and_phone() {
    for stack in stacks().await {
        let id = account(&stack.state, "pro@example.com").await;
        profile::update(
            &stack.state,
            id,
            " Grace ",
            "Line one\nLine two",
            "+86 138 0000 0000",
        )
        .await
        .expect("saved");
        let own = profile::own(&stack.state, id).await.expect("own");
        assert_eq!(
            (own.nickname.as_str(), own.phone.as_str()),
            ("Grace", "+86 138 0000 0000")
        );
        let public = profile::public(&stack.state, id).await.expect("public");
        let json = serde_json::to_string(&public).expect("json");
        assert!(
            !json.contains("pro@example.com") && !json.contains("138"),
            "{}: {json}",
            stack.name
        );
        assert_eq!(public.intro, "Line one\nLine two");
    }
}

#[tokio::test]
async fn bad_profile_fields_are_refused_and_nothing_changes() {
    for stack in stacks().await {
        let id = account(&stack.state, "bad@example.com").await;
        let long_intro = "x".repeat(501);
        let error = profile::update(&stack.state, id, "", &long_intro, "call me")
            .await
            .expect_err("bad");
        let AppError::Invalid(fields) = error else {
            panic!("expected Invalid")
        };
        let codes: Vec<_> = fields
            .iter()
            .map(|f| (f.field.as_str(), f.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("nickname", "required"),
                ("intro", "too_long"),
                ("phone", "invalid_phone")
            ]
        );
        assert_eq!(
            profile::own(&stack.state, id).await.expect("own").nickname,
            "Maker",
            "{}",
            stack.name
        );
        assert_eq!(
            profile::public(&stack.state, 987_654).await,
            Err(AppError::NotFound)
        );
    }
}

#[tokio::test]
async fn a_new_avatar_replaces_the_old_files_and_a_fake_one_changes_nothing() {
    for stack in stacks().await {
        let id = account(&stack.state, "face@example.com").await;
        let first = profile::set_avatar(&stack.state, id, png(300, 200), None)
            .await
            .expect("first");
        let second = profile::set_avatar(&stack.state, id, png(120, 120), None)
            .await
            .expect("second");
        assert_ne!(first, second);
        let stored = |path: &str| {
            let name = path.trim_start_matches("/avatars/").to_owned();
            let key = bounty::server::storage::Storage::avatar_key(&name);
            let storage = stack.state.storage.clone();
            async move { storage.size(&key).await.expect("size").is_some() }
        };
        assert!(!stored(&first).await, "{}: old files deleted", stack.name);
        assert!(stored(&second).await);

        let fake = profile::set_avatar(&stack.state, id, b"<?php echo 1; ?>".to_vec(), None).await;
        assert_eq!(field_code(fake.expect_err("fake")), "not_an_image");
        let own = profile::own(&stack.state, id).await.expect("own");
        assert_eq!(
            own.avatar.as_deref(),
            Some(second.as_str()),
            "{}: unchanged",
            stack.name
        );
    }
}

async fn signed_in(app: &TestApp) -> (i64, String) {
    let id = account(&app.state, "upload@example.com").await;
    let token = sessions::login(&app.state, "upload@example.com", "s3cret-pass".into(), None)
        .await
        .expect("login")
        .token;
    (id, format!("session={token}"))
}

fn form(bytes: Vec<u8>, crop: Option<(u32, u32, u32)>) -> reqwest::multipart::Form {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name("me.png")
        .mime_str("image/png")
        .expect("mime");
    let mut form = reqwest::multipart::Form::new().part("avatar", part);
    if let Some((x, y, size)) = crop {
        form = form
            .text("crop_x", x.to_string())
            .text("crop_y", y.to_string())
            .text("crop_size", size.to_string());
    }
    form
}

#[tokio::test]
async fn an_uploaded_avatar_is_served_as_two_square_jpegs() {
    let app = TestApp::spawn().await;
    let (_, cookie) = signed_in(&app).await;
    let response = app
        .client
        .post(app.url("/account/avatar"))
        .header("cookie", &cookie)
        .multipart(form(png(400, 300), Some((50, 20, 250))))
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    let large = body["avatar"].as_str().expect("path").to_owned();
    for (path, size) in [(large.clone(), 256), (avatar_sized(&large, 64), 64)] {
        let served = app.get(&path).await;
        assert_eq!(served.status(), 200, "{path}");
        assert_eq!(served.headers()["content-type"], "image/jpeg");
        let picture = image::load_from_memory(&served.bytes().await.expect("bytes")).expect("jpeg");
        assert_eq!((picture.width(), picture.height()), (size, size));
    }
}

#[tokio::test]
async fn uploads_need_a_session_a_real_image_and_a_crop_inside_it() {
    let app = TestApp::spawn().await;
    let (_, cookie) = signed_in(&app).await;
    let post = |form: reqwest::multipart::Form, cookie: Option<&str>| {
        let mut request = app.client.post(app.url("/account/avatar")).multipart(form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie.to_owned());
        }
        request.send()
    };
    assert_eq!(
        post(form(png(64, 64), None), None)
            .await
            .expect("anon")
            .status(),
        401
    );
    let fake = post(form(b"GIF89a definitely not".to_vec(), None), Some(&cookie))
        .await
        .expect("fake");
    assert_eq!(fake.status(), 422);
    let body: serde_json::Value = fake.json().await.expect("json");
    assert_eq!(body["error"]["Invalid"][0]["code"], "not_an_image");
    let outside = post(form(png(64, 64), Some((40, 40, 40))), Some(&cookie))
        .await
        .expect("crop");
    assert_eq!(outside.status(), 422);
    let oversized = post(form(vec![0u8; 6 * 1024 * 1024], None), Some(&cookie))
        .await
        .expect("big");
    assert_eq!(oversized.status(), 413);
}

#[tokio::test]
async fn a_plain_form_upload_is_answered_with_a_redirect() {
    let app = TestApp::spawn().await;
    let (_, cookie) = signed_in(&app).await;
    let ok = app
        .client
        .post(app.url("/account/avatar"))
        .header("cookie", &cookie)
        .header("accept", "text/html")
        .multipart(form(png(80, 80), None))
        .send()
        .await
        .expect("upload");
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/account?avatar=saved");
    let bad = app
        .client
        .post(app.url("/account/avatar"))
        .header("cookie", &cookie)
        .header("accept", "text/html")
        .multipart(form(b"nope".to_vec(), None))
        .send()
        .await
        .expect("upload");
    assert_eq!(
        bad.headers()["location"],
        "/account?avatar_error=not_an_image"
    );
}

#[tokio::test]
async fn a_plain_form_upload_past_the_rate_is_answered_with_a_page_not_json() {
    let app = TestApp::spawn_with(|settings| settings.rates.avatars_per_user_per_hour = 1).await;
    let (_, cookie) = signed_in(&app).await;
    let plain = || {
        app.client
            .post(app.url("/account/avatar"))
            .header("cookie", &cookie)
            .header("accept", "text/html")
            .multipart(form(png(80, 80), None))
            .send()
    };
    assert_eq!(plain().await.expect("first").status(), 303);
    let over = plain().await.expect("second");
    assert_eq!(over.status(), 303);
    assert_eq!(
        over.headers()["location"],
        "/account?avatar_error=rate_limited"
    );
}
