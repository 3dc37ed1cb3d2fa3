//! The realtime connection under load, with the server in a child process
//! of its own (this same binary, started with `BENCH_ROLE=server`) so its
//! memory is measured alone:
//!
//! 1. how many WebSocket connections one instance holds, and its resident
//!    memory per connection (RSS growth over the idle connections / count);
//! 2. message latency, send to delivery at the recipient, p50/p99, at a
//!    fixed total rate, with those idle connections still open (every
//!    sender and receiver is connected and has passed one warm-up message
//!    before the clock starts, and stays connected until all are done);
//! 3. the same latency between two instances sharing PostgreSQL and Redis.
//!
//! Not a timed test: run it on purpose and put the figures in the README.
//!
//!     ulimit -n 65536; cargo bench --features ssr --bench realtime
//!
//! (Each connection is a file descriptor in both processes, so the
//! open-file limit caps how many are opened; the bench says so when it does.)
//!
//! Environment: BENCH_CONNECTIONS (20000), BENCH_RATE (2000 messages/s),
//! BENCH_SECONDS (10), BENCH_SENDERS (500), BENCH_POSTGRES_URL,
//! BENCH_REDIS_URL. Load comes from loopback only, spread over several
//! 127.0.0.x source addresses so ephemeral ports never run short.

use bounty::domain::chat::frames::{decode_server_frame, encode};
use bounty::domain::chat::{ClientFrame, MessageBody, OutgoingBody, ServerFrame};
use bounty::server::config::Settings;
use bounty::server::db::sql::Sql;
use bounty::server::state::AppState;
use bounty::server::{http, shutdown};
use futures::{SinkExt, StreamExt};
use leptos::config::LeptosOptions;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpSocket;
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

// The server binary's allocator (src/main.rs), so the figures are its own.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Settings both the seeding process and the server children use.
fn settings(data_dir: &str, database: &str, redis: &str, prefix: &str) -> Settings {
    let mut settings = Settings::default();
    settings.server.data_dir = data_dir.into();
    settings.database.url = database.into();
    settings.database.max_connections = 16;
    settings.redis.url = redis.into();
    settings.redis.prefix = prefix.into();
    settings.log.level = "warn".into();
    settings
}

fn options() -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("bounty")
        .site_root("target/site")
        .build()
}

/// The child: serves until its standard input closes.
fn serve_child() {
    let get = |name: &str| std::env::var(name).unwrap_or_default();
    let settings = settings(
        &get("BENCH_DATA_DIR"),
        &get("BENCH_DATABASE_URL"),
        &get("BENCH_REDIS_URL"),
        &get("BENCH_PREFIX"),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let state = AppState::start(settings, options()).await.expect("state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        println!("LISTENING {}", listener.local_addr().expect("address"));
        let router = http::router(state.clone(), bounty::app::shell, bounty::app::App);
        let realtime = state.realtime.clone();
        let stop = async move {
            let _ = tokio::task::spawn_blocking(|| {
                let mut line = String::new();
                let _ = std::io::stdin().read_line(&mut line);
            })
            .await;
            realtime.close_all();
        };
        let _ = shutdown::serve_until(listener, router, stop, Duration::from_secs(2)).await;
        state.close().await;
    });
}

/// A server child process.
struct Instance {
    child: Child,
    address: String,
}

impl Instance {
    fn start(data_dir: &str, database: &str, redis: &str, prefix: &str) -> Instance {
        let mut child = Command::new(std::env::current_exe().expect("own path"))
            .env("BENCH_ROLE", "server")
            .env("BENCH_DATA_DIR", data_dir)
            .env("BENCH_DATABASE_URL", database)
            .env("BENCH_REDIS_URL", redis)
            .env("BENCH_PREFIX", prefix)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("server child");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("address line");
        let address = line
            .trim()
            .strip_prefix("LISTENING ")
            .expect("LISTENING line")
            .to_owned();
        Instance { child, address }
    }

