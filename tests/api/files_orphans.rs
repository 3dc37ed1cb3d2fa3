//! Orphaned objects (`services::orphans`): an object whose row is gone (a
//! crash between commit and delete, a deleted conversation taking its chat
//! files with it, an avatar replaced but not deleted) is collected by the
//! sweep once past its grace; objects with rows, fresh objects and keys of
//! shapes the server never makes stay; on local files and on S3.

use crate::support::TestApp;
use crate::support::orders::{png_bytes, staged, user};
use crate::support::s3::storages;
use bounty::server::auth::now_millis;
use bounty::server::services::chat::conversations;
use bounty::server::services::orphans::{self, Collected};
use bounty::server::storage::{Key, Storage};

async fn exists(app: &TestApp, key: &Key) -> bool {
    app.state.storage.size(key).await.expect("size").is_some()
}

#[tokio::test]
async fn objects_whose_rows_are_gone_are_collected_and_the_rest_stay() {
    for storage in storages().await {
        let app = TestApp::spawn_with(|settings| storage.configure(settings)).await;
        let case = storage.name;
        let state = &app.state;
        let alice = user(state, "Alice").await;
        let bob = user(state, "Bob").await;
        let kept = staged(state, &alice, "kept.png", &png_bytes()).await;
        let crashed = staged(state, &alice, "crashed.png", &png_bytes()).await;
        assert!(crashed.has_thumbnail, "{case}");
        // A crash between the commit that removed the row and the delete.
        sqlx::query("DELETE FROM files WHERE id = $1")
            .bind(&crashed.id)
            .execute(state.db.pool())
            .await
            .expect("row gone");
        // A chat file goes with its conversation.
        let conversation = conversations::open(state, &alice, bob.id, None)
            .await
            .expect("conversation");
        let chat_file = staged(state, &alice, "chat.txt", b"said in chat").await;
        sqlx::query("UPDATE files SET conversation_id = $1 WHERE id = $2")
            .bind(conversation)
            .bind(&chat_file.id)
            .execute(state.db.pool())
            .await
            .expect("attached to the chat");
        sqlx::query("DELETE FROM conversations WHERE id = $1")
            .bind(conversation)
            .execute(state.db.pool())
            .await
            .expect("conversation deleted");
        // An old avatar left behind, a current one, and a stranger's key.
        let current =
            bounty::server::services::profile::set_avatar(state, alice.id, png_bytes(), None)
                .await
                .expect("avatar");
        let left_behind = Storage::avatar_key(&format!("{}-00ff00ff00ff00ff-256.jpg", alice.id));
        state
            .storage
            .put(&left_behind, b"old".to_vec())
            .await
            .expect("put");
        let stranger = Key::from_iter(["files", "README"]);
        state
            .storage
            .put(&stranger, b"not ours".to_vec())
            .await
            .expect("put");

        // Within the grace nothing is touched.
        let early = orphans::collect_now(state).await.expect("collect");
        assert_eq!(early, Collected::default(), "{case}");
        assert!(
            exists(&app, &Storage::file_key(&crashed.id)).await,
            "{case}"
        );

        // Past it (the clock moved on), the orphans go.
        let later = orphans::collect(state, now_millis() + 1_000)
            .await
            .expect("collect");
        assert_eq!(
            later,
            Collected {
                files: 2,
                thumbnails: 1,
                avatars: 1
            },
            "{case}"
        );
        for gone in [
            Storage::file_key(&crashed.id),
            Storage::thumbnail_key(&crashed.id),
            Storage::file_key(&chat_file.id),
            left_behind,
        ] {
            assert!(!exists(&app, &gone).await, "{case}: {gone}");
        }
        assert!(exists(&app, &Storage::file_key(&kept.id)).await, "{case}");
        assert!(
            exists(&app, &Storage::thumbnail_key(&kept.id)).await,
            "{case}"
        );
        assert!(
            exists(&app, &stranger).await,
            "{case}: a key we never make stays"
        );
        let avatar_name = current.rsplit('/').next().expect("name").to_owned();
        assert!(
            exists(&app, &Storage::avatar_key(&avatar_name)).await,
            "{case}: the current avatar stays ({current})"
        );
        app.stop().await;
    }
}
