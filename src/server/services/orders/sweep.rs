//! Uploads nobody attached: a file is staged until a publish or a submit
//! takes it; one still staged a day later was abandoned (a closed tab, a
//! failed publish) and is removed, row and object.
//!
//! Invariant: rows are removed with one `DELETE ... RETURNING`, so with
//! several instances sweeping, each file is removed by exactly one of them,
//! and its object only after its row is gone.

use super::forget_files;
use crate::domain::AppError;
use crate::domain::calendar::DAY_MS;
use crate::server::auth::now_millis;
use crate::server::db::files;
use crate::server::state::AppState;
use std::time::Duration;

/// How often the sweep runs.
pub const EVERY: Duration = Duration::from_secs(60 * 60);

/// Removes files staged before `older_than_ms`; returns how many.
pub async fn sweep_staged(state: &AppState, older_than_ms: i64) -> Result<usize, AppError> {
    let mut tx = state.db.begin_write().await?;
    let ids = files::sweep_staged(&mut tx, older_than_ms).await?;
    tx.commit().await?;
    forget_files(state, &ids).await;
    Ok(ids.len())
}

/// Sweeps once an hour for as long as the server runs.
pub async fn run(state: AppState) {
    let mut every = tokio::time::interval(EVERY);
    loop {
        every.tick().await;
        match sweep_staged(&state, now_millis() - DAY_MS).await {
            Ok(0) => {}
            Ok(removed) => tracing::info!(removed, "abandoned uploads removed"),
            Err(error) => tracing::warn!(?error, "sweeping abandoned uploads failed"),
        }
    }
}
