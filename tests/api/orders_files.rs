//! Files over HTTP: upload with a session, download with the right type and
//! disposition, byte ranges, and the sealed solution's files served only to
//! the taker; each on local storage and on an S3 server (support/s3.rs).

use crate::support::TestApp;
use crate::support::orders::{draft, session_cookie, user};
use crate::support::s3::storages;
use bounty::domain::CurrentUser;
use bounty::domain::order::{FileMeta, SolutionView, SubmissionDraft};
use bounty::server::services::orders::{lifecycle, publish, submit, view};

async fn cookie_for(app: &TestApp, who: &CurrentUser) -> String {
    session_cookie(&app.state, who).await
}

async fn upload(
    app: &TestApp,
    cookie: Option<&str>,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    let mut request = app
        .client
        .post(app.url("/uploads"))
        .multipart(reqwest::multipart::Form::new().part("file", part));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie.to_owned());
    }
    request.send().await.expect("upload")
}

async fn get(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    range: Option<&str>,
) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie.to_owned());
    }
    if let Some(range) = range {
        request = request.header("range", range.to_owned());
    }
    request.send().await.expect("get")
}

#[tokio::test]
async fn uploads_need_a_session_and_refuse_programs_with_a_clear_code() {
    for storage in storages().await {
        // Printed so a failure's output names the store it failed on.
        eprintln!("storage: {}", storage.name);
        let app = TestApp::spawn_with(|settings| storage.configure(settings)).await;
        let alice = user(&app.state, "Alice").await;
        let cookie = cookie_for(&app, &alice).await;
        assert_eq!(
            upload(&app, None, "a.txt", b"hi".to_vec()).await.status(),
            401
        );
        let program = upload(&app, Some(&cookie), "game.exe", b"MZ\x90\0program".to_vec()).await;
        assert_eq!(program.status(), 422);
        let body: serde_json::Value = program.json().await.expect("json");
        assert_eq!(body["error"]["Invalid"][0]["code"], "forbidden_type");
        let stored = upload(&app, Some(&cookie), "notes.md", b"# Notes\n".to_vec()).await;
        assert_eq!(stored.status(), 201);
        let meta: FileMeta = stored.json().await.expect("meta");
        assert_eq!(meta.content_type, "text/markdown; charset=utf-8");
        app.stop().await;
    }
}

