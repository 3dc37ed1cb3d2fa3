//! Backpressure on `/ws`: a client that stops reading is dropped, by its
//! send deadline or by its queue's byte budget, the server keeps no more
//! than that budget waiting for it, and when it reconnects it catches up
//! with every message; a slow client that keeps reading stays connected.
//! On SQLite + in-process bus and on PostgreSQL + Redis.
//!
//! The non-reading client's socket has a small receive buffer, but the
//! server's send buffer on loopback grows to the kernel's maximum
//! (`tcp_wmem`, 4 MiB by default), so the senders write twice that (long
//! Chinese messages from several users, each within the chat's flood
//! limit): the server's writes must block whatever the machine's setting.

use crate::support::backends::Cleanup;
use crate::support::orders::{session_cookie, user};
use crate::support::test_app::TestApp;
use crate::support::ws::{PATIENCE, SharedBackends, WsClient};
use bounty::domain::CurrentUser;
use bounty::domain::chat::frames::decode_server_frame;
use bounty::domain::chat::{ClientFrame, MessageBody, OutgoingBody, ServerFrame};
use bounty::server::config::Settings;
use bounty::server::services::chat::{conversations, send};
use futures::StreamExt;
use std::time::{Duration, Instant};
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// Messages from each sender (the flood limit allows 60 per 10 s).
const MESSAGES_EACH: usize = 60;
/// About what one long message costs on the wire.
const MESSAGE_BYTES: usize = 12_100;

/// Senders enough to write twice the largest send buffer a socket here
/// may have.
fn senders_needed() -> usize {
    let largest_send_buffer = std::fs::read_to_string("/proc/sys/net/ipv4/tcp_wmem")
        .ok()
        .and_then(|line| line.split_whitespace().nth(2)?.parse::<usize>().ok())
        .unwrap_or(4 * 1024 * 1024);
    (2 * largest_send_buffer).div_ceil(MESSAGES_EACH * MESSAGE_BYTES)
}

/// 4,000 characters, about 12 KB: the longest message there is.
fn long_text(sender: usize, n: usize) -> String {
    format!("{sender:03}:{n:03} {}", "慢".repeat(3992))
}

/// A server on each backend pair, with `adjust` applied.
async fn apps(adjust: fn(&mut Settings)) -> Vec<(TestApp, Vec<Cleanup>)> {
    let mut apps = vec![(TestApp::spawn_with(adjust).await, Vec::new())];
    if let Some(shared) = SharedBackends::create().await {
        let (database, redis, prefix) = (
            shared.database_url.clone(),
            shared.redis_url.clone(),
            shared.prefix.clone(),
        );
        let app = TestApp::spawn_with(move |settings| {
            settings.database.url = database;
            settings.redis.url = redis;
            settings.redis.prefix = prefix;
            adjust(settings);
        })
        .await;
        apps.push((app, shared.cleanup));
    }
    apps
}

/// A `/ws` client that reads only when asked to, over a socket with a small
/// receive buffer.
struct Reader {
    stream: WebSocketStream<TcpStream>,
}

impl Reader {
    async fn connect(app: &TestApp, who: &CurrentUser) -> Reader {
        let cookie = session_cookie(&app.state, who).await;
        let address = app.address.trim_start_matches("http://");
        let socket = TcpSocket::new_v4().expect("socket");
        socket
            .set_recv_buffer_size(8 * 1024)
            .expect("receive buffer");
        let tcp = socket
            .connect(address.parse().expect("address"))
            .await
            .expect("connect");
        let mut request = format!("ws://{address}/ws")
            .into_client_request()
            .expect("request");
        let headers = request.headers_mut();
        headers.insert("cookie", cookie.parse().expect("cookie"));
        headers.insert("origin", app.address.parse().expect("origin"));
        let (stream, _) = tokio_tungstenite::client_async(request, tcp)
            .await
            .expect("upgrade");
        let mut reader = Reader { stream };
        match reader.next(PATIENCE).await {
            Some(ServerFrame::Hello { .. }) => reader,
            other => panic!("expected hello, got {other:?}"),
        }
    }

