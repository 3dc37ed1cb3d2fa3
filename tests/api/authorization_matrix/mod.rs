//! The authorization matrix: every endpoint's rights for every kind of
//! caller, stated in one table (`table.rs`) and checked through the real
//! router on SQLite (with the in-process bus) and PostgreSQL (with Redis).
//!
//! Invariants the tests hold: every server function the app registers and
//! every route `server::http::router` declares has a row (a new endpoint
//! cannot ship without its rights stated), every row names a real endpoint,
//! and no call of the matrix is answered with a 5xx.

mod call;
mod scene;
mod table;

use crate::support::TestApp;
use crate::support::backends::{Cleanup, postgres_database, redis_prefix};
use crate::support::orders::{session_cookie, user};
use crate::support::ws::WsClient;
use bounty::server::auth::password;
use scene::{CALLERS, Cast, PASSWORD, Scene};
use std::collections::BTreeSet;
use std::time::Instant;

/// The app on SQLite + in-process bus, and on PostgreSQL + Redis when they
/// run here (under CI=true they must).
async fn apps() -> Vec<(&'static str, TestApp, Vec<Cleanup>)> {
    let mut apps = vec![("sqlite", TestApp::spawn().await, Vec::new())];
    if let (Some((database, db_cleanup)), Some((redis, prefix, redis_cleanup))) =
        (postgres_database().await, redis_prefix().await)
    {
        let app = TestApp::spawn_with(move |settings| {
            settings.database.url = database;
            settings.redis.url = redis;
            settings.redis.prefix = prefix;
        })
        .await;
        apps.push(("postgres", app, vec![db_cleanup, redis_cleanup]));
    }
    apps
}

/// Runs every row against every caller on `app`; returns what differed
/// from the table, one line per cell.
async fn run_matrix(backend: &str, app: &TestApp) -> Vec<String> {
    let hash = password::hash(PASSWORD.into()).await.expect("hash");
    let mut differences = Vec::new();
    for row in table::rows() {
        let cast = Cast::new(app, hash.as_str()).await;
        for (caller, expect) in CALLERS.into_iter().zip(row.expect) {
            let scene = Scene::build(app, &cast, row.stage).await;
            let answer = call::make(app, &row, &cast, caller, &scene).await;
            if !expect.admits(&answer) || answer.status >= 500 {
                let body: String = answer.body.chars().take(200).collect();
                differences.push(format!(
                    "{backend}: {} as {caller:?}: expected {expect:?}, got {} {body}",
                    row.route, answer.status
                ));
            }
        }
    }
    differences
}

#[tokio::test]
async fn every_endpoint_answers_every_caller_as_the_matrix_states() {
    for (backend, app, _cleanup) in apps().await {
        let started = Instant::now();
        let differences = run_matrix(backend, &app).await;
        eprintln!("authorization matrix on {backend}: {:?}", started.elapsed());
        assert!(
            differences.is_empty(),
            "{} cells differ from the matrix:\n{}",
            differences.len(),
            differences.join("\n")
        );
        app.stop().await;
    }
}

/// The routes of the matrix, as `METHOD /path`.
fn stated() -> BTreeSet<&'static str> {
    table::rows().iter().map(|row| row.route).collect()
}

#[tokio::test]
async fn every_registered_server_function_has_a_row_in_the_matrix() {
    // Starting an app is what a deployment does before serving; the
    // registry is filled from every `#[server]` linked into the binary.
    let app = TestApp::spawn().await;
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| format!("{method} {path}"))
        .collect();
    assert!(registered.len() > 50, "registered: {registered:?}");
    let stated: BTreeSet<String> = stated()
        .into_iter()
        .filter(|route| route.contains(" /api/"))
        .map(str::to_owned)
        .collect();
    let missing: Vec<_> = registered.difference(&stated).collect();
    assert!(
        missing.is_empty(),
        "server functions without a row in tests/api/authorization_matrix/table.rs \
         (state who may call them): {missing:?}"
    );
    let stale: Vec<_> = stated.difference(&registered).collect();
    assert!(
        stale.is_empty(),
        "rows for no registered server function: {stale:?}"
    );
    app.stop().await;
}

/// Every `.route("/path", get(..).post(..))` in the router's source, as
/// `METHOD /path`. Read from the source because axum cannot list a built
/// router's routes; the router's file is the one place routes are added.
fn declared_routes() -> BTreeSet<String> {
    let source = include_str!("../../../src/server/http/mod.rs");
    let mut routes = BTreeSet::new();
    for declaration in source.split(".route(").skip(1) {
        let Some(path) = declaration
            .trim_start()
            .strip_prefix('"')
            .and_then(|rest| rest.split('"').next())
        else {
            continue;
        };
        // The arguments of this `.route(`: up to its closing parenthesis.
        let mut depth = 1;
        let end = declaration
            .char_indices()
            .find(|(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                depth == 0
            })
            .map_or(declaration.len(), |(at, _)| at);
        let handlers = &declaration[..end];
        for (method, name) in [("GET", "get("), ("POST", "post(")] {
            if handlers.contains(name) {
                routes.insert(format!("{method} {path}"));
            }
        }
    }
    routes
}

#[test]
fn every_plain_route_has_a_row_in_the_matrix() {
    let declared = declared_routes();
    assert!(
        declared.contains("GET /files/{id}") && declared.contains("POST /uploads"),
        "the router's routes were not read: {declared:?}"
    );
    let stated: BTreeSet<String> = stated()
        .into_iter()
        .filter(|route| !route.contains(" /api/"))
        .map(str::to_owned)
        .collect();
    let missing: Vec<_> = declared.difference(&stated).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in tests/api/authorization_matrix/table.rs \
         (state who may call them): {missing:?}"
    );
    let stale: Vec<_> = stated.difference(&declared).collect();
    assert!(stale.is_empty(), "rows for no declared route: {stale:?}");
}

#[tokio::test]
async fn the_websocket_is_closed_at_once_after_sign_out_and_cannot_reconnect() {
    let checks = apps()
        .await
        .into_iter()
        .map(|(backend, app, cleanup)| async move {
            let who = user(&app.state, &format!("Leaver {backend}")).await;
            let cookie = session_cookie(&app.state, &who).await;
            let mut tab = WsClient::connect_with_cookie(&app, &cookie).await;
            let logout = app
                .client
                .post(app.url("/api/account/logout"))
                .header("cookie", &cookie)
                .send()
                .await
                .expect("logout");
            assert!(logout.status().is_success() || logout.status().is_redirection());
            assert_eq!(
                crate::support::ws::refused_status(&app, Some(&cookie), None).await,
                401,
                "{backend}: the signed-out cookie opens no new socket"
            );
            // The sign-out is announced on the bus, so the open tab closes
            // at once (within PATIENCE), not at its next minute's check.
            let code = tab.close_code().await;
            assert_eq!(code, Some(4401), "{backend}: closed as signed out");
            app.stop().await;
            drop(cleanup);
        });
    futures::future::join_all(checks).await;
}
