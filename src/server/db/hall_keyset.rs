//! The hall's order and keyset pagination: newest (or richest) first, ties
//! by id. A search runs this order twice, once over title matches and once
//! over the rest (`hall_search.rs`), so each part can stop at a page.
//!
//! Invariant: a page's cursor is the last card's (rank, key, id) and the
//! next page starts strictly after it in that order, so paging returns each
//! order once while nothing changes.

use super::sql::Sql;
use crate::domain::order::hall::{HallCursor, HallSort};

/// The sort key column of `sort`.
pub fn sort_key(sort: HallSort) -> &'static str {
    match sort {
        HallSort::Newest => "o.created_at",
        HallSort::Reward => "o.sort_reward",
    }
}

/// The sort key's name in a card row (outside the `o` alias).
pub fn sort_column(sort: HallSort) -> &'static str {
    match sort {
        HallSort::Newest => "created_at",
        HallSort::Reward => "sort_reward",
    }
}

/// Keyset pagination and order: after the cursor's key and id (its rank is
/// the caller's), `limit` rows.
pub fn push_order(sql: &mut Sql, sort: HallSort, after: Option<HallCursor>, limit: i64) {
    let key = sort_key(sort);
    if let Some(after) = after {
        sql.push(" AND (")
            .push(key)
            .push(" < ")
            .bind(after.key)
            .push(" OR (")
            .push(key)
            .push(" = ")
            .bind(after.key)
            .push(" AND o.id < ")
            .bind(after.id)
            .push("))");
    }
    sql.push(" ORDER BY ")
        .push(key)
        .push(" DESC, o.id DESC LIMIT ")
        .number(limit);
}
