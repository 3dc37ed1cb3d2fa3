//! Reviews: the two parties of a done order rate each other once (1 to 5,
//! with a comment), and may edit their review for 7 days. Profiles show
//! the average and count, and a publisher's record of securing and paying.
//!
//! Invariants: a rating is an integer 1-5; averages are kept in integers
//! (tenths), never floats; the edit window is measured from the first
//! writing, so editing does not extend it.

use super::FieldError;
use serde::{Deserialize, Serialize};

/// How long a review may be edited after it was first written.
pub const EDIT_WINDOW_MS: i64 = 7 * 24 * 3600 * 1000;
/// Longest comment.
pub const COMMENT_MAX: usize = 1000;

/// A review as written, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanReview {
    pub rating: i64,
    pub comment: String,
}

/// Checks a rating and comment; every problem is reported at once.
pub fn clean_review(rating: i64, comment: &str) -> Result<CleanReview, Vec<FieldError>> {
    let mut errors = Vec::new();
    if !(1..=5).contains(&rating) {
        errors.push(FieldError::new("rating", "invalid"));
    }
    let comment = comment.trim().replace("\r\n", "\n");
    if comment.chars().count() > COMMENT_MAX {
        errors.push(FieldError::new("comment", "too_long"));
    }
    if comment.chars().any(|c| c.is_control() && c != '\n') {
        errors.push(FieldError::new("comment", "invalid_characters"));
    }
    if errors.is_empty() {
        Ok(CleanReview { rating, comment })
    } else {
        Err(errors)
    }
}

/// Whether a review first written at `created_at_ms` may still be edited.
pub fn editable(created_at_ms: i64, now_ms: i64) -> bool {
    now_ms.saturating_sub(created_at_ms) <= EDIT_WINDOW_MS
}

/// An average of `sum` over `count` ratings in tenths, rounded half up
/// ("4.5" is 45); `None` without ratings.
pub fn average_tenths(sum: i64, count: i64) -> Option<i64> {
    (count > 0).then(|| (sum * 20 + count) / (2 * count))
}

/// Tenths as text: 45 -> "4.5".
pub fn tenths_text(tenths: i64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// One review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub order_id: i64,
    pub order_title: String,
    pub reviewer: String,
    /// The reviewer was the order's publisher (else its solver).
    pub by_publisher: bool,
    pub rating: i64,
    pub comment: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// The reviews of one done order, for its two parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderReviews {
    /// What the viewer wrote, if anything.
    pub mine: Option<ReviewView>,
    /// What the other party wrote about the viewer.
    pub theirs: Option<ReviewView>,
    /// The viewer may write or edit their review now.
    pub may_write: bool,
}

/// A user's reputation on their profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reputation {
    /// Average rating in tenths; `None` before any review.
    pub average_tenths: Option<i64>,
    pub review_count: i64,
    /// Orders published (not deleted).
    pub published: i64,
    /// Of those, how many had their reward secured.
    pub secured: i64,
    /// Of those, how many paid their solver.
    pub paid: i64,
    /// Paid by confirming (or a dispute decision), not left to the
    /// automatic release.
    pub paid_by_confirming: i64,
    /// Newest first, at most 20.
    pub recent: Vec<ReviewView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_one_to_five_and_comments_bounded() {
        assert!(clean_review(1, "").is_ok());
        assert_eq!(
            clean_review(5, " Great\r\nwork ").map(|r| r.comment),
            Ok("Great\nwork".to_owned())
        );
        for bad in [0, 6, -1] {
            assert_eq!(
                clean_review(bad, "x"),
                Err(vec![FieldError::new("rating", "invalid")])
            );
        }
        assert_eq!(
            clean_review(9, &"x".repeat(COMMENT_MAX + 1)),
            Err(vec![
                FieldError::new("rating", "invalid"),
                FieldError::new("comment", "too_long")
            ])
        );
    }

    #[test]
    fn reviews_are_editable_for_seven_days_from_the_first_writing() {
        assert!(editable(0, EDIT_WINDOW_MS));
        assert!(!editable(0, EDIT_WINDOW_MS + 1));
    }

    #[test]
    fn averages_are_tenths_rounded_half_up() {
        assert_eq!(average_tenths(0, 0), None);
        assert_eq!(average_tenths(9, 2), Some(45));
        assert_eq!(average_tenths(14, 3), Some(47));
        assert_eq!(average_tenths(5, 1), Some(50));
        assert_eq!(tenths_text(47), "4.7");
    }
}
