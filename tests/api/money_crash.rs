//! A server process killed (SIGKILL) in the middle of money operations
//! leaves the ledger consistent, on SQLite and on PostgreSQL: each payment
//! was taken in wholly (credit, and for an order its funding) or not at
//! all, and redelivering every event afterwards completes the rest exactly
//! once.

use crate::support::backends::postgres_database;
use crate::support::money::{REWARD, available, intent_of, key, signed_event};
use crate::support::orders::{draft, user};
use crate::support::test_app::TestApp;
use bounty::server::config::Settings;
use bounty::server::payments::EventKind;
use bounty::server::payments::sandbox::Sandbox;
use bounty::server::payments::signature::HEADER;
use bounty::server::services::money::{top_up, webhook};
use bounty::server::services::orders::publish;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

const PLAIN_TOP_UPS: usize = 150;
const FUNDING_TOP_UPS: usize = 50;
const TOP_UP: i64 = 1_000;

/// Where the crash is staged: a data dir (SQLite file, signing key) and, for
/// PostgreSQL, the database's URL.
struct Backend<'a> {
    name: &'static str,
    data_dir: &'a Path,
    database_url: Option<&'a str>,
}

impl Backend<'_> {
    /// Points in-process settings at this backend.
    fn configure(&self, settings: &mut Settings) {
        settings.server.data_dir = self.data_dir.to_path_buf();
        if let Some(url) = self.database_url {
            settings.database.url = url.to_owned();
        }
    }

    /// The server binary on this backend, with nothing taken from the
    /// environment the tests run in.
    fn binary(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_bounty"));
        command
            .env_remove("DATABASE_URL")
            .env_remove("REDIS_URL")
            .env("APP_CONFIG_FILE", "/nonexistent/Leptos.toml")
            .env("APP__SERVER__DATA_DIR", self.data_dir);
        if let Some(url) = self.database_url {
            command.env("APP__DATABASE__URL", url);
        }
        command
    }

    /// `bounty ledger check` on this backend.
    fn ledger_check(&self) -> Output {
        self.binary()
            .args(["ledger", "check"])
            .env("APP__LOG__LEVEL", "error")
            .output()
            .expect("ledger check runs")
    }
}

/// The server process, killed if the test fails while it runs.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free loopback port (bound, read, released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("port")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_mid_payment_leaves_the_ledger_whole() {
    let sqlite_dir = tempfile::tempdir().expect("temp dir");
    killed_mid_payment(Backend {
        name: "sqlite",
        data_dir: sqlite_dir.path(),
        database_url: None,
    })
    .await;
    if let Some((url, _cleanup)) = postgres_database().await {
        let postgres_dir = tempfile::tempdir().expect("temp dir");
        killed_mid_payment(Backend {
            name: "postgres",
            data_dir: postgres_dir.path(),
            database_url: Some(&url),
        })
        .await;
    }
}

async fn killed_mid_payment(backend: Backend<'_>) {
    let name = backend.name;
    // Payments started (and their signed events made) by an instance on the
    // same data dir and database, so the events carry the installation's
    // signature. One payer publishes every order and starts every payment:
    // above the default budgets of a person.
    let app = TestApp::spawn_with(|settings| {
        backend.configure(settings);
        settings.rates.payments_per_user_per_hour = 1_000;
        settings.rates.orders_per_user_per_day = 1_000;
    })
    .await;
    let state = &app.state;
    let payer = user(state, "Crash Payer").await;
    let mut events = Vec::new();
    for n in 0..PLAIN_TOP_UPS + FUNDING_TOP_UPS {
        let (amount, order) = if n < PLAIN_TOP_UPS {
            (TOP_UP, None)
        } else {
            let id = publish::publish(state, &payer, &draft(&format!("Crash {n}")))
                .await
                .expect("publish");
            (REWARD, Some(id))
        };
        let checkout = top_up::start(state, &payer, amount, order, &key())
            .await
            .expect("start");
        events.push(signed_event(
            state,
            EventKind::Succeeded,
            &intent_of(&checkout),
            amount,
        ));
    }
    app.stop().await;

    let port = free_port();
    let mut child = backend
        .binary()
        .env("APP__SERVER__ADDR", format!("127.0.0.1:{port}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map(Server)
        .expect("server starts");
    let stdout = child.0.stdout.take().expect("stdout");
    let listening = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains("\"listening\""));
    assert!(listening, "{name}: the server listens");

    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/payments/webhook/sandbox");
    let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel();
    for (signature, body) in events.clone() {
        let (client, url, done) = (client.clone(), url.clone(), done_tx.clone());
        tokio::spawn(async move {
            let answer = client
                .post(url)
                .header(HEADER, signature)
                .body(body)
                .send()
                .await;
            let _ = done.send(answer.map(|response| response.status().as_u16()));
        });
    }
    // Kill it hard once some payments went through and most are in flight.
    drop(done_tx);
    let mut answered = 0;
    while answered < 20 {
        match done_rx.recv().await {
            Some(Ok(204)) => answered += 1,
            Some(other) => panic!("{name}: a delivery before the kill was refused: {other:?}"),
            None => break,
        }
    }
    child.0.kill().expect("SIGKILL");
    child.0.wait().expect("killed");
    let mut total = answered;
    while let Some(answer) = done_rx.recv().await {
        total += usize::from(matches!(answer, Ok(204)));
    }
    eprintln!(
        "{name}: {total} of {} deliveries answered before the kill",
        events.len()
    );
    assert!(
        total < events.len(),
        "{name}: the kill came while payments were in flight ({total} of {} answered)",
        events.len()
    );

    let checked = backend.ledger_check();
    let said = String::from_utf8_lossy(&checked.stdout);
    assert!(checked.status.success(), "{name}: after the kill: {said}");

    // The provider redelivers everything: what was taken in is ignored,
    // the rest is taken in now, once.
    let app = TestApp::spawn_with(|settings| backend.configure(settings)).await;
    for (signature, body) in &events {
        webhook::receive(&app.state, &Sandbox::headers(signature), body)
            .await
            .expect("redelivered");
    }
    assert_eq!(
        available(&app.state, &payer).await,
        TOP_UP * PLAIN_TOP_UPS as i64,
        "{name}: each plain top-up credited once; each order's payment funded its order"
    );
    let secured: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE funded_at IS NOT NULL")
            .fetch_one(app.state.db.pool())
            .await
            .expect("count");
    assert_eq!(secured, FUNDING_TOP_UPS as i64, "{name}: funded orders");
    let escrowed: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(balance_minor), 0) AS BIGINT) FROM ledger_accounts \
         WHERE kind = 'escrow'",
    )
    .fetch_one(app.state.db.pool())
    .await
    .expect("escrow");
    assert_eq!(
        escrowed,
        REWARD * FUNDING_TOP_UPS as i64,
        "{name}: escrow holds every funded reward"
    );
    app.stop().await;
    let checked = backend.ledger_check();
    assert!(
        checked.status.success(),
        "{name}: after redelivery: {}",
        String::from_utf8_lossy(&checked.stdout)
    );
    if backend.database_url.is_some() {
        // Otherwise a child that ignored the URL would have crashed and
        // been checked on an SQLite file of its own.
        assert!(
            !backend.data_dir.join("bounty.db").exists(),
            "{name}: every process used the database, not a SQLite file in the data dir"
        );
    }
}
