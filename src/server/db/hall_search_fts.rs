//! SQLite's full-text lookups of a searched page: the indexed terms joined
//! with AND into one FTS5 query per index, so FTS5 intersects their lists
//! itself (a two-word search had built a set of 6,250 and one of 12,500
//! orders), and for each query whether the statement is driven by its
//! matches or walks the hall's sort index testing each order against them.
//!
//! Why both: a statement driven by a set reads, joins and sorts every
//! order in it (about 3 us each: 2.9 ms for a word in 1,031 titles of
//! 100,000 orders), while a walk of the sort index spends about 0.1 us on
//! each order it passes and stops at a page, but passes every order when
//! few match (10 ms for a word in none). Which is cheaper depends on how
//! many match, so a probe counts each query's matches up to `DRIVE_BELOW`
//! first (0.05 ms), and the rarest query under it drives.
//!
//! Invariant: a query is one FTS5 string per term (`fts_string`), so
//! nothing a user types is FTS5 syntax; the choice changes the plan, never
//! the rows.

use super::sql::Sql;
use sqlx::AnyConnection;

/// Matches below which a query drives the statement: where reading them
/// all (3 us each) costs less than walking to a page among 100,000 orders
/// (13 cards at 0.1 us per order passed: 130 ms divided by the matches).
const DRIVE_BELOW: i64 = 300;

/// One FTS5 query on one index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FtsQuery {
    table: &'static str,
    query: String,
    drive: bool,
}

impl FtsQuery {
    /// A query of `parts` (FTS5 strings, each maybe behind a column filter)
    /// joined with AND on `table`, if there are any.
    pub fn joined(table: &'static str, parts: Vec<String>) -> Option<FtsQuery> {
        (!parts.is_empty()).then(|| FtsQuery {
            table,
            query: parts.join(" AND "),
            drive: false,
        })
    }

    /// ` AND o.id IN (...)`. The `+` on a query that does not drive keeps
    /// SQLite from reading the orders by its set: it walks the sort index
    /// and tests each order against the set instead.
    pub fn push(&self, sql: &mut Sql) {
        sql.push(if self.drive {
            " AND o.id IN (SELECT rowid FROM "
        } else {
            " AND +o.id IN (SELECT rowid FROM "
        })
        .push(self.table)
        .push(" WHERE ")
        .push(self.table)
        .push(" MATCH ")
        .bind(self.query.clone())
        .push(")");
    }

    async fn matches_up_to_drive(
        &self,
        connection: &mut AnyConnection,
    ) -> Result<i64, sqlx::Error> {
        let mut sql = Sql::new("SELECT count(*) FROM (SELECT 1 FROM ");
        sql.push(self.table)
            .push(" WHERE ")
            .push(self.table)
            .push(" MATCH ")
            .bind(self.query.clone())
            .push(" LIMIT ")
            .number(DRIVE_BELOW)
            .push(") probe");
        let (text, arguments) = sql.into_parts();
        sqlx::query_scalar_with(&text, arguments)
            .persistent(false)
            .fetch_one(connection)
            .await
    }
}

/// Marks the query with the fewest matches as the driver, if it has fewer
/// than `DRIVE_BELOW`; the others are tested per order.
pub async fn choose_driver(
    connection: &mut AnyConnection,
    queries: &mut [FtsQuery],
) -> Result<(), sqlx::Error> {
    let mut rarest: Option<(usize, i64)> = None;
    for (index, query) in queries.iter().enumerate() {
        let matches = query.matches_up_to_drive(&mut *connection).await?;
        if matches < DRIVE_BELOW && rarest.is_none_or(|(_, fewest)| matches < fewest) {
            rarest = Some((index, matches));
        }
    }
    for (index, query) in queries.iter_mut().enumerate() {
        query.drive = rarest.is_some_and(|(driver, _)| driver == index);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_parts_no_query_and_parts_join_with_and() {
        assert_eq!(FtsQuery::joined("orders_search", Vec::new()), None);
        let query = FtsQuery::joined("orders_search", vec!["\"a\"".into(), "\"b\"".into()]);
        assert_eq!(query.map(|q| q.query), Some("\"a\" AND \"b\"".to_owned()));
    }

    #[test]
    fn only_a_driving_query_leaves_its_set_open_to_the_planner() {
        let mut query = FtsQuery::joined("orders_grams", vec!["\"ui\"".into()]).expect("query");
        let pushed = |query: &FtsQuery| {
            let mut sql = Sql::new("SELECT 1 FROM orders o WHERE 1 = 1");
            query.push(&mut sql);
            sql.into_parts().0
        };
        assert!(pushed(&query).contains(" AND +o.id IN (SELECT rowid FROM orders_grams WHERE"));
        query.drive = true;
        assert!(pushed(&query).contains(" AND o.id IN (SELECT rowid FROM orders_grams WHERE"));
    }
}
