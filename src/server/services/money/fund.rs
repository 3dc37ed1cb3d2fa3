//! Securing an order's reward: the publisher's available balance moves into
//! the order's escrow, and the order is marked funded, in one transaction.
//!
//! Invariant: the compare-and-set on `orders.funded_at` (NULL -> now, with
//! the state and reward as read) lets exactly one funding of an order win;
//! the posting then fails the whole transaction if the balance is short.

use super::{announce, begin_command, built, facts_of, post, retry_busy};
use crate::domain::ledger::Posting;
use crate::domain::notification::NotificationKind;
use crate::domain::order::escrow::{MoneyAction, decide_money};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::now_millis;
use crate::server::db::ledger::Meta;
use crate::server::db::orders;
use crate::server::services::notifications::{Note, deliver, record};
use crate::server::services::orders::load;
use crate::server::state::AppState;
use sqlx::AnyConnection;

/// Funds `order_id` from the caller's wallet.
pub async fn fund(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    idempotency_key: &str,
) -> Result<(), AppError> {
    retry_busy(|| fund_once(state, user, order_id, idempotency_key)).await
}

async fn fund_once(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    idempotency_key: &str,
) -> Result<(), AppError> {
    let Some((mut tx, key)) = begin_command(state, user.id, "fund", idempotency_key).await? else {
        return Ok(());
    };
    let note = fund_in(&mut tx, user.id, order_id, &key, None).await?;
    tx.commit().await?;
    announce(state, user.id, Some(order_id)).await;
    deliver(state, note.as_slice()).await;
    Ok(())
}

/// Funds `order_id` for `user_id` inside the caller's transaction, which
/// must be dropped on error; returns the solver's notification, if the
/// order has one, to deliver after commit.
pub(crate) async fn fund_in(
    connection: &mut AnyConnection,
    user_id: i64,
    order_id: i64,
    key: &str,
    reference: Option<&str>,
) -> Result<Option<Note>, AppError> {
    let row = load(connection, order_id).await?;
    let facts = facts_of(&row, user_id)?;
    decide_money(facts, MoneyAction::Fund).map_err(|refusal| refusal.into_error())?;
    let Some(reward) = row.reward_minor else {
        return Err(AppError::Conflict("reward_negotiable".into()));
    };
    let now = now_millis();
    if !orders::mark_funded(connection, order_id, user_id, &row.state, reward, now).await? {
        return Err(AppError::Conflict("already_funded".into()));
    }
    let posting = built(Posting::fund(order_id, user_id, reward))?;
    let meta = Meta {
        idempotency_key: key,
        user_id: Some(user_id),
        order_id: Some(order_id),
        reference,
    };
    post(connection, &posting, &meta, now).await?;
    match row.taker_id {
        Some(taker_id) => {
            let kind = NotificationKind::Funded;
            Ok(Some(
                record(connection, taker_id, kind, Some(order_id), Some(user_id)).await?,
            ))
        }
        None => Ok(None),
    }
}
