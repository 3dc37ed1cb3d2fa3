//! A WebSocket client for `/ws` (tokio-tungstenite), the browser's side of
//! the realtime protocol, and the apps chat tests run on.

use super::backends::{Cleanup, postgres_database, redis_prefix};
use super::orders::{session_cookie, user};
use super::test_app::TestApp;
use bounty::domain::CurrentUser;
use bounty::domain::chat::frames::{decode_server_frame, encode};
use bounty::domain::chat::{ClientFrame, OutgoingBody, ServerFrame};
use futures::{SinkExt, StreamExt};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a test waits for a frame that should come.
pub const PATIENCE: Duration = Duration::from_secs(5);

pub struct WsClient {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// The server's first frame.
    pub hello: ServerFrame,
}

/// The `/ws` request for the server at `address` (`http://host:port`), with
/// a cookie and a same-site origin unless told otherwise.
fn request(
    address: &str,
    cookie: Option<&str>,
    origin: Option<&str>,
) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    let url = address.replacen("http://", "ws://", 1) + "/ws";
    let mut request = url.into_client_request().expect("request");
    let headers = request.headers_mut();
    if let Some(cookie) = cookie {
        headers.insert("cookie", cookie.parse().expect("cookie header"));
    }
    let same_site = address.to_owned();
    headers.insert(
        "origin",
        origin.unwrap_or(&same_site).parse().expect("origin header"),
    );
    request
}

/// The HTTP status an upgrade attempt was refused with.
pub async fn refused_status(app: &TestApp, cookie: Option<&str>, origin: Option<&str>) -> u16 {
    match tokio_tungstenite::connect_async(request(&app.address, cookie, origin)).await {
        Ok(_) => panic!("the upgrade was accepted"),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => response.status().as_u16(),
        Err(other) => panic!("unexpected error {other}"),
    }
}

impl WsClient {
    /// Connects as `who` and reads the hello.
    pub async fn connect(app: &TestApp, who: &CurrentUser) -> WsClient {
        let cookie = session_cookie(&app.state, who).await;
        Self::connect_with_cookie(app, &cookie).await
    }

    pub async fn connect_with_cookie(app: &TestApp, cookie: &str) -> WsClient {
        Self::connect_to(&app.address, cookie).await
    }

    /// Connects to the server at `address` with `cookie`.
    pub async fn connect_to(address: &str, cookie: &str) -> WsClient {
        let (stream, _) = tokio_tungstenite::connect_async(request(address, Some(cookie), None))
            .await
            .expect("upgrade");
        let mut client = WsClient {
            stream,
            hello: ServerFrame::Pong,
        };
        match client.next().await {
            hello @ ServerFrame::Hello { .. } => WsClient { hello, ..client },
            other => panic!("expected hello, got {other:?}"),
        }
    }

    pub async fn send(&mut self, frame: &ClientFrame) {
        self.send_text(encode(frame)).await;
    }

    pub async fn send_text(&mut self, text: String) {
        self.stream
            .send(Message::Text(text.into()))
            .await
            .expect("send");
    }

    pub async fn send_binary(&mut self, bytes: Vec<u8>) {
        self.stream
            .send(Message::Binary(bytes.into()))
            .await
            .expect("send");
    }

    /// A text message in `conversation_id` under `client_id`.
    pub async fn say(&mut self, conversation_id: i64, client_id: &str, text: &str) {
        self.send(&ClientFrame::Send {
            conversation_id,
            client_id: client_id.into(),
            body: OutgoingBody::Text { text: text.into() },
        })
        .await;
    }

    /// The next server frame within `PATIENCE`.
    pub async fn next(&mut self) -> ServerFrame {
        match self.next_within(PATIENCE).await {
            Some(frame) => frame,
            None => panic!("no frame within {PATIENCE:?}"),
        }
    }

    /// The next server frame, or `None` if none comes within `wait` or the
    /// connection closed.
    pub async fn next_within(&mut self, wait: Duration) -> Option<ServerFrame> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let message = tokio::time::timeout_at(deadline, self.stream.next())
                .await
                .ok()??;
            match message.ok()? {
                Message::Text(text) => match decode_server_frame(text.as_str()) {
                    Ok(Some(frame)) => return Some(frame),
                    other => panic!("undecodable server frame {text}: {other:?}"),
                },
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// Reads frames until one matches `wanted`, failing after `PATIENCE`.
    pub async fn until(&mut self, wanted: impl Fn(&ServerFrame) -> bool) -> ServerFrame {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next_within(left).await {
                Some(frame) if wanted(&frame) => return frame,
                Some(_) => continue,
                None => panic!("the wanted frame did not come within {PATIENCE:?}"),
            }
        }
    }

    /// The close code the server ends the connection with, within `PATIENCE`.
    pub async fn close_code(&mut self) -> Option<u16> {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            let message = tokio::time::timeout_at(deadline, self.stream.next())
                .await
                .ok()??;
            if let Ok(Message::Close(frame)) = message {
                return frame.map(|frame| frame.code.into());
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.stream.close(None).await;
    }
}

/// A server on each backend pair: SQLite + in-process bus, and PostgreSQL +
/// Redis when they run here (CI requires them).
pub async fn chat_apps() -> Vec<(TestApp, Vec<Cleanup>)> {
    let mut apps = vec![(TestApp::spawn().await, Vec::new())];
    if let Some(shared) = SharedBackends::create().await {
        let app = shared.spawn().await;
        apps.push((app, shared.cleanup));
    }
    apps
}

/// One PostgreSQL database and one Redis prefix that several server
/// instances share, as a deployment's instances do.
pub struct SharedBackends {
    pub database_url: String,
    pub redis_url: String,
    pub prefix: String,
    pub cleanup: Vec<Cleanup>,
}

impl SharedBackends {
    pub async fn create() -> Option<SharedBackends> {
        let (database_url, db_cleanup) = postgres_database().await?;
        let (redis_url, prefix, redis_cleanup) = redis_prefix().await?;
        Some(SharedBackends {
            database_url,
            redis_url,
            prefix,
            cleanup: vec![db_cleanup, redis_cleanup],
        })
    }

    /// A server instance on these backends.
    pub async fn spawn(&self) -> TestApp {
        let (database, redis, prefix) = (
            self.database_url.clone(),
            self.redis_url.clone(),
            self.prefix.clone(),
        );
        TestApp::spawn_with(move |settings| {
            settings.database.url = database;
            settings.redis.url = redis;
            settings.redis.prefix = prefix;
        })
        .await
    }
}

/// Two users with a conversation between them.
pub async fn pair(app: &TestApp, a: &str, b: &str) -> (CurrentUser, CurrentUser, i64) {
    use bounty::server::services::chat::conversations;
    let first = user(&app.state, a).await;
    let second = user(&app.state, b).await;
    let id = conversations::open(&app.state, &first, second.id, None)
        .await
        .expect("open");
    (first, second, id)
}

/// The ack for `client_id`, skipping other frames.
pub async fn ack_of(client: &mut WsClient, client_id: &str) -> ServerFrame {
    client
        .until(|frame| match frame {
            ServerFrame::Ack { client_id: id, .. }
            | ServerFrame::Error {
                client_id: Some(id),
                ..
            } => id == client_id,
            _ => false,
        })
        .await
}
