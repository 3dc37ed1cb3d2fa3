//! Disputes: either party freezes a funded order and explains why; an admin
//! reads the whole case and decides where the escrow goes.
//!
//! Invariants: opening is a compare-and-set on the order (funded, live, not
//! disputed) in the same transaction as the dispute row, so a dispute and a
//! confirmation racing each other cannot both win; deciding is a
//! compare-and-set on the order and on the dispute row plus postings that
//! empty the escrow exactly, all in one transaction; a retried decision
//! under the same key returns the first result; an admin who published or
//! took the order cannot decide its dispute (no self-dealing).

use super::order_money::order_ledger;
use super::{announce, begin_command, built, facts_of, post, retry_busy};
use crate::domain::ledger::{Account, Posting, fee_of};
use crate::domain::notification::NotificationKind;
use crate::domain::order::SubmissionFacts;
use crate::domain::order::dispute::{
    ChatLine, DisputeCase, DisputeDecisionView, DisputeList, DisputeOutcome, DisputeSummary,
    DisputeView, RevealReceipt, clean_reason, may_open_dispute,
};
use crate::domain::{AppError, CurrentUser};
use crate::server::auth::{now_millis, random_id};
use crate::server::db::disputes::{self, Decision, DisputeRow};
use crate::server::db::ledger::{self, Meta};
use crate::server::error::internal;
use crate::server::services::admin::require_admin;
use crate::server::services::notifications::{deliver, record};
use crate::server::services::orders::{load, view::order_for_arbiter};
use crate::server::state::AppState;
use sqlx::AnyConnection;

/// Chat lines an admin sees of the two parties' conversation.
const CHAT_LINES: i64 = 200;
/// Disputes per list on the admin's page.
const LIST_ROWS: i64 = 100;

/// `user` opens a dispute on `order_id` with `reason`. A repeated request
/// by whoever opened it returns the first result.
pub async fn open(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    reason: &str,
) -> Result<(), AppError> {
    retry_busy(|| open_once(state, user, order_id, reason)).await
}

async fn open_once(
    state: &AppState,
    user: &CurrentUser,
    order_id: i64,
    reason: &str,
) -> Result<(), AppError> {
    let reason = clean_reason(reason).map_err(|error| AppError::Invalid(vec![error]))?;
    let mut tx = state.db.begin_write().await?;
    let row = load(&mut tx, order_id).await?;
    if let Some(existing) = disputes::find(&mut tx, order_id).await?
        && existing.opened_by == user.id
        && existing.decided_at.is_none()
    {
        return Ok(());
    }
    may_open_dispute(facts_of(&row, user.id)?)?;
    let now = now_millis();
    if !disputes::freeze_order(&mut tx, order_id, &row.state, now).await? {
        // Confirmed, released or disputed by the other party meanwhile.
        return Err(AppError::Conflict("wrong_state".into()));
    }
    disputes::insert(&mut tx, order_id, user.id, &reason, now).await?;
    let other = if user.id == row.publisher_id {
        row.taker_id
    } else {
        Some(row.publisher_id)
    };
    let mut notes = Vec::new();
    if let Some(other) = other {
        let kind = NotificationKind::DisputeOpened;
        notes.push(record(&mut tx, other, kind, Some(order_id), Some(user.id)).await?);
    }
    tx.commit().await?;
    deliver(state, &notes).await;
    announce(state, row.publisher_id, Some(order_id)).await;
    if let Some(taker_id) = row.taker_id {
        announce(state, taker_id, Some(order_id)).await;
    }
    Ok(())
}

/// An admin decides the dispute on `order_id`.
pub async fn decide(
    state: &AppState,
    admin: &CurrentUser,
    order_id: i64,
    outcome: DisputeOutcome,
    reason: &str,
    idempotency_key: &str,
) -> Result<(), AppError> {
    retry_busy(|| decide_once(state, admin, order_id, outcome, reason, idempotency_key)).await
}

