//! `bounty ledger check`: every ledger invariant verified against the
//! database (see `db::ledger_check`).

use crate::server::db::Db;
use crate::server::db::ledger_check::{self, Violation};

/// The violations found; empty when the ledger is consistent.
pub async fn run(db: &Db) -> Result<Vec<Violation>, sqlx::Error> {
    let mut connection = db.pool().acquire().await?;
    ledger_check::violations(&mut connection).await
}
