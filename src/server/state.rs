//! The application state every handler and server function reaches.
//!
//! Invariant: built once at start from validated settings; the embedded or
//! distributed implementation of each part is chosen here and nowhere else.

use super::bus::Bus;
use super::config::PaymentProvider as ProviderChoice;
use super::config::Settings;
use super::db::{self, Db};
use super::mail::{Mailer, Outbox, SmtpMailer};
use super::payments::PaymentProvider;
use super::payments::alipay::keys::{PrivateKey, PublicKey};
use super::payments::alipay::{Alipay, AlipayConfig};
use super::payments::sandbox::Sandbox;
use super::payments::stripe::Stripe;
use super::realtime::Realtime;
use super::secrets::Secrets;
use super::services::chat::members::MembersCache;
use super::services::orders::category_cache::CategoryCache;
use super::services::orders::hall_cache::HallPageCache;
use super::storage::Storage;
use anyhow::Context;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub secrets: Arc<Secrets>,
    pub db: Db,
    pub bus: Bus,
    /// The transport the outbox worker sends through (`mail::worker`).
    pub mailer: Arc<dyn Mailer>,
    /// Wakes this instance's outbox worker after a mail is queued.
    pub mail_queued: Arc<tokio::sync::Notify>,
    pub storage: Storage,
    pub categories: CategoryCache,
    /// Hall pages, kept for a moment (`services/orders/hall_cache.rs`).
    pub hall_pages: HallPageCache,
    /// Each conversation's two members, which never change.
    pub conversation_members: MembersCache,
    pub realtime: Realtime,
    pub installation_id: Arc<str>,
    /// The provider payments go through.
    pub payments: Arc<dyn PaymentProvider>,
    /// The built-in provider, when it is the one configured.
    pub sandbox: Option<Arc<Sandbox>>,
}

/// The configured provider, and the sandbox as itself when it is that one.
type Providers = (Arc<dyn PaymentProvider>, Option<Arc<Sandbox>>);

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    /// Creates the data dir, loads secrets, connects and migrates the
    /// database, and connects the bus.
    pub async fn start(settings: Settings, leptos_options: LeptosOptions) -> anyhow::Result<Self> {
        let data_dir = &settings.server.data_dir;
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create the data dir {}", data_dir.display()))?;
        let secrets = Secrets::load(&settings)?;
        let db_url = match settings.database.url.as_str() {
            "" => db::default_sqlite_url(data_dir),
            url => url.to_owned(),
        };
        let statement_timeout = match settings.database.statement_timeout_ms {
            0 => None,
            ms => Some(std::time::Duration::from_millis(ms)),
        };
        let db = Db::connect_with_timeout(
            &db_url,
            settings.database.max_connections,
            statement_timeout,
        )
        .await
        .context("cannot open the database")?;
        if settings.database.migrate_at_start {
            db.migrate().await.context("cannot migrate the database")?;
        } else {
            let pending = db
                .pending()
                .await
                .context("cannot read the schema version")?;
            if !pending.is_empty() {
                anyhow::bail!(
                    "the database lacks migrations {pending:?} and database.migrate_at_start is \
                     off: run `bounty migrate` first"
                );
            }
        }
        let installation_id = Self::installation_id(&db).await?;
        let bus = match settings.redis.url.as_str() {
            "" => Bus::memory(),
            url => Bus::redis(url, &settings.redis.prefix)
                .await
                .context("cannot connect to Redis")?,
        };
        let mailer = Self::mailer(&settings)?;
        let (payments, sandbox) = Self::payments(&settings, &secrets)?;
        let storage = Storage::open(&settings).await?;
        Ok(AppState {
            leptos_options,
            settings: Arc::new(settings),
            secrets: Arc::new(secrets),
            db,
            bus,
            mailer,
            mail_queued: Arc::default(),
            storage,
            categories: CategoryCache::default(),
            hall_pages: HallPageCache::default(),
            conversation_members: MembersCache::default(),
            realtime: Realtime::default(),
            installation_id: installation_id.into(),
            payments,
            sandbox,
        })
    }

    /// The configured provider; the sandbox also as itself, for its pages.
    fn payments(settings: &Settings, secrets: &Secrets) -> anyhow::Result<Providers> {
        Ok(match settings.payments.provider {
            ProviderChoice::Sandbox => {
                let sandbox = Arc::new(Sandbox::new(secrets.signing_key()));
                (sandbox.clone(), Some(sandbox))
            }
            ProviderChoice::Stripe => {
                // Validation made sure both are set.
                let secret = |value: &Option<String>| value.clone().unwrap_or_default();
                let stripe = Stripe::new(
                    &settings.payments.stripe_api_base,
                    &secret(&settings.secrets.stripe_secret_key),
                    &secret(&settings.secrets.stripe_webhook_secret),
                )
                .context("cannot build the Stripe client")?;
                (Arc::new(stripe), None)
            }
            ProviderChoice::Alipay => (Arc::new(Self::alipay(settings)?), None),
        })
    }

    /// Alipay with the keys validation has already read once.
    fn alipay(settings: &Settings) -> anyhow::Result<Alipay> {
        let secret = |value: &Option<String>| value.clone().unwrap_or_default();
        let merchant_key = PrivateKey::parse(&secret(&settings.secrets.alipay_private_key))
            .context("setting `secrets.alipay_private_key` cannot be read")?;
        let alipay_key = PublicKey::parse(&secret(&settings.secrets.alipay_public_key))
            .context("setting `secrets.alipay_public_key` cannot be read")?;
        Alipay::new(AlipayConfig {
            app_id: settings.payments.alipay_app_id.clone(),
            gateway: settings.payments.alipay_gateway.clone(),
            notify_url: format!(
                "{}/payments/webhook/alipay",
                settings.server.public_url.trim_end_matches('/')
            ),
            currency: settings.payments.currency.clone(),
            merchant_key,
            alipay_key,
        })
        .context("setting `payments.alipay_gateway` is not usable")
    }

    /// SMTP when configured, else files in the data dir's outbox folder.
    fn mailer(settings: &Settings) -> anyhow::Result<Arc<dyn Mailer>> {
        Ok(match settings.mail.smtp_url.as_str() {
            "" => Arc::new(Outbox::new(settings.server.data_dir.join("outbox"))),
            url => Arc::new(SmtpMailer::new(url, &settings.mail.from)?),
        })
    }

    async fn installation_id(db: &Db) -> anyhow::Result<String> {
        let candidate = uuid::Uuid::new_v4().to_string();
        let now_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|since| i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or_default();
        let mut connection = db.pool().acquire().await?;
        let id = db::app_info::installation_id(&mut connection, &candidate, now_ms).await?;
        Ok(id)
    }

    /// Releases connections once the server has stopped.
    pub async fn close(&self) {
        self.bus.close().await;
        self.db.close().await;
    }
}
