//! Statements whose shape depends on input (the hall's optional filters, id
//! lists), built from fixed fragments and numbered placeholders.
//!
//! Why not sqlx's `QueryBuilder`: through the `Any` driver it writes `?`
//! placeholders, which PostgreSQL refuses; `$n` works on both backends.
//! Invariant: only `&'static str` fragments become SQL text, so user input
//! can reach the database only as a bound value.

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

    /// Appends `(p1, p2, ...)` bound to `values`; `(NULL)` when empty, which
    /// matches nothing in an `IN`.
    pub fn bind_list<T>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Sql
    where
        T: 'static + Send + Encode<'static, Any> + Type<Any>,
    {
        self.text.push('(');
        let mut any = false;
        for value in values {
            if any {
                self.text.push_str(", ");
            }
            self.bind(value);
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
    fn an_empty_list_matches_nothing() {
        let mut sql = Sql::new("x IN ");
        sql.bind_list(Vec::<i64>::new());
        assert_eq!(sql.text(), "x IN (NULL)");
    }
}
