//! The mail outbox (`mail::queue`, `mail::worker`): a request only queues
//! mail, so it never waits on SMTP; the workers of every instance send it
//! at least once and, in normal operation, exactly once; a failure is tried
//! again later, a refusal for good is given up.

use crate::support::backends::{Cleanup, postgres_database, redis_prefix};
use crate::support::smtp;
use bounty::domain::Locale;
use bounty::server::config::Settings;
use bounty::server::db::mail_outbox;
use bounty::server::mail::queue::send_later;
use bounty::server::mail::worker::{self, BATCH, send_due};
use bounty::server::mail::{Message, Outbox};
use bounty::server::services::{passwords, registration};
use bounty::server::state::AppState;
use leptos::config::LeptosOptions;
use std::collections::HashSet;
use std::time::{Duration, Instant};
use tokio::sync::watch;

struct Instance {
    state: AppState,
    data_dir: tempfile::TempDir,
}

async fn instance(adjust: impl FnOnce(&mut Settings)) -> Instance {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings::default();
    settings.server.data_dir = data_dir.path().to_path_buf();
    settings.mail.from = "Bounty <no-reply@bounty.test>".into();
    settings.mail.retry_first_secs = 1;
    adjust(&mut settings);
    let options = LeptosOptions::builder().output_name("bounty").build();
    let state = AppState::start(settings, options)
        .await
        .expect("state starts");
    Instance { state, data_dir }
}

/// Two instances on one PostgreSQL database and one Redis prefix, with
/// `smtp_url` (empty: each writes to its own outbox folder).
async fn two_instances(smtp_url: &str) -> Option<(Instance, Instance, Vec<Cleanup>)> {
    let (db_url, db_cleanup) = postgres_database().await?;
    let (redis_url, prefix, redis_cleanup) = redis_prefix().await?;
    let adjust = |settings: &mut Settings| {
        settings.database.url = db_url.clone();
        settings.redis.url = redis_url.clone();
        settings.redis.prefix = prefix.clone();
        settings.mail.smtp_url = smtp_url.to_owned();
    };
    let a = instance(adjust).await;
    let b = instance(adjust).await;
    Some((a, b, vec![db_cleanup, redis_cleanup]))
}

async fn rows(state: &AppState) -> Vec<mail_outbox::RowState> {
    let mut connection = state.db.pool().acquire().await.expect("connection");
    mail_outbox::all(&mut connection).await.expect("rows")
}

fn message_ids(messages: &[String]) -> Vec<String> {
    messages
        .iter()
        .filter_map(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("Message-ID: "))
                .map(str::to_owned)
        })
        .collect()
}

