//! The hall's full-text search in SQL: every term must occur in the title,
//! the plain text or the publisher's nickname; orders whose title holds
//! every term rank first (`search_rank` 0, else 1). The two ranks are two
//! statements, each in the hall's order with its own limit, so neither
//! has to read and sort every match, and the second runs only when the
//! first leaves the page short (`page`); the second first walks a window
//! of the hall's order (`hall_search_walk`) and asks the indexes only if
//! that finds too few.
//!
//! The publishers whose nickname holds a term are looked up first and
//! named as numbers (`nicknames`), so each part's planner sees only the
//! text condition and can count what it selects.
//!
//! Terms of three or more characters are looked up by trigram, terms of
//! one or two (翻译, 设计, "ui": most Chinese words are two characters) in
//! the gram index of every one- and two-character piece
//! (`db::order_grams`); a short term holding a quote or a control
//! character, which the gram index leaves out, is checked with LIKE on the
//! rows the rest of the statement reaches.
//!
//! SQLite: the FTS5 trigram indexes `orders_search` (title and text,
//! migration 20261206000018) and `orders_title_search` (titles alone, for
//! the title part) and the FTS5 gram index `orders_grams` (both migration
//! 20261207000023), each term quoted as one FTS5 string (`"` doubled), so
//! nothing a user types is FTS5 syntax. Whether a statement is driven by
//! a query's matches or tests each order of the hall's sort index against
//! them (`+o.id IN`, so a common word stops after a page) is chosen per
//! search by counting the matches first (`hall_search_fts`).
//!
//! PostgreSQL: pg_trgm GIN indexes over `title_folded || ' ' ||
//! lower(search_text)` and over `title_folded` answer `LIKE '%term%'` for
//! terms with a trigram; GIN indexes over `search_grams(...)` of the same
//! expressions answer `@> ARRAY[term]` for the short ones. See the
//! migrations for why pg_trgm and not a text-search configuration, and the
//! LC_CTYPE trigrams need.
//!
//! The statements' term conditions are in `hall_search_terms`.
//!
//! Invariant: terms reach SQL only as bound values, LIKE wildcards escaped
//! (`like_pattern`), FTS5 strings quoted (`fts_string`); the two parts are
//! disjoint (the second excludes what the first holds), and a cursor of
//! rank 1 skips the first part, so paging returns each match once.

use super::Backend;
use super::hall::{CARD_COLUMNS, CARD_FROM, CardRow, Listing};
use super::hall_keyset::push_order;
use super::hall_search_fts::{FtsQuery, choose_driver};
use super::hall_search_terms::{
    Nicknames, nicknames, push_all_like, push_in_title, push_terms, text_queries, title_queries,
};
use super::hall_search_walk as walk;
use super::sql::Sql;
use crate::domain::order::hall::HallFilter;
use sqlx::AnyConnection;

/// A searched page of at most `listing.limit` cards: title matches (rank
/// 0), then the other matches (rank 1). `base` pushes whose orders (the
/// hall's open ones, a user's), `part` those and the filters: the
/// conditions both parts share.
pub async fn page(
    connection: &mut AnyConnection,
    listing: Listing,
    filter: &HallFilter,
    terms: &[String],
    base: &(dyn Fn(&mut Sql) + Sync),
    part: &(dyn Fn(&mut Sql) + Sync),
) -> Result<Vec<CardRow>, sqlx::Error> {
    let (backend, limit) = (listing.backend, listing.limit);
    let nicknames = nicknames(&mut *connection, terms).await?;
    let mut rows = Vec::new();
    if filter.after.is_none_or(|after| after.rank == 0) {
        let queries = fts_queries(&mut *connection, backend, title_queries(terms)).await?;
        let title = title_part(backend, filter, terms, &queries, part, limit);
        rows = fetch(&mut *connection, title).await?;
    }
    let wanted = limit - i64::try_from(rows.len()).unwrap_or(limit);
    if wanted <= 0 {
        return Ok(rows);
    }
    let text = TextPart {
        backend,
        filter,
        terms,
        nicknames: &nicknames,
        part,
        limit: wanted,
    };
    if listing.walk_window > 0 && walk::walks(backend, terms) {
        let after = filter.after.filter(|after| after.rank == 1);
        let window = listing.walk_window;
        let floor = walk::floor(&mut *connection, filter.sort, after, base, window).await?;
        let walked = fetch(&mut *connection, text.walked(floor)).await?;
        // A full page, or a window that held every order: the answer.
        if floor.is_none() || walked.len() == rows_of(wanted) {
            rows.extend(walked);
            return Ok(rows);
        }
    }
    let queries = fts_queries(&mut *connection, backend, text_queries(terms, &nicknames)).await?;
    rows.extend(fetch(&mut *connection, text.indexed(&queries)).await?);
    Ok(rows)
}

