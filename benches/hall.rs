//! The hall under load: seeds 100,000 orders, serves the real router on a
//! loopback port, and reports requests per second and p50/p99 latency of
//! the server-rendered hall page with filters applied, on SQLite and on
//! PostgreSQL: first as configured ("kept": pages kept for a moment, see
//! `services/orders/hall_cache.rs`), then with every request querying the
//! database ("queried"). Then, on the same PostgreSQL database and with Redis
//! (as a deployment of several instances runs), "kept" again: one instance
//! reached directly, one instance behind nginx (deploy/nginx-test.conf with
//! a single upstream server), and two instances behind the same nginx
//! (sharing database, Redis and signing key, as `tests/api/support/stacks.rs`
//! `instance_pair`). Not a timed test: run it on purpose and put the figures
//! in the README.
//!
//!     cargo bench --features ssr --bench hall
//!
//! Environment: BENCH_ORDERS (default 100000), BENCH_SECONDS (10),
//! BENCH_CONNECTIONS (8), BENCH_POSTGRES_URL (the local server's `postgres`
//! database; the benchmark creates and drops its own database there),
//! BENCH_REDIS_URL (redis://127.0.0.1:6379/; keys under a prefix of this
//! run, deleted afterwards), NGINX (/usr/sbin/nginx), BENCH_SQLITE=0 to skip
//! the SQLite part, BENCH_NGINX=0 to skip the nginx part, BENCH_PAGES=search
//! to load only the searched pages.
//!
//! Each order's text is one English and one Chinese sentence of 16 each
//! (`TEXT_EN`, `TEXT_ZH`), so a searched word occurs in about one order in
//! sixteen, in the text and not the title (and in the title of one in 97).
//!
//! Each line also gives the CPU time spent per request, measured from
//! /proc around each wrk run: by this process (the instances; the load
//! generator is wrk, another process), by nginx's worker, and how busy the
//! whole machine was, so the figures can be carried to a machine with more
//! cores.
//!
//! The load comes from wrk (Debian package `wrk`), a separate C process, so
//! the figures are the server's and not an in-process client's.
//!
//! nginx, the /proc CPU readings and the Redis helpers are shared with the
//! realtime bench, in `benches/common/`.

use bounty::server::config::Settings;
use bounty::server::db::sql::Sql;
use bounty::server::services::orders::hall_cache::HallPageCache;
use bounty::server::state::AppState;
use bounty::server::{http, shutdown};
use leptos::config::LeptosOptions;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

#[path = "common/cpu.rs"]
mod cpu;
#[path = "common/nginx.rs"]
mod nginx;
#[path = "common/redis.rs"]
mod redis;

