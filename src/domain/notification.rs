//! Notifications: what happened to an order (or a withdrawal) that the
//! other party should know, shown in an in-app list with an unread count
//! and, for the important ones, mailed to users who keep that switched on.
//!
//! Invariants: each kind has a stable stored name; `mailed()` is the one
//! place deciding which kinds are worth an e-mail.

use serde::{Deserialize, Serialize};

/// Something that happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NotificationKind {
    /// Someone took my order.
    Taken,
    /// The solver of my order submitted a version.
    Submitted,
    /// The publisher secured the reward of the order I took.
    Funded,
    /// The publisher opened my solution (its release countdown started).
    Revealed,
    /// The publisher asked for changes to my solution.
    ChangesAsked,
    /// The publisher confirmed my solution: I was paid.
    Confirmed,
    /// The countdown ended: the reward went to the solver by itself.
    Released,
    /// The other party opened a dispute.
    DisputeOpened,
    /// An admin decided the dispute.
    DisputeDecided,
    /// My withdrawal was paid out.
    WithdrawalPaid,
    /// My withdrawal was rejected (the hold returned).
    WithdrawalRejected,
    /// The other party proposes cancelling the order we share.
    CancelProposed,
    /// The order was cancelled (a secured reward went back to its publisher).
    Cancelled,
    /// The publisher set an amount for the negotiable reward: accept it.
    RewardProposed,
    /// The solver accepted the reward I set: it can be secured now.
    RewardAccepted,
    /// A new order matches one of my saved searches (mailed, if I asked,
    /// in the daily digest rather than one by one).
    SearchMatched,
    /// Someone applied to my order (choose-from-applicants mode).
    ApplicationReceived,
    /// The publisher chose me among the applicants: the order is mine.
    ApplicationChosen,
    /// The publisher chose another applicant.
    ApplicationDeclined,
    /// Someone asked a public question under my order.
    QuestionAsked,
    /// The publisher answered my question.
    QuestionAnswered,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 21] = [
        NotificationKind::Taken,
        NotificationKind::Submitted,
        NotificationKind::Funded,
        NotificationKind::Revealed,
        NotificationKind::ChangesAsked,
        NotificationKind::Confirmed,
        NotificationKind::Released,
        NotificationKind::DisputeOpened,
        NotificationKind::DisputeDecided,
        NotificationKind::WithdrawalPaid,
        NotificationKind::WithdrawalRejected,
        NotificationKind::CancelProposed,
        NotificationKind::Cancelled,
        NotificationKind::RewardProposed,
        NotificationKind::RewardAccepted,
        NotificationKind::SearchMatched,
        NotificationKind::ApplicationReceived,
        NotificationKind::ApplicationChosen,
        NotificationKind::ApplicationDeclined,
        NotificationKind::QuestionAsked,
        NotificationKind::QuestionAnswered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NotificationKind::Taken => "taken",
            NotificationKind::Submitted => "submitted",
            NotificationKind::Funded => "funded",
            NotificationKind::Revealed => "revealed",
            NotificationKind::ChangesAsked => "changes_asked",
            NotificationKind::Confirmed => "confirmed",
            NotificationKind::Released => "released",
            NotificationKind::DisputeOpened => "dispute_opened",
            NotificationKind::DisputeDecided => "dispute_decided",
            NotificationKind::WithdrawalPaid => "withdrawal_paid",
            NotificationKind::WithdrawalRejected => "withdrawal_rejected",
            NotificationKind::CancelProposed => "cancel_proposed",
            NotificationKind::Cancelled => "cancelled",
            NotificationKind::RewardProposed => "reward_proposed",
            NotificationKind::RewardAccepted => "reward_accepted",
            NotificationKind::SearchMatched => "search_matched",
            NotificationKind::ApplicationReceived => "application_received",
            NotificationKind::ApplicationChosen => "application_chosen",
            NotificationKind::ApplicationDeclined => "application_declined",
            NotificationKind::QuestionAsked => "question_asked",
            NotificationKind::QuestionAnswered => "question_answered",
        }
    }

    pub fn parse(value: &str) -> Option<NotificationKind> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    /// The position in `ALL`, for per-kind text tables.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether it is important enough to mail (money arrived or left, a
    /// dispute, work to look at).
    pub fn mailed(self) -> bool {
        matches!(
            self,
            NotificationKind::Submitted
                | NotificationKind::Confirmed
                | NotificationKind::Released
                | NotificationKind::DisputeOpened
                | NotificationKind::DisputeDecided
                | NotificationKind::WithdrawalPaid
                | NotificationKind::WithdrawalRejected
                | NotificationKind::Cancelled
                | NotificationKind::RewardProposed
                | NotificationKind::ApplicationChosen
        )
    }
}

/// One notification in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: NotificationKind,
    pub order_id: Option<i64>,
    pub order_title: Option<String>,
    /// Who caused it, when a person did.
    pub actor: Option<String>,
    pub created_at_ms: i64,
    pub read: bool,
}

/// The notifications page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPage {
    /// One page, newest first.
    pub items: Vec<NotificationView>,
    pub unread: i64,
    /// The important ones are also mailed.
    pub mail: bool,
    /// The cursor of the next (older) page (`?before=`), if there is one.
    pub next: Option<i64>,
    /// Whether this is an older page, not the first.
    pub paged: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_index_their_tables() {
        for (index, kind) in NotificationKind::ALL.into_iter().enumerate() {
            assert_eq!(NotificationKind::parse(kind.as_str()), Some(kind));
            assert_eq!(kind.index(), index);
        }
        assert_eq!(NotificationKind::parse("paid"), None);
    }

    #[test]
    fn money_and_disputes_are_mailed_routine_steps_are_not() {
        assert!(NotificationKind::Confirmed.mailed());
        assert!(NotificationKind::DisputeOpened.mailed());
        assert!(NotificationKind::WithdrawalPaid.mailed());
        assert!(!NotificationKind::Taken.mailed());
        assert!(!NotificationKind::Revealed.mailed());
        assert!(!NotificationKind::QuestionAsked.mailed());
        assert!(!NotificationKind::QuestionAnswered.mailed());
    }
}
