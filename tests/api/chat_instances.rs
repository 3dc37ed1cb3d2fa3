//! Two server processes (the real binary) sharing PostgreSQL and Redis:
//! users on different processes talk live, and a process restarting
//! mid-conversation loses nothing.

use crate::support::orders::{session_cookie, user};
use crate::support::ws::{SharedBackends, WsClient, ack_of};
use bounty::domain::CurrentUser;
use bounty::domain::chat::{ClientFrame, MessageBody, ServerFrame};
use bounty::server::config::Settings;
use bounty::server::services::chat::conversations;
use bounty::server::state::AppState;
use leptos::config::LeptosOptions;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Shared by the processes and the test, so the test's cookies are theirs.
const SIGNING_KEY: &str = "chat-instances-test-signing-key-0123456789";

/// One server process on the shared backends.
struct Process {
    child: Child,
    address: String,
    _data_dir: tempfile::TempDir,
}

impl Process {
    async fn start(shared: &SharedBackends) -> Process {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("free port")
            .port();
        let data_dir = tempfile::tempdir().expect("temp dir");
        let child = Command::new(env!("CARGO_BIN_EXE_bounty"))
            .env("APP_CONFIG_FILE", "/nonexistent/Leptos.toml")
            .env("APP__SERVER__DATA_DIR", data_dir.path())
            .env("APP__SERVER__ADDR", format!("127.0.0.1:{port}"))
            .env("APP__SERVER__SHUTDOWN_GRACE_SECS", "2")
            .env("APP__SECRETS__SIGNING_KEY", SIGNING_KEY)
            .env("APP__LOG__LEVEL", "warn")
            .env("DATABASE_URL", &shared.database_url)
            .env("REDIS_URL", &shared.redis_url)
            .env("APP__REDIS__PREFIX", &shared.prefix)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("server process");
        let address = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let healthy = client
                .get(format!("{address}/healthz"))
                .send()
                .await
                .is_ok_and(|response| response.status().is_success());
            if healthy {
                break;
            }
            assert!(Instant::now() < deadline, "server process did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Process {
            child,
            address,
            _data_dir: data_dir,
        }
    }

    /// SIGTERM, as an orchestrator stops an instance, and wait for the exit.
    fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let status = self.child.wait().expect("exits");
        assert!(status.success(), "clean stop: {status}");
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A state on the shared backends for seeding users and reading results.
async fn seeding_state(shared: &SharedBackends) -> (AppState, tempfile::TempDir) {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings::default();
    settings.server.data_dir = data_dir.path().to_path_buf();
    settings.database.url = shared.database_url.clone();
    settings.redis.url = shared.redis_url.clone();
    settings.redis.prefix = shared.prefix.clone();
    settings.secrets.signing_key = Some(SIGNING_KEY.into());
    let state = AppState::start(
        settings,
        LeptosOptions::builder().output_name("bounty").build(),
    )
    .await
    .expect("state");
    (state, data_dir)
}

/// Two processes on shared backends, and Alice and Bob with a conversation.
struct World {
    shared: SharedBackends,
    state: AppState,
    _dir: tempfile::TempDir,
    first: Process,
    second: Process,
    alice: CurrentUser,
    bob: CurrentUser,
    conversation: i64,
}

impl World {
    async fn create() -> Option<World> {
        let shared = SharedBackends::create().await?;
        let (state, _dir) = seeding_state(&shared).await;
        let first = Process::start(&shared).await;
        let second = Process::start(&shared).await;
        let alice = user(&state, "Alice").await;
        let bob = user(&state, "Bob").await;
        let conversation = conversations::open(&state, &alice, bob.id, None)
            .await
            .expect("open");
        Some(World {
            shared,
            state,
            _dir,
            first,
            second,
            alice,
            bob,
            conversation,
        })
    }
}

fn text_of(frame: &ServerFrame) -> Option<String> {
    match frame {
        ServerFrame::Message { message } => match &message.body {
            MessageBody::Text { text } => Some(text.clone()),
            _ => None,
        },
        _ => None,
    }
}

#[tokio::test]
async fn users_on_two_server_processes_talk_live_through_redis() {
    let Some(world) = World::create().await else {
        return;
    };
    let World {
        shared: _shared,
        state,
        _dir,
        first,
        second,
        alice,
        bob,
        conversation,
    } = world;
    let mut alice_tab =
        WsClient::connect_to(&first.address, &session_cookie(&state, &alice).await).await;
    let mut bob_tab =
        WsClient::connect_to(&second.address, &session_cookie(&state, &bob).await).await;
    alice_tab.say(conversation, "x-1", "across processes").await;
    assert!(matches!(
        ack_of(&mut alice_tab, "x-1").await,
        ServerFrame::Ack { seq: 1, .. }
    ));
    let frame = bob_tab.until(|frame| text_of(frame).is_some()).await;
    assert_eq!(text_of(&frame).as_deref(), Some("across processes"));
    // And back the other way.
    bob_tab.say(conversation, "y-1", "received").await;
    // Alice's own message comes back to her tabs too; wait for Bob's.
    let frame = alice_tab
        .until(|frame| matches!(frame, ServerFrame::Message { message } if message.sender_id == bob.id))
        .await;
    assert_eq!(text_of(&frame).as_deref(), Some("received"));
    first.stop();
    second.stop();
    state.close().await;
}

#[tokio::test]
async fn a_process_restarting_mid_conversation_closes_with_1012_and_loses_nothing() {
    let Some(world) = World::create().await else {
        return;
    };
    let World {
        shared,
        state,
        _dir,
        first,
        second,
        alice,
        bob,
        conversation,
    } = world;
    let bob_cookie = session_cookie(&state, &bob).await;
    let mut bob_tab = WsClient::connect_to(&first.address, &bob_cookie).await;
    let mut alice_tab =
        WsClient::connect_to(&second.address, &session_cookie(&state, &alice).await).await;
    alice_tab
        .say(conversation, "r-0", "before the restart")
        .await;
    ack_of(&mut alice_tab, "r-0").await;
    bob_tab.until(|frame| text_of(frame).is_some()).await;

    first.stop();
    assert_eq!(bob_tab.close_code().await, Some(1012));
    alice_tab
        .say(conversation, "r-1", "while you were away")
        .await;
    assert!(matches!(
        ack_of(&mut alice_tab, "r-1").await,
        ServerFrame::Ack { seq: 2, .. }
    ));

    // Bob's browser reconnects, here to the restarted process, and catches
    // up after the last seq it had.
    let restarted = Process::start(&shared).await;
    let mut bob_again = WsClient::connect_to(&restarted.address, &bob_cookie).await;
    bob_again
        .send(&ClientFrame::Sync {
            conversation_id: conversation,
            after_seq: 1,
        })
        .await;
    let ServerFrame::History { messages, .. } = bob_again
        .until(|frame| matches!(frame, ServerFrame::History { .. }))
        .await
    else {
        unreachable!()
    };
    let texts: Vec<(i64, MessageBody)> = messages
        .into_iter()
        .map(|message| (message.seq, message.body))
        .collect();
    assert_eq!(
        texts,
        vec![(
            2,
            MessageBody::Text {
                text: "while you were away".into()
            }
        )]
    );
    restarted.stop();
    second.stop();
    state.close().await;
}
