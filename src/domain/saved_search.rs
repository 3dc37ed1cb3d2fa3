//! Saved searches: a user's hall filter kept under a name, alerting them of
//! new orders that match it (`order::hall::matching`).
//!
//! Invariants: a stored query is the canonical URL form of a hall filter
//! (`HallFilter::to_query` of its first page), so parsing it back gives the
//! same filter and it links to the hall as saved; a filter that narrows
//! nothing cannot be saved (it would alert on every order); a name is 1 to
//! `NAME_MAX` characters after trimming.

use super::AppError;
use super::navigation::query_pairs_once;
use super::order::HallFilter;
use serde::{Deserialize, Serialize};

/// Longest name, in characters.
pub const NAME_MAX: usize = 60;
/// Longest query accepted from a form, in bytes (a full filter is far shorter).
pub const QUERY_MAX: usize = 4096;

/// One saved search as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearchView {
    pub id: i64,
    pub name: String,
    /// `?c=1&q=...`: append to the hall's path.
    pub query: String,
    /// Whether its new matches go into the daily e-mail digest.
    pub digest: bool,
}

/// The caller's saved searches and how many they may keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearchList {
    pub items: Vec<SavedSearchView>,
    pub limit: i64,
}

/// The trimmed name, or why it cannot be one.
pub fn clean_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "required"));
    }
    if name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "name",
            if name.chars().count() > NAME_MAX {
                "too_long"
            } else {
                "invalid_characters"
            },
        ));
    }
    Ok(name.to_owned())
}

/// The hall filter of a query string as a form sent it (`c=1&q=logo`, with
/// or without `?`).
pub fn filter_of_query(raw: &str) -> HallFilter {
    let pairs = query_pairs_once(raw);
    HallFilter::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
}

/// The canonical stored query of `raw`, or why it cannot be saved.
pub fn canonical_query(raw: &str) -> Result<String, AppError> {
    if raw.len() > QUERY_MAX {
        return Err(AppError::invalid("query", "too_long"));
    }
    let filter = filter_of_query(raw).first_page();
    if !filter.is_filtered() {
        return Err(AppError::invalid("query", "required"));
    }
    Ok(filter.to_query())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed_and_bounded() {
        assert_eq!(clean_name("  Logos  ").ok(), Some("Logos".to_owned()));
        assert!(clean_name("   ").is_err());
        assert!(clean_name(&"名".repeat(NAME_MAX)).is_ok());
        assert!(clean_name(&"名".repeat(NAME_MAX + 1)).is_err());
        assert!(clean_name("a\u{0}b").is_err());
    }

    #[test]
    fn a_query_is_stored_canonically_without_its_cursor() {
        let stored = canonical_query("?q=%E8%8C%B6+logo&c=2&after=5_9&zz=1").expect("valid");
        assert_eq!(stored, "?c=2&q=%E8%8C%B6%20logo");
        assert_eq!(filter_of_query(&stored).search, "茶 logo");
        assert_eq!(canonical_query(&stored).ok(), Some(stored));
    }

    #[test]
    fn a_query_that_narrows_nothing_or_is_huge_is_refused() {
        assert!(canonical_query("").is_err());
        assert!(canonical_query("?sort=reward&bogus=1").is_err());
        assert!(canonical_query(&format!("q={}", "a".repeat(QUERY_MAX))).is_err());
    }
}
