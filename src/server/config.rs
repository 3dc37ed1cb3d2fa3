//! Settings: `Leptos.toml`, overridden by environment variables.
//!
//! Invariants: settings are loaded once, in `server::main`; this is the only
//! module that reads the process environment; a value that is present but
//! wrong stops the start with an error naming its key. Precedence, lowest
//! first: built-in defaults, `Leptos.toml` (or the file named by
//! `APP_CONFIG_FILE`), `DATABASE_URL` / `REDIS_URL`, `APP__SECTION__KEY`.

mod sections;
mod validate;

pub use sections::*;

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
    pub log: LogSettings,
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

#[cfg(test)]
mod tests;