    /// Resident memory of the child, in bytes.
    fn rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|value| {
                value
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse::<u64>()
                    .ok()
            })
            .map_or(0, |kb| kb * 1024)
    }

    fn stop(mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// Seeded users: their ids and cookies, and conversations of pairs.
struct World {
    cookies: Vec<(i64, String)>,
    /// (conversation, sender index, receiver index) into `cookies`.
    pairs: Vec<(i64, usize, usize)>,
}

async fn seed(state: &AppState, users: usize, pairs: usize) -> World {
    use bounty::server::auth::{now_millis, random_id, token};
    let now = now_millis();
    let mut ids = Vec::with_capacity(users);
    let batch = 500;
    let mut start = 0;
    while start < users {
        let end = (start + batch).min(users);
        let mut sql = Sql::new(
            "INSERT INTO users (email, nickname, password_hash, created_at, updated_at) VALUES ",
        );
        for n in start..end {
            if n > start {
                sql.push(", ");
            }
            sql.push("(")
                .bind(format!("load{n}@example.com"))
                .push(", ")
                .bind(format!("Load {n}"))
                .push(", 'x', ")
                .bind(now)
                .push(", ")
                .bind(now)
                .push(")");
        }
        sql.push(" RETURNING id");
        let (text, arguments) = sql.into_parts();
        let mut tx = state.db.begin_write().await.expect("begin");
        let mut batch_ids: Vec<i64> = sqlx::query_scalar_with(&text, arguments)
            .fetch_all(&mut *tx)
            .await
            .expect("users");
        tx.commit().await.expect("commit");
        batch_ids.sort_unstable();
        ids.extend(batch_ids);
        start = end;
    }
    let mut cookies = Vec::with_capacity(users);
    let mut tx = state.db.begin_write().await.expect("begin");
    for id in &ids {
        let session = random_id(32);
        bounty::server::db::sessions::insert(
            &mut tx,
            &session,
            *id,
            now,
            now + token::TOKEN_LIFETIME_MS,
        )
        .await
        .expect("session");
        let signed = token::issue(state.secrets.signing_key(), *id, &session, now).expect("token");
        cookies.push((*id, format!("session={signed}")));
    }
    tx.commit().await.expect("commit");
    let mut tx = state.db.begin_write().await.expect("begin");
    let mut conversation_pairs = Vec::with_capacity(pairs);
    for pair in 0..pairs {
        let (sender, receiver) = (2 * pair, 2 * pair + 1);
        let (a, b) = (ids[sender], ids[receiver]);
        let id = bounty::server::db::conversations::insert_if_new(
            &mut tx,
            a.min(b),
            a.max(b),
            None,
            now,
        )
        .await
        .expect("conversation")
        .expect("a new pair");
        conversation_pairs.push((id, sender, receiver));
    }
    tx.commit().await.expect("commit");
    World {
        cookies,
        pairs: conversation_pairs,
    }
}

type Socket = tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>;

/// Opens one WebSocket from source address 127.0.0.`source` and waits for
/// the hello.
async fn open(address: &str, cookie: &str, source: u8) -> Option<Socket> {
    let server: std::net::SocketAddr = address.parse().ok()?;
    let socket = TcpSocket::new_v4().ok()?;
    socket
        .bind(std::net::SocketAddr::from(([127, 0, 0, source], 0)))
        .ok()?;
    let stream = socket.connect(server).await.ok()?;
    let mut request = format!("ws://{address}/ws").into_client_request().ok()?;
    request.headers_mut().insert("cookie", cookie.parse().ok()?);
    let (mut ws, _) = tokio_tungstenite::client_async(request, stream)
        .await
        .ok()?;
    match ws.next().await? {
        Ok(Message::Text(text)) => match decode_server_frame(text.as_str()) {
            Ok(Some(ServerFrame::Hello { .. })) => Some(ws),
            _ => None,
        },
        _ => None,
    }
}

/// Opens `count` idle connections (two tabs per user); returns them.
async fn open_idle(address: &str, world: &World, count: usize) -> Vec<Socket> {
    let mut sockets = Vec::with_capacity(count);
    let mut opening = futures::stream::iter((0..count).map(|n| {
        let cookie = world.cookies[(n / 2) % world.cookies.len()].1.clone();
        let address = address.to_owned();
        async move { open(&address, &cookie, 1 + (n % 8) as u8).await }
    }))
    .buffer_unordered(256);
    while let Some(socket) = opening.next().await {
        if let Some(socket) = socket {
            sockets.push(socket);
        }
    }
    sockets
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index] as f64 / 1000.0
}

