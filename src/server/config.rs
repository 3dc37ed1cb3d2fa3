//! Settings: `Leptos.toml`, overridden by environment variables.
//!
//! Invariants: settings are loaded once, in `server::main`; this is the only
//! module that reads the process environment; a value that is present but
//! wrong stops the start with an error naming its key. Precedence, lowest
//! first: built-in defaults, `Leptos.toml` (or the file named by
//! `APP_CONFIG_FILE`), `DATABASE_URL` / `REDIS_URL`, `APP__SECTION__KEY`.

mod providers;
mod rates;
mod sections;
mod storage;
mod validate;

pub use rates::RateSettings;
pub use sections::*;
pub use storage::S3Location;
pub use validate::parse_proxy;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// Every runtime setting of the server.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub redis: RedisSettings,
    pub mail: MailSettings,
    pub storage: StorageSettings,
    pub payments: PaymentSettings,
    pub limits: LimitSettings,
    pub rates: RateSettings,
    pub log: LogSettings,
    pub accounts: AccountSettings,
    pub metrics: MetricsSettings,
    pub secrets: SecretSettings,
}

/// A setting that is present but unusable.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A value of the wrong type or an unknown key, described by `describe`.
    #[error("{0}")]
    Parse(String),
    #[error("setting `{key}` {problem}")]
    Invalid { key: &'static str, problem: String },
}

impl Settings {
    /// Reads the settings from the file and the process environment.
    pub fn load() -> Result<Settings, ConfigError> {
        let file = std::env::var("APP_CONFIG_FILE").unwrap_or_else(|_| "Leptos.toml".into());
        Self::from_figment(Self::figment(&file))
    }

    /// The layered sources, lowest precedence first.
    fn figment(file: &str) -> Figment {
        Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(file))
            .merge(
                Env::raw()
                    .only(&["DATABASE_URL"])
                    .map(|_| "database.url".into()),
            )
            .merge(Env::raw().only(&["REDIS_URL"]).map(|_| "redis.url".into()))
            .merge(Env::prefixed("APP__").split("__"))
    }

    fn from_figment(figment: Figment) -> Result<Settings, ConfigError> {
        let settings: Settings = figment
            .extract()
            .map_err(|error| ConfigError::Parse(describe(error)))?;
        settings.validate()?;
        Ok(settings)
    }
}

