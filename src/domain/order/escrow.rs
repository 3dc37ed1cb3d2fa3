//! The money steps of an order: securing the reward in escrow, confirming
//! the solution (which pays the solver), asking for changes after opening
//! it, and cancelling an untaken order (which refunds a secured reward).
//!
//! Invariants: `decide_money` is the only place these rules live; a reward
//! is escrowed at most once per order, only by its publisher, only while the
//! order is live and its reward is a fixed amount; a solution is confirmed
//! only when the reward is escrowed; changes are asked for only of an opened
//! (revealed) solution, at most `MAX_CHANGE_ROUNDS` times; an order is
//! cancelled by its publisher alone while open, or once taken only when its
//! deadline passed with nothing ever submitted; once taken, an
//! order's escrow leaves only by confirmation, automatic release or an
//! admin's dispute decision; while a dispute is open the publisher takes
//! no money step at all.

use super::lifecycle::{OrderState, Relation};
use crate::domain::AppError;
use serde::{Deserialize, Serialize};

/// A money step on an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MoneyAction {
    /// Move the reward from the publisher's wallet into the order's escrow.
    Fund,
    /// Accept the solution: escrow to the solver, less the platform fee.
    Confirm,
    /// Send an opened solution back to the solver for another version; the
    /// release countdown stops until the next version is opened.
    RequestChanges,
    /// Withdraw an untaken order; an escrowed reward is refunded.
    Cancel,
}

/// How many times a publisher may ask for changes on one order.
pub const MAX_CHANGE_ROUNDS: i64 = 3;

impl MoneyAction {
    pub const ALL: [MoneyAction; 4] = [
        MoneyAction::Fund,
        MoneyAction::Confirm,
        MoneyAction::RequestChanges,
        MoneyAction::Cancel,
    ];
}

/// What the money rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MoneyFacts {
    pub state: OrderState,
    pub relation: Relation,
    /// The reward is in escrow.
    pub funded: bool,
    /// The reward is an amount (not "negotiable").
    pub reward_fixed: bool,
    /// The publisher has opened the submitted version (its countdown runs).
    pub revealed: bool,
    /// Times changes were asked for so far.
    pub change_rounds: i64,
    /// A dispute is open: the order waits for an admin's decision.
    pub disputed: bool,
    /// Taken, and its deadline passed.
    pub overdue: bool,
}

/// Why a money step is refused; each has a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyRefusal {
    /// Only the publisher takes money steps.
    NotYours,
    /// The order's state does not allow it.
    WrongState,
    /// The reward is already escrowed.
    AlreadyFunded,
    /// The reward must be escrowed first.
    NotFunded,
    /// A negotiable reward has no amount to escrow.
    RewardNegotiable,
    /// Changes are asked for after opening the solution.
    NotRevealed,
    /// Every round of changes was used.
    NoRoundsLeft,
    /// A dispute is open; only an admin's decision moves the escrow now.
    Disputed,
}

impl MoneyRefusal {
    pub fn code(self) -> &'static str {
        match self {
            MoneyRefusal::NotYours => "not_yours",
            MoneyRefusal::WrongState => "wrong_state",
            MoneyRefusal::AlreadyFunded => "already_funded",
            MoneyRefusal::NotFunded => "not_funded",
            MoneyRefusal::RewardNegotiable => "reward_negotiable",
            MoneyRefusal::NotRevealed => "not_revealed",
            MoneyRefusal::NoRoundsLeft => "no_rounds_left",
            MoneyRefusal::Disputed => "disputed",
        }
    }

    pub fn into_error(self) -> AppError {
        match self {
            MoneyRefusal::NotYours => AppError::Forbidden,
            other => AppError::Conflict(other.code().to_owned()),
        }
    }
}

/// Decides a money step; `Ok` holds the state the order moves to.
pub fn decide_money(facts: MoneyFacts, action: MoneyAction) -> Result<OrderState, MoneyRefusal> {
    use OrderState as S;
    if facts.relation != Relation::Publisher {
        return Err(MoneyRefusal::NotYours);
    }
    if facts.disputed {
        return Err(MoneyRefusal::Disputed);
    }
    match action {
        MoneyAction::Fund => {
            if !matches!(facts.state, S::Open | S::Taken | S::Submitted) {
                Err(MoneyRefusal::WrongState)
            } else if facts.funded {
                Err(MoneyRefusal::AlreadyFunded)
            } else if !facts.reward_fixed {
                Err(MoneyRefusal::RewardNegotiable)
            } else {
                Ok(facts.state)
            }
        }
        MoneyAction::Confirm => match (facts.state, facts.funded) {
            (S::Submitted, true) => Ok(S::Done),
            (S::Submitted, false) => Err(MoneyRefusal::NotFunded),
            _ => Err(MoneyRefusal::WrongState),
        },
        MoneyAction::RequestChanges => match (facts.state, facts.revealed) {
            (S::Submitted, true) if facts.change_rounds < MAX_CHANGE_ROUNDS => Ok(S::Taken),
            (S::Submitted, true) => Err(MoneyRefusal::NoRoundsLeft),
            (S::Submitted, false) => Err(MoneyRefusal::NotRevealed),
            _ => Err(MoneyRefusal::WrongState),
        },
        MoneyAction::Cancel => match facts.state {
            S::Open => Ok(S::Cancelled),
            // The solver let the deadline pass without submitting anything
            // (ever: no rounds of changes either).
            S::Taken if facts.overdue && facts.change_rounds == 0 => Ok(S::Cancelled),
            _ => Err(MoneyRefusal::WrongState),
        },
    }
}

