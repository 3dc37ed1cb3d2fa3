//! How each search term is looked up in SQL, by the indexes
//! (`hall_search.rs` says which), for the title part (`push_in_title`) and
//! the text part (`push_terms`) of a searched page; and the publishers
//! whose nickname holds a term, looked up before the statement
//! (`nicknames`).
//!
//! Invariant: terms reach SQL only as bound values, LIKE wildcards escaped
//! (`like_pattern`), FTS5 strings quoted (`fts_string`).

use super::Backend;
use super::hall::like_pattern;
use super::hall_search_fts::FtsQuery;
use super::order_grams;
use super::sql::Sql;
use sqlx::AnyConnection;

/// Terms shorter than this have no trigram to look up.
const TRIGRAM_CHARS: usize = 3;

/// `term` as one FTS5 string: in double quotes, inner quotes doubled. The
/// trigram tokenizer then matches it as a substring, whatever it contains.
pub fn fts_string(term: &str) -> String {
    format!("\"{}\"", term.replace('"', "\"\""))
}

/// `o.title_folded LIKE t1 AND ...`: the title holds every term.
pub(super) fn push_all_like(sql: &mut Sql, terms: &[String]) {
    for (index, term) in terms.iter().enumerate() {
        if index > 0 {
            sql.push(" AND ");
        }
        sql.push("o.title_folded LIKE ")
            .bind(like_pattern(term))
            .push(" ESCAPE '\\'");
    }
}

/// How a term is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lookup {
    /// Three or more characters: the trigram index.
    Trigram,
    /// One or two: the gram index.
    Gram,
    /// One or two, one of them left out of the gram index: LIKE per row.
    Scan,
}

fn lookup(term: &str) -> Lookup {
    if has_trigram(term) {
        Lookup::Trigram
    } else if order_grams::is_gram_term(term) {
        Lookup::Gram
    } else {
        Lookup::Scan
    }
}

/// The folded title and text as the PostgreSQL indexes see them.
const PG_TEXT: &str = "(o.title_folded || ' ' || lower(o.search_text))";

/// ` AND ...`: the title holds every term. Each indexed term narrows the
/// part to the few orders whose title holds it (few titles hold a word);
/// with only terms no index holds (a quote or a control character in one
/// or two characters) the LIKE reads every order's title. On SQLite the
/// indexes are asked by `queries` (`title_queries`).
pub(super) fn push_in_title(
    sql: &mut Sql,
    backend: Backend,
    terms: &[String],
    queries: &[FtsQuery],
) {
    sql.push(" AND ");
    push_all_like(sql, terms);
    if backend == Backend::Sqlite {
        for query in queries {
            query.push(sql);
        }
        return;
    }
    for term in terms {
        // pg_trgm serves the LIKE above for terms with a trigram.
        if lookup(term) == Lookup::Gram {
            sql.push(" AND search_grams(o.title_folded) @> ARRAY[CAST(")
                .bind(term.clone())
                .push(" AS TEXT)]");
        }
    }
}

