//! The sections of `Settings`, with their defaults. `Leptos.toml` documents
//! the same defaults for readers; these are the ones in force when a key is
//! absent.

use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSettings {
    /// Address the HTTP server listens on.
    pub addr: SocketAddr,
    /// Directory for the SQLite file, uploaded files, the mail outbox and the key file.
    pub data_dir: PathBuf,
    /// The address users reach the site at; `https://` makes cookies `Secure`.
    pub public_url: String,
    /// Development mode shows the mail outbox page; refused in production.
    pub dev_mode: bool,
    /// Production mode even without an https `public_url` (for example behind
    /// a TLS-terminating proxy that is reached over http in a test): unsafe
    /// settings are refused at start. An https `public_url` implies it.
    pub production: bool,
    /// Reverse proxies (addresses or CIDR ranges) whose `X-Forwarded-For` /
    /// `Forwarded` headers name the client; from anyone else they are ignored.
    pub trusted_proxies: Vec<String>,
    /// Seconds in-flight requests get to finish after SIGTERM.
    pub shutdown_grace_secs: u64,
    /// Test-only: serves captcha answers at /test/captcha/{id} for browser
    /// tests. Refused when `public_url` is https (production).
    pub test_reveal_captcha: bool,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            data_dir: PathBuf::from("data"),
            public_url: "http://127.0.0.1:3000".into(),
            dev_mode: false,
            production: false,
            trusted_proxies: Vec::new(),
            shutdown_grace_secs: 30,
            test_reveal_captcha: false,
        }
    }
}

