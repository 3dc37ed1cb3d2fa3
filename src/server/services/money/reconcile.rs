//! Reconciliation: what a lost webhook left behind, found by asking the
//! provider. Run by `bounty payments reconcile` (which prints each change)
//! and periodically by every server (`payments.reconcile_every_secs`).
//!
//! Invariants: a payment found settled goes through the webhook's own code
//! path (`webhook::apply`), so the event deduplication and the intent's
//! compare-and-set hold and money moves at most once, whoever gets there
//! first (the webhook, this, or another instance running it at the same
//! time); a payout or refund still `sending` is only asked about, never
//! sent again (`payout::check_sending`); one failed question is logged and
//! the rest go on.

use super::payout::{self, Settled};
use super::webhook;
use crate::domain::AppError;
use crate::server::auth::now_millis;
use crate::server::db::payments;
use crate::server::payments::PaymentRef;
use crate::server::state::AppState;
use std::time::Duration;

/// Pending payments younger than this are asked about (a checkout left
/// open longer has expired at every provider: Stripe's sessions after 24
/// hours, Alipay's page payments after 15 days at most unless told
/// otherwise, so a week covers what may still settle late).
const LOOK_BACK_MS: i64 = 7 * 24 * 3_600_000;
/// ... and older than this, so a payer still on the checkout is not asked
/// about in the middle of paying.
const SETTLE_TIME_MS: i64 = 60_000;
/// Payments asked about in one pass.
const PASS_ROWS: i64 = 500;

/// One thing reconciliation changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A pending payment the provider had settled.
    Payment { intent_id: String, outcome: String },
    /// A payout or refund the provider had finished.
    Withdrawal(Settled),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Payment { intent_id, outcome } => {
                write!(f, "payment {intent_id}: pending -> {outcome}")
            }
            Change::Withdrawal(settled) => write!(
                f,
                "withdrawal {}: sending -> {} ({})",
                settled.withdrawal_id,
                if settled.paid {
                    "paid"
                } else {
                    "rejected, hold returned"
                },
                settled.note
            ),
        }
    }
}

/// One pass over the open payments and the payouts in flight.
pub async fn run(state: &AppState) -> Result<Vec<Change>, AppError> {
    let mut changes = payments_pass(state).await?;
    changes.extend(
        payout::check_sending(state)
            .await?
            .into_iter()
            .map(Change::Withdrawal),
    );
    Ok(changes)
}

async fn payments_pass(state: &AppState) -> Result<Vec<Change>, AppError> {
    let now = now_millis();
    let open = {
        let mut connection = state.db.pool().acquire().await?;
        payments::pending_between(
            &mut connection,
            state.payments.name(),
            now - LOOK_BACK_MS,
            now - SETTLE_TIME_MS,
            PASS_ROWS,
        )
        .await?
    };
    let mut changes = Vec::new();
    for intent in open {
        let payment = PaymentRef {
            intent_id: intent.id.clone(),
            provider_ref: intent.provider_ref.clone(),
            amount_minor: intent.amount_minor,
            created_at_ms: intent.created_at,
        };
        let event = match state.payments.look_up(&payment).await {
            Ok(Some(event)) => event,
            Ok(None) => continue,
            Err(error) => {
                tracing::warn!(intent_id = %intent.id, ?error, "could not look a payment up");
                continue;
            }
        };
        let outcome = serde_json::to_value(event.kind)
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default();
        match webhook::apply(state, &event).await {
            Ok(true) => changes.push(Change::Payment {
                intent_id: intent.id,
                outcome,
            }),
            Ok(false) => {}
            Err(error) => {
                tracing::warn!(intent_id = %intent.id, event_id = %event.id, ?error, "a looked-up payment was not applied")
            }
        }
    }
    Ok(changes)
}

/// The lease that keeps periodic passes to one instance at a time (a pass
/// is safe anywhere; on all of them it only repeats the provider's calls).
pub const LEASE: &str = "payments-reconcile";

/// Runs a pass every `every`, for the server's life, on the instance that
/// holds the lease; logs what changed.
pub async fn run_periodically(state: AppState, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match crate::server::services::leases::run_here(&state, LEASE, every).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(error) => {
                tracing::warn!(?error, "could not take the reconciliation lease");
                continue;
            }
        }
        match run(&state).await {
            Ok(changes) => {
                for change in changes {
                    tracing::info!(%change, "reconciled");
                }
            }
            Err(error) => tracing::warn!(?error, "reconciliation pass failed"),
        }
    }
}
