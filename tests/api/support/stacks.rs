//! Whole application states on each backend pair: SQLite with the in-process
//! bus, and PostgreSQL with Redis (when they run here). Services are tested
//! through these, with mail going to each stack's own outbox.

use super::backends::{Cleanup, postgres_database, redis_prefix};
use bounty::server::config::Settings;
use bounty::server::mail::Outbox;
use bounty::server::state::AppState;
use leptos::config::LeptosOptions;

pub struct Stack {
    pub state: AppState,
    pub name: &'static str,
    outbox: Outbox,
    _cleanup: Vec<Cleanup>,
    _data_dir: tempfile::TempDir,
}

impl Stack {
    /// Sends what the outbox holds, as the server's worker would (stacks
    /// run no worker, so what they mail is sent exactly when a test asks).
    pub async fn send_queued_mail(&self) {
        use bounty::server::mail::worker::{BATCH, send_due};
        loop {
            let pass = send_due(&self.state).await.expect("outbox pass");
            if pass.sent + pass.retried + pass.given_up < BATCH as usize {
                break;
            }
        }
    }

    /// The six-digit code in the newest message to `to`.
    pub async fn last_code_sent_to(&self, to: &str) -> Option<String> {
        self.send_queued_mail().await;
        let messages = self.outbox.list().await.expect("outbox");
        let message = messages
            .iter()
            .rev()
            .find(|stored| stored.message.to == to)?;
        message
            .message
            .text
            .split_whitespace()
            .find(|word| word.len() == 6 && word.bytes().all(|b| b.is_ascii_digit()))
            .map(str::to_owned)
    }

    /// Registers an account through both steps, reading the mailed code from
    /// this stack's outbox; returns the new user's id.
    pub async fn register(&self, email: &str, password: &str, nickname: &str) -> i64 {
        use bounty::domain::Locale;
        use bounty::server::services::registration::{self, Details};
        let details = Details {
            email: email.into(),
            password: password.into(),
            nickname: nickname.into(),
        };
        registration::start(&self.state, details, Locale::En)
            .await
            .expect("start");
        let code = self.last_code_sent_to(email).await.expect("code");
        registration::complete(&self.state, email, &code)
            .await
            .expect("complete")
    }

    /// How many messages went to `to`.
    pub async fn messages_to(&self, to: &str) -> usize {
        self.send_queued_mail().await;
        let messages = self.outbox.list().await.expect("outbox");
        messages
            .iter()
            .filter(|stored| stored.message.to == to)
            .count()
    }
}

async fn stack(
    name: &'static str,
    adjust: impl FnOnce(&mut Settings),
    cleanup: Vec<Cleanup>,
) -> Stack {
    let data_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = Settings::default();
    settings.server.data_dir = data_dir.path().to_path_buf();
    adjust(&mut settings);
    let options = LeptosOptions::builder().output_name("bounty").build();
    let state = AppState::start(settings, options)
        .await
        .expect("state starts");
    Stack {
        state,
        name,
        outbox: Outbox::new(data_dir.path().join("outbox")),
        _cleanup: cleanup,
        _data_dir: data_dir,
    }
}

/// `stacks()` with settings changed by `adjust` (small limits, say).
pub async fn stacks_with(adjust: impl Fn(&mut Settings)) -> Vec<Stack> {
    let mut all = vec![stack("sqlite+memory", &adjust, Vec::new()).await];
    if let (Some((db_url, db_cleanup)), Some((redis_url, prefix, redis_cleanup))) =
        (postgres_database().await, redis_prefix().await)
    {
        let both = |settings: &mut Settings| {
            settings.database.url = db_url;
            settings.redis.url = redis_url;
            settings.redis.prefix = prefix;
            adjust(settings);
        };
        all.push(stack("postgres+redis", both, vec![db_cleanup, redis_cleanup]).await);
    }
    all
}

/// SQLite + in-process bus, and PostgreSQL + Redis when both run here.
pub async fn stacks() -> Vec<Stack> {
    stacks_with(|_| {}).await
}

/// Two instances of one deployment: PostgreSQL and Redis shared, each with
/// its own caches and data dir, as behind a load balancer. `None` when
/// PostgreSQL or Redis does not run here (under CI=true that fails instead).
pub async fn instance_pair() -> Option<(Stack, Stack)> {
    let (db_url, db_cleanup) = postgres_database().await?;
    let (redis_url, prefix, redis_cleanup) = redis_prefix().await?;
    let adjust = |settings: &mut Settings| {
        settings.database.url = db_url.clone();
        settings.redis.url = redis_url.clone();
        settings.redis.prefix = prefix.clone();
    };
    let first = stack("instance 1", adjust, vec![db_cleanup, redis_cleanup]).await;
    let second = stack("instance 2", adjust, Vec::new()).await;
    Some((first, second))
}
