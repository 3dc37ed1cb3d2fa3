//! Reveal receipts: the publisher's first opening of a submitted version of
//! a funded order is recorded (which version, the commitment the sealed
//! preview showed, when) and starts the release countdown
//! (`payments.release_after_secs`). Only `orders::open::open_solution`, an
//! explicit POST, calls it.
//!
//! Invariants: a version is revealed once (primary key on order and
//! version) and the countdown starts once per opened version (compare-and-set
//! on `release_due_at IS NULL`), however many tabs open it at once; the
//! receipt is written only while the order is still submitted, funded and
//! undisputed and the version is still the newest (checked in the INSERT
//! itself, so a request racing a dispute or a new version writes nothing).

use crate::domain::AppError;
use crate::domain::notification::NotificationKind;
use crate::server::auth::now_millis;
use crate::server::db::orders;
use crate::server::services::notifications::{self, deliver};
use crate::server::state::AppState;
use sqlx::AnyConnection;

/// Whether `version` of `order_id` was opened before.
async fn receipt_exists(
    connection: &mut AnyConnection,
    order_id: i64,
    version: i64,
) -> Result<bool, AppError> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT version FROM reveals WHERE order_id = $1 AND version = $2")
            .bind(order_id)
            .bind(version)
            .fetch_optional(connection)
            .await?;
    Ok(found.is_some())
}

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
    let inserted = sqlx::query(
        "INSERT INTO reveals (order_id, version, publisher_id, digest, revealed_at) \
         SELECT $1, $2, $3, $4, $5 FROM orders o \
         WHERE o.id = $1 AND o.publisher_id = $3 AND o.state = 'submitted' \
         AND o.funded_at IS NOT NULL AND o.disputed_at IS NULL \
         AND $2 = (SELECT MAX(s.version) FROM submissions s WHERE s.order_id = $1) \
         ON CONFLICT (order_id, version) DO NOTHING",
    )
    .bind(order_id)
    .bind(version)
    .bind(publisher_id)
    .bind(digest)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 && !receipt_exists(&mut tx, order_id, version).await? {
        // The order moved on (disputed, changed, a newer version) since the
        // caller checked it.
        return Err(AppError::Conflict("wrong_state".into()));
    }
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
