//! Disputes: either party of a funded, live order asks an admin to decide
//! where its escrow goes: all to the solver (release), all back to the
//! publisher (refund), or split by an amount.
//!
//! Invariants: a dispute is opened only by the publisher or the solver of a
//! taken or submitted order whose reward is escrowed, and only once; while
//! it is open the order is frozen (see `escrow::decide_money`); a decision
//! divides exactly what the escrow holds, each share non-negative, a split
//! giving both parties something; release and split end the order done,
//! refund ends it cancelled.

use super::escrow::MoneyFacts;
use super::lifecycle::{OrderState, Relation};
use super::views::{OrderView, SubmissionFacts};
use crate::domain::AppError;
use crate::domain::FieldError;
use crate::domain::wallet::OrderLedgerLine;
use serde::{Deserialize, Serialize};

/// Longest reason for opening or deciding a dispute.
pub const REASON_MAX: usize = 1000;

/// How an admin decides a dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DisputeOutcome {
    /// The whole escrow to the solver (less the platform's fee).
    Release,
    /// The whole escrow back to the publisher.
    Refund,
    /// This many minor units to the solver (before the fee), the rest back.
    Split { to_solver: i64 },
}

impl DisputeOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            DisputeOutcome::Release => "release",
            DisputeOutcome::Refund => "refund",
            DisputeOutcome::Split { .. } => "split",
        }
    }

    /// The outcome stored as `kind` with the solver's share `to_solver`.
    pub fn from_stored(kind: &str, to_solver: i64) -> Option<DisputeOutcome> {
        match kind {
            "release" => Some(DisputeOutcome::Release),
            "refund" => Some(DisputeOutcome::Refund),
            "split" => Some(DisputeOutcome::Split { to_solver }),
            _ => None,
        }
    }

    /// Divides `escrow` into (to the solver, to the publisher).
    pub fn shares(self, escrow: i64) -> Result<(i64, i64), FieldError> {
        match self {
            DisputeOutcome::Release => Ok((escrow, 0)),
            DisputeOutcome::Refund => Ok((0, escrow)),
            DisputeOutcome::Split { to_solver } if to_solver > 0 && to_solver < escrow => {
                Ok((to_solver, escrow - to_solver))
            }
            DisputeOutcome::Split { .. } => Err(FieldError::new("to_solver", "split_out_of_range")),
        }
    }

    /// Where the order ends.
    pub fn final_state(self) -> OrderState {
        match self {
            DisputeOutcome::Refund => OrderState::Cancelled,
            DisputeOutcome::Release | DisputeOutcome::Split { .. } => OrderState::Done,
        }
    }
}

/// Whether the viewer described by `facts` may open a dispute.
pub fn may_open_dispute(facts: MoneyFacts) -> Result<(), AppError> {
    if !matches!(facts.relation, Relation::Publisher | Relation::Taker) {
        return Err(AppError::Forbidden);
    }
    if facts.disputed {
        return Err(AppError::Conflict("disputed".into()));
    }
    if !matches!(facts.state, OrderState::Taken | OrderState::Submitted) {
        return Err(AppError::Conflict("wrong_state".into()));
    }
    if !facts.funded {
        return Err(AppError::Conflict("not_funded".into()));
    }
    Ok(())
}

/// A reason as typed: required, up to `REASON_MAX` characters, line
/// breaks allowed (other control characters are not).
pub fn clean_reason(raw: &str) -> Result<String, FieldError> {
    let value = raw.trim().replace("\r\n", "\n");
    if value.is_empty() {
        return Err(FieldError::new("reason", "required"));
    }
    if value.chars().count() > REASON_MAX {
        return Err(FieldError::new("reason", "too_long"));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(FieldError::new("reason", "invalid_characters"));
    }
    Ok(value)
}

/// An admin's decision as both parties see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeDecisionView {
    pub outcome: DisputeOutcome,
    /// What the solver received, after the fee.
    pub to_solver: i64,
    pub fee: i64,
    pub to_publisher: i64,
    pub reason: String,
    pub decided_at_ms: i64,
}

/// A dispute as its two parties (and the admin) see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeView {
    pub opened_by: String,
    /// The publisher opened it (otherwise the solver).
    pub opened_by_publisher: bool,
    pub reason: String,
    pub opened_at_ms: i64,
    pub decision: Option<DisputeDecisionView>,
}

/// A reveal receipt: the first opening of a version by the publisher.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealReceipt {
    pub version: i64,
    pub digest: String,
    pub revealed_at_ms: i64,
}

