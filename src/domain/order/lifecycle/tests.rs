//! Every state x relation x action x deadline combination, against the table
//! of allowed transitions; everything not in the table must be refused.

use super::*;
use crate::domain::AppError;
use OrderAction as A;
use OrderState as S;
use Relation as R;

const RELATIONS: [Relation; 3] = [R::Publisher, R::Taker, R::Other];

/// The complete list of allowed moves: (from, who, action, needs deadline passed, outcome).
fn allowed() -> Vec<(OrderState, Relation, OrderAction, bool, Outcome)> {
    vec![
        (
            S::Open,
            R::Publisher,
            A::Edit,
            false,
            Outcome::Becomes(S::Open),
        ),
        (S::Open, R::Publisher, A::Delete, false, Outcome::Removed),
        (
            S::Open,
            R::Other,
            A::Take,
            false,
            Outcome::Becomes(S::Taken),
        ),
        (
            S::Taken,
            R::Taker,
            A::Submit,
            false,
            Outcome::Becomes(S::Submitted),
        ),
        (
            S::Submitted,
            R::Taker,
            A::Submit,
            false,
            Outcome::Becomes(S::Submitted),
        ),
        (
            S::Taken,
            R::Taker,
            A::Return,
            false,
            Outcome::Becomes(S::Open),
        ),
        (
            S::Submitted,
            R::Taker,
            A::Return,
            false,
            Outcome::Becomes(S::Open),
        ),
        (
            S::Taken,
            R::Publisher,
            A::Reopen,
            true,
            Outcome::Becomes(S::Open),
        ),
    ]
}

#[test]
fn every_combination_is_allowed_exactly_when_the_table_says_so() {
    let table = allowed();
    for state in S::ALL {
        for relation in RELATIONS {
            for action in A::ALL {
                for deadline_passed in [false, true] {
                    let expected = table.iter().find(|(from, who, what, needs_deadline, _)| {
                        *from == state
                            && *who == relation
                            && *what == action
                            && (!needs_deadline || deadline_passed)
                    });
                    let got = decide(state, relation, action, deadline_passed);
                    match expected {
                        Some((.., outcome)) => assert_eq!(
                            got,
                            Ok(*outcome),
                            "{state:?} {relation:?} {action:?} deadline passed {deadline_passed}"
                        ),
                        None => assert!(
                            got.is_err(),
                            "{state:?} {relation:?} {action:?} deadline passed {deadline_passed} \
                             must be refused, got {got:?}"
                        ),
                    }
                }
            }
        }
    }
}

#[test]
fn a_publisher_taking_their_own_order_is_told_so() {
    assert_eq!(
        decide(S::Open, R::Publisher, A::Take, false),
        Err(Refusal::OwnOrder)
    );
    assert_eq!(
        Refusal::OwnOrder.into_error(),
        AppError::Conflict("own_order".into())
    );
    assert_eq!(Refusal::NotYours.into_error(), AppError::Forbidden);
}

#[test]
fn a_late_taker_is_told_the_order_is_taken() {
    for state in [S::Taken, S::Submitted] {
        assert_eq!(
            decide(state, R::Other, A::Take, false),
            Err(Refusal::AlreadyTaken)
        );
        assert_eq!(
            decide(state, R::Taker, A::Take, false),
            Err(Refusal::AlreadyTaken)
        );
    }
    assert!(!Refusal::AlreadyTaken.is_forbidden());
}

#[test]
fn only_the_publisher_edits_or_deletes_and_only_while_open() {
    for relation in [R::Taker, R::Other] {
        for action in [A::Edit, A::Delete, A::Reopen] {
            assert_eq!(
                decide(S::Open, relation, action, true),
                Err(Refusal::NotYours)
            );
        }
    }
    for state in [S::Taken, S::Submitted, S::Done, S::Cancelled] {
        assert_eq!(
            decide(state, R::Publisher, A::Edit, false),
            Err(Refusal::WrongState)
        );
        assert_eq!(
            decide(state, R::Publisher, A::Delete, false),
            Err(Refusal::WrongState)
        );
    }
}

#[test]
fn reopening_waits_for_the_deadline_and_a_submission_blocks_it() {
    assert_eq!(
        decide(S::Taken, R::Publisher, A::Reopen, false),
        Err(Refusal::DeadlineNotPassed)
    );
    assert_eq!(
        decide(S::Submitted, R::Publisher, A::Reopen, true),
        Err(Refusal::WrongState)
    );
}

#[test]
fn states_round_trip_through_their_stored_names() {
    for state in S::ALL {
        assert_eq!(OrderState::parse(state.as_str()), Some(state));
    }
    assert_eq!(OrderState::parse("paid"), None);
}

#[test]
fn relations_follow_the_publisher_and_taker_ids() {
    assert_eq!(Relation::of(1, 1, None), R::Publisher);
    assert_eq!(Relation::of(2, 1, Some(2)), R::Taker);
    assert_eq!(Relation::of(3, 1, Some(2)), R::Other);
    assert_eq!(Relation::of(3, 1, None), R::Other);
}
