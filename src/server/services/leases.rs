//! One instance at a time for periodic jobs: before each run, an instance
//! takes (or renews) the job's lease in the database and runs only if it
//! holds it. Used by the upload sweep and payment reconciliation, whose
//! work is safe to repeat but costs calls and queries when every instance
//! does it.
//!
//! Invariants: the holder is this process (a random id made once), so two
//! instances never share one; a lease lasts a little more than two of the
//! job's intervals, so the holder renews it long before it runs out, and
//! if the holder dies another instance takes over within that time.

use crate::domain::AppError;
use crate::server::auth::{now_millis, random_id};
use crate::server::db::leases;
use crate::server::state::AppState;
use std::sync::OnceLock;
use std::time::Duration;

/// This process, as a lease holder.
pub fn this_instance() -> &'static str {
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| random_id(12))
}

/// Whether this instance should run job `name`, which repeats every
/// `every`: it takes or renews the lease and says whether it holds it.
pub async fn run_here(state: &AppState, name: &str, every: Duration) -> Result<bool, AppError> {
    run_here_as(state, name, every, this_instance()).await
}

/// As `run_here`, for a named holder (tests play two instances in one process).
pub async fn run_here_as(
    state: &AppState,
    name: &str,
    every: Duration,
    holder: &str,
) -> Result<bool, AppError> {
    let now = now_millis();
    let lasts = i64::try_from(every.as_millis())
        .unwrap_or(i64::MAX / 4)
        .saturating_mul(2)
        .saturating_add(60_000);
    let mut connection = state.db.writer().acquire().await?;
    Ok(leases::take(
        &mut connection,
        name,
        holder,
        now.saturating_add(lasts),
        now,
    )
    .await?)
}
