//! The hall under load: seeds 100,000 orders, serves the real router on a
//! loopback port, and reports requests per second and p50/p99 latency of
//! the server-rendered hall page with filters applied, on SQLite and on
//! PostgreSQL: first as configured ("kept": pages kept for a moment, see
//! `services/orders/hall_cache.rs`), then with every request querying the
//! database ("queried"). Not a timed test: run it on purpose and put the
//! figures in the README.
//!
//!     cargo bench --features ssr --bench hall
//!
//! Environment: BENCH_ORDERS (default 100000), BENCH_SECONDS (10),
//! BENCH_CONNECTIONS (8), BENCH_POSTGRES_URL (the local server's `postgres`
//! database; the benchmark creates and drops its own database there).
//!
//! The load comes from wrk (Debian package `wrk`), a separate C process, so
//! the figures are the server's and not an in-process client's.

use bounty::server::config::Settings;
use bounty::server::db::sql::Sql;
use bounty::server::services::orders::hall_cache::HallPageCache;
use bounty::server::state::AppState;
use bounty::server::{http, shutdown};
use leptos::config::LeptosOptions;
use std::time::{Duration, Instant};

// The server binary's allocator (src/main.rs), so the figures are its own.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Inserts `count` open orders from 1,000 publishers, spread over categories,
/// rewards, deadlines and the last 90 days, in batches.
async fn seed(state: &AppState, count: u64) {
    let now = bounty::server::auth::now_millis();
    let today = bounty::domain::calendar::day_of_millis(now);
    let mut tx = state.db.begin_write().await.expect("begin");
    for n in 0..1000_i64 {
        bounty::server::db::users::insert(
            &mut tx,
            &format!("bench{n}@example.com"),
            &format!("Bench {n}"),
            "x",
            now,
        )
        .await
        .expect("user");
    }
    tx.commit().await.expect("commit");
    let blocks = r#"[{"markdown":"Benchmark order.","html":"<p>Benchmark order.</p>"}]"#;
    let batch = 250;
    let mut inserted = 0;
    while inserted < count {
        let mut sql = Sql::new(
            "INSERT INTO orders (publisher_id, category_id, title, title_folded, excerpt, blocks_json, \
             reward_minor, sort_reward, deadline_day, state, attachment_count, created_at, updated_at) VALUES ",
        );
        for row in 0..batch.min(count - inserted) {
            let n = (inserted + row) as i64;
            let reward = (n % 7 != 0).then_some((n * 7919 % 900_000) + 100);
            let deadline = (n % 5 != 0).then_some(today + n % 60);
            let created = now - (n % 90) * 86_400_000 - n;
            if row > 0 {
                sql.push(", ");
            }
            sql.push("(")
                .bind(n % 1000 + 1)
                .push(", ")
                .bind(n % 6 + 1)
                .push(", ")
                .bind(format!("Order number {n}"))
                .push(", ")
                .bind(format!("order number {n}"))
                .push(", ")
                .bind("Benchmark order.".to_owned())
                .push(", ")
                .bind(blocks.to_owned())
                .push(", ")
                .bind(reward)
                .push(", ")
                .bind(reward.unwrap_or(-1))
                .push(", ")
                .bind(deadline)
                .push(", 'open', 0, ")
                .bind(created)
                .push(", ")
                .bind(created)
                .push(")");
        }
        let (text, arguments) = sql.into_parts();
        let mut tx = state.db.begin_write().await.expect("begin");
        sqlx::query_with(&text, arguments)
            .execute(&mut *tx)
            .await
            .expect("orders");
        tx.commit().await.expect("commit");
        inserted += batch.min(count - inserted);
    }
    // Fresh statistics, as a running database would have; on PostgreSQL
    // also the visibility map, which autovacuum sets after bulk inserts too
    // (since PostgreSQL 13), so the heap is read as on a running server.
    let maintenance = match state.db.backend() {
        bounty::server::db::Backend::Sqlite => "ANALYZE",
        bounty::server::db::Backend::Postgres => "VACUUM ANALYZE",
    };
    sqlx::query(maintenance)
        .execute(state.db.pool())
        .await
        .expect("analyze");
}

/// Filtered hall pages the load cycles through.
const PAGES: [&str; 4] = [
    "/?c=1&c=2&r=1000-3000&r=3000-5000",
    "/?d=over30&d=15-30&p=30d",
    "/?c=3&r=over5000&sort=reward",
    "/?r=negotiable&d=under7&c=4&c=5&c=6",
];

