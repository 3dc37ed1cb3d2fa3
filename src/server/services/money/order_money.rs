//! The money panel of an order: what its escrow holds, every movement of
//! it, and the money steps open to the viewer. Only the publisher and the
//! solver see it, with the order's dispute if one was opened.

use super::wallet::payment_view;
use super::{agreement_facts_of, dispute, facts_of};
use crate::domain::ledger::{Account, MoveKind};
use crate::domain::order::agreement::agreement_steps;
use crate::domain::order::dispute::may_open_dispute;
use crate::domain::order::escrow::{MAX_CHANGE_ROUNDS, money_actions};
use crate::domain::order::lifecycle::Relation;
use crate::domain::wallet::{OrderLedgerLine, OrderMoneyView};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::random_id;
use crate::server::db::ledger;
use crate::server::db::ledger_views::order_lines;
use crate::server::db::payments;
use crate::server::error::internal;
use crate::server::services::orders::load;
use crate::server::state::AppState;
use sqlx::AnyConnection;

/// `None` for anyone but the two parties.
pub async fn order_money(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
) -> Result<Option<OrderMoneyView>, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let row = load(&mut connection, order_id).await?;
    let relation = Relation::of(user.id, row.publisher_id, row.taker_id);
    if relation == Relation::Other {
        return Ok(None);
    }
    let facts = facts_of(&row, user.id)?;
    let agreement = agreement_facts_of(&row, user.id)?;
    let lines = order_ledger(&mut connection, order_id).await?;
    let dispute = dispute::view(&mut connection, order_id).await?;
    let payment = payments::recent(&mut connection, user.id, Some(order_id), 1)
        .await?
        .into_iter()
        .next()
        .map(|row| payment_view(row, false))
        .transpose()?;
    Ok(Some(OrderMoneyView {
        currency: state.settings.payments.currency.clone(),
        provider: state.payments.name().to_owned(),
        reward: row.reward_minor,
        escrow: ledger::balance(&mut connection, Account::Escrow(order_id)).await?,
        funded: facts.funded,
        lines,
        actions: money_actions(facts),
        balance: ledger::balance(&mut connection, Account::Available(user.id)).await?,
        payment,
        form_key: random_id(12),
        release_due_at_ms: row.release_due_at,
        change_rounds_left: (MAX_CHANGE_ROUNDS - row.change_rounds).max(0),
        may_dispute: may_open_dispute(facts).is_ok(),
        dispute,
        agreements: agreement_steps(agreement),
        cancel_proposed_by: agreement.cancel_proposed_by,
        reward_proposed: row.reward_proposed_minor,
    }))
}

/// Every movement of the order's escrow, oldest first.
pub(crate) async fn order_ledger(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Vec<OrderLedgerLine>, AppError> {
    order_lines(connection, order_id)
        .await?
        .into_iter()
        .map(|line| {
            Ok(OrderLedgerLine {
                kind: MoveKind::parse(&line.kind)
                    .ok_or_else(|| internal(format!("unknown move kind {}", line.kind)))?,
                at_ms: line.created_at,
                amount: line.escrow_minor,
                fee: line.fee_minor,
                transaction_id: line.transaction_id,
            })
        })
        .collect()
}
