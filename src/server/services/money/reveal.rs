//! Reveal receipts: the publisher's first opening of a submitted version of
//! a funded order is recorded (which version, its digest, when) and starts
//! the release countdown (`payments.release_after_secs`).
//!
//! Invariant: a version is revealed once (primary key on order and
//! version) and the countdown starts once per opened version (compare-and-set
//! on `release_due_at IS NULL`), however many tabs open it at once.

use crate::domain::AppError;
use crate::domain::notification::NotificationKind;
use crate::server::auth::now_millis;
use crate::server::db::orders;
use crate::server::services::notifications::{self, deliver};
use crate::server::state::AppState;

/// Records that `publisher_id` opened `version` (with `digest`) of
/// `order_id`; returns when its escrow will be released by itself.
pub async fn record(
    state: &AppState,
    order_id: i64,
    publisher_id: i64,
    version: i64,
    digest: &str,
) -> Result<Option<i64>, AppError> {
    let now = now_millis();
    let after_ms = i64::try_from(state.settings.payments.release_after_secs)
        .unwrap_or(i64::MAX / 2)
        .saturating_mul(1000);
    let due_at = now.saturating_add(after_ms);
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO reveals (order_id, version, publisher_id, digest, revealed_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (order_id, version) DO NOTHING",
    )
    .bind(order_id)
    .bind(version)
    .bind(publisher_id)
    .bind(digest)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let started = orders::start_countdown(&mut tx, order_id, due_at).await?;
    let mut notes = Vec::new();
    if started
        && let Some(taker_id) = orders::find(&mut tx, order_id)
            .await?
            .and_then(|r| r.taker_id)
    {
        let kind = NotificationKind::Revealed;
        let note =
            notifications::record(&mut tx, taker_id, kind, Some(order_id), Some(publisher_id));
        notes.push(note.await?);
    }
    tx.commit().await?;
    deliver(state, &notes).await;
    if started {
        return Ok(Some(due_at));
    }
    let mut connection = state.db.pool().acquire().await?;
    Ok(orders::find(&mut connection, order_id)
        .await?
        .and_then(|row| row.release_due_at))
}
