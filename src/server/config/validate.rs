//! Checks that go beyond types: each failure names the key it is about.

use super::{ConfigError, Settings};

fn invalid(key: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key,
        problem: problem.into(),
    }
}

fn has_scheme(value: &str, schemes: &[&str]) -> bool {
    schemes.iter().any(|scheme| value.starts_with(scheme))
}

impl Settings {
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
        if self.server.test_reveal_captcha && self.server.is_https() {
            return Err(invalid(
                "server.test_reveal_captcha",
                "reveals captcha answers and must be off in production (https public_url)",
            ));
        }
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
        if !self.storage.url.is_empty() {
            // Refused rather than silently ignored: files would land on
            // local disk while the operator believes they are in a bucket.
            return Err(invalid(
                "storage.url",
                "must be empty: files go to <data_dir>/storage (S3-compatible storage is not built in yet)",
            ));
        }
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
        if self.limits.body_bytes < 1024 {
            return Err(invalid("limits.body_bytes", "must be at least 1024"));
        }
        if self.limits.sign_ins_per_ip == 0 {
            return Err(invalid("limits.sign_ins_per_ip", "must be at least 1"));
        }
        if self.limits.request_timeout_secs == 0 {
            return Err(invalid("limits.request_timeout_secs", "must be at least 1"));
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
