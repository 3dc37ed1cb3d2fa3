//! The daily digest: once a day (the first hourly sweep after midnight
//! UTC), each user with new saved-search matches from before that day, on
//! searches with the digest switched on, gets one mail listing them.
//!
//! Invariants: a user's due matches are marked digested by one conditional
//! UPDATE in the transaction that queues their mail, so a digest run twice
//! (two instances, a retry) mails nobody twice, and a rollback mails
//! nobody; matches made today wait for tomorrow, so a user gets at most one
//! digest a day; a banned user's matches are marked but not mailed.

use crate::domain::AppError;
use crate::domain::calendar::{DAY_MS, day_of_millis};
use crate::server::auth::now_millis;
use crate::server::db::{notifications, search_alerts, users};
use crate::server::mail::digest::DigestOrder;
use crate::server::mail::queue::{self, Mail};
use crate::server::state::AppState;

/// The start of today (UTC): matches made before it are due.
pub fn today_start(now_ms: i64) -> i64 {
    day_of_millis(now_ms) * DAY_MS
}

/// Queues the digest of every user with matches created before
/// `before_ms` not yet mailed; returns how many mails were queued.
pub async fn send_due(state: &AppState, before_ms: i64) -> Result<usize, AppError> {
    let due = {
        let mut connection = state.db.acquire().await?;
        search_alerts::digest_due(&mut connection, before_ms).await?
    };
    let mut queued = 0;
    for user_id in due {
        if digest_user(state, user_id, before_ms).await? {
            queued += 1;
        }
    }
    if queued > 0 {
        state.mail_queued.notify_one();
    }
    Ok(queued)
}

/// Takes one user's due matches and queues their mail; false if another
/// run took them first or the user may not be mailed.
async fn digest_user(state: &AppState, user_id: i64, before_ms: i64) -> Result<bool, AppError> {
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    let mut order_ids = search_alerts::take_digest(&mut tx, user_id, before_ms, now).await?;
    order_ids.sort_unstable();
    order_ids.dedup();
    let banned = users::find_by_id(&mut tx, user_id)
        .await?
        .is_none_or(|user| user.banned_reason.is_some());
    let target = notifications::mail_target(&mut tx, user_id).await?;
    let orders = search_alerts::titles(&mut tx, &order_ids).await?;
    let mailed = match target {
        Some(target) if !banned && !orders.is_empty() => {
            let mail = Mail::Digest {
                to: target.email,
                locale: target.mail_locale,
                orders: orders
                    .into_iter()
                    .map(|(id, title)| DigestOrder { id, title })
                    .collect(),
            };
            queue::enqueue(&mut tx, &mail, now).await?;
            true
        }
        _ => false,
    };
    tx.commit().await?;
    Ok(mailed)
}

/// How long alerts are kept once mailed (or never to be mailed).
pub const KEEP_MS: i64 = 30 * DAY_MS;

/// Deletes alerts older than `KEEP_MS` that no digest waits for (run by
/// the hourly sweep); returns how many.
pub async fn prune(state: &AppState) -> Result<u64, AppError> {
    let mut connection = state.db.acquire_writer().await?;
    Ok(search_alerts::prune(&mut connection, now_millis() - KEEP_MS).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_starts_at_midnight_utc() {
        assert_eq!(today_start(3 * DAY_MS + 5), 3 * DAY_MS);
        assert_eq!(today_start(3 * DAY_MS), 3 * DAY_MS);
    }
}
