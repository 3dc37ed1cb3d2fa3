//! The double-entry ledger's rules: which accounts exist, which may go
//! negative, and the balanced postings every money movement is made of.
//!
//! Invariants: a `Posting` always has at least two entries, none of them
//! zero, summing to exactly zero (checked in `Posting::new`, the only way to
//! make one); only the payment provider's clearing account may go negative;
//! the platform fee is computed in integers and rounds down, so a solver is
//! never paid less than `amount - fee` nor the platform more than its rate.

use serde::{Deserialize, Serialize};

/// An account of the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Account {
    /// What a user may spend or withdraw.
    Available(i64),
    /// A user's money set aside for a withdrawal being paid out.
    Held(i64),
    /// An order's escrowed reward.
    Escrow(i64),
    /// The platform's fees.
    Fees,
    /// Money that came in through the payment provider: negative by the
    /// amount the provider owes us (or we owe users).
    Clearing,
}

impl Account {
    /// The stable key the account is stored under.
    pub fn key(self) -> String {
        match self {
            Account::Available(user) => format!("user:{user}:available"),
            Account::Held(user) => format!("user:{user}:held"),
            Account::Escrow(order) => format!("order:{order}:escrow"),
            Account::Fees => "platform:fees".to_owned(),
            Account::Clearing => "provider:clearing".to_owned(),
        }
    }

    /// The stored kind name.
    pub fn kind(self) -> &'static str {
        match self {
            Account::Available(_) => "available",
            Account::Held(_) => "held",
            Account::Escrow(_) => "escrow",
            Account::Fees => "fees",
            Account::Clearing => "clearing",
        }
    }

    /// The user the account belongs to, if any.
    pub fn user_id(self) -> Option<i64> {
        match self {
            Account::Available(user) | Account::Held(user) => Some(user),
            _ => None,
        }
    }

    /// The order the account belongs to, if any.
    pub fn order_id(self) -> Option<i64> {
        match self {
            Account::Escrow(order) => Some(order),
            _ => None,
        }
    }

    /// Only the clearing account stands for money outside the platform, so
    /// only it may go below zero.
    pub fn may_go_negative(self) -> bool {
        matches!(self, Account::Clearing)
    }
}

/// Why money moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MoveKind {
    /// Money paid in through the provider.
    TopUp,
    /// A publisher's reward set aside for an order.
    Fund,
    /// The escrow paid to the solver (and the fee to the platform).
    Release,
    /// The escrow returned to the publisher.
    Refund,
    /// Money set aside for a withdrawal the user asked for.
    WithdrawHold,
    /// A held withdrawal paid out: the money leaves the platform.
    WithdrawPaid,
    /// A rejected withdrawal's hold returned to the user.
    WithdrawReturn,
}

impl MoveKind {
    pub const ALL: [MoveKind; 7] = [
        MoveKind::TopUp,
        MoveKind::Fund,
        MoveKind::Release,
        MoveKind::Refund,
        MoveKind::WithdrawHold,
        MoveKind::WithdrawPaid,
        MoveKind::WithdrawReturn,
    ];

    /// The position in `ALL`, for per-kind text tables.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MoveKind::TopUp => "top_up",
            MoveKind::Fund => "fund",
            MoveKind::Release => "release",
            MoveKind::Refund => "refund",
            MoveKind::WithdrawHold => "withdraw_hold",
            MoveKind::WithdrawPaid => "withdraw_paid",
            MoveKind::WithdrawReturn => "withdraw_return",
        }
    }

    pub fn parse(value: &str) -> Option<MoveKind> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }
}

/// Why a posting could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostingError {
    /// An amount was zero or negative where it must be positive.
    NotPositive,
    /// The entries do not sum to zero (or overflowed).
    Unbalanced,
    /// Fewer than two entries.
    TooFewEntries,
}

/// A balanced set of entries: the only shape in which money moves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    kind: MoveKind,
    entries: Vec<(Account, i64)>,
}

