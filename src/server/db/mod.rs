//! The database: one sqlx `Any` pool over SQLite or PostgreSQL.
//!
//! Invariants: migrations for the chosen backend run before the pool is
//! handed out; SQLite runs in WAL mode with foreign keys on and a busy
//! timeout; on SQLite every write transaction comes from a one-connection
//! writer pool and starts with `BEGIN IMMEDIATE`, so writers queue in
//! order for that connection (readers go on in parallel under WAL) instead
//! of polling SQLite's lock, whose busy handler sleeps in growing steps and
//! put seconds into the tail latency of concurrent writes. Queries use `$1`
//! placeholders, which both backends accept.

pub mod agreements;
pub mod app_info;
pub mod applications;
pub mod blocks;
pub mod categories;
pub mod conversations;
pub mod disputes;
pub mod escrow_notice;
mod faults;
pub mod files;
pub mod hall;
pub mod hall_keyset;
pub mod hall_search;
pub mod hall_search_fts;
pub mod hall_search_terms;
pub mod hall_search_walk;
pub mod leases;
pub mod ledger;
pub mod ledger_check;
pub mod ledger_views;
pub mod mail_outbox;
pub mod messages;
mod migrate;
pub mod notifications;
pub mod order_grams;
pub mod orders;
pub mod payments;
pub mod questions;
pub mod reviews;
pub mod saved_searches;
pub mod search_alerts;
pub mod sessions;
pub mod sql;
pub mod submissions;
pub mod users;
pub mod withdrawals;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, ConnectOptions, Connection, Executor, Transaction};
use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, Instant};

pub use faults::connection_failed;
use faults::{PING_AFTER_IDLE, idle_since_fault};

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
    /// Where write transactions come from: on SQLite a pool of one
    /// connection, on PostgreSQL the main pool.
    writer: AnyPool,
    backend: Backend,
}

/// The database URL for settings that leave it empty: a file in the data dir.
pub fn default_sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("bounty.db").display())
}

impl Db {
    /// Connects and applies the backend's migrations.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        let db = Self::connect_only(url, max_connections).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Connects without touching the schema.
    pub async fn connect_only(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        Self::connect_with_timeout(url, max_connections, None).await
    }

    /// As `connect_only`; on PostgreSQL every connection cancels a
    /// statement that runs longer than `statement_timeout` (the server's
    /// pool: `database.statement_timeout_ms`).
    pub async fn connect_with_timeout(
        url: &str,
        max_connections: u32,
        statement_timeout: Option<Duration>,
    ) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        // Connection URLs may hold passwords: keep them out of the statement log.
        let options = AnyConnectOptions::from_str(url)?.disable_statement_logging();
        let pool = Self::pool_of(&options, backend, max_connections, statement_timeout).await?;
        let writer = match backend {
            Backend::Sqlite => Self::pool_of(&options, backend, 1, None).await?,
            Backend::Postgres => pool.clone(),
        };
        Ok(Db {
            pool,
            writer,
            backend,
        })
    }

    /// A pool of up to `max_connections`, each set up for its backend.
    async fn pool_of(
        options: &AnyConnectOptions,
        backend: Backend,
        max_connections: u32,
        statement_timeout: Option<Duration>,
    ) -> Result<AnyPool, sqlx::Error> {
        let set_timeout = statement_timeout
            .filter(|_| backend == Backend::Postgres)
            .map(|timeout| format!("SET statement_timeout = {}", timeout.as_millis()));
        AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            // sqlx pings every connection it hands out by default: one more
            // round trip for every query (besides the ping sqlx sends when a
            // connection is returned). Only a connection that sat idle is
            // checked, as HikariCP does; a busy one that broke fails its next
            // query, and the pool then discards it on return.
            .test_before_acquire(false)
            .before_acquire(|connection, meta| {
                Box::pin(async move {
                    if meta.idle_for >= PING_AFTER_IDLE || idle_since_fault(meta.idle_for) {
                        connection.ping().await?;
                    }
                    Ok(true)
                })
            })
            .after_connect(move |connection, _meta| {
                let set_timeout = set_timeout.clone();
                Box::pin(async move {
                    if let Some(set_timeout) = set_timeout {
                        connection.execute(set_timeout.as_str()).await?;
                    }
                    if backend == Backend::Postgres {
                        // Many short statements at once: a parallel plan's
                        // workers only contend for the cores the other
                        // requests need, and start late (measured: a
                        // two-character search 17 ms with two workers,
                        // 2.5 ms without, on an idle machine).
                        connection
                            .execute("SET max_parallel_workers_per_gather = 0")
                            .await?;
                    }
                    if backend == Backend::Sqlite {
                        // mmap_size: readers share the file through the
                        // operating system's page cache instead of copying
                        // pages into a 2 MB cache per connection (searches
                        // at 100,000 orders: 6.6 instead of 10.2 ms of CPU
                        // each). 256 MiB of address space, not of memory.
                        connection
                            .execute(
                                "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
                                 PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
                                 PRAGMA mmap_size = 268435456;",
                            )
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options.clone())
            .await
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

    /// Where a single-statement write runs without a transaction: on
    /// SQLite the one writer connection (so it queues behind other writes
    /// instead of polling the lock), on PostgreSQL the main pool.
    pub fn writer(&self) -> &AnyPool {
        &self.writer
    }

    /// Starts a transaction that will write. On SQLite it takes the write
    /// lock up front, so it waits for other writers (busy timeout) rather
    /// than failing when it later upgrades from reading to writing.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        let started = Instant::now();
        let tx = match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        };
        crate::server::metrics::pool_waited(self.writer_pool_name(), started.elapsed());
        tx
    }

    /// A connection from the main pool; the wait is measured
    /// (`bounty_db_pool_wait_seconds{pool="main"}`).
    pub async fn acquire(&self) -> Result<PoolConnection<Any>, sqlx::Error> {
        let started = Instant::now();
        let connection = self.pool.acquire().await;
        crate::server::metrics::pool_waited("main", started.elapsed());
        connection
    }

    /// A connection from `writer()`; the wait is measured.
    pub async fn acquire_writer(&self) -> Result<PoolConnection<Any>, sqlx::Error> {
        let started = Instant::now();
        let connection = self.writer.acquire().await;
        crate::server::metrics::pool_waited(self.writer_pool_name(), started.elapsed());
        connection
    }

    /// The writer's name in the wait metric: on PostgreSQL it is the main pool.
    fn writer_pool_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "writer",
            Backend::Postgres => "main",
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
        self.writer.close().await;
        self.pool.close().await;
    }
}
