//! The order lifecycle as a state machine: which relation to an order may
//! take which action in which state, and the state it leads to.
//!
//! Invariants: `decide` is the only place these rules live; services call
//! it before their compare-and-set, and the database `UPDATE ... WHERE state
//! = <from>` makes the decision hold under concurrency. Money states
//! (funded, revealed) come with the ledger and extend this table.

use super::super::AppError;
use serde::{Deserialize, Serialize};

/// Where an order is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderState {
    /// Published, nobody has taken it: shown in the hall.
    Open,
    /// A solver took it and is working on it.
    Taken,
    /// The solver submitted a solution (sealed until funded).
    Submitted,
    /// The publisher confirmed the solution.
    Done,
    /// Withdrawn; kept for the record.
    Cancelled,
}

impl OrderState {
    pub const ALL: [OrderState; 5] = [
        OrderState::Open,
        OrderState::Taken,
        OrderState::Submitted,
        OrderState::Done,
        OrderState::Cancelled,
    ];

    /// The name stored in the database and used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::Open => "open",
            OrderState::Taken => "taken",
            OrderState::Submitted => "submitted",
            OrderState::Done => "done",
            OrderState::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<OrderState> {
        Self::ALL.into_iter().find(|state| state.as_str() == value)
    }
}

/// Who is asking, relative to one order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Relation {
    /// The user who published it.
    Publisher,
    /// The user who took it.
    Taker,
    /// Any other signed-in user.
    Other,
}

impl Relation {
    /// The relation of `user_id` to an order with this publisher and taker.
    pub fn of(user_id: i64, publisher_id: i64, taker_id: Option<i64>) -> Relation {
        if user_id == publisher_id {
            Relation::Publisher
        } else if taker_id == Some(user_id) {
            Relation::Taker
        } else {
            Relation::Other
        }
    }
}

/// What a user may try to do to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderAction {
    /// Change the title, description, reward, deadline or files.
    Edit,
    /// Remove the order and its files.
    Delete,
    /// Become the order's solver.
    Take,
    /// Hand in a solution (or a new version of it).
    Submit,
    /// Give the order back: it reopens and the submission is deleted.
    Return,
    /// The publisher reopens an order whose deadline passed without a solution.
    Reopen,
}

impl OrderAction {
    pub const ALL: [OrderAction; 6] = [
        OrderAction::Edit,
        OrderAction::Delete,
        OrderAction::Take,
        OrderAction::Submit,
        OrderAction::Return,
        OrderAction::Reopen,
    ];
}

/// What the action does to the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The order moves (or stays) in this state.
    Becomes(OrderState),
    /// The order is removed.
    Removed,
}

/// Why an action is refused. Each maps to a stable error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Only another relation may do this (e.g. only the taker submits).
    NotYours,
    /// Publishers cannot take their own order.
    OwnOrder,
    /// Somebody else took it first.
    AlreadyTaken,
    /// The order has moved on and no longer allows this.
    WrongState,
    /// The deadline has not passed yet.
    DeadlineNotPassed,
}

impl Refusal {
    /// The code the UI translates.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NotYours => "not_yours",
            Refusal::OwnOrder => "own_order",
            Refusal::AlreadyTaken => "already_taken",
            Refusal::WrongState => "wrong_state",
            Refusal::DeadlineNotPassed => "deadline_not_passed",
        }
    }

    /// Whether the refusal is about rights (403) rather than about the
    /// order's state or the asker's part in it (409, with the code).
    pub fn is_forbidden(self) -> bool {
        matches!(self, Refusal::NotYours)
    }

    /// The error a client receives.
    pub fn into_error(self) -> AppError {
        if self.is_forbidden() {
            AppError::Forbidden
        } else {
            AppError::Conflict(self.code().to_owned())
        }
    }
}

/// Decides whether `relation` may do `action` to an order in `state`.
/// `deadline_passed` is whether the order's deadline day is over.
pub fn decide(
    state: OrderState,
    relation: Relation,
    action: OrderAction,
    deadline_passed: bool,
) -> Result<Outcome, Refusal> {
    use OrderAction as A;
    use OrderState as S;
    use Relation as R;
    let required = match action {
        A::Edit | A::Delete | A::Reopen => R::Publisher,
        A::Submit | A::Return => R::Taker,
        A::Take => R::Other,
    };
    if relation != required {
        return Err(match (action, relation, state) {
            (A::Take, R::Publisher, _) => Refusal::OwnOrder,
            (A::Take, R::Taker, _) => Refusal::AlreadyTaken,
            _ => Refusal::NotYours,
        });
    }
    match (action, state) {
        (A::Edit, S::Open) => Ok(Outcome::Becomes(S::Open)),
        (A::Delete, S::Open) => Ok(Outcome::Removed),
        (A::Take, S::Open) => Ok(Outcome::Becomes(S::Taken)),
        (A::Take, S::Taken | S::Submitted) => Err(Refusal::AlreadyTaken),
        (A::Submit, S::Taken | S::Submitted) => Ok(Outcome::Becomes(S::Submitted)),
        (A::Return, S::Taken | S::Submitted) => Ok(Outcome::Becomes(S::Open)),
        (A::Reopen, S::Taken) if deadline_passed => Ok(Outcome::Becomes(S::Open)),
        (A::Reopen, S::Taken) => Err(Refusal::DeadlineNotPassed),
        _ => Err(Refusal::WrongState),
    }
}

#[cfg(test)]
mod tests;
