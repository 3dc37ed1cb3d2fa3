//! A user's wallet: balances, the history of their available balance, and
//! their payments.

use super::{refund, withdraw};
use crate::domain::history_filter::HistoryFilter;
use crate::domain::ledger::{Account, MoveKind};
use crate::domain::paging::split_page;
use crate::domain::wallet::{PaymentState, PaymentView, WalletEntry, WalletView};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::random_id;
use crate::server::db::ledger;
use crate::server::db::ledger_views::entries_of;
use crate::server::db::payments::{self, IntentRow};
use crate::server::error::internal;
use crate::server::state::AppState;
use sqlx::AnyConnection;

/// Payments shown on the wallet page.
const PAYMENT_ROWS: i64 = 200;
/// History entries on one page of the wallet.
pub const HISTORY_PAGE: usize = 50;

/// Entries on the user's available balance, newest first; with `before`,
/// those older than that entry.
pub async fn history(
    connection: &mut AnyConnection,
    user_id: i64,
    filter: HistoryFilter,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<WalletEntry>, AppError> {
    entries_of(
        connection,
        &Account::Available(user_id).key(),
        filter,
        before,
        limit,
    )
    .await?
    .into_iter()
    .map(|row| {
        Ok(WalletEntry {
            id: row.id,
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

/// One payment as its owner sees it; `refundable` says whether they may
/// ask for it back (`refund::refundable`).
pub(crate) fn payment_view(row: IntentRow, refundable: bool) -> Result<PaymentView, AppError> {
    let state = match (row.state.as_str(), row.refund_state.as_deref()) {
        ("succeeded", Some("paid")) => PaymentState::Refunded,
        (state, _) => PaymentState::parse(state)
            .ok_or_else(|| internal(format!("unknown payment state {state}")))?,
    };
    Ok(PaymentView {
        refund_pending: row.refund_state.as_deref() == Some("pending"),
        state,
        id: row.id,
        amount: row.amount_minor,
        order_id: row.order_id,
        created_at_ms: row.created_at,
        refundable,
    })
}

/// The wallet page, its history narrowed by `filter`, the history's first
/// page.
pub async fn wallet(
    state: &AppState,
    user: &CurrentUser,
    filter: HistoryFilter,
) -> Result<WalletView, AppError> {
    wallet_page(state, user, filter, None).await
}

/// The wallet page, its history narrowed by `filter`, one page of it:
/// the entries older than entry `before` if given.
pub async fn wallet_page(
    state: &AppState,
    user: &CurrentUser,
    filter: HistoryFilter,
    before: Option<i64>,
) -> Result<WalletView, AppError> {
    let mut connection = state.db.pool().acquire().await?;
    let available = ledger::balance(&mut connection, Account::Available(user.id)).await?;
    let held = ledger::balance(&mut connection, Account::Held(user.id)).await?;
    let entries = history(
        &mut connection,
        user.id,
        filter,
        before,
        HISTORY_PAGE as i64 + 1,
    )
    .await?;
    let (entries, more) = split_page(entries, HISTORY_PAGE);
    let entries_next = more.then(|| entries.last().map(|entry| entry.id)).flatten();
    let payments = payments::recent(&mut connection, user.id, None, PAYMENT_ROWS)
        .await?
        .into_iter()
        .map(|row| {
            let refundable = refund::refundable(state, &row);
            payment_view(row, refundable)
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let withdrawals = withdraw::of_user(&mut connection, user.id).await?;
    Ok(WalletView {
        currency: state.settings.payments.currency.clone(),
        provider: state.payments.name().to_owned(),
        holder_needed: withdraw::holder_needed(state),
        available,
        held,
        entries,
        entries_next,
        entries_paged: before.is_some(),
        payments,
        withdrawals,
        filter,
        form_key: random_id(12),
    })
}
