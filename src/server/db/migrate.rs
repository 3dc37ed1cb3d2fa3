//! The schema's migrations: which this build has, which the database
//! lacks, and applying them.
//!
//! Invariant: after `migrate` the SQLite gram index's backlog is empty, so
//! orders written by a migration are searchable as soon as the pool is
//! handed out (`order_grams`).

use super::{Backend, Db, order_grams};
use sqlx::migrate::Migrator;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

impl Db {
    /// Applies the migrations not applied yet; returns their versions.
    pub async fn migrate(&self) -> Result<Vec<i64>, sqlx::Error> {
        let before = self.applied().await?;
        self.migrator().run(&self.pool).await?;
        // Orders the migrations queued for the SQLite gram index (all of
        // them when the index is new); none afterwards.
        order_grams::drain(self).await?;
        Ok(self
            .migrator()
            .iter()
            .map(|migration| migration.version)
            .filter(|version| !before.contains(version))
            .collect())
    }

    /// The versions of the migrations this build has that the database
    /// lacks (a rolling upgrade runs `bounty migrate` first).
    pub async fn pending(&self) -> Result<Vec<i64>, sqlx::Error> {
        let applied = self.applied().await?;
        Ok(self
            .migrator()
            .iter()
            .map(|migration| migration.version)
            .filter(|version| !applied.contains(version))
            .collect())
    }

    /// Successfully applied migration versions (none on a new database).
    async fn applied(&self) -> Result<Vec<i64>, sqlx::Error> {
        let table: Option<i64> = match self.backend {
            Backend::Sqlite => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
                )
                .fetch_optional(&self.pool)
                .await?
            }
            Backend::Postgres => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'",
                )
                .fetch_optional(&self.pool)
                .await?
            }
        };
        if table.unwrap_or(0) == 0 {
            return Ok(Vec::new());
        }
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(&self.pool)
            .await
    }

    fn migrator(&self) -> &'static Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}
