//! Withdrawals: a user asks to be paid part of their available balance to a
//! payout account; the amount is held until an admin marks it paid (with
//! the payout's reference) or rejects it (with a reason; the hold returns).
//!
//! Invariants: a withdrawal is decided once (pending -> paid | rejected,
//! never back); its amount is a positive integer of minor units; the texts
//! a user or admin types are single trimmed lines of bounded length.

use super::FieldError;
use super::account::clean_line;
use serde::{Deserialize, Serialize};

/// Longest payout account description ("Bank of X, 6222 ...").
pub const PAYOUT_ACCOUNT_MAX: usize = 200;
/// Longest account holder's name.
pub const HOLDER_MAX: usize = 100;
/// Longest payout reference or rejection reason.
pub const DECISION_NOTE_MAX: usize = 200;

/// Where a withdrawal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WithdrawalState {
    Pending,
    Paid,
    Rejected,
    /// Approved and handed to the payment provider, whose answer settles it.
    Sending,
}

impl WithdrawalState {
    pub const ALL: [WithdrawalState; 4] = [
        WithdrawalState::Pending,
        WithdrawalState::Paid,
        WithdrawalState::Rejected,
        WithdrawalState::Sending,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WithdrawalState::Pending => "pending",
            WithdrawalState::Paid => "paid",
            WithdrawalState::Rejected => "rejected",
            WithdrawalState::Sending => "sending",
        }
    }

    pub fn parse(value: &str) -> Option<WithdrawalState> {
        Self::ALL.into_iter().find(|state| state.as_str() == value)
    }

    /// The position in `ALL`, for per-state text tables.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// An admin's answer to a pending withdrawal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WithdrawalDecision {
    /// Paid out; the note is the payout's reference.
    Paid,
    /// Refused; the note is the reason the user sees.
    Rejected,
}

impl WithdrawalDecision {
    pub fn parse(value: &str) -> Option<WithdrawalDecision> {
        match value {
            "paid" => Some(WithdrawalDecision::Paid),
            "rejected" => Some(WithdrawalDecision::Rejected),
            _ => None,
        }
    }

    pub fn state(self) -> WithdrawalState {
        match self {
            WithdrawalDecision::Paid => WithdrawalState::Paid,
            WithdrawalDecision::Rejected => WithdrawalState::Rejected,
        }
    }
}

/// The payout account as typed: required, one line, bounded.
pub fn clean_payout_account(raw: &str) -> Result<String, FieldError> {
    clean_line("payout_account", raw, PAYOUT_ACCOUNT_MAX, true)
}

/// The account holder's name, as the provider checks it: required, one
/// line, bounded.
pub fn clean_holder(raw: &str) -> Result<String, FieldError> {
    clean_line("holder", raw, HOLDER_MAX, true)
}

/// A payout reference or rejection reason: required, one line, bounded.
pub fn clean_decision_note(raw: &str) -> Result<String, FieldError> {
    clean_line("note", raw, DECISION_NOTE_MAX, true)
}

/// One withdrawal as its owner (and an admin) sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawalView {
    pub id: i64,
    pub amount: i64,
    pub payout_account: String,
    pub state: WithdrawalState,
    /// The payout reference (paid) or the reason (rejected).
    pub note: Option<String>,
    pub created_at_ms: i64,
    pub decided_at_ms: Option<i64>,
}

/// A withdrawal in the admin's queue, with whom it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminWithdrawal {
    pub withdrawal: WithdrawalView,
    pub user_id: i64,
    pub nickname: String,
    pub email: String,
    /// Approving sends it through the payment provider (no reference to type).
    pub by_provider: bool,
}

/// The admin's withdrawal queue: pending ones oldest first, then the most
/// recently decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminWithdrawals {
    pub currency: String,
    pub pending: Vec<AdminWithdrawal>,
    pub decided: Vec<AdminWithdrawal>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_round_trip_and_index_their_tables() {
        for (index, state) in WithdrawalState::ALL.into_iter().enumerate() {
            assert_eq!(WithdrawalState::parse(state.as_str()), Some(state));
            assert_eq!(state.index(), index);
        }
        assert_eq!(WithdrawalState::parse("done"), None);
    }

    #[test]
    fn a_decision_names_its_final_state() {
        assert_eq!(
            WithdrawalDecision::parse("paid").map(WithdrawalDecision::state),
            Some(WithdrawalState::Paid)
        );
        assert_eq!(
            WithdrawalDecision::parse("rejected").map(WithdrawalDecision::state),
            Some(WithdrawalState::Rejected)
        );
        assert_eq!(WithdrawalDecision::parse("pending"), None);
    }

    #[test]
    fn payout_accounts_are_required_single_bounded_lines() {
        assert_eq!(
            clean_payout_account("  Bank 6222 0000  "),
            Ok("Bank 6222 0000".to_owned())
        );
        assert_eq!(
            clean_payout_account("   "),
            Err(FieldError::new("payout_account", "required"))
        );
        assert_eq!(
            clean_payout_account(&"x".repeat(PAYOUT_ACCOUNT_MAX + 1)),
            Err(FieldError::new("payout_account", "too_long"))
        );
        assert_eq!(
            clean_payout_account("line\nbreak"),
            Err(FieldError::new("payout_account", "invalid_characters"))
        );
        assert_eq!(
            clean_decision_note(""),
            Err(FieldError::new("note", "required"))
        );
    }
}
