//! Whether one new order matches a saved hall filter: the alerts of saved
//! searches evaluate each stored filter against the order once, when it is
//! published, instead of re-running every saved search as a query.
//!
//! Invariants: a filter matches exactly the orders the hall would list for
//! it on the day of publication, except for the search text, which follows
//! the full-text search's rule: the text is split on whitespace and every
//! term must occur, case-insensitively, in the title, the plain text of the
//! blocks or the publisher's nickname (an empty search adds no condition).
//! The sort and the page cursor never change whether an order matches.

use super::super::super::calendar::day_of_millis;
use super::{HallFilter, Range};

/// What a new order is matched on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder<'a> {
    pub category_id: i64,
    /// `None`: negotiable.
    pub reward_minor: Option<i64>,
    /// `None`: negotiable.
    pub deadline_day: Option<i64>,
    pub published_ms: i64,
    pub title: &'a str,
    /// Every text block as plain text.
    pub text: &'a str,
    pub publisher_nickname: &'a str,
}

fn within(value: i64, (low, high): Range) -> bool {
    low.is_none_or(|low| value >= low) && high.is_none_or(|high| value <= high)
}

/// Whether every search term occurs in the title, text or nickname.
pub fn text_matches(search: &str, order: &NewOrder<'_>) -> bool {
    let haystacks = [
        order.title.to_lowercase(),
        order.text.to_lowercase(),
        order.publisher_nickname.to_lowercase(),
    ];
    search.split_whitespace().all(|term| {
        let term = term.to_lowercase();
        haystacks.iter().any(|haystack| haystack.contains(&term))
    })
}

/// Whether `order` matches `filter`; `scale` is minor units per major unit.
/// Days and buckets are taken on the order's publication day (UTC), like a
/// hall opened at that moment.
pub fn matches(filter: &HallFilter, order: &NewOrder<'_>, scale: i64) -> bool {
    let today = day_of_millis(order.published_ms);
    let category = filter.categories.is_empty() || filter.categories.contains(&order.category_id);
    let deadline = filter.deadline.is_empty()
        || filter
            .deadline
            .iter()
            .any(|bucket| match (bucket.days(today), order.deadline_day) {
                (None, None) => true,
                (Some(range), Some(day)) => within(day, range),
                _ => false,
            });
    let published = filter.published.is_empty()
        || filter
            .published
            .iter()
            .any(|bucket| within(order.published_ms, bucket.millis(today)));
    let reward = filter.reward.is_empty()
        || filter
            .reward
            .iter()
            .any(|bucket| match (bucket.minor(scale), order.reward_minor) {
                (None, None) => true,
                (Some(range), Some(minor)) => within(minor, range),
                _ => false,
            });
    category && deadline && published && reward && text_matches(&filter.search, order)
}

#[cfg(test)]
mod tests;