impl Posting {
    /// Checks that the entries balance; zero entries are dropped first (a
    /// zero fee is not an entry).
    pub fn new(kind: MoveKind, entries: Vec<(Account, i64)>) -> Result<Posting, PostingError> {
        let entries: Vec<(Account, i64)> = entries.into_iter().filter(|(_, a)| *a != 0).collect();
        if entries.len() < 2 {
            return Err(PostingError::TooFewEntries);
        }
        let sum = entries
            .iter()
            .try_fold(0_i64, |sum, (_, amount)| sum.checked_add(*amount));
        if sum != Some(0) {
            return Err(PostingError::Unbalanced);
        }
        Ok(Posting { kind, entries })
    }

    pub fn kind(&self) -> MoveKind {
        self.kind
    }

    pub fn entries(&self) -> &[(Account, i64)] {
        &self.entries
    }

    /// Money paid in by `user` through the provider.
    pub fn top_up(user: i64, amount: i64) -> Result<Posting, PostingError> {
        positive(amount)?;
        Posting::new(
            MoveKind::TopUp,
            vec![
                (Account::Clearing, -amount),
                (Account::Available(user), amount),
            ],
        )
    }

    /// The publisher's reward moved into the order's escrow.
    pub fn fund(order: i64, publisher: i64, amount: i64) -> Result<Posting, PostingError> {
        positive(amount)?;
        Posting::new(
            MoveKind::Fund,
            vec![
                (Account::Available(publisher), -amount),
                (Account::Escrow(order), amount),
            ],
        )
    }

    /// The escrow paid out: the fee to the platform, the rest to the solver.
    pub fn release(
        order: i64,
        solver: i64,
        amount: i64,
        fee: i64,
    ) -> Result<Posting, PostingError> {
        positive(amount)?;
        if !(0..=amount).contains(&fee) {
            return Err(PostingError::Unbalanced);
        }
        Posting::new(
            MoveKind::Release,
            vec![
                (Account::Escrow(order), -amount),
                (Account::Available(solver), amount - fee),
                (Account::Fees, fee),
            ],
        )
    }

    /// The escrow returned to the publisher.
    pub fn refund(order: i64, publisher: i64, amount: i64) -> Result<Posting, PostingError> {
        positive(amount)?;
        Posting::new(
            MoveKind::Refund,
            vec![
                (Account::Escrow(order), -amount),
                (Account::Available(publisher), amount),
            ],
        )
    }
}

impl Posting {
    /// A withdrawal asked for: available money set aside.
    pub fn withdraw_hold(user: i64, amount: i64) -> Result<Posting, PostingError> {
        positive(amount)?;
        Posting::new(
            MoveKind::WithdrawHold,
            vec![
                (Account::Available(user), -amount),
                (Account::Held(user), amount),
            ],
        )
    }

    /// A held withdrawal paid out through the provider: it leaves the
    /// platform, so the clearing account (what we owe outside) comes back up.
    pub fn withdraw_paid(user: i64, amount: i64) -> Result<Posting, PostingError> {
        positive(amount)?;
        Posting::new(
            MoveKind::WithdrawPaid,
            vec![(Account::Held(user), -amount), (Account::Clearing, amount)],
        )
    }

    /// A rejected withdrawal: the hold returns to the available balance.
    pub fn withdraw_return(user: i64, amount: i64) -> Result<Posting, PostingError> {
        positive(amount)?;
        Posting::new(
            MoveKind::WithdrawReturn,
            vec![
                (Account::Held(user), -amount),
                (Account::Available(user), amount),
            ],
        )
    }
}

fn positive(amount: i64) -> Result<(), PostingError> {
    if amount > 0 {
        Ok(())
    } else {
        Err(PostingError::NotPositive)
    }
}

