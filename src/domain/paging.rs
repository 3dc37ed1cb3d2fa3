//! Keyset paging for the lists that grow (conversations, wallet history,
//! notifications): a page is the rows strictly before a cursor, newest
//! first, so rows added while someone pages only ever land on the first
//! page and are never shown twice or skipped on the older ones.
//!
//! Invariants: a cursor in an address is plain digits (`id`, or `key_id`
//! where the list sorts by a key before the id); anything else is refused
//! as `Invalid` (a 422), never read as "no cursor" and never a 500.

use super::AppError;
use super::navigation::query_escape;
use serde::{Deserialize, Serialize};

/// The query field a cursor travels in (`?before=`).
pub const FIELD: &str = "before";

fn digits(value: &str) -> Option<i64> {
    if value.is_empty() || value.len() > 19 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

fn malformed() -> AppError {
    AppError::invalid(FIELD, "cursor")
}

/// The id of the last row shown, for lists that sort by id alone.
/// `None` and `""` mean the first page.
pub fn parse_id(value: Option<&str>) -> Result<Option<i64>, AppError> {
    match value {
        None | Some("") => Ok(None),
        Some(value) => digits(value).map(Some).ok_or_else(malformed),
    }
}

/// The last row shown of a list sorted by `(key, id)`, both descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyCursor {
    pub key: i64,
    pub id: i64,
}

impl KeyCursor {
    pub fn encode(self) -> String {
        format!("{}_{}", self.key, self.id)
    }

    /// `None` and `""` mean the first page.
    pub fn parse(value: Option<&str>) -> Result<Option<KeyCursor>, AppError> {
        let value = match value {
            None | Some("") => return Ok(None),
            Some(value) => value,
        };
        let (key, id) = value.split_once('_').ok_or_else(malformed)?;
        match (digits(key), digits(id)) {
            (Some(key), Some(id)) => Ok(Some(KeyCursor { key, id })),
            _ => Err(malformed()),
        }
    }
}

/// The address of a list page: `path` with the non-empty `keep` pairs
/// (the list's filter) and, when given, the cursor, percent-encoded.
pub fn page_href(path: &str, keep: &[(&str, &str)], before: Option<&str>) -> String {
    let pairs: Vec<String> = keep
        .iter()
        .copied()
        .chain(before.map(|before| (FIELD, before)))
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name}={}", query_escape(value)))
        .collect();
    if pairs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", pairs.join("&"))
    }
}

/// Of `rows` fetched with a limit of `size + 1`, the page (at most `size`)
/// and whether more follow.
pub fn split_page<T>(mut rows: Vec<T>, size: usize) -> (Vec<T>, bool) {
    let more = rows.len() > size;
    rows.truncate(size);
    (rows, more)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_cursor_round_trips() {
        let cursor = KeyCursor {
            key: 1_700_000,
            id: 42,
        };
        assert_eq!(KeyCursor::parse(Some(&cursor.encode())), Ok(Some(cursor)));
    }

    #[test]
    fn no_cursor_means_the_first_page() {
        assert_eq!(KeyCursor::parse(None), Ok(None));
        assert_eq!(KeyCursor::parse(Some("")), Ok(None));
        assert_eq!(parse_id(None), Ok(None));
        assert_eq!(parse_id(Some("")), Ok(None));
        assert_eq!(parse_id(Some("17")), Ok(Some(17)));
    }

    #[test]
    fn malformed_cursors_are_refused() {
        for bad in [
            "x",
            "1_",
            "_1",
            "1_2_3",
            "-1_2",
            "1_-2",
            "+1_2",
            "1 _2",
            "99999999999999999999_1",
        ] {
            assert_eq!(KeyCursor::parse(Some(bad)), Err(malformed()), "{bad}");
        }
        for bad in ["x", "-1", "1.5", "1_2", " 1", "99999999999999999999"] {
            assert_eq!(parse_id(Some(bad)), Err(malformed()), "{bad}");
        }
    }

    #[test]
    fn a_page_address_keeps_the_filter_and_adds_the_cursor() {
        assert_eq!(
            page_href("/wallet", &[("kind", "all"), ("from", "")], Some("9")),
            "/wallet?kind=all&before=9"
        );
        assert_eq!(
            page_href("/messages", &[("q", "a b")], None),
            "/messages?q=a%20b"
        );
        assert_eq!(page_href("/notifications", &[], None), "/notifications");
    }

    #[test]
    fn a_page_keeps_its_size_and_says_whether_more_follow() {
        assert_eq!(split_page(vec![1, 2, 3], 2), (vec![1, 2], true));
        assert_eq!(split_page(vec![1, 2], 2), (vec![1, 2], false));
        assert_eq!(split_page(Vec::<i32>::new(), 2), (vec![], false));
    }
}