/// Checks each page renders orders, then loads each with wrk and returns
/// (page, requests/s, p50, p99) as wrk reported them.
async fn load(
    address: &str,
    seconds: u64,
    connections: u64,
) -> Vec<(String, String, String, String)> {
    let client = reqwest::Client::new();
    for page in PAGES {
        let response = client
            .get(format!("{address}{page}"))
            .send()
            .await
            .expect("warm");
        assert!(
            response.status().is_success(),
            "{page}: {}",
            response.status()
        );
        let body = response.text().await.expect("body");
        assert!(body.contains("class=\"card\""), "{page} rendered no order");
    }
    let mut results = Vec::new();
    for page in PAGES {
        let url = format!("{address}{page}");
        let output = tokio::task::spawn_blocking(move || {
            std::process::Command::new("wrk")
                .args([
                    "-t2",
                    &format!("-c{connections}"),
                    &format!("-d{seconds}s"),
                    "--latency",
                ])
                .arg(url)
                .output()
        })
        .await
        .expect("wrk task")
        .expect("wrk runs (Debian package `wrk`)");
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let field = |prefix: &str| {
            text.lines()
                .map(str::trim)
                .find(|line| line.starts_with(prefix))
                .and_then(|line| line.split_whitespace().nth(1))
                .unwrap_or("?")
                .to_owned()
        };
        assert!(!text.contains("Non-2xx"), "{page}: errors\n{text}");
        results.push((
            page.to_owned(),
            field("Requests/sec:"),
            field("50%"),
            field("99%"),
        ));
    }
    results
}

async fn run(name: &str, database_url: String, orders: u64, seconds: u64, connections: u64) {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings::default();
    settings.server.data_dir = data_dir.path().to_path_buf();
    settings.database.url = database_url;
    settings.database.max_connections = 16;
    settings.log.level = "warn".into();
    let options = LeptosOptions::builder()
        .output_name("bounty")
        .site_root("target/site")
        .build();
    let state = AppState::start(settings, options).await.expect("state");
    let seeding = Instant::now();
    seed(&state, orders).await;
    eprintln!(
        "{name}: seeded {orders} orders in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );
    // As configured (hall pages kept for a moment), then with every page
    // queried, so the figures show the database path as well.
    let modes = [
        ("kept", state.clone()),
        (
            "queried",
            AppState {
                hall_pages: HallPageCache::new(Duration::ZERO),
                ..state.clone()
            },
        ),
    ];
    for (mode, served) in modes {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = format!("http://{}", listener.local_addr().expect("address"));
        let router = http::router(served, bounty::app::shell, bounty::app::App);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(shutdown::serve_until(
            listener,
            router,
            async move {
                let _ = stopped.await;
            },
            Duration::from_secs(5),
        ));
        if let Ok(hold) = std::env::var("BENCH_HOLD_SECONDS") {
            // For an outside load generator (wrk): serve the seeded data a while.
            println!("{name} ({mode}) serving at {address} for {hold} s");
            tokio::time::sleep(Duration::from_secs(hold.parse().unwrap_or(60))).await;
        }
        for (page, rps, p50, p99) in load(&address, seconds, connections).await {
            println!(
                "{name:<9} {mode:<8} {orders} orders, wrk {connections} connections {seconds} s, \
                 {page:<38} {rps:>8} requests/s  p50 {p50:>7}  p99 {p99:>7}"
            );
        }
        let _ = stop.send(());
        let _ = server.await;
    }
    state.close().await;
}

fn main() {
    let orders = env_number("BENCH_ORDERS", 100_000);
    let seconds = env_number("BENCH_SECONDS", 10);
    let connections = env_number("BENCH_CONNECTIONS", 8);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let sqlite = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.db").display()
        );
        run("sqlite", sqlite, orders, seconds, connections).await;
        let admin_url = std::env::var("BENCH_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let database = format!("bench_hall_{}", std::process::id());
        let Ok(admin) = sqlx::PgPool::connect(&admin_url).await else {
            println!("postgres   skipped: {admin_url} unreachable");
            return;
        };
        sqlx::query(&format!("CREATE DATABASE {database}"))
            .execute(&admin)
            .await
            .expect("create database");
        let url = match admin_url.rsplit_once('/') {
            Some((server, _)) => format!("{server}/{database}"),
            None => admin_url.clone(),
        };
        run("postgres", url, orders, seconds, connections).await;
        sqlx::query(&format!("DROP DATABASE {database} WITH (FORCE)"))
            .execute(&admin)
            .await
            .expect("drop database");
    });
}
