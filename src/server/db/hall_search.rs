//! The hall's full-text search in SQL: every term must occur in the title,
//! the plain text or the publisher's nickname; orders whose title holds
//! every term rank first (`search_rank` 0, else 1). The two ranks are two
//! parts of one statement, each in the hall's order with its own limit, so
//! neither has to read and sort every match (`searched`).
//!
//! The publishers whose nickname holds a term are looked up first and
//! named as numbers (`nicknames`), so each part's planner sees only the
//! text condition and can count what it selects.
//!
//! SQLite: terms of three or more characters go through the FTS5 trigram
//! index `orders_search` (migration 20261206000018), each quoted as one FTS5
//! string (`"` doubled), so nothing a user types is FTS5 syntax. Terms of
//! one or two characters (翻译, 数据, "ui") have no trigram, so FTS5 cannot
//! look them up: they are checked with LIKE on the rows the rest of the
//! statement reaches. With a longer term beside them that is the longer
//! term's MATCH set; alone, the text part walks the hall's sort index and
//! stops at a page (a common word is found within a few hundred orders; a
//! word in no order reads every open order, about 100 ms at 100,000), and
//! the title part scans the narrow `orders_title_folded` index. SQLite's
//! LIKE folds ASCII letters only: Chinese has no case and English folds,
//! but a one- or two-letter term in another cased script (Cyrillic, Greek)
//! matches its own case there; longer terms fold in FTS5.
//!
//! PostgreSQL: a pg_trgm GIN index over `title_folded || ' ' ||
//! lower(search_text)` answers `LIKE '%term%'` for terms of three or more
//! characters, and one over `title_folded` the title part; for shorter
//! terms (no trigram) the planner reads the orders. See the migration for
//! why pg_trgm and not a text-search configuration, and the LC_CTYPE it
//! needs.
//!
//! Invariant: terms reach SQL only as bound values, LIKE wildcards escaped
//! (`like_pattern`), FTS5 strings quoted (`fts_string`); the two parts are
//! disjoint (the second excludes what the first holds), and a cursor of
//! rank 1 skips the first part, so paging returns each match once.

use super::Backend;
use super::hall::{CARD_COLUMNS, CARD_FROM, like_pattern};
use super::hall_keyset::{push_order, sort_column};
use super::sql::Sql;
use crate::domain::order::hall::HallFilter;
use sqlx::AnyConnection;

/// Terms shorter than this have no trigram to look up.
const TRIGRAM_CHARS: usize = 3;

/// `term` as one FTS5 string: in double quotes, inner quotes doubled. The
/// trigram tokenizer then matches it as a substring, whatever it contains.
pub fn fts_string(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// The statement of a searched page: title matches (rank 0) then the
/// other matches (rank 1), each part ordered and cut to `limit` on its own
/// so either can stop early on an index, then merged. `part` pushes the
/// conditions both parts share (whose orders, the filters).
pub fn searched(
    backend: Backend,
    filter: &HallFilter,
    terms: &[String],
    nicknames: &[Nicknames],
    part: &dyn Fn(&mut Sql),
    limit: i64,
) -> Sql {
    let mut sql = Sql::new("SELECT * FROM (");
    let after_rank = filter.after.map_or(0, |after| after.rank);
    if after_rank == 0 {
        sql.push(CARD_COLUMNS)
            .push("CAST(0 AS BIGINT) AS search_rank, o.search_text")
            .push(CARD_FROM);
        part(&mut sql);
        push_in_title(&mut sql, backend, terms);
        push_order(&mut sql, filter.sort, filter.after, limit);
        sql.push(") title_part UNION ALL SELECT * FROM (");
    }
    sql.push(CARD_COLUMNS)
        .push("CAST(1 AS BIGINT) AS search_rank, o.search_text")
        .push(CARD_FROM);
    part(&mut sql);
    push_terms(&mut sql, backend, terms, nicknames);
    sql.push(" AND NOT (");
    push_all_like(&mut sql, terms);
    sql.push(")");
    let after = filter.after.filter(|after| after.rank == 1);
    push_order(&mut sql, filter.sort, after, limit);
    sql.push(") text_part ORDER BY search_rank, ")
        .push(sort_column(filter.sort))
        .push(" DESC, id DESC LIMIT ")
        .number(limit);
    sql
}

/// `o.title_folded LIKE t1 AND ...`: the title holds every term.
fn push_all_like(sql: &mut Sql, terms: &[String]) {
    for (index, term) in terms.iter().enumerate() {
        if index > 0 {
            sql.push(" AND ");
        }
        sql.push("o.title_folded LIKE ")
            .bind(like_pattern(term))
            .push(" ESCAPE '\\'");
    }
}

/// ` AND ...`: the title holds every term. On SQLite a term with trigrams
/// is looked up in the title column of the FTS5 index (few orders hold a
/// word in their title, so this set is small).
fn push_in_title(sql: &mut Sql, backend: Backend, terms: &[String]) {
    sql.push(" AND ");
    push_all_like(sql, terms);
    if backend != Backend::Sqlite {
        return;
    }
    let mut indexed = false;
    for term in terms.iter().filter(|term| has_trigram(term)) {
        sql.push(" AND o.id IN (SELECT rowid FROM orders_search WHERE orders_search MATCH ")
            .bind(format!("title_folded : {}", fts_string(term)))
            .push(")");
        indexed = true;
    }
    if let (false, Some(term)) = (indexed, terms.first()) {
        // Only short terms: read the narrow title index rather than every
        // order (measured: 12 ms instead of 136 ms at 100,000 orders).
        sql.push(" AND o.id IN (SELECT t.id FROM orders t WHERE t.title_folded LIKE ")
            .bind(like_pattern(term))
            .push(" ESCAPE '\\')");
    }
}

fn has_trigram(term: &str) -> bool {
    term.chars().count() >= TRIGRAM_CHARS
}

/// Most publishers a term's nickname matches that are written into the
/// statement as numbers; past this the statement asks `users` itself.
const NICKNAME_IDS_MAX: usize = 100;

/// The publishers whose nickname holds a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nicknames {
    Ids(Vec<i64>),
    /// More than `NICKNAME_IDS_MAX`.
    Many,
}