/// One chat line between the two parties, for the admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatLine {
    pub sender: String,
    pub body: String,
    pub at_ms: i64,
}

/// An open dispute in the admin's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeSummary {
    pub order_id: i64,
    pub title: String,
    pub escrow: i64,
    pub dispute: DisputeView,
}

/// Every dispute, undecided first (oldest first), then recent decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeList {
    pub currency: String,
    pub open: Vec<DisputeSummary>,
    pub decided: Vec<DisputeSummary>,
}

/// What an admin sees to decide a dispute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeCase {
    /// The order with every submission version's content.
    pub order: OrderView,
    pub dispute: DisputeView,
    /// Every version's facts and digests, newest first.
    pub versions: Vec<SubmissionFacts>,
    pub reveals: Vec<RevealReceipt>,
    /// The two parties' conversation, oldest first (the latest 200 lines).
    pub chat: Vec<ChatLine>,
    pub ledger: Vec<OrderLedgerLine>,
    pub escrow: i64,
    /// The platform's fee rate on what the solver receives.
    pub fee_basis_points: u32,
    pub form_key: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(state: OrderState, relation: Relation, funded: bool, disputed: bool) -> MoneyFacts {
        MoneyFacts {
            state,
            relation,
            funded,
            reward_fixed: true,
            revealed: false,
            change_rounds: 0,
            disputed,
            overdue: false,
        }
    }

    #[test]
    fn either_party_of_a_funded_live_order_may_open_one_dispute() {
        for state in OrderState::ALL {
            for relation in [Relation::Publisher, Relation::Taker, Relation::Other] {
                for funded in [false, true] {
                    for disputed in [false, true] {
                        let allowed = matches!(state, OrderState::Taken | OrderState::Submitted)
                            && matches!(relation, Relation::Publisher | Relation::Taker)
                            && funded
                            && !disputed;
                        let got = may_open_dispute(facts(state, relation, funded, disputed));
                        assert_eq!(
                            got.is_ok(),
                            allowed,
                            "{state:?} {relation:?} funded {funded} disputed {disputed}: {got:?}"
                        );
                    }
                }
            }
        }
        assert_eq!(
            may_open_dispute(facts(OrderState::Submitted, Relation::Other, true, false)),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            may_open_dispute(facts(OrderState::Submitted, Relation::Taker, true, true)),
            Err(AppError::Conflict("disputed".into()))
        );
    }

    #[test]
    fn a_decision_divides_exactly_the_escrow() {
        assert_eq!(DisputeOutcome::Release.shares(500), Ok((500, 0)));
        assert_eq!(DisputeOutcome::Refund.shares(500), Ok((0, 500)));
        assert_eq!(
            DisputeOutcome::Split { to_solver: 200 }.shares(500),
            Ok((200, 300))
        );
        for bad in [0, 500, 501, -1, i64::MIN, i64::MAX] {
            assert_eq!(
                DisputeOutcome::Split { to_solver: bad }.shares(500),
                Err(FieldError::new("to_solver", "split_out_of_range")),
                "{bad}"
            );
        }
    }

    #[test]
    fn outcomes_end_the_order_and_round_trip() {
        assert_eq!(DisputeOutcome::Release.final_state(), OrderState::Done);
        assert_eq!(
            DisputeOutcome::Split { to_solver: 1 }.final_state(),
            OrderState::Done
        );
        assert_eq!(DisputeOutcome::Refund.final_state(), OrderState::Cancelled);
        for outcome in [
            DisputeOutcome::Release,
            DisputeOutcome::Refund,
            DisputeOutcome::Split { to_solver: 7 },
        ] {
            let to_solver = match outcome {
                DisputeOutcome::Split { to_solver } => to_solver,
                _ => 0,
            };
            assert_eq!(
                DisputeOutcome::from_stored(outcome.as_str(), to_solver),
                Some(outcome)
            );
        }
        assert_eq!(DisputeOutcome::from_stored("halve", 0), None);
    }

    #[test]
    fn reasons_are_required() {
        assert_eq!(
            clean_reason("  "),
            Err(FieldError::new("reason", "required"))
        );
        assert_eq!(clean_reason(" late\r\nvery "), Ok("late\nvery".to_owned()));
        assert_eq!(
            clean_reason("bell\u{7}"),
            Err(FieldError::new("reason", "invalid_characters"))
        );
        assert_eq!(
            clean_reason(&"x".repeat(REASON_MAX + 1)),
            Err(FieldError::new("reason", "too_long"))
        );
    }
}