async fn decide_once(
    state: &AppState,
    admin: &CurrentUser,
    order_id: i64,
    outcome: DisputeOutcome,
    reason: &str,
    idempotency_key: &str,
) -> Result<(), AppError> {
    require_admin(admin)?;
    let reason = clean_reason(reason).map_err(|error| AppError::Invalid(vec![error]))?;
    let Some((mut tx, key)) =
        begin_command(state, admin.id, "dispute_decide", idempotency_key).await?
    else {
        return Ok(());
    };
    let row = load(&mut tx, order_id).await?;
    if row.publisher_id == admin.id || row.taker_id == Some(admin.id) {
        // No one judges their own case: another admin must decide it.
        // Returning drops the transaction, so nothing is written.
        return Err(AppError::Forbidden);
    }
    let dispute = disputes::find(&mut tx, order_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if dispute.decided_at.is_some() {
        return Err(AppError::Conflict("wrong_state".into()));
    }
    let taker_id = row
        .taker_id
        .ok_or_else(|| internal("a disputed order has a taker"))?;
    let escrow = ledger::balance(&mut tx, Account::Escrow(order_id)).await?;
    let (to_solver, to_publisher) = outcome
        .shares(escrow)
        .map_err(|error| AppError::Invalid(vec![error]))?;
    let fee = fee_of(to_solver, state.settings.payments.fee_basis_points);
    let now = now_millis();
    let closed = disputes::close_order(&mut tx, order_id, outcome.final_state().as_str(), now)
        .await?
        && disputes::decide(
            &mut tx,
            order_id,
            &Decision {
                outcome: outcome.as_str(),
                to_solver: to_solver - fee,
                to_publisher,
                fee,
                reason: &reason,
                admin_id: admin.id,
            },
            now,
        )
        .await?;
    if !closed {
        return Err(AppError::Conflict("wrong_state".into()));
    }
    let refund_key = format!("{key}:refund");
    let reference = format!("dispute:{order_id}");
    let meta = |idempotency_key| Meta {
        idempotency_key,
        user_id: Some(admin.id),
        order_id: Some(order_id),
        reference: Some(&reference),
    };
    if to_solver > 0 {
        let posting = built(Posting::release(order_id, taker_id, to_solver, fee))?;
        post(&mut tx, &posting, &meta(&key), now).await?;
    }
    if to_publisher > 0 {
        let posting = built(Posting::refund(order_id, row.publisher_id, to_publisher))?;
        post(&mut tx, &posting, &meta(&refund_key), now).await?;
    }
    let kind = NotificationKind::DisputeDecided;
    let notes = [
        record(&mut tx, taker_id, kind, Some(order_id), None).await?,
        record(&mut tx, row.publisher_id, kind, Some(order_id), None).await?,
    ];
    tx.commit().await?;
    deliver(state, &notes).await;
    announce(state, row.publisher_id, Some(order_id)).await;
    announce(state, taker_id, Some(order_id)).await;
    Ok(())
}

fn view_of(row: &DisputeRow) -> Result<DisputeView, AppError> {
    let decision = match (&row.outcome, row.decided_at) {
        (Some(kind), Some(decided_at)) => {
            let to_solver = row.to_solver_minor.unwrap_or_default();
            let fee = row.fee_minor.unwrap_or_default();
            let outcome = DisputeOutcome::from_stored(kind, to_solver + fee)
                .ok_or_else(|| internal(format!("unknown dispute outcome {kind}")))?;
            Some(DisputeDecisionView {
                outcome,
                to_solver,
                fee,
                to_publisher: row.to_publisher_minor.unwrap_or_default(),
                reason: row.decision_reason.clone().unwrap_or_default(),
                decided_at_ms: decided_at,
            })
        }
        _ => None,
    };
    Ok(DisputeView {
        opened_by: row.opener_nickname.clone(),
        opened_by_publisher: row.opened_by == row.publisher_id,
        reason: row.reason.clone(),
        opened_at_ms: row.opened_at,
        decision,
    })
}

/// The order's dispute, if one was opened (for its two parties' panel).
pub(crate) async fn view(
    connection: &mut AnyConnection,
    order_id: i64,
) -> Result<Option<DisputeView>, AppError> {
    disputes::find(connection, order_id)
        .await?
        .as_ref()
        .map(view_of)
        .transpose()
}

/// The list's lines; the escrow came with each row (no query per line).
fn summaries(rows: Vec<DisputeRow>) -> Result<Vec<DisputeSummary>, AppError> {
    rows.into_iter()
        .map(|row| {
            Ok(DisputeSummary {
                dispute: view_of(&row)?,
                order_id: row.order_id,
                escrow: row.escrow_minor,
                title: row.title,
            })
        })
        .collect()
}

/// Every undecided dispute and the latest decisions, for an admin.
pub async fn list(state: &AppState, admin: &CurrentUser) -> Result<DisputeList, AppError> {
    require_admin(admin)?;
    let mut connection = state.db.pool().acquire().await?;
    let open = disputes::undecided(&mut connection, LIST_ROWS).await?;
    let decided = disputes::recently_decided(&mut connection, LIST_ROWS).await?;
    Ok(DisputeList {
        currency: state.settings.payments.currency.clone(),
        open: summaries(open)?,
        decided: summaries(decided)?,
    })
}

/// Everything an admin needs to decide the dispute on `order_id`.
pub async fn case(
    state: &AppState,
    admin: &CurrentUser,
    order_id: i64,
) -> Result<DisputeCase, AppError> {
    require_admin(admin)?;
    let mut connection = state.db.pool().acquire().await?;
    let row = disputes::find(&mut connection, order_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let order = order_for_arbiter(&mut connection, state, order_id).await?;
    // The arbiter's view opens every version.
    let versions: Vec<SubmissionFacts> = order
        .solution
        .opened()
        .into_iter()
        .map(|version| version.facts.clone())
        .collect();
    let reveals = disputes::reveals(&mut connection, order_id)
        .await?
        .into_iter()
        .map(|reveal| RevealReceipt {
            version: reveal.version,
            digest: reveal.digest,
            revealed_at_ms: reveal.revealed_at,
        })
        .collect();
    let taker_id = order
        .taker
        .as_ref()
        .map(|taker| taker.id)
        .unwrap_or_default();
    let mut chat: Vec<ChatLine> =
        disputes::chat_between(&mut connection, row.publisher_id, taker_id, CHAT_LINES)
            .await?
            .into_iter()
            .map(|line| ChatLine {
                sender: line.sender,
                // Pictures and files are named by kind; their content stays
                // behind the members-only download.
                body: line.body_text.unwrap_or_else(|| format!("[{}]", line.kind)),
                at_ms: line.created_at,
            })
            .collect();
    chat.reverse();
    Ok(DisputeCase {
        dispute: view_of(&row)?,
        versions,
        reveals,
        chat,
        ledger: order_ledger(&mut connection, order_id).await?,
        escrow: ledger::balance(&mut connection, Account::Escrow(order_id)).await?,
        fee_basis_points: state.settings.payments.fee_basis_points,
        form_key: random_id(12),
        order,
    })
}
