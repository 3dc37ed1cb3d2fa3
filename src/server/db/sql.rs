//! Statements whose shape depends on input (the hall's optional filters, id
//! lists), built from fixed fragments and numbered placeholders.
//!
//! Why not sqlx's `QueryBuilder`: through the `Any` driver it writes `?`
//! placeholders, which PostgreSQL refuses; `$n` works on both backends.
//! Invariant: only `&'static str` fragments and integers (`number`, written
//! by Rust from an `i64`, so they carry no SQL) become SQL text; user text
//! reaches the database only as a bound value.

use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments, Encode, Type};

/// A statement being assembled.
#[derive(Default)]
pub struct Sql {
    text: String,
    arguments: AnyArguments<'static>,
    count: usize,
}

impl Sql {
    pub fn new(fragment: &'static str) -> Sql {
        Sql {
            text: fragment.to_owned(),
            ..Sql::default()
        }
    }

    /// Appends fixed SQL text.
    pub fn push(&mut self, fragment: &'static str) -> &mut Sql {
        self.text.push_str(fragment);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn bind<T>(&mut self, value: T) -> &mut Sql
    where
        T: 'static + Send + Encode<'static, Any> + Type<Any>,
    {
        self.count += 1;
        self.text.push('$');
        self.text.push_str(&self.count.to_string());
        // Encoding an owned scalar into the Any buffer cannot fail; if it
        // did, the statement would fail on a missing argument instead.
        let _ = self.arguments.add(value);
        self
    }

    /// Appends `value` as a literal. For the hall's filter values: SQLite
    /// (built with STAT4) plans a range or `IN` over a bound value for that
    /// value and re-prepares the statement whenever it is bound again,
    /// which cost a seventh of the hall's CPU; with literals a filter is
    /// planned once per connection and its statement stays in sqlx's cache
    /// (PostgreSQL likewise keeps one plan for a statement without
    /// parameters).
    pub fn number(&mut self, value: i64) -> &mut Sql {
        self.text.push_str(&value.to_string());
        self
    }

    /// Appends `(n1, n2, ...)` as literals; `(NULL)` when empty, which
    /// matches nothing in an `IN`.
    pub fn number_list(&mut self, values: impl IntoIterator<Item = i64>) -> &mut Sql {
        self.list(values, |sql, value| {
            sql.number(value);
        })
    }

    /// Appends `(p1, p2, ...)` bound to `values`; `(NULL)` when empty, which
    /// matches nothing in an `IN`.
    pub fn bind_list<T>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Sql
    where
        T: 'static + Send + Encode<'static, Any> + Type<Any>,
    {
        self.list(values, |sql, value| {
            sql.bind(value);
        })
    }

    /// `(a, b, ...)` with each value written by `push`, or `(NULL)`.
    fn list<T>(
        &mut self,
        values: impl IntoIterator<Item = T>,
        mut push: impl FnMut(&mut Sql, T),
    ) -> &mut Sql {
        self.text.push('(');
        let mut any = false;
        for value in values {
            if any {
                self.text.push_str(", ");
            }
            push(self, value);
            any = true;
        }
        if !any {
            self.text.push_str("NULL");
        }
        self.text.push(')');
        self
    }

    /// The text and arguments, for `sqlx::query_with` and friends.
    pub fn into_parts(self) -> (String, AnyArguments<'static>) {
        (self.text, self.arguments)
    }

    #[cfg(test)]
    fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order() {
        let mut sql = Sql::new("SELECT 1 WHERE a = ");
        sql.bind(1_i64).push(" AND b IN ").bind_list(vec![2_i64, 3]);
        assert_eq!(sql.text(), "SELECT 1 WHERE a = $1 AND b IN ($2, $3)");
    }

    #[test]
    fn numbers_are_written_as_literals() {
        let mut sql = Sql::new("x >= ");
        sql.number(-5).push(" AND y IN ").number_list([7, 9]);
        sql.push(" AND z IN ").number_list([]);
        assert_eq!(sql.text(), "x >= -5 AND y IN (7, 9) AND z IN (NULL)");
    }

    #[test]
    fn an_empty_list_matches_nothing() {
        let mut sql = Sql::new("x IN ");
        sql.bind_list(Vec::<i64>::new());
        assert_eq!(sql.text(), "x IN (NULL)");
    }
}