use cpu::{clock_ticks, machine_ticks, process_ticks};
use nginx::Nginx;
use redis::{redis_reachable, remove_redis_keys};

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
    let batch = 250;
    let mut inserted = 0;
    while inserted < count {
        let mut sql = Sql::new(
            "INSERT INTO orders (publisher_id, category_id, title, title_folded, excerpt, blocks_json, \
             reward_minor, sort_reward, deadline_day, state, attachment_count, created_at, updated_at, \
             search_text) VALUES ",
        );
        for row in 0..batch.min(count - inserted) {
            let n = (inserted + row) as i64;
            let reward = (n % 7 != 0).then_some((n * 7919 % 900_000) + 100);
            let deadline = (n % 5 != 0).then_some(today + n % 60);
            let created = now - (n % 90) * 86_400_000 - n;
            let (title, english, chinese) = order_text(n);
            if row > 0 {
                sql.push(", ");
            }
            sql.push("(")
                .bind(n % 1000 + 1)
                .push(", ")
                .bind(n % 6 + 1)
                .push(", ")
                .bind(title.clone())
                .push(", ")
                .bind(title.to_lowercase())
                .push(", ")
                .bind(english.to_owned())
                .push(", ")
                .bind(blocks_json(english, chinese))
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
                .push(", ")
                .bind(format!("{english} {chinese}"))
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
    // The SQLite gram index of the orders inserted above (a publish writes
    // it; the triggers queued these); nothing to do on PostgreSQL.
    bounty::server::db::order_grams::drain(&state.db)
        .await
        .expect("gram index");
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

/// English sentences of the seeded orders' text.
const TEXT_EN: [&str; 16] = [
    "We need a Python script that scrapes product prices every day and saves them to a sheet.",
    "Design a clean logo and a matching business card for a small coffee shop.",
    "Translate our user manual into English and keep the terminology consistent.",
    "Build a web dashboard that shows monthly sales as charts.",
    "Write five blog articles about travelling in Yunnan, about 1500 words each.",
    "Clean and label a spreadsheet of customer survey answers.",
    "Fix layout bugs of our shopping mini program on small phones.",
    "Record a two-minute voice-over for a product video.",
    "Set up automated backups for a PostgreSQL server and document the restore.",
    "Draw twelve icons for a weather app in a flat style.",
    "Proofread a thesis chapter on renewable energy policy.",
    "Write unit tests for a payment module written in Go.",
    "Edit a wedding video down to a five-minute highlight reel.",
    "Compare three cloud providers' prices for a small online shop.",
    "Create a slide deck for an investor pitch, twenty slides.",
    "Port an old jQuery page to a modern framework without changing its look.",
];

/// Chinese sentences of the seeded orders' text.
const TEXT_ZH: [&str; 16] = [
    "需要一个脚本，每天抓取商品价格并保存到表格。",
    "为咖啡店设计标志和名片，风格简洁温暖。",
    "把用户手册翻译成英文，注意专业术语的统一。",
    "搭建一个数据分析看板，按月显示销售额和趋势图。",
    "撰写五篇关于云南旅行的博客文章，每篇两千字。",
    "整理客户问卷，清洗并标注每一条回答。",
    "修复小程序在手机上的排版问题，兼容主流机型。",
    "为产品视频录制两分钟左右的中文配音。",
    "为服务器配置自动备份，并写好恢复步骤。",
    "为天气应用绘制十二个扁平风格的图标。",
    "校对一篇关于可再生能源政策的论文章节。",
    "为支付模块编写单元测试，代码用Go语言。",
    "把婚礼视频剪辑成五分钟的精彩片段。",
    "比较三家云服务商的价格，适合小型网店。",
    "制作一份二十页的融资路演幻灯片。",
    "把旧的网页改写成现代框架，外观保持不变。",
];

/// Order `n`'s title and its English and Chinese sentence: spread so that
/// neighbours differ and each sentence is in one order of sixteen.
fn order_text(n: i64) -> (String, &'static str, &'static str) {
    let english = TEXT_EN[(n * 7 % 16) as usize];
    let chinese = TEXT_ZH[((n / 16 + n * 3) % 16) as usize];
    let title = if n % 97 == 0 {
        format!("Python and 数据分析 task {n}")
    } else {
        format!("Order number {n}")
    };
    (title, english, chinese)
}

/// The stored blocks of two sentences, as publishing writes them.
fn blocks_json(english: &str, chinese: &str) -> String {
    serde_json::json!([
        {"markdown": english, "html": format!("<p>{english}</p>")},
        {"markdown": chinese, "html": format!("<p>{chinese}</p>")},
    ])
    .to_string()
}

/// Filtered hall pages the load cycles through.
const FILTERED: [&str; 4] = [
    "/?c=1&c=2&r=1000-3000&r=3000-5000",
    "/?d=over30&d=15-30&p=30d",
    "/?c=3&r=over5000&sort=reward",
    "/?r=negotiable&d=under7&c=4&c=5&c=6",
];

/// Searched hall pages: an English word, a Chinese word of four characters
/// (数据分析, through the trigram index), one of two (翻译, no trigram), two
/// terms with a filter and the reward sort, and a number in two titles
/// (orders 4268 and 42680: the walk finds no page in its window, the
/// indexes answer).
const SEARCHED: [&str; 5] = [
    "/?q=python",
    "/?q=%E6%95%B0%E6%8D%AE%E5%88%86%E6%9E%90",
    "/?q=%E7%BF%BB%E8%AF%91",
    "/?q=coffee+shop&c=2&sort=reward",
    "/?q=4268",
];

/// The pages this run loads (`BENCH_PAGES=search`: only the searched).
fn pages() -> Vec<&'static str> {
    let mut pages = Vec::new();
    if std::env::var("BENCH_PAGES").as_deref() != Ok("search") {
        pages.extend(FILTERED);
    }
    pages.extend(SEARCHED);
    pages
}

/// What one wrk run on one page measured.
struct Measured {
    page: String,
    rps: String,
    p50: String,
    p99: String,
    /// Requests wrk completed.
    requests: u64,
    /// CPU seconds of this process (the instances) during the run.
    app_cpu: f64,
    /// CPU seconds of nginx's worker during the run (0 without nginx).
    nginx_cpu: f64,
    /// Share of all cores busy during the run (0 to 1).
    machine_busy: f64,
}

impl Measured {
    fn print(&self, name: &str, mode: &str, orders: u64, seconds: u64, connections: u64) {
        let per_request = |cpu: f64| cpu * 1e6 / self.requests.max(1) as f64;
        println!(
            "{name:<9} {mode:<8} {orders} orders, wrk {connections} connections {seconds} s, \
             {:<38} {:>8} requests/s  p50 {:>7}  p99 {:>7}  CPU per request: app {:.0} us, \
             nginx {:.0} us; machine {:.0}% busy",
            self.page,
            self.rps,
            self.p50,
            self.p99,
            per_request(self.app_cpu),
            per_request(self.nginx_cpu),
            self.machine_busy * 100.0,
        );
    }
}

/// Checks each page renders orders, then loads each with wrk and returns
/// what it measured. `nginx_worker`: the pid whose CPU time is nginx's.
async fn load(
    address: &str,
    seconds: u64,
    connections: u64,
    nginx_worker: Option<&str>,
) -> Vec<Measured> {
    let client = reqwest::Client::new();
    for page in pages() {
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
    let ticks = clock_ticks();
    let own = std::process::id().to_string();
    let mut results = Vec::new();
    for page in pages() {
        let url = format!("{address}{page}");
        let app_before = process_ticks(&own);
        let nginx_before = nginx_worker.map_or(0, process_ticks);
        let machine_before = machine_ticks();
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
        let app_cpu = process_ticks(&own).saturating_sub(app_before) as f64 / ticks;
        let nginx_cpu = nginx_worker
            .map_or(0, process_ticks)
            .saturating_sub(nginx_before) as f64
            / ticks;
        let machine_after = machine_ticks();
        let machine_busy = machine_after.0.saturating_sub(machine_before.0) as f64
            / machine_after.1.saturating_sub(machine_before.1).max(1) as f64;
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let field = |prefix: &str| {
            text.lines()
                .map(str::trim)
                .find(|line| line.starts_with(prefix))
                .and_then(|line| line.split_whitespace().nth(1))
                .unwrap_or("?")
                .to_owned()
        };
        let requests = text
            .lines()
            .find(|line| line.contains(" requests in "))
            .and_then(|line| line.split_whitespace().next())
            .and_then(|count| count.parse().ok())
            .unwrap_or(0);
        assert!(!text.contains("Non-2xx"), "{page}: errors\n{text}");
        assert!(!text.contains("Socket errors"), "{page}: errors\n{text}");
        results.push(Measured {
            page: page.to_owned(),
            rps: field("Requests/sec:"),
            p50: field("50%"),
            p99: field("99%"),
            requests,
            app_cpu,
            nginx_cpu,
            machine_busy,
        });
    }
    results
}

/// One router served on a loopback port until `stop`, counting requests.
struct Served {
    port: u16,
    address: String,
    requests: Arc<AtomicU64>,
    stop: tokio::sync::oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Served {
    async fn start(state: AppState) -> Served {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("address").port();
        let requests = Arc::new(AtomicU64::new(0));
        let counter = requests.clone();
        let router = http::router(state, bounty::app::shell, bounty::app::App).layer(
            axum::middleware::from_fn(
                move |request: axum::extract::Request, next: axum::middleware::Next| {
                    counter.fetch_add(1, Ordering::Relaxed);
                    next.run(request)
                },
            ),
        );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(shutdown::serve_until(
            listener,
            router,
            async move {
                let _ = stopped.await;
            },
            Duration::from_secs(5),
        ));
        Served {
            port,
            address: format!("http://127.0.0.1:{port}"),
            requests,
            stop,
            server,
        }
    }

    async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.server.await;
    }
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
    for (mode, state) in modes {
        let served = Served::start(state).await;
        if let Ok(hold) = std::env::var("BENCH_HOLD_SECONDS") {
            // For an outside load generator (wrk): serve the seeded data a while.
            println!("{name} ({mode}) serving at {} for {hold} s", served.address);
            tokio::time::sleep(Duration::from_secs(hold.parse().unwrap_or(60))).await;
        }
        for measured in load(&served.address, seconds, connections, None).await {
            measured.print(name, mode, orders, seconds, connections);
        }
        served.stop().await;
    }
    state.close().await;
}

/// One instance of a deployment of several: the seeded PostgreSQL database,
/// Redis under `prefix`, the shared signing key, nginx as trusted proxy.
async fn instance(
    database_url: &str,
    redis_url: &str,
    prefix: &str,
) -> (AppState, tempfile::TempDir) {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings::default();
    settings.server.data_dir = data_dir.path().to_path_buf();
    settings.server.trusted_proxies = vec!["127.0.0.1".into()];
    settings.database.url = database_url.into();
    settings.database.max_connections = 16;
    settings.redis.url = redis_url.into();
    settings.redis.prefix = prefix.into();
    settings.secrets.signing_key = Some("bench-hall-signing-key-shared-by-both-instances".into());
    settings.log.level = "warn".into();
    let options = LeptosOptions::builder()
        .output_name("bounty")
        .site_root("target/site")
        .build();
    let state = AppState::start(settings, options).await.expect("state");
    (state, data_dir)
}

/// "Kept" on the seeded PostgreSQL database with Redis: one instance
/// directly, one behind nginx, two behind nginx.
async fn behind_nginx(database_url: &str, orders: u64, seconds: u64, connections: u64) {
    let redis_url =
        std::env::var("BENCH_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/".into());
    if !redis_reachable(&redis_url).await {
        println!("nginx     skipped: Redis at {redis_url} unreachable");
        return;
    }
    let prefix = format!("bench-hall-{}:", std::process::id());
    let (first_state, _first_dir) = instance(database_url, &redis_url, &prefix).await;
    let (second_state, _second_dir) = instance(database_url, &redis_url, &prefix).await;
    let first = Served::start(first_state.clone()).await;
    let second = Served::start(second_state.clone()).await;
    let name = "pg+redis";

    for measured in load(&first.address, seconds, connections, None).await {
        measured.print(name, "direct1", orders, seconds, connections);
    }

    let nginx = Nginx::start(&[first.port], None).await;
    let worker = nginx.worker();
    for measured in load(&nginx.address, seconds, connections, worker.as_deref()).await {
        measured.print(name, "nginx1", orders, seconds, connections);
    }
    nginx.stop();

    let nginx = Nginx::start(&[first.port, second.port], None).await;
    let worker = nginx.worker();
    // Both instances answer through nginx, each under its own id.
    let client = reqwest::Client::new();
    let mut answered = std::collections::BTreeSet::new();
    for _ in 0..8 {
        let response = client
            .get(format!("{}{}", nginx.address, FILTERED[0]))
            .send()
            .await
            .expect("through nginx");
        assert!(response.status().is_success());
        if let Some(id) = response.headers().get(http::INSTANCE_HEADER) {
            answered.insert(id.to_str().unwrap_or("?").to_owned());
        }
    }
    assert_eq!(answered.len(), 2, "both instances answer through nginx");
    let before = (
        first.requests.load(Ordering::Relaxed),
        second.requests.load(Ordering::Relaxed),
    );
    for measured in load(&nginx.address, seconds, connections, worker.as_deref()).await {
        measured.print(name, "nginx2", orders, seconds, connections);
    }
    let served = (
        first.requests.load(Ordering::Relaxed) - before.0,
        second.requests.load(Ordering::Relaxed) - before.1,
    );
    println!(
        "{name:<9} nginx2   requests served by instance 1: {}, by instance 2: {} ({:.1}% / {:.1}%)",
        served.0,
        served.1,
        served.0 as f64 * 100.0 / (served.0 + served.1).max(1) as f64,
        served.1 as f64 * 100.0 / (served.0 + served.1).max(1) as f64,
    );
    nginx.stop();

    first.stop().await;
    second.stop().await;
    first_state.close().await;
    second_state.close().await;
    remove_redis_keys(&redis_url, &prefix).await;
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
        if std::env::var("BENCH_SQLITE").as_deref() != Ok("0") {
            run("sqlite", sqlite, orders, seconds, connections).await;
        }
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
        run("postgres", url.clone(), orders, seconds, connections).await;
        if std::env::var("BENCH_NGINX").as_deref() != Ok("0") {
            behind_nginx(&url, orders, seconds, connections).await;
        }
        sqlx::query(&format!("DROP DATABASE {database} WITH (FORCE)"))
            .execute(&admin)
            .await
            .expect("drop database");
    });
}