#[tokio::test]
async fn attachments_download_with_type_disposition_and_ranges() {
    for storage in storages().await {
        // Printed so a failure's output names the store it failed on.
        eprintln!("storage: {}", storage.name);
        let app = TestApp::spawn_with(|settings| storage.configure(settings)).await;
        let alice = user(&app.state, "Alice").await;
        let cookie = cookie_for(&app, &alice).await;
        let content: Vec<u8> = (0..100_000u32).map(|n| (n % 251) as u8).collect();
        let meta: FileMeta = upload(&app, Some(&cookie), "数据 \"v1\".bin", content.clone())
            .await
            .json()
            .await
            .expect("meta");
        let staged = get(&app, &format!("/files/{}", meta.id), None, None).await;
        assert_eq!(
            staged.status(),
            401,
            "a staged file is private to its owner"
        );
        let mut new = draft("Files");
        new.files = vec![meta.id.clone()];
        publish::publish(&app.state, &alice, &new)
            .await
            .expect("publish");
        let whole = get(&app, &format!("/files/{}", meta.id), None, None).await;
        assert_eq!(whole.status(), 200);
        assert_eq!(whole.headers()["accept-ranges"], "bytes");
        assert_eq!(whole.headers()["x-content-type-options"], "nosniff");
        let disposition = whole.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(
            disposition.starts_with("attachment; filename=\""),
            "{disposition}"
        );
        assert!(
            disposition.contains("filename*=UTF-8''%E6%95%B0%E6%8D%AE%20%22v1%22.bin"),
            "{disposition}"
        );
        assert_eq!(whole.bytes().await.expect("body").to_vec(), content);
        let part = get(
            &app,
            &format!("/files/{}", meta.id),
            None,
            Some("bytes=10-19"),
        )
        .await;
        assert_eq!(part.status(), 206);
        assert_eq!(part.headers()["content-range"], "bytes 10-19/100000");
        assert_eq!(
            part.bytes().await.expect("body").to_vec(),
            content[10..20].to_vec()
        );
        let tail = get(&app, &format!("/files/{}", meta.id), None, Some("bytes=-5")).await;
        assert_eq!(
            tail.bytes().await.expect("body").to_vec(),
            content[99_995..].to_vec()
        );
        let beyond = get(
            &app,
            &format!("/files/{}", meta.id),
            None,
            Some("bytes=200000-"),
        )
        .await;
        assert_eq!(beyond.status(), 416);
        assert_eq!(get(&app, "/files/nope", None, None).await.status(), 404);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_sealed_solution_is_served_to_the_taker_and_only_previewed_to_the_publisher() {
    for storage in storages().await {
        // Printed so a failure's output names the store it failed on.
        eprintln!("storage: {}", storage.name);
        let app = TestApp::spawn_with(|settings| storage.configure(settings)).await;
        let state = &app.state;
        let publisher = user(state, "Publisher").await;
        let taker = user(state, "Taker").await;
        let stranger = user(state, "Stranger").await;
        let id = publish::publish(state, &publisher, &draft("Sealed"))
            .await
            .expect("publish");
        lifecycle::take(state, &taker, id).await.expect("take");
        let taker_cookie = cookie_for(&app, &taker).await;
        let meta: FileMeta = upload(
            &app,
            Some(&taker_cookie),
            "answer.txt",
            b"secret\nanswer\n".to_vec(),
        )
        .await
        .json()
        .await
        .expect("meta");
        let solution = SubmissionDraft {
            blocks: vec!["The secret answer is in the file.".into()],
            files: vec![meta.id.clone()],
        };
        submit::submit(state, &taker, id, &solution)
            .await
            .expect("submit");
        let path = format!("/files/{}", meta.id);
        assert_eq!(
            get(&app, &path, Some(&taker_cookie), None).await.status(),
            200
        );
        for who in [&publisher, &stranger] {
            let cookie = cookie_for(&app, who).await;
            assert_eq!(get(&app, &path, Some(&cookie), None).await.status(), 404);
        }
        assert_eq!(get(&app, &path, None, None).await.status(), 401);
        let sealed = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        let previews = sealed.solution.sealed();
        assert_eq!(previews.len(), 1, "sealed: {:?}", sealed.solution);
        let preview = previews[0];
        let facts = preview.sealed.as_ref().expect("a sealed version has facts");
        assert_eq!(preview.version, 1);
        assert!(facts.words.contains(7) && facts.words.high != Some(facts.words.low + 1));
        let file = &facts.files[0];
        assert!(file.lines.expect("lines").contains(2));
        assert!(file.size.contains(14));
        assert_eq!(facts.commitment.len(), 64);
        assert_ne!(
            file.commitment, meta.sha256,
            "the file's own digest is not shown"
        );
        let json = serde_json::to_string(&sealed).expect("json");
        assert!(
            !json.contains("secret answer") && !json.contains("answer.txt"),
            "no content and no name reach the publisher"
        );
        assert!(!json.contains(&meta.sha256), "no unsalted digest either");
        let stranger_view = view::order(state, Some(&stranger), id).await.expect("view");
        assert_eq!(stranger_view.solution, SolutionView::Hidden);
        let taker_view = view::order(state, Some(&taker), id).await.expect("view");
        let versions = taker_view.solution.opened();
        assert_eq!(versions.len(), 1, "the taker sees the content");
        assert!(versions[0].blocks_html[0].contains("secret answer"));
        assert_eq!(
            versions[0].facts.committed_digest(),
            facts.commitment,
            "one commitment for both"
        );
        app.stop().await;
    }
}
