//! What the store itself must get right, on local storage and on an S3
//! server: a file larger than one part goes up in parts and comes back
//! whole and in ranges, the sweep deletes objects, avatars are served from
//! the store (so another instance serves them too), and a row whose object
//! is gone answers 404 rather than 500.

use crate::support::TestApp;
use crate::support::orders::{avatar_sized, draft, png_bytes, session_cookie, staged, user};
use crate::support::s3::storages;
use bounty::server::services::orders::{publish, sweep};
use bounty::server::storage::Storage;

async fn stored(app: &TestApp, key: &bounty::server::storage::Key) -> bool {
    app.state.storage.size(key).await.expect("size").is_some()
}

#[tokio::test]
async fn a_file_of_several_parts_comes_back_whole_and_in_ranges_across_parts() {
    // Three parts of object_store's 5 MiB, the last one short.
    let content: Vec<u8> = (0..12_000_000u32).map(|n| (n % 253) as u8).collect();
    for storage in storages().await {
        let app = TestApp::spawn_with(|settings| storage.configure(settings)).await;
        let alice = user(&app.state, "Alice").await;
        let big = staged(&app.state, &alice, "big.bin", &content).await;
        assert_eq!(big.size, 12_000_000, "{}", storage.name);
        let mut new = draft("Big file");
        new.files = vec![big.id.clone()];
        publish::publish(&app.state, &alice, &new)
            .await
            .expect("publish");
        let path = app.url(&format!("/files/{}", big.id));
        let whole = app.client.get(&path).send().await.expect("get");
        assert_eq!(whole.status(), 200, "{}", storage.name);
        assert_eq!(whole.bytes().await.expect("body").as_ref(), &content[..]);
        let across = app
            .client
            .get(&path)
            .header("range", "bytes=5242870-5242889")
            .send()
            .await
            .expect("range");
        assert_eq!(across.status(), 206, "{}", storage.name);
        assert_eq!(
            across.bytes().await.expect("body").as_ref(),
            &content[5_242_870..5_242_890]
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_sweep_deletes_abandoned_objects_from_the_store_and_keeps_attached_ones() {
    for storage in storages().await {
        let app = TestApp::spawn_with(|settings| storage.configure(settings)).await;
        let state = &app.state;
        let alice = user(state, "Alice").await;
        let kept = staged(state, &alice, "kept.png", &png_bytes()).await;
        let abandoned = staged(state, &alice, "abandoned.png", &png_bytes()).await;
        assert!(abandoned.has_thumbnail, "{}", storage.name);
        let mut new = draft("Keeps one");
        new.files = vec![kept.id.clone()];
        publish::publish(state, &alice, &new)
            .await
            .expect("publish");
        let future = bounty::server::auth::now_millis() + 1;
        assert_eq!(sweep::sweep_staged(state, future).await, Ok(1));
        assert!(!stored(&app, &Storage::file_key(&abandoned.id)).await);
        assert!(!stored(&app, &Storage::thumbnail_key(&abandoned.id)).await);
        assert!(stored(&app, &Storage::file_key(&kept.id)).await);
        if let Some(bucket) = &storage.bucket {
            assert_eq!(
                bucket.object_count().await,
                2,
                "the kept file and its thumbnail"
            );
        }
        app.stop().await;
    }
}

async fn upload_avatar(app: &TestApp, cookie: &str) -> String {
    let part = reqwest::multipart::Part::bytes(png_bytes())
        .file_name("me.png")
        .mime_str("image/png")
        .expect("mime");
    let response = app
        .client
        .post(app.url("/account/avatar"))
        .header("cookie", cookie)
        .multipart(reqwest::multipart::Form::new().part("avatar", part))
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    body["avatar"].as_str().expect("path").to_owned()
}

#[tokio::test]
async fn avatars_live_in_the_store_so_a_second_instance_serves_them() {
    for storage in storages().await {
        let first = TestApp::spawn_with(|settings| storage.configure(settings)).await;
        let second = TestApp::spawn_with(|settings| storage.configure(settings)).await;
        let alice = user(&first.state, "Alice").await;
        let cookie = session_cookie(&first.state, &alice).await;
        let old = upload_avatar(&first, &cookie).await;
        let new = upload_avatar(&first, &cookie).await;
        // Separate data dirs: only a shared bucket lets the second serve it.
        let servers: &[&TestApp] = match storage.bucket {
            Some(_) => &[&first, &second],
            None => &[&first],
        };
        for server in servers {
            for path in [new.clone(), avatar_sized(&new, 64)] {
                let served = server.get(&path).await;
                assert_eq!(served.status(), 200, "{}: {path}", storage.name);
                assert_eq!(served.headers()["content-type"], "image/jpeg");
            }
            assert_eq!(server.get(&old).await.status(), 404, "replaced, deleted");
        }
        assert_eq!(first.get("/avatars/..%2Fx-256.jpg").await.status(), 404);
        first.stop().await;
        second.stop().await;
    }
}

#[tokio::test]
async fn avatars_from_the_folder_used_before_are_carried_into_the_store_at_start() {
    for storage in storages().await {
        let app = TestApp::spawn_with(|settings| {
            storage.configure(settings);
            let folder = settings.server.data_dir.join("files").join("avatars");
            std::fs::create_dir_all(&folder).expect("folder");
            std::fs::write(folder.join("7-abc123-256.jpg"), b"old picture").expect("avatar");
            std::fs::write(folder.join("notes.txt"), b"not an avatar").expect("other");
        })
        .await;
        let served = app.get("/avatars/7-abc123-256.jpg").await;
        assert_eq!(served.status(), 200, "{}", storage.name);
        assert_eq!(
            served.bytes().await.expect("bytes").as_ref(),
            b"old picture"
        );
        if let Some(bucket) = &storage.bucket {
            assert_eq!(bucket.object_count().await, 1, "only the avatar was copied");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn a_row_whose_object_is_gone_answers_404_not_500() {
    for storage in storages().await {
        let app = TestApp::spawn_with(|settings| storage.configure(settings)).await;
        let alice = user(&app.state, "Alice").await;
        let picture = staged(&app.state, &alice, "lost.png", &png_bytes()).await;
        let mut new = draft("Lost file");
        new.files = vec![picture.id.clone()];
        publish::publish(&app.state, &alice, &new)
            .await
            .expect("publish");
        let whole = format!("/files/{}", picture.id);
        let thumb = format!("/files/{}/thumb", picture.id);
        assert_eq!(app.get(&whole).await.status(), 200, "{}", storage.name);
        for key in [
            Storage::file_key(&picture.id),
            Storage::thumbnail_key(&picture.id),
        ] {
            app.state.storage.delete(&key).await.expect("delete");
        }
        assert_eq!(app.get(&whole).await.status(), 404, "{}", storage.name);
        assert_eq!(app.get(&thumb).await.status(), 404, "{}", storage.name);
        app.stop().await;
    }
}
