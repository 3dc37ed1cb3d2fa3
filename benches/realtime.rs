//! The realtime connection under load, with each server in a child process
//! of its own (this same binary, started with `BENCH_ROLE=server`) so its
//! memory and CPU are measured alone:
//!
//! 1. how many WebSocket connections one instance holds, and its resident
//!    memory per connection (RSS growth over the idle connections / count);
//! 2. message latency, send to delivery at the recipient, p50/p99, at a
//!    fixed total rate, with those idle connections still open (every
//!    sender and receiver is connected and has passed one warm-up message
//!    before the clock starts, and stays connected until all are done);
//! 3. the same latency between two instances sharing PostgreSQL and Redis,
//!    senders on one and receivers on the other, reached directly;
//! 4. the same latency through nginx (deploy/nginx-test.conf, one worker,
//!    see `through_nginx`): one instance behind it, then both behind it,
//!    every socket opened through nginx's `/ws` so that round robin puts
//!    them on both instances; each first with only the measuring sockets,
//!    then with idle connections through nginx held open beside them.
//!
//! Every line counts the messages sent and delivered and reports the lost
//! ones (sent but not delivered within ten seconds of the last), and the
//! CPU time per message of the server processes (and of nginx's worker)
//! from /proc, with how busy both cores were.
//!
//! Not a timed test: run it on purpose and put the figures in the README.
//!
//!     ulimit -n 20000; cargo bench --features ssr --bench realtime
//!
//! (Each connection is a file descriptor in both processes, so the
//! open-file limit caps how many are opened; the bench says so when it does.
//! nginx holds two per proxied socket, the client's and the upstream one, so
//! the idle count through nginx is sized to fit its worker's limit: with the
//! sandbox's 20,000 open files per process, the worker gets
//! `worker_rlimit_nofile 20000` and `worker_connections 19744` (a bench-only
//! copy of the config; deploy/nginx-site.conf is untouched), and 1,000
//! descriptors stay spare, so it holds (20,000 - 1,000) / 2 = 9,500 proxied
//! sockets: the 1,000 measuring ones (500 pairs) and 8,500 idle.)
//!
//! Environment: BENCH_CONNECTIONS (20000), BENCH_RATE (2000 messages/s),
//! BENCH_SECONDS (10), BENCH_SENDERS (500), BENCH_NGINX_IDLE (at most the
//! sizing above), BENCH_POSTGRES_URL, BENCH_REDIS_URL, NGINX
//! (/usr/sbin/nginx). Parts can be skipped: BENCH_ONE=0 (parts 1 and 2),
//! BENCH_DIRECT=0 (part 3), BENCH_NGINX=0 (part 4). Load comes from loopback
//! only, spread over several 127.0.0.x source addresses so ephemeral ports
//! never run short.

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

#[path = "common/cpu.rs"]
mod cpu;
#[path = "common/nginx.rs"]
mod nginx;
#[path = "common/redis.rs"]
mod redis;
#[path = "realtime/through_nginx.rs"]
mod through_nginx;

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

