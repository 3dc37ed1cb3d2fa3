//! Publishing with files, bad drafts refused with nothing written, edits
//! that keep the id and untouched files, deletes that remove files.

use crate::support::orders::{count, draft, png_bytes, staged, stored_objects, try_stage, user};
use crate::support::stacks::stacks;
use bounty::domain::AppError;
use bounty::server::services::orders::{categories, publish, view};

fn codes(error: AppError) -> Vec<String> {
    match error {
        AppError::Invalid(fields) => fields.into_iter().map(|f| f.code).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[tokio::test]
async fn an_order_is_published_with_its_files_and_rendered_safely() {
    for stack in stacks().await {
        let state = &stack.state;
        let alice = user(state, "Alice").await;
        let notes = staged(state, &alice, "notes.txt", b"line one\nline two\n").await;
        let picture = staged(state, &alice, "../../etc/shot.png", &png_bytes()).await;
        assert_eq!(picture.name, "shot.png", "no path survives in the name");
        assert!(picture.has_thumbnail, "{}", stack.name);
        assert_eq!(notes.lines, Some(2));
        let mut new = draft("With files");
        new.blocks = vec!["**bold**\n\n<script>alert(1)</script>".into()];
        new.files = vec![picture.id.clone(), notes.id.clone()];
        let id = publish::publish(state, &alice, &new)
            .await
            .expect("publish");
        let page = view::order(state, None, id).await.expect("view");
        assert_eq!(page.attachments.len(), 2);
        assert_eq!(page.attachments[0].id, picture.id, "files keep their order");
        assert_eq!(page.card.thumbnails, vec![picture.id.clone()]);
        assert!(page.blocks_html[0].contains("<strong>bold</strong>"));
        assert!(!page.blocks_html[0].contains("<script"), "{}", stack.name);
        assert_eq!(page.card.reward_minor, Some(120_000));
    }
}

#[tokio::test]
async fn bad_drafts_are_refused_with_every_problem_and_nothing_is_written() {
    for stack in stacks().await {
        let state = &stack.state;
        let alice = user(state, "Alice").await;
        let mallory = user(state, "Mallory").await;
        let theirs = staged(state, &mallory, "theirs.txt", b"private").await;
        let mut bad = draft(&"t".repeat(101));
        bad.reward = "-5".into();
        let error = publish::publish(state, &alice, &bad)
            .await
            .expect_err("bad");
        assert_eq!(
            codes(error),
            vec!["too_long", "invalid_amount"],
            "{}",
            stack.name
        );
        let mut absurd = draft("Absurd");
        absurd.reward = "99999999999".into();
        let error = publish::publish(state, &alice, &absurd)
            .await
            .expect_err("absurd");
        assert_eq!(codes(error), vec!["too_large"]);
        let mut unknown = draft("Unknown category");
        unknown.category_id = 424_242;
        let error = publish::publish(state, &alice, &unknown)
            .await
            .expect_err("cat");
        assert_eq!(codes(error), vec!["unknown_category"]);
        let mut forged = draft("Someone else's file");
        forged.files = vec![theirs.id.clone()];
        let error = publish::publish(state, &alice, &forged)
            .await
            .expect_err("file");
        assert_eq!(codes(error), vec!["unknown_file"], "{}", stack.name);
        let mut invented = draft("Invented file");
        invented.files = vec!["does-not-exist".into()];
        let error = publish::publish(state, &alice, &invented)
            .await
            .expect_err("file");
        assert_eq!(codes(error), vec!["unknown_file"]);
        assert_eq!(count(state, "orders").await, 0, "{}", stack.name);
    }
}

#[tokio::test]
async fn archived_categories_take_no_new_orders_but_keep_theirs() {
    for stack in stacks().await {
        let state = &stack.state;
        let alice = user(state, "Alice").await;
        let admin = bounty::domain::CurrentUser {
            role: bounty::domain::Role::Admin,
            ..user(state, "Admin").await
        };
        let id = publish::publish(state, &alice, &draft("Before archive"))
            .await
            .expect("publish");
        assert_eq!(
            categories::set_archived(state, &alice, 1, true).await,
            Err(AppError::Forbidden)
        );
        categories::set_archived(state, &admin, 1, true)
            .await
            .expect("archive");
        let error = publish::publish(state, &alice, &draft("After archive"))
            .await
            .expect_err("archived");
        assert_eq!(codes(error), vec!["unknown_category"], "{}", stack.name);
        publish::edit(state, &alice, id, &draft("Still editable"))
            .await
            .expect("an order keeps its archived category");
        let created = categories::create(state, &admin, "Audio", "音频")
            .await
            .expect("create");
        categories::move_by(state, &admin, created, -1)
            .await
            .expect("move");
        let list = categories::list(state).await.expect("list");
        let position = list.iter().position(|c| c.id == created).expect("listed");
        assert_eq!(position, list.len() - 2, "{}", stack.name);
        categories::rename(state, &admin, created, "Sound", "声音")
            .await
            .expect("rename");
    }
}

#[tokio::test]
async fn an_edit_keeps_the_id_and_untouched_files_and_deletes_dropped_ones() {
    for stack in stacks().await {
        let state = &stack.state;
        let alice = user(state, "Alice").await;
        let keep = staged(state, &alice, "keep.txt", b"keep").await;
        let drop = staged(state, &alice, "drop.txt", b"drop").await;
        let mut first = draft("Versioned");
        first.files = vec![keep.id.clone(), drop.id.clone()];
        let id = publish::publish(state, &alice, &first)
            .await
            .expect("publish");
        let added = staged(state, &alice, "added.txt", b"added").await;
        let objects_before = stored_objects(state);
        let mut second = draft("Versioned, edited");
        second.files = vec![added.id.clone(), keep.id.clone()];
        publish::edit(state, &alice, id, &second)
            .await
            .expect("edit");
        let page = view::order(state, None, id).await.expect("view");
        let ids: Vec<&str> = page.attachments.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![added.id.as_str(), keep.id.as_str()],
            "{}",
            stack.name
        );
        assert_eq!(
            stored_objects(state),
            objects_before - 1,
            "the dropped file is gone"
        );
        publish::delete(state, &alice, id).await.expect("delete");
        assert_eq!(count(state, "files").await, 0);
        assert_eq!(stored_objects(state), 0, "{}", stack.name);
    }
}

#[tokio::test]
async fn forbidden_empty_and_oversized_uploads_leave_no_row_and_no_file() {
    for stack in stacks().await {
        let state = &stack.state;
        let alice = user(state, "Alice").await;
        let elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0rest";
        for (name, bytes, code) in [
            ("tool.txt", elf.to_vec(), "forbidden_type"),
            ("setup.exe", b"hello".to_vec(), "forbidden_type"),
            ("empty.txt", Vec::new(), "empty_file"),
            (
                "huge.bin",
                vec![
                    7u8;
                    usize::try_from(state.settings.storage.max_upload_bytes).expect("size") + 1
                ],
                "file_too_large",
            ),
        ] {
            let error = try_stage(state, &alice, name, &bytes)
                .await
                .expect_err(name);
            assert_eq!(codes(error), vec![code], "{}: {name}", stack.name);
        }
        assert_eq!(count(state, "files").await, 0);
        assert_eq!(stored_objects(state), 0, "{}", stack.name);
    }
}

#[tokio::test]
async fn abandoned_uploads_are_swept_and_attached_ones_stay() {
    use bounty::server::services::orders::sweep;
    for stack in stacks().await {
        let state = &stack.state;
        let alice = user(state, "Alice").await;
        let kept = staged(state, &alice, "kept.txt", b"kept").await;
        let abandoned = staged(state, &alice, "abandoned.txt", b"gone").await;
        let mut new = draft("Keeps one");
        new.files = vec![kept.id.clone()];
        publish::publish(state, &alice, &new)
            .await
            .expect("publish");
        let future = bounty::server::auth::now_millis() + 1;
        assert_eq!(
            sweep::sweep_staged(state, future).await,
            Ok(1),
            "{}",
            stack.name
        );
        assert_eq!(count(state, "files").await, 1);
        assert_eq!(
            stored_objects(state),
            1,
            "{}: {} removed",
            stack.name,
            abandoned.name
        );
    }
}