/// For each term, the publishers whose nickname holds it. Looked up first
/// so the order query names them as numbers: a subquery there leaves the
/// planner guessing how many orders it selects (PostgreSQL then walked all
/// 100,000 orders for a word in none), numbers it can count.
pub async fn nicknames(
    connection: &mut AnyConnection,
    terms: &[String],
) -> Result<Vec<Nicknames>, sqlx::Error> {
    let mut found = Vec::with_capacity(terms.len());
    for term in terms {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM users WHERE lower(nickname) LIKE $1 ESCAPE '\\' LIMIT $2",
        )
        .bind(like_pattern(term))
        .bind(i64::try_from(NICKNAME_IDS_MAX + 1).unwrap_or(i64::MAX))
        .fetch_all(&mut *connection)
        .await?;
        found.push(if ids.len() > NICKNAME_IDS_MAX {
            Nicknames::Many
        } else {
            Nicknames::Ids(ids)
        });
    }
    Ok(found)
}

/// ` OR o.publisher_id IN (...)` for the publishers found, if any.
fn push_nicknames(sql: &mut Sql, term: &str, publishers: &Nicknames) {
    match publishers {
        Nicknames::Ids(ids) if ids.is_empty() => {}
        Nicknames::Ids(ids) => {
            sql.push(" OR o.publisher_id IN ")
                .number_list(ids.iter().copied());
        }
        Nicknames::Many => {
            sql.push(" OR o.publisher_id IN (SELECT id FROM users WHERE lower(nickname) LIKE ")
                .bind(like_pattern(term))
                .push(" ESCAPE '\\')");
        }
    }
}

/// ` AND ...` for each term: found in the title, the text or the nickname.
fn push_terms(sql: &mut Sql, backend: Backend, terms: &[String], nicknames: &[Nicknames]) {
    for (term, publishers) in terms.iter().zip(nicknames) {
        let pattern = like_pattern(term);
        match backend {
            Backend::Sqlite if !has_trigram(term) => {
                // No trigram: LIKE on the row's own columns.
                sql.push(" AND (o.title_folded LIKE ")
                    .bind(pattern.clone())
                    .push(" ESCAPE '\\' OR o.search_text LIKE ")
                    .bind(pattern)
                    .push(" ESCAPE '\\'");
            }
            Backend::Sqlite => {
                // The `+` keeps SQLite from reading the orders by this set
                // and sorting them all: it walks the hall's sort index,
                // tests each order against the set and stops at a page
                // (measured at 100,000 orders: 3 ms instead of 17 ms for a
                // word in one order of sixteen; a word in none reads the
                // whole index, about 14 ms).
                sql.push(
                    " AND (+o.id IN (SELECT rowid FROM orders_search WHERE orders_search MATCH ",
                )
                .bind(fts_string(term))
                .push(")");
            }
            Backend::Postgres => {
                // The trigram index's expression (a term without a trigram
                // makes the planner read the orders instead).
                sql.push(" AND ((o.title_folded || ' ' || lower(o.search_text)) LIKE ")
                    .bind(pattern)
                    .push(" ESCAPE '\\'");
            }
        }
        push_nicknames(sql, term, publishers);
        sql.push(")");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_strings_double_inner_quotes_so_no_syntax_escapes() {
        assert_eq!(fts_string("abc"), "\"abc\"");
        assert_eq!(fts_string("a\"b"), "\"a\"\"b\"");
        assert_eq!(fts_string("\"NEAR(x"), "\"\"\"NEAR(x\"");
    }
}