/// The platform's fee on `amount` at `basis_points` (1 bp = 0.01 %),
/// rounded down; never more than the amount.
pub fn fee_of(amount: i64, basis_points: u32) -> i64 {
    let fee = i128::from(amount) * i128::from(basis_points.min(10_000)) / 10_000;
    i64::try_from(fee).unwrap_or(0).clamp(0, amount.max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(posting: &Posting) -> i64 {
        posting.entries().iter().map(|(_, amount)| amount).sum()
    }

    #[test]
    fn every_constructor_balances() {
        let postings = [
            Posting::top_up(1, 500).expect("top up"),
            Posting::fund(9, 1, 500).expect("fund"),
            Posting::release(9, 2, 500, 25).expect("release"),
            Posting::refund(9, 1, 500).expect("refund"),
            Posting::withdraw_hold(1, 500).expect("hold"),
            Posting::withdraw_paid(1, 500).expect("paid"),
            Posting::withdraw_return(1, 500).expect("return"),
        ];
        for posting in &postings {
            assert_eq!(sum(posting), 0, "{posting:?}");
            assert!(posting.entries().len() >= 2);
        }
    }

    #[test]
    fn a_zero_fee_is_not_an_entry() {
        let posting = Posting::release(9, 2, 500, 0).expect("release");
        assert_eq!(
            posting.entries(),
            &[(Account::Escrow(9), -500), (Account::Available(2), 500)]
        );
    }

    #[test]
    fn amounts_must_be_positive() {
        for amount in [0, -1, i64::MIN] {
            assert_eq!(Posting::top_up(1, amount), Err(PostingError::NotPositive));
            assert_eq!(Posting::fund(9, 1, amount), Err(PostingError::NotPositive));
            assert_eq!(
                Posting::refund(9, 1, amount),
                Err(PostingError::NotPositive)
            );
            assert_eq!(
                Posting::release(9, 2, amount, 0),
                Err(PostingError::NotPositive)
            );
            assert_eq!(
                Posting::withdraw_hold(1, amount),
                Err(PostingError::NotPositive)
            );
        }
    }

    #[test]
    fn a_fee_outside_the_amount_is_refused() {
        assert_eq!(
            Posting::release(9, 2, 500, 501),
            Err(PostingError::Unbalanced)
        );
        assert_eq!(
            Posting::release(9, 2, 500, -1),
            Err(PostingError::Unbalanced)
        );
    }

    #[test]
    fn unbalanced_or_overflowing_entries_are_refused() {
        let unbalanced = vec![(Account::Fees, 5), (Account::Clearing, -4)];
        assert_eq!(
            Posting::new(MoveKind::TopUp, unbalanced),
            Err(PostingError::Unbalanced)
        );
        let overflow = vec![
            (Account::Fees, i64::MAX),
            (Account::Available(1), i64::MAX),
            (Account::Clearing, -2),
        ];
        assert_eq!(
            Posting::new(MoveKind::TopUp, overflow),
            Err(PostingError::Unbalanced)
        );
        assert_eq!(
            Posting::new(
                MoveKind::TopUp,
                vec![(Account::Fees, 0), (Account::Clearing, 0)]
            ),
            Err(PostingError::TooFewEntries)
        );
    }

    #[test]
    fn only_the_clearing_account_may_go_negative() {
        assert!(Account::Clearing.may_go_negative());
        for account in [
            Account::Available(1),
            Account::Held(1),
            Account::Escrow(1),
            Account::Fees,
        ] {
            assert!(!account.may_go_negative(), "{account:?}");
        }
    }

    #[test]
    fn fees_round_down_and_stay_within_the_amount() {
        assert_eq!(fee_of(10_000, 0), 0);
        assert_eq!(fee_of(10_000, 250), 250);
        assert_eq!(fee_of(999, 250), 24);
        assert_eq!(fee_of(1, 9_999), 0);
        assert_eq!(fee_of(500, 10_000), 500);
        assert_eq!(fee_of(500, 20_000), 500);
        assert_eq!(fee_of(i64::MAX, 10_000), i64::MAX);
    }

    #[test]
    fn keys_name_the_owner() {
        assert_eq!(Account::Available(7).key(), "user:7:available");
        assert_eq!(Account::Escrow(3).key(), "order:3:escrow");
        assert_eq!(Account::Fees.key(), "platform:fees");
        assert_eq!(MoveKind::parse("release"), Some(MoveKind::Release));
        assert_eq!(MoveKind::parse("x"), None);
        for (index, kind) in MoveKind::ALL.into_iter().enumerate() {
            assert_eq!(MoveKind::parse(kind.as_str()), Some(kind));
            assert_eq!(kind.index(), index);
        }
    }
}