/// Whether a part runs: unless its variable is `0`.
fn part_runs(name: &str) -> bool {
    std::env::var(name).as_deref() != Ok("0")
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
    // The load comes from a few loopback addresses (all of them nginx's
    // through the proxy), far past the per-address socket cap meant for
    // real clients; each sender also sends far more than a person.
    settings.rates.sockets_per_ip = u64::MAX;
    settings.rates.socket_frames_per_connection_per_minute = u64::MAX;
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
    let mut settings = settings(
        &get("BENCH_DATA_DIR"),
        &get("BENCH_DATABASE_URL"),
        &get("BENCH_REDIS_URL"),
        &get("BENCH_PREFIX"),
    );
    if !get("BENCH_TRUSTED_PROXY").is_empty() {
        // Behind nginx: the client's address comes from X-Forwarded-For.
        settings.server.trusted_proxies = vec![get("BENCH_TRUSTED_PROXY")];
    }
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
    /// `trusted_proxy`: the proxy's address when instances sit behind one
    /// (as a deployment of several is configured), or "".
    fn start(
        data_dir: &str,
        database: &str,
        redis: &str,
        prefix: &str,
        trusted_proxy: &str,
    ) -> Instance {
        let mut child = Command::new(std::env::current_exe().expect("own path"))
            .env("BENCH_ROLE", "server")
            .env("BENCH_TRUSTED_PROXY", trusted_proxy)
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
        rss(&self.pid())
    }

    fn pid(&self) -> String {
        self.child.id().to_string()
    }

    fn port(&self) -> u16 {
        self.address
            .rsplit_once(':')
            .and_then(|(_, port)| port.parse().ok())
            .expect("port")
    }

    fn stop(mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// Resident memory of a process, in bytes (0 once it has gone).
fn rss(pid: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
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
/// the hello; returns it with the id of the instance that answered (its
/// `x-bounty-instance` header, passed on by nginx).
async fn open(address: &str, cookie: &str, source: u8) -> Option<(Socket, String)> {
    let server: std::net::SocketAddr = address.parse().ok()?;
    let socket = TcpSocket::new_v4().ok()?;
    socket
        .bind(std::net::SocketAddr::from(([127, 0, 0, source], 0)))
        .ok()?;
    let stream = socket.connect(server).await.ok()?;
    let mut request = format!("ws://{address}/ws").into_client_request().ok()?;
    request.headers_mut().insert("cookie", cookie.parse().ok()?);
    let (mut ws, response) = tokio_tungstenite::client_async(request, stream)
        .await
        .ok()?;
    let instance = response
        .headers()
        .get(http::INSTANCE_HEADER)
        .and_then(|id| id.to_str().ok())
        .unwrap_or("?")
        .to_owned();
    match ws.next().await? {
        Ok(Message::Text(text)) => match decode_server_frame(text.as_str()) {
            Ok(Some(ServerFrame::Hello { .. })) => Some((ws, instance)),
            _ => None,
        },
        _ => None,
    }
}

/// Opens `count` idle connections (two tabs per user); returns them, each
/// with the instance that answered.
async fn open_idle(address: &str, world: &World, count: usize) -> Vec<(Socket, String)> {
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

/// What one latency run measured.
struct Run {
    sent: u64,
    delivered: u64,
    p50: f64,
    p99: f64,
    /// CPU seconds of each watched process while the clock ran.
    cpu: Vec<f64>,
    /// Share of both cores busy while the clock ran (0 to 1).
    machine_busy: f64,
    /// Pairs whose sender and receiver were answered by different instances.
    across: usize,
    pairs: usize,
}

impl Run {
    /// Counts and percentiles, as every line prints them.
    fn summary(&self) -> String {
        format!(
            "sent {}, delivered {}, lost {}, latency p50 {:.1} ms, p99 {:.1} ms",
            self.sent,
            self.delivered,
            self.sent.saturating_sub(self.delivered),
            self.p50,
            self.p99
        )
    }

    /// CPU microseconds per delivered message of the watched processes in
    /// `which` (indices into the pids given to `latency`).
    fn cpu_per_message(&self, which: std::ops::Range<usize>) -> f64 {
        let seconds: f64 = self.cpu.get(which).unwrap_or_default().iter().sum();
        seconds * 1e6 / self.delivered.max(1) as f64
    }
}

/// Sends `rate` messages per second in all for `seconds` from each pair's
/// sender (on `send_to`) to its receiver (on `receive_at`), measuring the
/// CPU time of the processes `watched` (pids) meanwhile.
async fn latency(
    send_to: &str,
    receive_at: &str,
    world: &World,
    rate: u64,
    seconds: u64,
    watched: &[String],
) -> Run {
    // Client message ids are unique per run: a run on the same database
    // resending an earlier run's ids would be answered as retries (the
    // server deduplicates them) and never delivered again.
    static RUNS: AtomicU64 = AtomicU64::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
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
    let mut across = 0;
    for (index, (conversation, sender, receiver)) in world.pairs.iter().copied().enumerate() {
        let source = 100 + (index % 8) as u8;
        let (inbox, receiving) = open(receive_at, &world.cookies[receiver].1, source)
            .await
            .expect("receiver connects");
        let (outbox, sending) = open(send_to, &world.cookies[sender].1, source)
            .await
            .expect("sender connects");
        across += usize::from(receiving != sending);
        sockets.push((index, conversation, inbox, outbox));
    }
    // One message per pair before the clock starts: the servers' database
    // and Redis pools are warm, as on a server that has been running.
    for (index, conversation, inbox, outbox) in &mut sockets {
        let frame = ClientFrame::Send {
            conversation_id: *conversation,
            client_id: format!("warm-{run}-{index}"),
            body: OutgoingBody::Text {
                text: "warm-up".into(),
            },
        };
        outbox
            .send(Message::Text(encode(&frame).into()))
            .await
            .expect("warm-up sent");
        loop {
            let text = match tokio::time::timeout(Duration::from_secs(10), inbox.next()).await {
                Ok(Some(Ok(Message::Text(text)))) => text,
                // The server's heartbeat pings.
                Ok(Some(Ok(Message::Ping(_) | Message::Pong(_)))) => continue,
                _ => panic!("the warm-up message of pair {index} did not arrive"),
            };
            if let Ok(Some(ServerFrame::Message { .. })) = decode_server_frame(text.as_str()) {
                break;
            }
        }
    }
    let ticks = cpu::clock_ticks();
    let cpu_before: Vec<u64> = watched.iter().map(|pid| cpu::process_ticks(pid)).collect();
    let machine_before = cpu::machine_ticks();
    let started = Instant::now();
    for (index, conversation, mut inbox, outbox) in sockets {
        let latencies = latencies.clone();
        let delivered = delivered.clone();
        let expected = (per_sender * seconds as f64).ceil() as u64;
        receivers.push(tokio::spawn(async move {
            let mut got = 0;
            while got < expected {
                let text = match tokio::time::timeout(Duration::from_secs(10), inbox.next()).await {
                    Ok(Some(Ok(Message::Text(text)))) => text,
                    Ok(Some(Ok(Message::Ping(_) | Message::Pong(_)))) => continue,
                    _ => break,
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
                    client_id: format!("bench-{run}-{index}-{n}"),
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
    let cpu: Vec<f64> = watched
        .iter()
        .zip(cpu_before)
        .map(|(pid, before)| cpu::process_ticks(pid).saturating_sub(before) as f64 / ticks)
        .collect();
    let machine_after = cpu::machine_ticks();
    let machine_busy = machine_after.0.saturating_sub(machine_before.0) as f64
        / machine_after.1.saturating_sub(machine_before.1).max(1) as f64;
    let mut all = latencies.lock().await.clone();
    all.sort_unstable();
    let refused = refused.load(Ordering::Relaxed);
    if refused > 0 {
        println!("  {refused} messages were refused by the server (see the first one above)");
    }
    Run {
        sent: sent.load(Ordering::Relaxed),
        delivered: delivered.load(Ordering::Relaxed),
        p50: percentile(&all, 0.5),
        p99: percentile(&all, 0.99),
        cpu,
        machine_busy,
        across,
        pairs,
    }
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

/// Parts 1 and 2: one instance on the embedded parts (SQLite, in-process
/// bus) holding `connections` idle sockets, then the latency beside them.
async fn one_instance(connections: u64, rate: u64, seconds: u64, senders: usize) {
    let users = (connections as usize / 2).max(2 * senders);
    let dir = tempfile::tempdir().expect("temp dir");
    let data_dir = dir.path().display().to_string();
    let sqlite = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let world = seeded_state(&data_dir, &sqlite, "", "", users, senders).await;
    let instance = Instance::start(&data_dir, &sqlite, "", "", "");
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
    let run = latency(&address, &address, &world, rate, seconds, &[instance.pid()]).await;
    println!(
        "one instance (SQLite, in-process bus): {rate} messages/s for {seconds} s from {senders} senders, \
         {held} idle connections open: {}; CPU per message: instance {:.0} us; machine {:.0}% busy",
        run.summary(),
        run.cpu_per_message(0..1),
        run.machine_busy * 100.0
    );
    drop(idle);
    instance.stop();
    // The kernel and both processes release 18,000-odd sockets and their
    // memory for a few seconds after that; let them settle first.
    tokio::time::sleep(Duration::from_secs(5)).await;
}

/// Parts 3 and 4: two instances on PostgreSQL and Redis (one database, one
/// key prefix, one data dir and so one signing key), 127.0.0.1 as trusted
/// proxy as behind nginx; reached directly, then through nginx.
async fn two_instances(rate: u64, seconds: u64, senders: usize) {
    let admin_url = std::env::var("BENCH_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let redis =
        std::env::var("BENCH_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into());
    let Ok(admin) = sqlx::PgPool::connect(&admin_url).await else {
        println!("two instances skipped: {admin_url} unreachable");
        return;
    };
    if !redis_reachable(&redis).await {
        println!("two instances skipped: Redis at {redis} unreachable");
        return;
    }
    let nginx = part_runs("BENCH_NGINX").then(|| through_nginx::sizing(senders));
    // Two tabs per user for the idle connections through nginx, as in part 1.
    let users = nginx
        .as_ref()
        .map_or(0, |sizing| sizing.idle.div_ceil(2))
        .max(2 * senders);
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
    let world = seeded_state(&shared_dir, &url, &redis, &prefix, users, senders).await;
    let first = Instance::start(&shared_dir, &url, &redis, &prefix, "127.0.0.1");
    let second = Instance::start(&shared_dir, &url, &redis, &prefix, "127.0.0.1");
    if part_runs("BENCH_DIRECT") {
        let watched = [first.pid(), second.pid()];
        let run = latency(
            &first.address,
            &second.address,
            &world,
            rate,
            seconds,
            &watched,
        )
        .await;
        println!(
            "two instances (PostgreSQL, Redis), direct: {rate} messages/s for {seconds} s from {senders} senders \
             on one instance to receivers on the other: {}; CPU per message: instances {:.0} us; \
             machine {:.0}% busy",
            run.summary(),
            run.cpu_per_message(0..2),
            run.machine_busy * 100.0
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    if let Some(sizing) = nginx {
        through_nginx::run(&[&first, &second], &world, &sizing, rate, seconds).await;
    }
    first.stop();
    second.stop();
    sqlx::query(&format!("DROP DATABASE {database} WITH (FORCE)"))
        .execute(&admin)
        .await
        .expect("drop database");
    remove_redis_keys(&redis, &prefix).await;
}

async fn run() {
    let rate = env_number("BENCH_RATE", 2_000);
    let seconds = env_number("BENCH_SECONDS", 10);
    let senders = env_number("BENCH_SENDERS", 500) as usize;
    if part_runs("BENCH_ONE") {
        let connections = connections_possible(env_number("BENCH_CONNECTIONS", 20_000));
        one_instance(connections, rate, seconds, senders).await;
    }
    if part_runs("BENCH_DIRECT") || part_runs("BENCH_NGINX") {
        two_instances(rate, seconds, senders).await;
    }
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
