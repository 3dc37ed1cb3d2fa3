//! A common word's text matches found by walking the hall's order instead
//! of the full-text indexes: the text part of a searched page first tests
//! the orders of a window with the page's filters and LIKE, and asks the
//! indexes only if that leaves the page short (`hall_search::page`). The
//! window is the first `database.search_walk_orders` orders after the
//! cursor in the page's sort order, of the whole hall (or the user's own
//! orders), filters left out: its end is then read off the sort index
//! alone, where with a category filter SQLite would read and sort the
//! category's every order to find it (measured: 33 ms instead of 0.3 ms).
//!
//! Why: the indexes answer a term with the set of every order that holds
//! it, so a word in one order of sixteen costs thousands of rows to build
//! before the first card, where a walk of the sort index meets a page of
//! matches within a few hundred orders. A rare word fills no page in the
//! window and costs the window's walk on top of the index lookup.
//!
//! Invariants: the walk tests every order of the window, so when it fills
//! the page its orders are the first matches of the whole order (any match
//! it did not test sorts after the window's last order); with fewer than
//! the window's size after the cursor the window is all of them and its
//! answer is complete. The walk's conditions find what the indexes find:
//! on PostgreSQL `lower()` folds like the indexed expression; on SQLite
//! LIKE folds ASCII letters only, so a term with any other cased letter
//! (é, д) is never walked (`walks`; Unicode's odd foldings such as the
//! Kelvin sign, which the indexes fold to a k, aside). The bound on the sort key is a plain
//! range, so both databases stop the walk's index scan at the window's end.

use super::Backend;
use super::hall_keyset::{push_order, sort_key};
use super::hall_search_terms::{Nicknames, push_nicknames, push_open_row_like};
use super::sql::Sql;
use crate::domain::order::hall::{HallCursor, HallSort};
use sqlx::AnyConnection;

/// The last order of the window: its sort key and id.
pub type Floor = (i64, i64);

/// Whether the walk finds exactly what the indexes find for `terms` on
/// `backend`.
pub fn walks(backend: Backend, terms: &[String]) -> bool {
    backend == Backend::Postgres || terms.iter().all(|term| term.chars().all(folds_like_sqlite))
}

/// SQLite's LIKE folds ASCII letters; a character without case needs none.
fn folds_like_sqlite(c: char) -> bool {
    c.is_ascii() || (c.to_lowercase().eq([c]) && c.to_uppercase().eq([c]))
}

/// The last of the first `window` orders `base` selects after `after`, or
/// `None` when fewer follow it (the window is all of them).
pub async fn floor(
    connection: &mut AnyConnection,
    sort: HallSort,
    after: Option<HallCursor>,
    base: &(dyn Fn(&mut Sql) + Sync),
    window: i64,
) -> Result<Option<Floor>, sqlx::Error> {
    let mut sql = Sql::new("SELECT ");
    sql.push(sort_key(sort)).push(", o.id FROM orders o WHERE ");
    base(&mut sql);
    push_order(&mut sql, sort, after, 1);
    sql.push(" OFFSET ").number(window - 1);
    let (text, arguments) = sql.into_parts();
    sqlx::query_as_with(&text, arguments)
        .fetch_optional(connection)
        .await
}

/// ` AND ...`: the order is in the window (on or before `floor`).
pub fn push_window(sql: &mut Sql, sort: HallSort, floor: Option<Floor>) {
    let Some((key, id)) = floor else { return };
    let column = sort_key(sort);
    // The plain `>=` bounds the index scan; the OR settles ties on the key.
    sql.push(" AND ")
        .push(column)
        .push(" >= ")
        .bind(key)
        .push(" AND (")
        .push(column)
        .push(" > ")
        .bind(key)
        .push(" OR o.id >= ")
        .bind(id)
        .push(")");
}

/// ` AND ...` for each term: its title, text or publisher's nickname holds
/// it, tested on the row (no index holds these expressions, so neither
/// database leaves the walk for an index lookup).
pub fn push_terms(sql: &mut Sql, backend: Backend, terms: &[String], nicknames: &[Nicknames]) {
    let text = match backend {
        Backend::Postgres => "lower(o.search_text)",
        Backend::Sqlite => "o.search_text",
    };
    for (term, publishers) in terms.iter().zip(nicknames) {
        push_open_row_like(sql, text, term);
        push_nicknames(sql, term, publishers);
        sql.push(")");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_walks_terms_whose_letters_like_folds() {
        let terms = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert!(walks(
            Backend::Sqlite,
            &terms(&["python", "c#", "翻译", "数据分析"])
        ));
        assert!(!walks(Backend::Sqlite, &terms(&["python", "école"])));
        assert!(!walks(Backend::Sqlite, &terms(&["дом"])));
        assert!(walks(Backend::Postgres, &terms(&["école", "дом"])));
    }
}