// Several threads: the sink is read with blocking waits while the two
// workers run as tasks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_smtp_down_a_request_returns_at_once_and_its_mail_arrives_once_when_smtp_is_back_across_two_instances()
 {
    if !smtp::available() {
        return;
    }
    let port = smtp::free_port();
    let Some((a, b, _cleanup)) = two_instances(&format!("smtp://127.0.0.1:{port}")).await else {
        return;
    };
    let (stop, stopped) = watch::channel(false);
    let workers = [
        tokio::spawn(worker::run(a.state.clone(), stopped.clone())),
        tokio::spawn(worker::run(b.state.clone(), stopped)),
    ];

    // Nothing listens on the SMTP port: the requests answer anyway, at once.
    let started = Instant::now();
    passwords::request_reset(&a.state, "ghost-a@example.com", Locale::En)
        .await
        .expect("reset on A");
    passwords::request_reset(&b.state, "ghost-b@example.com", Locale::ZhHans)
        .await
        .expect("reset on B");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(1), "two requests took {took:?}");

    // Both workers try, fail and keep the mail for later.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let rows = rows(&a.state).await;
        if rows.len() == 2 && rows.iter().all(|row| row.last_error.is_some()) {
            assert!(rows.iter().all(|row| row.sent_ms.is_none()));
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no failed attempt seen: {rows:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The mail server comes back on the same port: each mail arrives once.
    let sink = smtp::start_on(port).expect("sink");
    let mut messages = Vec::new();
    while messages.len() < 2 {
        let message = sink
            .next_message(Duration::from_secs(40))
            .unwrap_or_else(|| panic!("only {} mail(s) arrived", messages.len()));
        messages.push(message);
    }
    messages.extend(sink.messages_until_quiet(Duration::from_secs(7)));
    assert_eq!(messages.len(), 2, "{messages:#?}");
    let ids = message_ids(&messages);
    assert_eq!(
        ids.len(),
        2,
        "every mail carries a Message-ID: {messages:#?}"
    );
    assert_ne!(ids[0], ids[1]);
    assert!(
        ids.iter().all(|id| id.ends_with("@bounty.test>")),
        "{ids:?}"
    );
    let text = messages.join("\n");
    assert!(text.contains("To: ghost-a@example.com"), "{text}");
    assert!(text.contains("To: ghost-b@example.com"), "{text}");
    let rows = rows(&a.state).await;
    assert!(rows.iter().all(|row| row.sent_ms.is_some()), "{rows:?}");

    let _ = stop.send(true);
    for worker in workers {
        tokio::time::timeout(Duration::from_secs(5), worker)
            .await
            .expect("the worker stops when told")
            .expect("worker");
    }
    drop(b);
}

#[tokio::test]
async fn two_instances_racing_for_the_outbox_send_each_mail_once() {
    let Some((a, b, _cleanup)) = two_instances("").await else {
        return;
    };
    const MAILS: usize = 45;
    for index in 0..MAILS {
        let message = Message {
            to: format!("racer{index}@example.com"),
            subject: format!("mail {index}"),
            text: "text".into(),
            html: "<p>html</p>".into(),
        };
        send_later(&a.state, message).await.expect("queued");
    }
    let drain = |state: AppState| async move {
        loop {
            let pass = send_due(&state).await.expect("pass");
            assert_eq!(pass.retried + pass.given_up, 0);
            if pass.sent < BATCH as usize {
                break;
            }
        }
    };
    tokio::join!(drain(a.state.clone()), drain(b.state.clone()));
    // The racers may stop while the other still holds a batch: finish.
    drain(a.state.clone()).await;

    let mut sent = Vec::new();
    for instance in [&a, &b] {
        let outbox = Outbox::new(instance.data_dir.path().join("outbox"));
        sent.extend(outbox.list().await.expect("outbox"));
    }
    assert_eq!(sent.len(), MAILS, "each mail sent exactly once");
    let ids: HashSet<_> = sent.iter().map(|stored| &stored.message_id).collect();
    assert_eq!(ids.len(), MAILS, "one Message-ID per mail");
    let recipients: HashSet<_> = sent.iter().map(|stored| &stored.message.to).collect();
    assert_eq!(recipients.len(), MAILS);
    assert!(rows(&a.state).await.iter().all(|row| row.sent_ms.is_some()));
}

#[tokio::test]
async fn a_mail_refused_for_good_is_given_up_and_a_sent_one_keeps_no_content() {
    let port = smtp::free_port();
    let dead =
        instance(|settings| settings.mail.smtp_url = format!("smtp://127.0.0.1:{port}")).await;
    let message = Message {
        to: "not an address".into(),
        subject: "s".into(),
        text: "t".into(),
        html: "h".into(),
    };
    send_later(&dead.state, message).await.expect("queued");
    let pass = send_due(&dead.state).await.expect("pass");
    assert_eq!(pass.given_up, 1, "{pass:?}");
    let rows = rows(&dead.state).await;
    assert!(rows[0].failed_ms.is_some() && rows[0].sent_ms.is_none());
    assert!(
        rows[0]
            .last_error
            .as_deref()
            .is_some_and(|error| error.contains("recipient")),
        "{rows:?}"
    );
    // Given up is final: a later pass does not touch it.
    assert_eq!(
        send_due(&dead.state).await.expect("pass"),
        Default::default()
    );

    // A code, once mailed, is no longer in the database.
    let local = instance(|_| {}).await;
    let details = registration::Details {
        email: "kept@example.com".into(),
        password: "s3cret-pass".into(),
        nickname: "Kept".into(),
    };
    registration::start(&local.state, details, Locale::En)
        .await
        .expect("start");
    assert_eq!(send_due(&local.state).await.expect("pass").sent, 1);
    let mut connection = local.state.db.pool().acquire().await.expect("connection");
    let contents: Vec<String> = sqlx::query_scalar("SELECT content FROM mail_outbox")
        .fetch_all(&mut *connection)
        .await
        .expect("contents");
    assert_eq!(contents, vec![String::new()]);
}

#[tokio::test]
async fn a_transient_failure_is_tried_again_later_not_at_once() {
    let port = smtp::free_port();
    let dead = instance(|settings| {
        settings.mail.smtp_url = format!("smtp://127.0.0.1:{port}");
        settings.mail.retry_first_secs = 60;
    })
    .await;
    passwords::request_reset(&dead.state, "later@example.com", Locale::En)
        .await
        .expect("reset");
    let first = send_due(&dead.state).await.expect("pass");
    assert_eq!(first.retried, 1, "{first:?}");
    let again = send_due(&dead.state).await.expect("pass");
    assert_eq!(again, Default::default(), "not due before its wait is over");
    let rows = rows(&dead.state).await;
    assert_eq!(rows[0].attempts, 1);
    assert!(rows[0].sent_ms.is_none() && rows[0].failed_ms.is_none());
}

#[tokio::test]
async fn sent_rows_are_pruned_after_a_week_and_waiting_ones_never() {
    let local = instance(|_| {}).await;
    for to in ["old@example.com", "waiting@example.com"] {
        passwords::request_reset(&local.state, to, Locale::En)
            .await
            .expect("queued");
    }
    // Send only the first (claim one row), then age it past the week.
    let mut connection = local.state.db.pool().acquire().await.expect("connection");
    let claimed = mail_outbox::claim(&mut connection, "test", 0, 1, 1)
        .await
        .expect("nothing due at time 0");
    assert!(claimed.is_empty());
    let first: i64 = sqlx::query_scalar("SELECT MIN(id) FROM mail_outbox")
        .fetch_one(&mut *connection)
        .await
        .expect("id");
    mail_outbox::sent(&mut connection, first, 1_000)
        .await
        .expect("sent");
    drop(connection);
    assert_eq!(worker::prune(&local.state).await.expect("prune"), 1);
    let rows = rows(&local.state).await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0].sent_ms.is_none(), "the waiting mail stays");
    assert_eq!(worker::prune(&local.state).await.expect("prune"), 0);
}
