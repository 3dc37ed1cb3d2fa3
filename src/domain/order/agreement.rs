//! Agreements between the two parties of a taken order: cancelling it
//! together (while nothing was submitted), and fixing a negotiable reward
//! (the publisher proposes an amount, the solver accepts it) so that it can
//! be secured.
//!
//! Invariants: only the publisher and the solver take part; nothing is
//! agreed on a disputed order; a cancellation is proposed by one party and
//! accepted only by the other, only while the order is taken and no
//! solution was ever submitted (no rounds of changes), so a revealed
//! solution's escrow never leaves this way; a reward is proposed only by
//! the publisher of a negotiable order and accepted only by its solver.

use super::lifecycle::{OrderState, Relation};
use crate::domain::AppError;
use serde::{Deserialize, Serialize};

/// A step of an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AgreementStep {
    ProposeCancel,
    WithdrawCancel,
    AcceptCancel,
    ProposeReward,
    AcceptReward,
}

impl AgreementStep {
    pub const ALL: [AgreementStep; 5] = [
        AgreementStep::ProposeCancel,
        AgreementStep::WithdrawCancel,
        AgreementStep::AcceptCancel,
        AgreementStep::ProposeReward,
        AgreementStep::AcceptReward,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgreementStep::ProposeCancel => "propose_cancel",
            AgreementStep::WithdrawCancel => "withdraw_cancel",
            AgreementStep::AcceptCancel => "accept_cancel",
            AgreementStep::ProposeReward => "propose_reward",
            AgreementStep::AcceptReward => "accept_reward",
        }
    }

    pub fn parse(value: &str) -> Option<AgreementStep> {
        Self::ALL.into_iter().find(|step| step.as_str() == value)
    }
}

/// Who proposed what, seen from the viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Proposer {
    Me,
    Other,
}

/// What the agreement rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgreementFacts {
    pub state: OrderState,
    pub relation: Relation,
    pub disputed: bool,
    /// Rounds of changes asked so far (any means a solution was submitted).
    pub change_rounds: i64,
    /// The reward is an amount (not "negotiable").
    pub reward_fixed: bool,
    pub cancel_proposed_by: Option<Proposer>,
    /// The publisher proposed an amount for a negotiable reward.
    pub reward_proposed: bool,
}

fn conflict(code: &str) -> AppError {
    AppError::Conflict(code.to_owned())
}

/// Decides `step`; `Ok` holds the state the order moves to.
pub fn decide_agreement(
    facts: AgreementFacts,
    step: AgreementStep,
) -> Result<OrderState, AppError> {
    use AgreementStep as A;
    if !matches!(facts.relation, Relation::Publisher | Relation::Taker) {
        return Err(AppError::Forbidden);
    }
    if facts.disputed {
        return Err(conflict("disputed"));
    }
    let cancellable = facts.state == OrderState::Taken && facts.change_rounds == 0;
    match step {
        A::ProposeCancel if !cancellable => Err(conflict("wrong_state")),
        A::ProposeCancel if facts.cancel_proposed_by.is_some() => Err(conflict("already_proposed")),
        A::ProposeCancel => Ok(OrderState::Taken),
        A::WithdrawCancel if facts.cancel_proposed_by == Some(Proposer::Me) => Ok(facts.state),
        A::WithdrawCancel => Err(conflict("not_proposed")),
        A::AcceptCancel if !cancellable => Err(conflict("wrong_state")),
        A::AcceptCancel if facts.cancel_proposed_by == Some(Proposer::Other) => {
            Ok(OrderState::Cancelled)
        }
        A::AcceptCancel => Err(conflict("not_proposed")),
        A::ProposeReward | A::AcceptReward
            if !matches!(facts.state, OrderState::Taken | OrderState::Submitted) =>
        {
            Err(conflict("wrong_state"))
        }
        A::ProposeReward | A::AcceptReward if facts.reward_fixed => Err(conflict("reward_fixed")),
        A::ProposeReward if facts.relation != Relation::Publisher => Err(AppError::Forbidden),
        A::ProposeReward => Ok(facts.state),
        A::AcceptReward if facts.relation != Relation::Taker => Err(AppError::Forbidden),
        A::AcceptReward if !facts.reward_proposed => Err(conflict("not_proposed")),
        A::AcceptReward => Ok(facts.state),
    }
}

