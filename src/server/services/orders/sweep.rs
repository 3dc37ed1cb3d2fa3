//! Uploads nobody attached: a file is staged until a publish or a submit
//! takes it; one still staged a day later was abandoned (a closed tab, a
//! failed publish) and is removed, row and object. The same hourly pass
//! collects stored objects no row points at (`services::orphans`) and
//! prunes the mail outbox's old rows (`mail::worker::prune`), and queues
//! the daily digests of saved-search matches (`services::alerts::digest`).
//!
//! Invariant: rows are removed with one `DELETE ... RETURNING`, so even if
//! two instances swept at once each file would be removed by exactly one
//! of them, and its object only after its row is gone; the `sweep` lease
//! keeps it to one instance at a time anyway (`services::leases`).

use super::forget_files;
use crate::domain::AppError;
use crate::domain::calendar::DAY_MS;
use crate::server::auth::now_millis;
use crate::server::db::files;
use crate::server::services::leases;
use crate::server::state::AppState;
use std::time::Duration;

/// How often the sweep runs.
pub const EVERY: Duration = Duration::from_secs(60 * 60);
/// The lease that keeps the sweep to one instance.
pub const LEASE: &str = "sweep";

/// Removes files staged before `older_than_ms`; returns how many.
pub async fn sweep_staged(state: &AppState, older_than_ms: i64) -> Result<usize, AppError> {
    let mut tx = state.db.begin_write().await?;
    let ids = files::sweep_staged(&mut tx, older_than_ms).await?;
    tx.commit().await?;
    forget_files(state, &ids).await;
    Ok(ids.len())
}

/// Sweeps once an hour for as long as the server runs, on the instance
/// that holds the `sweep` lease.
pub async fn run(state: AppState) {
    let mut every = tokio::time::interval(EVERY);
    loop {
        every.tick().await;
        match leases::run_here(&state, LEASE, EVERY).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(error) => {
                tracing::warn!(?error, "could not take the sweep lease");
                continue;
            }
        }
        match sweep_staged(&state, now_millis() - DAY_MS).await {
            Ok(0) => {}
            Ok(removed) => tracing::info!(removed, "abandoned uploads removed"),
            Err(error) => tracing::warn!(?error, "sweeping abandoned uploads failed"),
        }
        match crate::server::services::orphans::collect_now(&state).await {
            Ok(collected) if collected == Default::default() => {}
            Ok(collected) => tracing::info!(?collected, "orphaned objects removed"),
            Err(error) => tracing::warn!(?error, "collecting orphaned objects failed"),
        }
        let digest_before = crate::server::services::alerts::digest::today_start(now_millis());
        match crate::server::services::alerts::digest::send_due(&state, digest_before).await {
            Ok(0) => {}
            Ok(queued) => tracing::info!(queued, "saved-search digests queued"),
            Err(error) => tracing::warn!(?error, "queuing saved-search digests failed"),
        }
        if let Err(error) = crate::server::services::alerts::digest::prune(&state).await {
            tracing::warn!(?error, "pruning old saved-search alerts failed");
        }
        match crate::server::mail::worker::prune(&state).await {
            Ok(0) => {}
            Ok(removed) => tracing::info!(removed, "old outbox rows removed"),
            Err(error) => tracing::warn!(?error, "pruning the mail outbox failed"),
        }
    }
}
