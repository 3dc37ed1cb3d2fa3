//! Checks that go beyond types: each failure names the key it is about.
//!
//! Invariant: in production (`server.production`, or an https
//! `public_url`) the server does not start with a setting that would let a
//! stranger read mailed codes, pass the captcha, mint money, or that loses
//! mail or sessions silently; each refusal names the key and the fix.

use super::{ConfigError, Settings};

pub(super) fn invalid(key: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key,
        problem: problem.into(),
    }
}

pub(super) fn has_scheme(value: &str, schemes: &[&str]) -> bool {
    schemes.iter().any(|scheme| value.starts_with(scheme))
}

/// An entry of `server.trusted_proxies`: a CIDR range, or one address.
pub fn parse_proxy(entry: &str) -> Option<ipnet::IpNet> {
    let entry = entry.trim();
    entry.parse::<ipnet::IpNet>().ok().or_else(|| {
        entry
            .parse::<std::net::IpAddr>()
            .ok()
            .map(ipnet::IpNet::from)
    })
}

/// Why production refuses a setting, and what to do instead.
const PRODUCTION: &str = "in production (server.production, or an https server.public_url)";

impl Settings {
    /// The refusals of production mode, one key each.
    fn validate_production(&self) -> Result<(), ConfigError> {
        if !self.server.is_production() {
            return Ok(());
        }
        if self.server.dev_mode {
            return Err(invalid(
                "server.dev_mode",
                format!(
                    "must be off {PRODUCTION}: it shows every mailed registration and reset \
                     code at /dev/mailbox; remove APP__SERVER__DEV_MODE"
                ),
            ));
        }
        if self.database.statement_timeout_ms == 0 {
            return Err(invalid(
                "database.statement_timeout_ms",
                format!(
                    "must be set {PRODUCTION}: without it one runaway query holds its \
                     connection for as long as it runs"
                ),
            ));
        }
        if self.server.test_reveal_captcha {
            return Err(invalid(
                "server.test_reveal_captcha",
                format!("must be off {PRODUCTION}: it reveals captcha answers to anyone"),
            ));
        }
        if self.payments.provider == super::PaymentProvider::Sandbox && !self.payments.demo_money {
            return Err(invalid(
                "payments.provider",
                format!(
                    "is the sandbox, in which any user approves their own payments: {PRODUCTION} \
                     configure a real provider, or set payments.demo_money = true to run a \
                     public demo with play money (withdrawals are then refused)"
                ),
            ));
        }
        if self.payments.provider == super::PaymentProvider::Stripe
            && !self.payments.stripe_api_base.starts_with("https://")
        {
            return Err(invalid(
                "payments.stripe_api_base",
                format!("must be https:// {PRODUCTION}: the secret key travels in every call"),
            ));
        }
        if self.payments.provider == super::PaymentProvider::Alipay
            && !self.payments.alipay_gateway.starts_with("https://")
        {
            return Err(invalid(
                "payments.alipay_gateway",
                format!("must be https:// {PRODUCTION}: payers are sent there to pay"),
            ));
        }
        if self.mail.smtp_url.is_empty() {
            return Err(invalid(
                "mail.smtp_url",
                format!(
                    "must be set {PRODUCTION} (smtp://user:password@host:587 or smtps://...): \
                     without it codes and notices go to a folder no user reads"
                ),
            ));
        }
        if !self.redis.url.is_empty() && self.secrets.signing_key.is_none() {
            return Err(invalid(
                "secrets.signing_key",
                format!(
                    "must be configured {PRODUCTION} when redis.url makes several instances \
                     possible (APP__SECRETS__SIGNING_KEY, 32+ random characters): a key \
                     generated per instance makes each refuse the others' sessions"
                ),
            ));
        }
        Ok(())
    }

    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.server.data_dir.as_os_str().is_empty() {
            return Err(invalid("server.data_dir", "must not be empty"));
        }
        if !has_scheme(&self.server.public_url, &["http://", "https://"]) {
            return Err(invalid(
                "server.public_url",
                "must start with http:// or https://",
            ));
        }
        if let Some(bad) = self
            .server
            .trusted_proxies
            .iter()
            .find(|entry| parse_proxy(entry).is_none())
        {
            return Err(invalid(
                "server.trusted_proxies",
                format!("holds `{bad}`, which is neither an IP address nor a CIDR range"),
            ));
        }
        if let Some(everyone) = self
            .server
            .trusted_proxies
            .iter()
            .find(|entry| parse_proxy(entry).is_some_and(|net| net.prefix_len() == 0))
        {
            return Err(invalid(
                "server.trusted_proxies",
                format!(
                    "holds `{everyone}`, which trusts every address: any client could then \
                     forge the address its limits are counted against; list the proxies only"
                ),
            ));
        }
        if let Some(bad) = self
            .metrics
            .allow_from
            .iter()
            .find(|entry| parse_proxy(entry).is_none())
        {
            return Err(invalid(
                "metrics.allow_from",
                format!("holds `{bad}`, which is neither an IP address nor a CIDR range"),
            ));
        }
        if self.payments.demo_money && self.payments.provider != super::PaymentProvider::Sandbox {
            // Every page would call real payments "play money".
            return Err(invalid(
                "payments.demo_money",
                "is only for the sandbox provider: with a real provider the money is real",
            ));
        }
        if self.accounts.session_lifetime_days == 0 {
            return Err(invalid(
                "accounts.session_lifetime_days",
                "must be at least 1",
            ));
        }
        self.validate_production()?;
        let db = &self.database.url;
        if !db.is_empty() && !has_scheme(db, &["sqlite:", "postgres://", "postgresql://"]) {
            return Err(invalid(
                "database.url",
                "must be empty (SQLite in the data dir), sqlite:..., or postgres://...",
            ));
        }
        if self.database.max_connections == 0 {
            return Err(invalid("database.max_connections", "must be at least 1"));
        }
        let redis = &self.redis.url;
        if !redis.is_empty() && !has_scheme(redis, &["redis://", "rediss://"]) {
            return Err(invalid(
                "redis.url",
                "must be empty (in-process bus) or redis://...",
            ));
        }
        let smtp = &self.mail.smtp_url;
        if !smtp.is_empty() && !has_scheme(smtp, &["smtp://", "smtps://"]) {
            return Err(invalid(
                "mail.smtp_url",
                "must be empty (outbox) or smtp(s)://...",
            ));
        }
        self.validate_storage()?;
        if self.storage.max_upload_bytes == 0
            || self.storage.max_order_bytes < self.storage.max_upload_bytes
        {
            return Err(invalid(
                "storage.max_order_bytes",
                "must be at least storage.max_upload_bytes, which must be above 0",
            ));
        }
        let currency = &self.payments.currency;
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(invalid(
                "payments.currency",
                "must be a three-letter ISO 4217 code",
            ));
        }
        if self.payments.fee_basis_points > 10_000 {
            return Err(invalid(
                "payments.fee_basis_points",
                "must be between 0 and 10000 (100 %)",
            ));
        }
        if self.payments.release_after_secs == 0 || self.payments.release_check_secs == 0 {
            return Err(invalid(
                "payments.release_after_secs",
                "and payments.release_check_secs must be at least 1",
            ));
        }
        self.validate_stripe()?;
        self.validate_alipay()?;
        if self.limits.body_bytes < 1024 {
            return Err(invalid("limits.body_bytes", "must be at least 1024"));
        }
        if let Some(key) = self.rates.zero_key() {
            return Err(invalid(key, "must be at least 1"));
        }
        if self.limits.applicants_per_order == 0 {
            return Err(invalid("limits.applicants_per_order", "must be at least 1"));
        }
        if self.limits.questions_per_order == 0 {
            return Err(invalid("limits.questions_per_order", "must be at least 1"));
        }
        if self.limits.question_chars == 0 {
            return Err(invalid("limits.question_chars", "must be at least 1"));
        }
        if self.limits.sign_ins_per_ip == 0 {
            return Err(invalid("limits.sign_ins_per_ip", "must be at least 1"));
        }
        if self.limits.request_timeout_secs == 0 {
            return Err(invalid("limits.request_timeout_secs", "must be at least 1"));
        }
        if self.limits.socket_send_timeout_ms == 0 {
            return Err(invalid(
                "limits.socket_send_timeout_ms",
                "must be at least 1",
            ));
        }
        if self.limits.socket_queue_bytes < 1024 {
            return Err(invalid(
                "limits.socket_queue_bytes",
                "must be at least 1024",
            ));
        }
        if let Err(error) = tracing_subscriber::EnvFilter::try_new(&self.log.level) {
            return Err(invalid(
                "log.level",
                format!("is not a valid filter: {error}"),
            ));
        }
        if self
            .accounts
            .admins
            .iter()
            .any(|email| crate::domain::Email::parse(email).is_err())
        {
            return Err(invalid(
                "accounts.admins",
                "must hold e-mail addresses only",
            ));
        }
        if let Some(key) = &self.secrets.signing_key
            && key.len() < 32
        {
            return Err(invalid(
                "secrets.signing_key",
                "must be at least 32 characters",
            ));
        }
        Ok(())
    }
}