    /// The next frame, or `None` when the connection ended or nothing came
    /// within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<ServerFrame> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let message = tokio::time::timeout_at(deadline, self.stream.next())
                .await
                .ok()??;
            match message.ok()? {
                Message::Text(text) => {
                    if let Some(frame) = decode_server_frame(text.as_str()).expect("a frame") {
                        return Some(frame);
                    }
                }
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// Reads everything left; returns how many chat messages there were,
    /// failing if the connection does not end within `PATIENCE`.
    async fn drain_to_end(&mut self) -> usize {
        let deadline = Instant::now() + PATIENCE;
        let mut messages = 0;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "the dropped connection did not end");
            let ended = match tokio::time::timeout(left, self.stream.next()).await {
                Err(_) => panic!("the dropped connection did not end"),
                Ok(None | Some(Err(_)) | Some(Ok(Message::Close(_)))) => true,
                Ok(Some(Ok(Message::Text(text)))) => {
                    if let Ok(Some(ServerFrame::Message { .. })) =
                        decode_server_frame(text.as_str())
                    {
                        messages += 1;
                    }
                    false
                }
                Ok(Some(Ok(_))) => false,
            };
            if ended {
                return messages;
            }
        }
    }
}

/// Users enough to fill the socket, each with a conversation with `reader`.
async fn senders(app: &TestApp, reader: &CurrentUser) -> Vec<(CurrentUser, i64)> {
    let mut senders = Vec::new();
    for index in 0..senders_needed() {
        let sender = user(&app.state, &format!("Sender {index}")).await;
        let conversation = conversations::open(&app.state, &sender, reader.id, None)
            .await
            .expect("open");
        senders.push((sender, conversation));
    }
    senders
}

/// Every sender sends `MESSAGES_EACH` long messages, all at once; each is
/// stored (the call returns its seq) before it is published.
async fn send_all(app: &TestApp, senders: &[(CurrentUser, i64)]) {
    let each = senders
        .iter()
        .enumerate()
        .map(|(index, (sender, conversation))| async move {
            for n in 1..=MESSAGES_EACH {
                let body = OutgoingBody::Text {
                    text: long_text(index, n),
                };
                let sent = send::send(&app.state, sender, *conversation, &format!("bp-{n}"), &body)
                    .await
                    .expect("stored");
                assert_eq!(sent.message.seq, n as i64);
            }
        });
    futures::future::join_all(each).await;
}