/// One line per problem, naming the key in settings form (`server.addr`)
/// and where the value came from (the file, or the variable to fix).
fn describe(error: figment::Error) -> String {
    error
        .into_iter()
        .map(|problem| {
            let key = problem.path.join(".").to_lowercase();
            let origin = match &problem.metadata {
                Some(meta) if meta.name.contains("environment") => {
                    let variable = format!("APP__{}", problem.path.join("__").to_uppercase());
                    match key.as_str() {
                        "database.url" => format!(" (from {variable} or DATABASE_URL)"),
                        "redis.url" => format!(" (from {variable} or REDIS_URL)"),
                        _ => format!(" (from {variable})"),
                    }
                }
                Some(meta) => match &meta.source {
                    Some(source) => format!(" (in {source})"),
                    None => format!(" (in {})", meta.name),
                },
                None => String::new(),
            };
            if key.is_empty() {
                format!("settings: {}{origin}", problem.kind)
            } else {
                format!("setting `{key}`: {}{origin}", problem.kind)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `figment::Jail` gives each test its own working directory and
/// environment, restored afterwards.
#[cfg(test)]
#[expect(
    clippy::result_large_err,
    reason = "figment::Jail closures must return figment::Error"
)]
mod tests {
    use super::*;
    use figment::Jail;

    fn load_in(jail: &Jail) -> Result<Settings, ConfigError> {
        let _ = jail;
        Settings::from_figment(Settings::figment("Leptos.toml"))
    }

    #[test]
    fn with_no_file_and_no_environment_the_embedded_defaults_apply() {
        Jail::expect_with(|jail| {
            let settings = load_in(jail).expect("defaults are valid");
            assert_eq!(settings.server.addr.to_string(), "127.0.0.1:3000");
            assert!(settings.database.url.is_empty(), "SQLite by default");
            assert!(settings.redis.url.is_empty(), "in-process bus by default");
            assert!(settings.secrets.signing_key.is_none());
            Ok(())
        });
    }

    #[test]
    fn the_repository_leptos_toml_is_valid_and_matches_the_defaults() {
        Jail::expect_with(|jail| {
            let shipped = include_str!("../../Leptos.toml");
            jail.create_file("Leptos.toml", shipped)?;
            let settings = load_in(jail).expect("the shipped file is valid");
            let defaults = Settings::default();
            assert_eq!(settings.server.addr, defaults.server.addr);
            assert_eq!(settings.limits.body_bytes, defaults.limits.body_bytes);
            assert_eq!(settings.redis.prefix, defaults.redis.prefix);
            Ok(())
        });
    }

    #[test]
    fn environment_variables_override_the_file() {
        Jail::expect_with(|jail| {
            jail.create_file("Leptos.toml", "[server]\naddr = \"127.0.0.1:4000\"\n")?;
            jail.set_env("APP__SERVER__ADDR", "0.0.0.0:8080");
            jail.set_env("APP__LIMITS__BODY_BYTES", "4096");
            let settings = load_in(jail).expect("valid");
            assert_eq!(settings.server.addr.to_string(), "0.0.0.0:8080");
            assert_eq!(settings.limits.body_bytes, 4096);
            Ok(())
        });
    }

    #[test]
    fn database_url_and_redis_url_select_the_distributed_parts() {
        Jail::expect_with(|jail| {
            jail.set_env("DATABASE_URL", "postgres://postgres@127.0.0.1/app");
            jail.set_env("REDIS_URL", "redis://127.0.0.1:6379");
            let settings = load_in(jail).expect("valid");
            assert_eq!(settings.database.url, "postgres://postgres@127.0.0.1/app");
            assert_eq!(settings.redis.url, "redis://127.0.0.1:6379");
            Ok(())
        });
    }

    #[test]
    fn a_malformed_value_names_its_key_and_its_source() {
        Jail::expect_with(|jail| {
            jail.set_env("APP__SERVER__ADDR", "not-an-address");
            let message = load_in(jail).expect_err("must fail").to_string();
            assert!(message.contains("server.addr"), "{message}");
            assert!(message.contains("APP__SERVER__ADDR"), "{message}");
            Ok(())
        });
    }

    #[test]
    fn an_unknown_key_is_rejected_rather_than_ignored() {
        Jail::expect_with(|jail| {
            jail.create_file("Leptos.toml", "[server]\nadress = \"127.0.0.1:1\"\n")?;
            let message = load_in(jail).expect_err("typo must fail").to_string();
            assert!(message.contains("adress"), "{message}");
            Ok(())
        });
    }

    #[test]
    fn values_that_parse_but_make_no_sense_name_their_key() {
        let cases = [
            ("DATABASE_URL", "mysql://localhost/db", "database.url"),
            ("APP__REDIS__URL", "http://localhost", "redis.url"),
            ("APP__LIMITS__BODY_BYTES", "10", "limits.body_bytes"),
            ("APP__PAYMENTS__CURRENCY", "yuan", "payments.currency"),
            ("APP__LOG__LEVEL", "info,=[", "log.level"),
            ("APP__SECRETS__SIGNING_KEY", "short", "secrets.signing_key"),
            (
                "APP__SERVER__PUBLIC_URL",
                "example.com",
                "server.public_url",
            ),
        ];
        for (variable, value, key) in cases {
            Jail::expect_with(|jail| {
                jail.set_env(variable, value);
                let message = load_in(jail).expect_err(variable).to_string();
                assert!(message.contains(key), "{variable}: {message}");
                Ok(())
            });
        }
    }

    #[test]
    fn stripe_needs_both_secrets_and_an_https_api_in_production() {
        Jail::expect_with(|jail| {
            jail.set_env("APP__PAYMENTS__PROVIDER", "stripe");
            let message = load_in(jail).expect_err("no API key").to_string();
            assert!(message.contains("secrets.stripe_secret_key"), "{message}");
            jail.set_env("APP__SECRETS__STRIPE_SECRET_KEY", "sk_test_key");
            let message = load_in(jail).expect_err("no webhook secret").to_string();
            assert!(
                message.contains("secrets.stripe_webhook_secret"),
                "{message}"
            );
            jail.set_env("APP__SECRETS__STRIPE_WEBHOOK_SECRET", "whsec_secret");
            jail.set_env("APP__PAYMENTS__STRIPE_API_BASE", "http://127.0.0.1:9");
            let settings = load_in(jail).expect("a local stand-in over http");
            assert!(!format!("{settings:?}").contains("sk_test_key"));
            jail.set_env("APP__SERVER__PRODUCTION", "true");
            let message = load_in(jail).expect_err("http in production").to_string();
            assert!(message.contains("payments.stripe_api_base"), "{message}");
            Ok(())
        });
    }

    #[test]
    fn alipay_needs_its_app_id_readable_keys_cny_and_an_https_gateway_in_production() {
        use crate::server::payments::alipay::test_keys::{ALIPAY, MERCHANT};
        let private = MERCHANT.to_pkcs8_pem().expect("pem").to_string();
        let public = ALIPAY.public_key().to_base64().expect("base64");
        let refused = |jail: &Jail, key: &str| {
            let message = load_in(jail).expect_err(key).to_string();
            assert!(message.contains(key), "{key}: {message}");
        };
        Jail::expect_with(|jail| {
            jail.set_env("APP__PAYMENTS__PROVIDER", "alipay");
            refused(jail, "payments.alipay_app_id");
            jail.set_env("APP__PAYMENTS__ALIPAY_APP_ID", "2021000000000000");
            refused(jail, "secrets.alipay_private_key");
            jail.set_env("APP__SECRETS__ALIPAY_PRIVATE_KEY", "not a key");
            refused(jail, "secrets.alipay_private_key");
            jail.set_env("APP__SECRETS__ALIPAY_PRIVATE_KEY", &private);
            refused(jail, "secrets.alipay_public_key");
            jail.set_env("APP__SECRETS__ALIPAY_PUBLIC_KEY", "AAAA");
            refused(jail, "secrets.alipay_public_key");
            jail.set_env("APP__SECRETS__ALIPAY_PUBLIC_KEY", &public);
            let settings = load_in(jail).expect("complete");
            let shown = format!("{settings:?}");
            assert!(
                !shown.contains(&public[..40]) && !shown.contains("PRIVATE"),
                "{shown}"
            );
            jail.set_env("APP__PAYMENTS__CURRENCY", "USD");
            refused(jail, "payments.currency");
            jail.set_env("APP__PAYMENTS__CURRENCY", "CNY");
            jail.set_env(
                "APP__PAYMENTS__ALIPAY_GATEWAY",
                "http://127.0.0.1:9/gateway.do?x=1",
            );
            refused(jail, "payments.alipay_gateway");
            jail.set_env(
                "APP__PAYMENTS__ALIPAY_GATEWAY",
                "http://127.0.0.1:9/gateway.do",
            );
            assert!(load_in(jail).is_ok(), "a local stand-in over http");
            jail.set_env("APP__SERVER__PRODUCTION", "true");
            refused(jail, "payments.alipay_gateway");
            Ok(())
        });
    }

    #[test]
    fn revealing_captcha_answers_is_off_by_default_and_refused_in_production() {
        Jail::expect_with(|jail| {
            assert!(!load_in(jail).expect("defaults").server.test_reveal_captcha);
            jail.set_env("APP__SERVER__TEST_REVEAL_CAPTCHA", "true");
            assert!(
                load_in(jail)
                    .expect("allowed over http")
                    .server
                    .test_reveal_captcha
            );
            jail.set_env("APP__SERVER__PUBLIC_URL", "https://bounty.example");
            let message = load_in(jail).expect_err("refused").to_string();
            assert!(message.contains("server.test_reveal_captcha"), "{message}");
            Ok(())
        });
    }

    #[test]
    fn play_money_is_refused_with_a_real_provider() {
        Jail::expect_with(|jail| {
            jail.set_env("APP__PAYMENTS__DEMO_MONEY", "true");
            assert!(load_in(jail).is_ok(), "with the sandbox");
            jail.set_env("APP__PAYMENTS__PROVIDER", "stripe");
            jail.set_env("APP__SECRETS__STRIPE_SECRET_KEY", "sk_test_1234567890");
            jail.set_env("APP__SECRETS__STRIPE_WEBHOOK_SECRET", "whsec_1234567890");
            let message = load_in(jail).expect_err("refused").to_string();
            assert!(message.contains("payments.demo_money"), "{message}");
            Ok(())
        });
    }

    #[test]
    fn trusted_proxies_must_be_addresses_or_ranges_and_never_everyone() {
        for (value, ok) in [
            ("[\"127.0.0.1\", \"10.0.0.0/8\", \"::1\"]", true),
            ("[\"proxy.local\"]", false),
            ("[\"0.0.0.0/0\"]", false),
            ("[\"::/0\"]", false),
        ] {
            Jail::expect_with(|jail| {
                jail.set_env("APP__SERVER__TRUSTED_PROXIES", value);
                match load_in(jail) {
                    Ok(_) => assert!(ok, "{value} must be refused"),
                    Err(error) => {
                        assert!(!ok, "{value}: {error}");
                        assert!(error.to_string().contains("server.trusted_proxies"));
                    }
                }
                Ok(())
            });
        }
    }

    #[test]
    fn no_secret_appears_in_debug_output() {
        let secrets = SecretSettings {
            signing_key: Some("a-very-secret-value-that-is-long-enough".into()),
            stripe_secret_key: Some("sk_test_very-secret-stripe-key".into()),
            stripe_webhook_secret: Some("whsec_very-secret-endpoint".into()),
            alipay_private_key: Some("very-secret-private-key".into()),
            alipay_public_key: Some("very-secret-public-key".into()),
            s3_access_key_id: Some("very-secret-access-key-id".into()),
            s3_secret_access_key: Some("very-secret-s3-secret".into()),
            metrics_token: Some("very-secret-metrics-token".into()),
        };
        let shown = format!("{secrets:?}");
        assert!(!shown.contains("very-secret"), "{shown}");
    }
}
