//! The database: one sqlx `Any` pool over SQLite or PostgreSQL.
//!
//! Invariants: migrations for the chosen backend run before the pool is
//! handed out; SQLite runs in WAL mode with foreign keys on and a busy
//! timeout; write transactions start with `BEGIN IMMEDIATE` on SQLite so
//! concurrent writers queue instead of failing with "database is locked".
//! Queries use `$1` placeholders, which both backends accept.

pub mod app_info;
pub mod blocks;
pub mod categories;
pub mod conversations;
pub mod files;
pub mod hall;
pub mod messages;
pub mod orders;
pub mod sessions;
pub mod sql;
pub mod submissions;
pub mod users;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyPool, ConnectOptions, Executor, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Which database server the pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The shared connection pool.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

/// The database URL for settings that leave it empty: a file in the data dir.
pub fn default_sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("bounty.db").display())
}

impl Db {
    /// Connects and applies the backend's migrations.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        // Connection URLs may hold passwords: keep them out of the statement log.
        let options = AnyConnectOptions::from_str(url)?.disable_statement_logging();
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |connection, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        connection
                            .execute(
                                "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
                                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                            )
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let db = Db { pool, backend };
        db.migrator().run(&db.pool).await?;
        Ok(db)
    }

    fn migrator(&self) -> &'static Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// Starts a transaction that will write. On SQLite it takes the write
    /// lock up front, so it waits for other writers (busy timeout) rather
    /// than failing when it later upgrades from reading to writing.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }

    /// Waits for connections to be returned and closes them.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