impl ServerSettings {
    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }

    /// Whether cookies must carry the `Secure` attribute (and HSTS is sent).
    pub fn is_https(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// Whether unsafe settings are refused: explicitly, or served over https.
    pub fn is_production(&self) -> bool {
        self.production || self.is_https()
    }

    /// The origin (`scheme://host[:port]`) browsers send for this site's own
    /// requests: `public_url` without its path.
    pub fn public_origin(&self) -> &str {
        let url = self.public_url.as_str();
        let after_scheme = url.find("://").map_or(0, |at| at + 3);
        match url[after_scheme..].find('/') {
            Some(slash) => &url[..after_scheme + slash],
            None => url,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseSettings {
    /// Empty: the SQLite file `<data_dir>/bounty.db`. Otherwise `sqlite:` or `postgres://`.
    pub url: String,
    pub max_connections: u32,
    /// Apply pending migrations at start (one instance, or the first of a
    /// rolling upgrade). Off: the server refuses to start while any is
    /// pending, and `bounty migrate` applies them first.
    pub migrate_at_start: bool,
    /// Longest one PostgreSQL statement may run, in milliseconds, before
    /// the server cancels it and the request answers 503 (0: no limit;
    /// refused in production). `bounty migrate` runs without it.
    pub statement_timeout_ms: u64,
    /// Orders a search tests one by one, in the page's order, before it
    /// asks the full-text indexes: a common word fills a page within them
    /// (`db::hall_search_walk`). 0: always the indexes.
    pub search_walk_orders: u32,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: String::new(),
            max_connections: 10,
            migrate_at_start: true,
            // Far above any query of a page (milliseconds), below the
            // request timeout, so a runaway query frees its connection.
            statement_timeout_ms: 20_000,
            // A word in one order of seventy fills a page (13 cards) here
            // on average, filters keeping fewer of the window; a rarer word
            // costs this many index entries and the reads of the rows the
            // filters keep (under a millisecond) on top of its index lookup.
            search_walk_orders: 1_000,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RedisSettings {
    /// Empty: the in-process bus (one instance). Otherwise `redis://`.
    pub url: String,
    /// Prefix of every key and channel, so several deployments can share a server.
    pub prefix: String,
}

impl Default for RedisSettings {
    fn default() -> Self {
        Self {
            url: String::new(),
            prefix: "bounty:".into(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailSettings {
    /// Sender of every message.
    pub from: String,
    /// Empty: write messages to `<data_dir>/outbox`. Otherwise `smtp://` or `smtps://`.
    pub smtp_url: String,
    /// The wait before a failed mail is tried again; it doubles with each
    /// failure, up to an hour (`mail::worker`).
    pub retry_first_secs: u64,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            from: "Bounty <no-reply@localhost>".into(),
            smtp_url: String::new(),
            retry_first_secs: 30,
        }
    }
}

impl MailSettings {
    /// The first wait before a retry (at least a second).
    pub fn retry_first(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.retry_first_secs.max(1))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StorageSettings {
    /// Empty: files live under `<data_dir>/storage`. `s3://bucket[/prefix]`:
    /// an S3-compatible bucket (AWS S3, R2, MinIO, Ceph, RustFS).
    pub url: String,
    /// The S3 API's address, e.g. `http://127.0.0.1:9000` for MinIO; empty
    /// for AWS itself. Setting it also switches to path-style addressing.
    pub s3_endpoint: String,
    /// The bucket's region; most S3-compatible servers accept any.
    pub s3_region: String,
    /// Largest accepted file, in bytes.
    pub max_upload_bytes: u64,
    /// Largest total of the files on one order or one submitted solution.
    pub max_order_bytes: u64,
}

impl Default for StorageSettings {
    fn default() -> Self {
        Self {
            url: String::new(),
            s3_endpoint: String::new(),
            s3_region: "us-east-1".into(),
            max_upload_bytes: 20 * 1024 * 1024,
            max_order_bytes: 100 * 1024 * 1024,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum PaymentProvider {
    /// The built-in provider: no real money, signed callbacks.
    #[default]
    Sandbox,
    /// Stripe Checkout: needs `secrets.stripe_secret_key` and
    /// `secrets.stripe_webhook_secret`; its webhook is `/payments/webhook/stripe`.
    Stripe,
    /// Alipay 电脑网站支付: needs `payments.alipay_app_id`,
    /// `secrets.alipay_private_key` and `secrets.alipay_public_key`, and CNY;
    /// its notifications go to `/payments/webhook/alipay`.
    Alipay,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PaymentSettings {
    pub provider: PaymentProvider,
    /// A public demo on the sandbox provider: every page says the money is
    /// play money and withdrawals are refused. Production refuses the sandbox
    /// without it.
    pub demo_money: bool,
    /// ISO 4217 code of the one currency rewards are stated in.
    pub currency: String,
    /// The platform's fee on a released reward, in basis points (100 = 1 %).
    pub fee_basis_points: u32,
    /// How long after opening a solution its escrow is released by itself.
    pub release_after_secs: u64,
    /// How often each instance looks for releases that are due.
    pub release_check_secs: u64,
    /// How often each instance asks the provider about open payments and
    /// payouts in flight (`bounty payments reconcile` does one pass by
    /// hand); 0 turns it off.
    pub reconcile_every_secs: u64,
    /// Where Stripe's API is reached: changed only to point tests at a
    /// contract stand-in; production refuses anything but https.
    pub stripe_api_base: String,
    /// Alipay's gateway, where payers are sent to pay: changed only to the
    /// sandbox gateway or a test's contract stand-in; production refuses
    /// anything but https.
    pub alipay_gateway: String,
    /// The APPID of our Alipay Open Platform app (digits).
    #[serde(deserialize_with = "digits_or_text")]
    pub alipay_app_id: String,
}

impl Default for PaymentSettings {
    fn default() -> Self {
        Self {
            provider: PaymentProvider::Sandbox,
            demo_money: false,
            currency: "CNY".into(),
            fee_basis_points: 0,
            release_after_secs: 7 * 24 * 3600,
            release_check_secs: 30,
            reconcile_every_secs: 300,
            stripe_api_base: "https://api.stripe.com".into(),
            alipay_gateway: "https://openapi.alipay.com/gateway.do".into(),
            alipay_app_id: String::new(),
        }
    }
}

/// An id made of digits, as text: the environment provider reads
/// `APP__PAYMENTS__ALIPAY_APP_ID=2021000000000000` as a number, and an
/// operator should not have to quote it.
fn digits_or_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(u64),
    }
    Ok(match Id::deserialize(deserializer)? {
        Id::Text(text) => text,
        Id::Number(number) => number.to_string(),
    })
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LimitSettings {
    /// Largest request body outside upload routes, in bytes.
    pub body_bytes: usize,
    /// Longest a request may take before it is answered 408.
    pub request_timeout_secs: u64,
    /// Sign-in attempts one client address may make in 15 minutes, across
    /// accounts. Raise it where many users share one address (a NAT).
    pub sign_ins_per_ip: u64,
    /// Longest a WebSocket may take to accept one frame (per 64 KiB of it)
    /// before the connection is dropped; its client reconnects and catches up.
    pub socket_send_timeout_ms: u64,
    /// Bytes of frames that may wait for one WebSocket; a connection whose
    /// client reads slower than its frames come is dropped beyond it.
    pub socket_queue_bytes: usize,
    /// Active applications one order (in "choose from applicants" mode) may
    /// have at once; the publisher reads each one.
    pub applicants_per_order: u64,
    /// Questions one order may hold (hidden ones included).
    pub questions_per_order: u64,
    /// Longest question or answer, in characters.
    pub question_chars: u64,
}

impl Default for LimitSettings {
    fn default() -> Self {
        Self {
            body_bytes: 1024 * 1024,
            request_timeout_secs: 30,
            sign_ins_per_ip: 30,
            // A browser reads its socket as data comes (off the page's
            // thread), so the kernel's send buffer only stays full this long
            // when the peer is gone, frozen or hostile; shorter than the
            // heartbeat (20 s), and a false drop costs one reconnect.
            socket_send_timeout_ms: 10_000,
            // Hundreds of ordinary frames: a burst for a reading client fits,
            // while tens of thousands of stuck sockets stay within gigabytes.
            socket_queue_bytes: 256 * 1024,
            applicants_per_order: 30,
            // A page of questions stays readable; more is spam or a forum.
            questions_per_order: 100,
            question_chars: 2000,
        }
    }
}

impl LimitSettings {
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    pub fn socket_send_timeout(&self) -> Duration {
        Duration::from_millis(self.socket_send_timeout_ms)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One JSON object a line, for machines.
    #[default]
    Json,
    /// Human-readable lines, for a terminal.
    Pretty,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LogSettings {
    /// A tracing filter, e.g. `info` or `bounty=debug,tower_http=info`.
    pub level: String,
    pub format: LogFormat,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            level: "info".into(),
            format: LogFormat::Json,
        }
    }
}

/// Secrets, taken only from the environment (`APP__SECRETS__...`); absent
/// ones are generated on first start and kept in the data dir.
#[derive(Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct SecretSettings {
    /// Key that signs session tokens and callbacks: at least 32 characters.
    pub signing_key: Option<String>,
    /// Stripe's secret API key (`sk_live_...`), for `payments.provider = "stripe"`.
    pub stripe_secret_key: Option<String>,
    /// The signing secret of our Stripe webhook endpoint (`whsec_...`).
    pub stripe_webhook_secret: Option<String>,
    /// Our Alipay app's private key (应用私钥, RSA2048; PEM or bare base64),
    /// for `payments.provider = "alipay"`: signs our requests.
    pub alipay_private_key: Option<String>,
    /// Alipay's public key (支付宝公钥, PEM or bare base64, as the console
    /// shows it): verifies Alipay's notifications.
    pub alipay_public_key: Option<String>,
    /// The S3 access key for `storage.url = "s3://..."`; without it (and
    /// its secret) the standard `AWS_ACCESS_KEY_ID`... variables are used.
    pub s3_access_key_id: Option<String>,
    /// The secret that goes with `s3_access_key_id`.
    pub s3_secret_access_key: Option<String>,
    /// A bearer token that lets a scraper outside `metrics.allow_from`
    /// read `/metrics`.
    pub metrics_token: Option<String>,
}

/// Who may read `/metrics`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsSettings {
    /// Client addresses or networks (`10.0.0.0/8`) served without a token;
    /// loopback by default, so only the machine itself (or its proxy, which
    /// then names the real client) can read them.
    pub allow_from: Vec<String>,
}

impl Default for MetricsSettings {
    fn default() -> Self {
        Self {
            allow_from: vec!["127.0.0.1/32".into(), "::1/128".into()],
        }
    }
}

impl std::fmt::Debug for SecretSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = |secret: &Option<String>| secret.as_ref().map(|_| "<redacted>");
        f.debug_struct("SecretSettings")
            .field("signing_key", &shown(&self.signing_key))
            .field("stripe_secret_key", &shown(&self.stripe_secret_key))
            .field("stripe_webhook_secret", &shown(&self.stripe_webhook_secret))
            .field("alipay_private_key", &shown(&self.alipay_private_key))
            .field("alipay_public_key", &shown(&self.alipay_public_key))
            .field("s3_access_key_id", &shown(&self.s3_access_key_id))
            .field("s3_secret_access_key", &shown(&self.s3_secret_access_key))
            .field("metrics_token", &shown(&self.metrics_token))
            .finish()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccountSettings {
    /// E-mail addresses that are admins: promoted at start and when they
    /// register. The other way to make one: `bounty admin create --email ...`.
    pub admins: Vec<String>,
    /// A session ends this many days after sign-in however active it is
    /// (besides ending after 2 hours without a request).
    pub session_lifetime_days: u32,
}

impl Default for AccountSettings {
    fn default() -> Self {
        Self {
            admins: Vec::new(),
            session_lifetime_days: 30,
        }
    }
}

impl AccountSettings {
    /// The absolute lifetime of a session, in milliseconds.
    pub fn session_lifetime_ms(&self) -> i64 {
        i64::from(self.session_lifetime_days) * 24 * 60 * 60 * 1000
    }
}

#[cfg(test)]
mod tests {
    use super::ServerSettings;

    fn origin(url: &str) -> String {
        let settings = ServerSettings {
            public_url: url.into(),
            ..ServerSettings::default()
        };
        settings.public_origin().to_owned()
    }

    #[test]
    fn the_public_origin_is_the_scheme_and_authority_of_the_public_url() {
        assert_eq!(origin("https://bounty.example/"), "https://bounty.example");
        assert_eq!(origin("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
        assert_eq!(
            origin("https://a.example:8443/app/x"),
            "https://a.example:8443"
        );
    }
}
