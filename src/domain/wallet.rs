//! What users see of money: their wallet, their payments, and the ledger of
//! one order. Wire types only; the rules live in `ledger` and
//! `order::escrow`.
//!
//! Invariant: every amount is an integer of minor units of the one
//! configured currency (`currency` travels with each view for display).

use super::history_filter::HistoryFilter;
use super::ledger::MoveKind;
use super::order::agreement::{AgreementStep, Proposer};
use super::order::dispute::DisputeView;
use super::order::escrow::MoneyAction;
use super::withdrawal::WithdrawalView;
use serde::{Deserialize, Serialize};

/// Longest and shortest idempotency key a client may send.
pub const IDEMPOTENCY_KEY_CHARS: std::ops::RangeInclusive<usize> = 8..=64;

/// Whether `key` is a usable idempotency key: 8-64 of `A-Z a-z 0-9 - _`.
pub fn valid_idempotency_key(key: &str) -> bool {
    IDEMPOTENCY_KEY_CHARS.contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Where a payment through the provider stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PaymentState {
    Pending,
    Succeeded,
    Declined,
    Abandoned,
    /// Paid, then refunded to where it came from (shown only: the intent
    /// stays `succeeded`, its refund is a paid withdrawal).
    Refunded,
}

impl PaymentState {
    pub const ALL: [PaymentState; 5] = [
        PaymentState::Pending,
        PaymentState::Succeeded,
        PaymentState::Declined,
        PaymentState::Abandoned,
        PaymentState::Refunded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentState::Pending => "pending",
            PaymentState::Succeeded => "succeeded",
            PaymentState::Declined => "declined",
            PaymentState::Abandoned => "abandoned",
            PaymentState::Refunded => "refunded",
        }
    }

    pub fn parse(value: &str) -> Option<PaymentState> {
        Self::ALL.into_iter().find(|state| state.as_str() == value)
    }
}

/// One payment a user started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub id: String,
    pub amount: i64,
    pub state: PaymentState,
    /// The order it funds once it succeeds.
    pub order_id: Option<i64>,
    pub created_at_ms: i64,
    /// Its owner may ask for it back to where it came from.
    pub refundable: bool,
    /// A refund of it was asked and is not settled yet.
    pub refund_pending: bool,
}

/// One entry on a user's available balance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletEntry {
    /// The ledger entry (the history's paging cursor).
    pub id: i64,
    pub at_ms: i64,
    pub kind: MoveKind,
    /// Positive: money in; negative: money out.
    pub amount: i64,
    pub order_id: Option<i64>,
    pub order_title: Option<String>,
    /// The ledger transaction, for reference.
    pub transaction_id: i64,
}

/// A user's wallet page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WalletView {
    pub currency: String,
    /// Who takes payments (`sandbox`, `stripe` or `alipay`).
    pub provider: String,
    /// Withdrawals are sent by the provider and need the account holder's name.
    pub holder_needed: bool,
    pub available: i64,
    pub held: i64,
    /// One page of the history, newest first.
    pub entries: Vec<WalletEntry>,
    /// The cursor of the history's next (older) page (`?before=`), if any.
    pub entries_next: Option<i64>,
    /// Whether this is an older page of the history, not its first.
    pub entries_paged: bool,
    /// Newest first.
    pub payments: Vec<PaymentView>,
    /// Newest first.
    pub withdrawals: Vec<WithdrawalView>,
    /// What the history shows.
    pub filter: HistoryFilter,
    /// A fresh idempotency key for this page's forms (made by the server,
    /// so the hydrated page matches the rendered one).
    pub form_key: String,
}

/// One movement of an order's escrow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLedgerLine {
    pub at_ms: i64,
    pub kind: MoveKind,
    /// Into (positive) or out of (negative) the escrow.
    pub amount: i64,
    /// The platform's fee taken from a release.
    pub fee: i64,
    /// The ledger transaction, for reference.
    pub transaction_id: i64,
}

/// The money panel of an order, for its publisher and its solver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderMoneyView {
    pub currency: String,
    /// Who takes payments (`sandbox`, `stripe` or `alipay`).
    pub provider: String,
    pub reward: Option<i64>,
    /// What the escrow holds now.
    pub escrow: i64,
    pub funded: bool,
    /// Oldest first.
    pub lines: Vec<OrderLedgerLine>,
    /// What the viewer may do.
    pub actions: Vec<MoneyAction>,
    /// The viewer's available balance (the publisher's, for funding).
    pub balance: i64,
    /// The viewer's newest payment for this order.
    pub payment: Option<PaymentView>,
    /// A fresh idempotency key for this panel's forms.
    pub form_key: String,
    /// When the escrow goes to the solver by itself (the publisher opened
    /// the solution and has not answered yet).
    pub release_due_at_ms: Option<i64>,
    /// Rounds of changes the publisher may still ask for.
    pub change_rounds_left: i64,
    /// The viewer may open a dispute now.
    pub may_dispute: bool,
    /// The order's dispute, open or decided.
    pub dispute: Option<DisputeView>,
    /// The agreement steps open to the viewer.
    pub agreements: Vec<AgreementStep>,
    /// Who proposed cancelling the order, if someone did.
    pub cancel_proposed_by: Option<Proposer>,
    /// The amount proposed for a negotiable reward, waiting for the solver.
    pub reward_proposed: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_are_short_plain_tokens() {
        assert!(valid_idempotency_key("abcd-1234"));
        assert!(valid_idempotency_key(&"a".repeat(64)));
        for bad in [
            "",
            "short",
            "has space 123",
            "semi;colon12",
            &"a".repeat(65),
        ] {
            assert!(!valid_idempotency_key(bad), "{bad}");
        }
    }

    #[test]
    fn payment_states_round_trip() {
        for state in PaymentState::ALL {
            assert_eq!(PaymentState::parse(state.as_str()), Some(state));
        }
        assert_eq!(PaymentState::parse("paid"), None);
    }
}