/// The steps open to the viewer, in display order.
pub fn agreement_steps(facts: AgreementFacts) -> Vec<AgreementStep> {
    AgreementStep::ALL
        .into_iter()
        .filter(|step| decide_agreement(facts, *step).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgreementStep as A;
    use OrderState as S;

    fn facts(state: OrderState, relation: Relation) -> AgreementFacts {
        AgreementFacts {
            state,
            relation,
            disputed: false,
            change_rounds: 0,
            reward_fixed: true,
            cancel_proposed_by: None,
            reward_proposed: false,
        }
    }

    #[test]
    fn either_party_proposes_and_only_the_other_accepts_a_cancellation() {
        for relation in [Relation::Publisher, Relation::Taker] {
            let open = facts(S::Taken, relation);
            assert_eq!(agreement_steps(open), vec![A::ProposeCancel]);
            let mine = AgreementFacts {
                cancel_proposed_by: Some(Proposer::Me),
                ..open
            };
            assert_eq!(agreement_steps(mine), vec![A::WithdrawCancel]);
            let theirs = AgreementFacts {
                cancel_proposed_by: Some(Proposer::Other),
                ..open
            };
            assert_eq!(agreement_steps(theirs), vec![A::AcceptCancel]);
            assert_eq!(decide_agreement(theirs, A::AcceptCancel), Ok(S::Cancelled));
        }
        assert_eq!(
            decide_agreement(facts(S::Taken, Relation::Other), A::ProposeCancel),
            Err(AppError::Forbidden)
        );
    }

    #[test]
    fn nothing_is_cancelled_by_agreement_once_a_solution_came_in() {
        let submitted = AgreementFacts {
            cancel_proposed_by: Some(Proposer::Other),
            ..facts(S::Submitted, Relation::Publisher)
        };
        assert_eq!(
            decide_agreement(submitted, A::AcceptCancel),
            Err(conflict("wrong_state"))
        );
        let changes_asked = AgreementFacts {
            change_rounds: 1,
            ..facts(S::Taken, Relation::Taker)
        };
        assert!(agreement_steps(changes_asked).is_empty());
        for state in [S::Open, S::Done, S::Cancelled] {
            assert!(agreement_steps(facts(state, Relation::Publisher)).is_empty());
        }
        let disputed = AgreementFacts {
            disputed: true,
            ..facts(S::Taken, Relation::Taker)
        };
        assert_eq!(
            decide_agreement(disputed, A::ProposeCancel),
            Err(conflict("disputed"))
        );
    }

    #[test]
    fn the_publisher_fixes_a_negotiable_reward_and_the_solver_accepts_it() {
        let negotiable = |relation| AgreementFacts {
            reward_fixed: false,
            ..facts(S::Submitted, relation)
        };
        assert_eq!(
            agreement_steps(negotiable(Relation::Publisher)),
            vec![A::ProposeReward]
        );
        assert!(agreement_steps(negotiable(Relation::Taker)).is_empty());
        let proposed = AgreementFacts {
            reward_proposed: true,
            ..negotiable(Relation::Taker)
        };
        assert_eq!(agreement_steps(proposed), vec![A::AcceptReward]);
        assert_eq!(
            decide_agreement(facts(S::Taken, Relation::Publisher), A::ProposeReward),
            Err(conflict("reward_fixed"))
        );
        assert_eq!(
            decide_agreement(negotiable(Relation::Taker), A::ProposeReward),
            Err(AppError::Forbidden)
        );
    }

    #[test]
    fn steps_round_trip() {
        for step in AgreementStep::ALL {
            assert_eq!(AgreementStep::parse(step.as_str()), Some(step));
        }
    }
}