/// Waits until no connection is open on `app`, or fails after `within`.
async fn dropped_within(app: &TestApp, within: Duration) -> Duration {
    let start = Instant::now();
    while app.state.realtime.open_connections() > 0 {
        assert!(
            start.elapsed() < within,
            "the non-reading client was not dropped within {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    start.elapsed()
}

/// Reconnects as `who` and asks for everything after seq 0 in each
/// conversation, page by page, as the browser does after a drop: every
/// message must come back, in order.
async fn catches_up(app: &TestApp, who: &CurrentUser, senders: &[(CurrentUser, i64)]) {
    let mut tab = WsClient::connect(app, who).await;
    for (index, (_, conversation)) in senders.iter().enumerate() {
        let mut texts = Vec::new();
        let mut after_seq = 0;
        loop {
            tab.send(&ClientFrame::Sync {
                conversation_id: *conversation,
                after_seq,
            })
            .await;
            let ServerFrame::History {
                messages, has_more, ..
            } = tab
                .until(|frame| {
                    matches!(frame, ServerFrame::History { conversation_id, .. }
                        if conversation_id == conversation)
                })
                .await
            else {
                unreachable!()
            };
            for message in &messages {
                assert_eq!(message.seq, after_seq + 1, "in order, without gaps");
                after_seq = message.seq;
                if let MessageBody::Text { text } = &message.body {
                    texts.push(text.clone());
                }
            }
            if !has_more {
                break;
            }
        }
        let expected: Vec<String> = (1..=MESSAGES_EACH).map(|n| long_text(index, n)).collect();
        assert!(texts == expected, "conversation {index} caught up in full");
    }
    tab.close().await;
}

#[tokio::test]
async fn a_client_that_stops_reading_is_dropped_after_the_send_timeout_and_catches_up_on_reconnect()
{
    for (app, _cleanup) in apps(|settings| {
        settings.limits.socket_send_timeout_ms = 300;
        // Far more than is sent: only the deadline can end this connection.
        settings.limits.socket_queue_bytes = 64 * 1024 * 1024;
    })
    .await
    {
        let bob = user(&app.state, "Bob").await;
        let senders = senders(&app, &bob).await;
        let mut stuck = Reader::connect(&app, &bob).await;
        assert_eq!(app.state.realtime.open_connections(), 1);
        send_all(&app, &senders).await;
        // 300 ms after its socket stopped taking frames, with slack for a
        // loaded machine; far less than the time it would take to send
        // everything queued at the rate the client reads (never).
        dropped_within(&app, Duration::from_secs(3)).await;
        assert_eq!(app.state.realtime.queued_bytes(), 0, "its queue is freed");
        let delivered = stuck.drain_to_end().await;
        assert!(
            delivered < senders.len() * MESSAGES_EACH,
            "cut off: {delivered} messages reached it"
        );
        catches_up(&app, &bob, &senders).await;
        app.stop().await;
    }
}

#[tokio::test]
async fn a_client_whose_queue_is_full_is_dropped_and_the_server_keeps_no_more_than_the_budget_for_it()
 {
    const BUDGET: usize = 64 * 1024;
    for (app, _cleanup) in apps(|settings| {
        // Longer than the test: only the full queue can end this connection.
        settings.limits.socket_send_timeout_ms = 60_000;
        settings.limits.socket_queue_bytes = BUDGET;
    })
    .await
    {
        let bob = user(&app.state, "Bob").await;
        let senders = senders(&app, &bob).await;
        let mut stuck = Reader::connect(&app, &bob).await;
        send_all(&app, &senders).await;
        dropped_within(&app, Duration::from_secs(3)).await;
        let largest = app.state.realtime.largest_queue_bytes();
        assert!(
            largest <= BUDGET,
            "at most the budget waited for it: {largest} bytes"
        );
        assert!(
            largest > BUDGET / 2,
            "the queue filled before the drop: {largest} bytes"
        );
        assert_eq!(app.state.realtime.queued_bytes(), 0, "its queue is freed");
        let delivered = stuck.drain_to_end().await;
        assert!(delivered < senders.len() * MESSAGES_EACH);
        catches_up(&app, &bob, &senders).await;
        app.stop().await;
    }
}

#[tokio::test]
async fn a_slow_client_that_keeps_reading_is_not_dropped_and_gets_every_message_live() {
    for (app, _cleanup) in apps(|settings| {
        settings.limits.socket_send_timeout_ms = 2_000;
        // The whole burst fits: this client is slow, not stuck.
        settings.limits.socket_queue_bytes = 32 * 1024 * 1024;
    })
    .await
    {
        let bob = user(&app.state, "Bob").await;
        let senders = senders(&app, &bob).await;
        let mut slow = Reader::connect(&app, &bob).await;
        // Reads while they send, slower than they send, with a pause of
        // 100 ms every 50 messages (a busy tab): far shorter than the send
        // deadline, while the server's writes wait on it.
        let reading = async {
            let mut seen = vec![0_i64; senders.len()];
            let mut count = 0;
            while count < senders.len() * MESSAGES_EACH {
                let message = match slow.next(PATIENCE).await {
                    Some(ServerFrame::Message { message }) => message,
                    Some(_) => continue,
                    None => panic!("dropped or starved after {count} messages"),
                };
                let index = senders
                    .iter()
                    .position(|(_, conversation)| *conversation == message.conversation_id)
                    .expect("one of the conversations");
                assert_eq!(message.seq, seen[index] + 1, "in order, without gaps");
                seen[index] = message.seq;
                count += 1;
                if count % 50 == 0 {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        };
        tokio::join!(send_all(&app, &senders), reading);
        assert_eq!(app.state.realtime.open_connections(), 1, "still connected");
        let waited = app.state.realtime.largest_queue_bytes();
        assert!(
            waited > 256 * 1024,
            "it was behind: {waited} bytes waited for it"
        );
        app.stop().await;
    }
}