/// Sends `rate` messages per second in all for `seconds` from each pair's
/// sender (on `send_to`) to its receiver (on `receive_at`); returns
/// (sent, delivered, p50 ms, p99 ms).
async fn latency(
    send_to: &str,
    receive_at: &str,
    world: &World,
    rate: u64,
    seconds: u64,
) -> (u64, u64, f64, f64) {
    let latencies = Arc::new(Mutex::new(Vec::<u64>::new()));
    let sent = Arc::new(AtomicU64::new(0));
    let delivered = Arc::new(AtomicU64::new(0));
    let refused = Arc::new(AtomicU64::new(0));
    let pairs = world.pairs.len();
    let per_sender = rate as f64 / pairs as f64;
    let mut receivers = Vec::new();
    let mut senders = Vec::new();
    // Every socket is open before the clock starts, so the figures are the
    // steady rate's and not those of a thousand sign-ins arriving at once.
    let mut sockets = Vec::with_capacity(pairs);
    for (index, (conversation, sender, receiver)) in world.pairs.iter().copied().enumerate() {
        let source = 100 + (index % 8) as u8;
        let inbox = open(receive_at, &world.cookies[receiver].1, source)
            .await
            .expect("receiver connects");
        let outbox = open(send_to, &world.cookies[sender].1, source)
            .await
            .expect("sender connects");
        sockets.push((index, conversation, inbox, outbox));
    }
    // One message per pair before the clock starts: the servers' database
    // and Redis pools are warm, as on a server that has been running.
    for (index, conversation, inbox, outbox) in &mut sockets {
        let frame = ClientFrame::Send {
            conversation_id: *conversation,
            client_id: format!("warm-{index}"),
            body: OutgoingBody::Text {
                text: "warm-up".into(),
            },
        };
        outbox
            .send(Message::Text(encode(&frame).into()))
            .await
            .expect("warm-up sent");
        loop {
            let Ok(Some(Ok(Message::Text(text)))) =
                tokio::time::timeout(Duration::from_secs(10), inbox.next()).await
            else {
                panic!("the warm-up message did not arrive");
            };
            if let Ok(Some(ServerFrame::Message { .. })) = decode_server_frame(text.as_str()) {
                break;
            }
        }
    }
    let started = Instant::now();
    for (index, conversation, mut inbox, outbox) in sockets {
        let latencies = latencies.clone();
        let delivered = delivered.clone();
        let expected = (per_sender * seconds as f64).ceil() as u64;
        receivers.push(tokio::spawn(async move {
            let mut got = 0;
            while got < expected {
                let Ok(Some(Ok(Message::Text(text)))) =
                    tokio::time::timeout(Duration::from_secs(10), inbox.next()).await
                else {
                    break;
                };
                let frame = decode_server_frame(text.as_str());
                if let Ok(Some(ServerFrame::Resync)) = frame {
                    eprintln!("a receiver was told to resync (it catches up from the database)");
                }
                if let Ok(Some(ServerFrame::Message { message })) = frame
                    && let MessageBody::Text { text } = message.body
                    && let Ok(at) = text.parse::<u64>()
                {
                    let now = started.elapsed().as_micros() as u64;
                    latencies.lock().await.push(now.saturating_sub(at));
                    delivered.fetch_add(1, Ordering::Relaxed);
                    got += 1;
                }
            }
            // Returned, not dropped: a socket closing makes the server
            // announce presence, which is not what is measured here.
            inbox
        }));
        let sent = sent.clone();
        let refused = refused.clone();
        senders.push(tokio::spawn(async move {
            let (mut write, mut read) = outbox.split();
            // Acks are not timed; refusals are counted.
            tokio::spawn(async move {
                while let Some(Ok(Message::Text(text))) = read.next().await {
                    if let Ok(Some(ServerFrame::Error { error, .. })) =
                        decode_server_frame(text.as_str())
                        && refused.fetch_add(1, Ordering::Relaxed) == 0
                    {
                        eprintln!("first refusal: {error:?}");
                    }
                }
            });
            let gap = Duration::from_secs_f64(1.0 / per_sender);
            // Senders are spread evenly over the gap, so the load arrives as a
            // steady rate rather than in bursts of every sender at once.
            let offset = gap.mul_f64(index as f64 / pairs as f64);
            tokio::time::sleep(offset).await;
            let mut tick = tokio::time::interval(gap);
            tick.tick().await;
            for n in 0..expected {
                tick.tick().await;
                let frame = ClientFrame::Send {
                    conversation_id: conversation,
                    client_id: format!("bench-{index}-{n}"),
                    body: OutgoingBody::Text {
                        text: started.elapsed().as_micros().to_string(),
                    },
                };
                if write
                    .send(Message::Text(encode(&frame).into()))
                    .await
                    .is_err()
                {
                    break;
                }
                sent.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for sender in senders {
        let _ = sender.await;
    }
    let mut finished = Vec::with_capacity(receivers.len());
    for receiver in receivers {
        finished.extend(receiver.await.ok());
    }
    let mut all = latencies.lock().await.clone();
    all.sort_unstable();
    let refused = refused.load(Ordering::Relaxed);
    if refused > 0 {
        println!("  {refused} messages were refused by the server (see the first one above)");
    }
    (
        sent.load(Ordering::Relaxed),
        delivered.load(Ordering::Relaxed),
        percentile(&all, 0.5),
        percentile(&all, 0.99),
    )
}

/// The connections this machine lets both processes hold: each end of a
/// socket is a file descriptor, so the open-file limit (inherited by the
/// server child) caps them; a margin stays for the database, the listener
/// and the measuring sockets.
fn connections_possible(wanted: u64) -> u64 {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    let soft = limits
        .lines()
        .find(|line| line.starts_with("Max open files"))
        .and_then(|line| line.split_whitespace().nth(3))
        .and_then(|value| value.parse::<u64>().ok())
        .unwrap_or(0);
    let possible = soft.saturating_sub(1500);
    if possible < wanted {
        println!(
            "note: the open-file limit is {soft} (`ulimit -n`), so {possible} of the {wanted} wanted \
             connections are opened; raise the limit to measure more"
        );
    }
    wanted.min(possible)
}

async fn seeded_state(
    data_dir: &str,
    database: &str,
    redis: &str,
    prefix: &str,
    users: usize,
    pairs: usize,
) -> World {
    let state = AppState::start(settings(data_dir, database, redis, prefix), options())
        .await
        .expect("seeding state");
    let world = seed(&state, users, pairs).await;
    state.close().await;
    world
}

async fn run() {
    let connections = connections_possible(env_number("BENCH_CONNECTIONS", 20_000));
    let rate = env_number("BENCH_RATE", 2_000);
    let seconds = env_number("BENCH_SECONDS", 10);
    let senders = env_number("BENCH_SENDERS", 500) as usize;
    let users = (connections as usize / 2).max(2 * senders);

    // One instance on the embedded parts.
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().display().to_string();
    let sqlite = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let world = seeded_state(&data_dir, &sqlite, "", "", users, senders).await;
    let instance = Instance::start(&data_dir, &sqlite, "", "");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = instance.rss();
    let opening = Instant::now();
    let idle = open_idle(&instance.address, &world, connections as usize).await;
    let opened_in = opening.elapsed();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let after = instance.rss();
    let held = idle.len();
    let per_connection = (after.saturating_sub(before)) as f64 / held.max(1) as f64;
    println!(
        "one instance (SQLite, in-process bus): {held} of {connections} connections open (in {:.1} s); \
         RSS {:.0} MiB before, {:.0} MiB with them: {:.1} KiB per connection",
        opened_in.as_secs_f64(),
        before as f64 / 1048576.0,
        after as f64 / 1048576.0,
        per_connection / 1024.0
    );
    let address = instance.address.clone();
    let (sent, delivered, p50, p99) = latency(&address, &address, &world, rate, seconds).await;
    println!(
        "one instance (SQLite, in-process bus): {rate} messages/s for {seconds} s from {senders} senders, \
         {held} idle connections open: sent {sent}, delivered {delivered}, latency p50 {p50:.1} ms, p99 {p99:.1} ms"
    );
    drop(idle);
    instance.stop();
    // The kernel and both processes release 18,000-odd sockets and their
    // memory for a few seconds after that; let them settle first.
    tokio::time::sleep(Duration::from_secs(5)).await;

    // Two instances on PostgreSQL and Redis.
    let admin_url = std::env::var("BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let redis =
        std::env::var("BENCH_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let Ok(admin) = sqlx::PgPool::connect(&admin_url).await else {
        println!("two instances skipped: {admin_url} unreachable");
        return;
    };
    let database = format!("bench_realtime_{}", std::process::id());
    sqlx::query(&format!("CREATE DATABASE {database}"))
        .execute(&admin)
        .await
        .expect("create database");
    let url = match admin_url.rsplit_once('/') {
        Some((server, _)) => format!("{server}/{database}"),
        None => admin_url.clone(),
    };
    let prefix = format!("bench-realtime-{}:", std::process::id());
    let shared = tempfile::tempdir().expect("temp dir");
    let shared_dir = shared.path().display().to_string();
    let world = seeded_state(&shared_dir, &url, &redis, &prefix, 2 * senders, senders).await;
    let first = Instance::start(&shared_dir, &url, &redis, &prefix);
    let second = Instance::start(&shared_dir, &url, &redis, &prefix);
    let (sent, delivered, p50, p99) =
        latency(&first.address, &second.address, &world, rate, seconds).await;
    println!(
        "two instances (PostgreSQL, Redis): {rate} messages/s for {seconds} s from {senders} senders on one \
         instance to receivers on the other: sent {sent}, delivered {delivered}, latency p50 {p50:.1} ms, p99 {p99:.1} ms"
    );
    first.stop();
    second.stop();
    sqlx::query(&format!("DROP DATABASE {database} WITH (FORCE)"))
        .execute(&admin)
        .await
        .expect("drop database");
    remove_redis_keys(&redis, &prefix).await;
}

/// Deletes every Redis key under the benchmark's prefix.
async fn remove_redis_keys(url: &str, prefix: &str) {
    use fred::prelude::*;
    let Ok(config) = Config::from_url(url) else {
        return;
    };
    let Ok(client) = Builder::from_config(config).build() else {
        return;
    };
    if client.init().await.is_err() {
        return;
    }
    let command = fred::types::CustomCommand::new_static("KEYS", None, false);
    let keys: Vec<String> = client
        .custom(command, vec![format!("{prefix}*")])
        .await
        .unwrap_or_default();
    if !keys.is_empty() {
        let _: Result<i64, _> = client.del(keys).await;
    }
    let _ = client.quit().await;
}

fn main() {
    if std::env::var("BENCH_ROLE").as_deref() == Ok("server") {
        serve_child();
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}
