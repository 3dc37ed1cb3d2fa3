//! A user's wallet: balances, the history of their available balance, and
//! their payments.

use super::withdraw;
use crate::domain::history_filter::HistoryFilter;
use crate::domain::ledger::{Account, MoveKind};
use crate::domain::wallet::{PaymentState, PaymentView, WalletEntry, WalletView};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::random_id;
use crate::server::db::ledger;
use crate::server::db::ledger_views::entries_of;
use crate::server::db::payments::{self, IntentRow};
use crate::server::error::internal;
use crate::server::state::AppState;
use sqlx::AnyConnection;

/// Entries and payments shown on the wallet page.
const HISTORY_ROWS: i64 = 200;

/// Entries on the user's available balance, newest first.
pub async fn history(
    connection: &mut AnyConnection,
    user_id: i64,
    filter: HistoryFilter,
    limit: i64,
) -> Result<Vec<WalletEntry>, AppError> {
    entries_of(
        connection,
        &Account::Available(user_id).key(),
        filter,
        limit,
    )
    .await?
    .into_iter()
    .map(|row| {
        Ok(WalletEntry {
            kind: MoveKind::parse(&row.kind)
                .ok_or_else(|| internal(format!("unknown move kind {}", row.kind)))?,
            at_ms: row.created_at,
            amount: row.amount_minor,
            order_id: row.order_id,
            order_title: row.order_title,
            transaction_id: row.transaction_id,
        })
    })
    .collect()
}

pub(crate) fn payment_view(row: IntentRow) -> Result<PaymentView, AppError> {
    Ok(PaymentView {
        state: PaymentState::parse(&row.state)
            .ok_or_else(|| internal(format!("unknown payment state {}", row.state)))?,
        id: row.id,
        amount: row.amount_minor,
        order_id: row.order_id,
        created_at_ms: row.created_at,
    })
}

/// The wallet page, its history narrowed by `filter`.
pub async fn wallet(
    state: &AppState,
    user: &CurrentUser,
    filter: HistoryFilter,
) -> Result<WalletView, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let available = ledger::balance(&mut connection, Account::Available(user.id)).await?;
    let held = ledger::balance(&mut connection, Account::Held(user.id)).await?;
    let entries = history(&mut connection, user.id, filter, HISTORY_ROWS).await?;
    let payments = payments::recent(&mut connection, user.id, None, HISTORY_ROWS)
        .await?
        .into_iter()
        .map(payment_view)
        .collect::<Result<Vec<_>, AppError>>()?;
    let withdrawals = withdraw::of_user(&mut connection, user.id).await?;
    Ok(WalletView {
        currency: state.settings.payments.currency.clone(),
        available,
        held,
        entries,
        payments,
        withdrawals,
        filter,
        form_key: random_id(12),
    })
}