/// The money steps open to the viewer, in display order.
pub fn money_actions(facts: MoneyFacts) -> Vec<MoneyAction> {
    MoneyAction::ALL
        .into_iter()
        .filter(|action| decide_money(facts, *action).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderState as S;

    fn facts(state: OrderState, relation: Relation, funded: bool, fixed: bool) -> MoneyFacts {
        MoneyFacts {
            state,
            relation,
            funded,
            reward_fixed: fixed,
            // Only a funded order can have been opened.
            revealed: funded,
            change_rounds: 0,
            disputed: false,
            overdue: false,
        }
    }

    /// Every allowed (state, funded, fixed, action) for the publisher.
    fn allowed() -> Vec<(OrderState, bool, bool, MoneyAction, OrderState)> {
        let mut table = Vec::new();
        for state in [S::Open, S::Taken, S::Submitted] {
            table.push((state, false, true, MoneyAction::Fund, state));
        }
        for fixed in [false, true] {
            table.push((S::Submitted, true, fixed, MoneyAction::Confirm, S::Done));
            table.push((
                S::Submitted,
                true,
                fixed,
                MoneyAction::RequestChanges,
                S::Taken,
            ));
            for funded in [false, true] {
                table.push((S::Open, funded, fixed, MoneyAction::Cancel, S::Cancelled));
            }
        }
        table
    }

    #[test]
    fn every_combination_is_allowed_exactly_when_the_table_says_so() {
        let table = allowed();
        for state in S::ALL {
            for relation in [Relation::Publisher, Relation::Taker, Relation::Other] {
                for funded in [false, true] {
                    for fixed in [false, true] {
                        for action in MoneyAction::ALL {
                            let got = decide_money(facts(state, relation, funded, fixed), action);
                            let expected = table.iter().find(|(s, f, x, a, _)| {
                                relation == Relation::Publisher
                                    && *s == state
                                    && *f == funded
                                    && *x == fixed
                                    && *a == action
                            });
                            let case = format!(
                                "{state:?} {relation:?} funded {funded} fixed {fixed} {action:?}"
                            );
                            match expected {
                                Some((.., to)) => assert_eq!(got, Ok(*to), "{case}"),
                                None => assert!(got.is_err(), "{case} must be refused"),
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn refusals_explain_themselves() {
        let publisher = |state, funded, fixed| facts(state, Relation::Publisher, funded, fixed);
        assert_eq!(
            decide_money(publisher(S::Open, true, true), MoneyAction::Fund),
            Err(MoneyRefusal::AlreadyFunded)
        );
        assert_eq!(
            decide_money(publisher(S::Open, false, false), MoneyAction::Fund),
            Err(MoneyRefusal::RewardNegotiable)
        );
        assert_eq!(
            decide_money(publisher(S::Submitted, false, true), MoneyAction::Confirm),
            Err(MoneyRefusal::NotFunded)
        );
        assert_eq!(
            decide_money(
                facts(S::Open, Relation::Other, false, true),
                MoneyAction::Fund
            )
            .map_err(MoneyRefusal::into_error),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            MoneyRefusal::AlreadyFunded.into_error(),
            AppError::Conflict("already_funded".into())
        );
    }

    #[test]
    fn changes_are_asked_for_only_after_opening_and_at_most_three_times() {
        let mut opened = facts(S::Submitted, Relation::Publisher, true, true);
        opened.revealed = false;
        assert_eq!(
            decide_money(opened, MoneyAction::RequestChanges),
            Err(MoneyRefusal::NotRevealed)
        );
        opened.revealed = true;
        for rounds in 0..MAX_CHANGE_ROUNDS {
            opened.change_rounds = rounds;
            assert_eq!(
                decide_money(opened, MoneyAction::RequestChanges),
                Ok(S::Taken)
            );
        }
        opened.change_rounds = MAX_CHANGE_ROUNDS;
        assert_eq!(
            decide_money(opened, MoneyAction::RequestChanges),
            Err(MoneyRefusal::NoRoundsLeft)
        );
        assert_eq!(decide_money(opened, MoneyAction::Confirm), Ok(S::Done));
    }

    #[test]
    fn an_overdue_taken_order_with_nothing_submitted_may_be_cancelled() {
        let mut late = facts(S::Taken, Relation::Publisher, true, true);
        assert_eq!(
            decide_money(late, MoneyAction::Cancel),
            Err(MoneyRefusal::WrongState)
        );
        late.overdue = true;
        assert_eq!(decide_money(late, MoneyAction::Cancel), Ok(S::Cancelled));
        late.change_rounds = 1;
        assert_eq!(
            decide_money(late, MoneyAction::Cancel),
            Err(MoneyRefusal::WrongState)
        );
        let mut solver = facts(S::Taken, Relation::Taker, true, true);
        solver.overdue = true;
        assert_eq!(
            decide_money(solver, MoneyAction::Cancel),
            Err(MoneyRefusal::NotYours)
        );
    }

    #[test]
    fn an_open_dispute_freezes_every_money_step() {
        let mut disputed = facts(S::Submitted, Relation::Publisher, true, true);
        disputed.disputed = true;
        for action in MoneyAction::ALL {
            assert_eq!(
                decide_money(disputed, action),
                Err(MoneyRefusal::Disputed),
                "{action:?}"
            );
        }
        assert!(money_actions(disputed).is_empty());
    }

    #[test]
    fn the_publisher_of_a_submitted_funded_order_may_confirm() {
        assert_eq!(
            money_actions(facts(S::Submitted, Relation::Publisher, true, true)),
            vec![MoneyAction::Confirm, MoneyAction::RequestChanges]
        );
        assert_eq!(
            money_actions(facts(S::Open, Relation::Publisher, false, true)),
            vec![MoneyAction::Fund, MoneyAction::Cancel]
        );
        assert!(money_actions(facts(S::Done, Relation::Publisher, true, true)).is_empty());
    }
}