/// SQLite's FTS5 `queries`, the rarest chosen to drive its statement
/// (`hall_search_fts`); none on PostgreSQL.
async fn fts_queries(
    connection: &mut AnyConnection,
    backend: Backend,
    mut queries: Vec<FtsQuery>,
) -> Result<Vec<FtsQuery>, sqlx::Error> {
    if backend != Backend::Sqlite {
        return Ok(Vec::new());
    }
    choose_driver(connection, &mut queries).await?;
    Ok(queries)
}

fn rows_of(limit: i64) -> usize {
    usize::try_from(limit).unwrap_or(0)
}

/// Runs a searched statement. It is planned for its own terms each time:
/// with a kept statement PostgreSQL soon switches to one generic plan,
/// blind to how many orders each pattern selects (measured: 32 ms instead
/// of 0.4 ms for a two-word search in one category).
async fn fetch(connection: &mut AnyConnection, sql: Sql) -> Result<Vec<CardRow>, sqlx::Error> {
    let (text, arguments) = sql.into_parts();
    sqlx::query_as_with(&text, arguments)
        .persistent(false)
        .fetch_all(connection)
        .await
}

/// The title matches after the cursor, in the hall's order.
fn title_part(
    backend: Backend,
    filter: &HallFilter,
    terms: &[String],
    queries: &[FtsQuery],
    part: &(dyn Fn(&mut Sql) + Sync),
    limit: i64,
) -> Sql {
    let mut sql = Sql::new(CARD_COLUMNS);
    sql.push("CAST(0 AS BIGINT) AS search_rank, o.search_text")
        .push(CARD_FROM);
    part(&mut sql);
    push_in_title(&mut sql, backend, terms, queries);
    push_order(&mut sql, filter.sort, filter.after, limit);
    sql
}

/// The matches whose title does not hold every term.
struct TextPart<'a> {
    backend: Backend,
    filter: &'a HallFilter,
    terms: &'a [String],
    nicknames: &'a [Nicknames],
    part: &'a (dyn Fn(&mut Sql) + Sync),
    limit: i64,
}

impl TextPart<'_> {
    /// Found through the indexes (on SQLite: `queries` and per-term sets).
    fn indexed(&self, queries: &[FtsQuery]) -> Sql {
        self.statement(|sql| push_terms(sql, self.backend, self.terms, self.nicknames, queries))
    }

    /// Found by testing each order of the window up to `floor`.
    fn walked(&self, floor: Option<walk::Floor>) -> Sql {
        self.statement(|sql| {
            walk::push_window(sql, self.filter.sort, floor);
            walk::push_terms(sql, self.backend, self.terms, self.nicknames);
        })
    }

    fn statement(&self, push_match: impl FnOnce(&mut Sql)) -> Sql {
        let mut sql = Sql::new(CARD_COLUMNS);
        sql.push("CAST(1 AS BIGINT) AS search_rank, o.search_text")
            .push(CARD_FROM);
        (self.part)(&mut sql);
        push_match(&mut sql);
        sql.push(" AND NOT (");
        push_all_like(&mut sql, self.terms);
        sql.push(")");
        let after = self.filter.after.filter(|after| after.rank == 1);
        push_order(&mut sql, self.filter.sort, after, self.limit);
        sql
    }
}