/// SQLite: the FTS5 queries of the title part, every indexed term in the
/// title: one on the title-only trigram index, one on the gram index's
/// title column.
pub fn title_queries(terms: &[String]) -> Vec<FtsQuery> {
    let of = |kind: Lookup, part: &dyn Fn(&String) -> String| -> Vec<String> {
        terms
            .iter()
            .filter(|term| lookup(term) == kind)
            .map(part)
            .collect()
    };
    let trigrams = of(Lookup::Trigram, &|term| fts_string(term));
    let grams = of(Lookup::Gram, &|term| {
        format!("title : {}", fts_string(term))
    });
    [
        FtsQuery::joined("orders_title_search", trigrams),
        FtsQuery::joined("orders_grams", grams),
    ]
    .into_iter()
    .flatten()
    .collect()
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
pub(super) fn push_nicknames(sql: &mut Sql, term: &str, publishers: &Nicknames) {
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

/// Whether no publisher's nickname holds `term`.
fn no_nickname(publishers: &Nicknames) -> bool {
    matches!(publishers, Nicknames::Ids(ids) if ids.is_empty())
}

/// Whether SQLite looks `term` up in `text_queries`.
fn is_joined(term: &str, publishers: &Nicknames) -> bool {
    lookup(term) != Lookup::Scan && no_nickname(publishers)
}

/// SQLite: the FTS5 queries of the text part, the indexed terms no
/// nickname holds joined per index (`hall_search_fts`). A term a nickname
/// holds keeps its own set, since an order may match it by its publisher
/// instead.
pub fn text_queries(terms: &[String], nicknames: &[Nicknames]) -> Vec<FtsQuery> {
    [
        ("orders_search", Lookup::Trigram),
        ("orders_grams", Lookup::Gram),
    ]
    .into_iter()
    .filter_map(|(table, kind)| {
        let parts = terms
            .iter()
            .zip(nicknames)
            .filter(|(term, publishers)| lookup(term) == kind && is_joined(term, publishers))
            .map(|(term, _)| fts_string(term))
            .collect();
        FtsQuery::joined(table, parts)
    })
    .collect()
}

/// ` AND (o.title_folded LIKE .. OR <text> LIKE ..`, the parenthesis left
/// open for the caller's nickname condition: `term` tested on the row.
pub(super) fn push_open_row_like(sql: &mut Sql, text: &'static str, term: &str) {
    let pattern = like_pattern(term);
    sql.push(" AND (o.title_folded LIKE ")
        .bind(pattern.clone())
        .push(" ESCAPE '\\' OR ")
        .push(text)
        .push(" LIKE ")
        .bind(pattern)
        .push(" ESCAPE '\\'");
}

/// ` AND ...` for each term: found in the title, the text or the nickname.
pub(super) fn push_terms(
    sql: &mut Sql,
    backend: Backend,
    terms: &[String],
    nicknames: &[Nicknames],
    queries: &[FtsQuery],
) {
    if backend == Backend::Sqlite {
        for query in queries {
            query.push(sql);
        }
    }
    for (term, publishers) in terms.iter().zip(nicknames) {
        if backend == Backend::Sqlite && is_joined(term, publishers) {
            continue;
        }
        let pattern = like_pattern(term);
        match (backend, lookup(term)) {
            (Backend::Sqlite, Lookup::Scan) => {
                // No index holds it: LIKE on the row's own columns.
                push_open_row_like(sql, "o.search_text", term);
            }
            (Backend::Sqlite, lookup) => {
                // The `+` keeps SQLite from reading the orders by this set
                // and sorting them all: it walks the hall's sort index,
                // tests each order against the set and stops at a page
                // (measured at 100,000 orders: 3 ms instead of 17 ms for a
                // word in one order of sixteen; a word in none reads the
                // whole index, about 14 ms).
                let table = if lookup == Lookup::Gram {
                    "orders_grams"
                } else {
                    "orders_search"
                };
                sql.push(" AND (+o.id IN (SELECT rowid FROM ")
                    .push(table)
                    .push(" WHERE ")
                    .push(table)
                    .push(" MATCH ")
                    .bind(fts_string(term))
                    .push(")");
            }
            (Backend::Postgres, Lookup::Gram) => {
                // The cheap LIKE first: walking the sort index, the planner
                // then cuts the text into grams only for rows that match.
                sql.push(" AND ((")
                    .push(PG_TEXT)
                    .push(" LIKE ")
                    .bind(pattern)
                    .push(" ESCAPE '\\' AND search_grams")
                    .push(PG_TEXT)
                    .push(" @> ARRAY[CAST(")
                    .bind(term.clone())
                    .push(" AS TEXT)])");
            }
            (Backend::Postgres, _) => {
                // The trigram index's expression (a term without a trigram
                // makes the planner read the orders instead).
                sql.push(" AND (")
                    .push(PG_TEXT)
                    .push(" LIKE ")
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
