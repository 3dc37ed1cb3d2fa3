//! Who sees a submitted version's content, and when its publisher may open
//! it.
//!
//! Invariants: the taker always sees their own versions; the publisher sees
//! a version's content only once they opened it (a reveal receipt exists
//! for it, written by the explicit "Open the solution" POST, never by a
//! page view) or once the order is done (the solver was paid, so nothing is
//! left to protect); anyone else sees nothing. The publisher may open the
//! newest version only while the order is submitted, funded and not
//! disputed, so opening always has a reward in escrow behind it and always
//! starts the release countdown.

use super::lifecycle::{OrderState, Relation};
use crate::domain::AppError;

/// Whether `relation` sees the content of a version (`opened`: the
/// publisher opened that version).
pub fn sees_content(relation: Option<Relation>, opened: bool, state: OrderState) -> bool {
    match relation {
        Some(Relation::Taker) => true,
        Some(Relation::Publisher) => opened || state == OrderState::Done,
        _ => false,
    }
}

/// What opening the solution depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenFacts {
    pub relation: Relation,
    pub state: OrderState,
    pub funded: bool,
    pub disputed: bool,
}

/// Whether the caller may open the order's newest version now. Opening an
/// already opened version is allowed (the second request changes nothing).
pub fn may_open(facts: OpenFacts) -> Result<(), AppError> {
    if facts.relation != Relation::Publisher {
        return Err(AppError::Forbidden);
    }
    let refusal = if facts.disputed {
        "disputed"
    } else if !facts.funded {
        "not_funded"
    } else if facts.state != OrderState::Submitted {
        "wrong_state"
    } else {
        return Ok(());
    };
    Err(AppError::Conflict(refusal.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(relation: Relation, state: OrderState, funded: bool, disputed: bool) -> OpenFacts {
        OpenFacts {
            relation,
            state,
            funded,
            disputed,
        }
    }

    fn conflict(code: &str) -> Result<(), AppError> {
        Err(AppError::Conflict(code.into()))
    }

    #[test]
    fn only_the_publisher_of_a_funded_submitted_undisputed_order_may_open_it() {
        use OrderState as S;
        use Relation as R;
        assert_eq!(
            may_open(facts(R::Publisher, S::Submitted, true, false)),
            Ok(())
        );
        for other in [R::Taker, R::Other] {
            assert_eq!(
                may_open(facts(other, S::Submitted, true, false)),
                Err(AppError::Forbidden)
            );
        }
        assert_eq!(
            may_open(facts(R::Publisher, S::Submitted, false, false)),
            conflict("not_funded")
        );
        assert_eq!(
            may_open(facts(R::Publisher, S::Submitted, true, true)),
            conflict("disputed")
        );
        for state in [S::Open, S::Taken, S::Done, S::Cancelled] {
            assert_eq!(
                may_open(facts(R::Publisher, state, true, false)),
                conflict("wrong_state"),
                "{state:?}"
            );
        }
    }

    #[test]
    fn the_publisher_sees_a_version_once_opened_or_once_the_solver_is_paid() {
        use OrderState as S;
        let publisher = Some(Relation::Publisher);
        assert!(!sees_content(publisher, false, S::Submitted));
        assert!(sees_content(publisher, true, S::Submitted));
        assert!(sees_content(publisher, true, S::Taken));
        assert!(sees_content(publisher, false, S::Done));
        assert!(!sees_content(publisher, false, S::Cancelled));
        assert!(sees_content(Some(Relation::Taker), false, S::Submitted));
        for nobody in [None, Some(Relation::Other)] {
            assert!(!sees_content(nobody, true, S::Done));
        }
    }
}
