//! The gram index: every distinct one- and two-character piece of an
//! order's folded title and text, so a search term of one or two characters
//! (翻译, 设计, "ui", "c#": most Chinese words are two characters) is looked
//! up instead of read off every order. Trigrams (`orders_search`,
//! `orders_search_trgm`) serve terms of three or more characters.
//!
//! PostgreSQL computes the grams itself: GIN indexes over the SQL function
//! `search_grams` (migration 20261207000023), kept by PostgreSQL as the
//! rows change; nothing here runs there.
//!
//! SQLite cannot compute them in SQL (no table functions in triggers), so
//! this module writes them: a contentless FTS5 table `orders_grams`
//! (columns `title`, `body`) holds only the index, one space-separated
//! token per gram (the `ascii` tokenizer with every printable ASCII
//! character but the quotes as a token character). `orders::insert` and
//! `orders::update_open` index the order in their own transaction;
//! triggers delete a deleted or edited order's grams and queue its id in
//! `orders_grams_backlog`, which `drain` empties (at start-up after the
//! migrations, and after a bulk load such as the hall bench's seeding), so
//! an order written by any other path is found again once drained.
//!
//! Invariant: an order's grams in `orders_grams` are exactly `grams` of its
//! current `title_folded` and lower-cased `search_text`, or the order is in
//! the backlog; a term is looked up here only if `is_gram_term` (its
//! characters are ones `grams` keeps), so a lookup misses nothing.

use sqlx::AnyConnection;
use std::collections::HashSet;

/// Terms of at most this many characters are looked up as grams.
pub const GRAM_CHARS: usize = 2;

/// Whether `c` can be in a gram: not a space or control character (terms
/// never hold spaces; the tokenizer splits on them) and not a quote (kept
/// out of the tokenizer's option string).
fn is_gram_char(c: char) -> bool {
    !c.is_whitespace() && !c.is_control() && c != '"' && c != '\''
}

/// Whether the lower-cased search term `term` is looked up in the gram
/// index: one or two characters, each one `grams` keeps.
pub fn is_gram_term(term: &str) -> bool {
    let count = term.chars().count();
    (1..=GRAM_CHARS).contains(&count) && term.chars().all(is_gram_char)
}

/// The distinct one- and two-character pieces of `text` (already
/// lower-cased) made only of gram characters, space-separated, in the
/// order first seen.
pub fn grams(text: &str) -> String {
    let mut seen = HashSet::new();
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if !is_gram_char(c) {
            previous = None;
            continue;
        }
        let mut push = |gram: String| {
            if seen.insert(gram.clone()) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&gram);
            }
        };
        push(c.to_string());
        if let Some(before) = previous {
            push([before, c].iter().collect());
        }
        previous = Some(c);
    }
    out
}

fn is_sqlite(connection: &AnyConnection) -> bool {
    connection.backend_name() == "SQLite"
}

/// Writes the grams of order `id`, whose row the caller has just written
/// in this transaction with `title_folded` and `search_text`, and takes it
/// off the backlog. Nothing on PostgreSQL.
pub async fn index_order(
    connection: &mut AnyConnection,
    id: i64,
    title_folded: &str,
    search_text: &str,
) -> Result<(), sqlx::Error> {
    if !is_sqlite(connection) {
        return Ok(());
    }
    write(connection, id, Some((title_folded, search_text))).await
}

/// Replaces order `id`'s grams with those of `row` (none if it is gone).
async fn write(
    connection: &mut AnyConnection,
    id: i64,
    row: Option<(&str, &str)>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM orders_grams WHERE rowid = $1")
        .bind(id)
        .execute(&mut *connection)
        .await?;
    if let Some((title_folded, search_text)) = row {
        sqlx::query("INSERT INTO orders_grams (rowid, title, body) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(grams(title_folded))
            .bind(grams(&search_text.to_lowercase()))
            .execute(&mut *connection)
            .await?;
    }
    sqlx::query("DELETE FROM orders_grams_backlog WHERE order_id = $1")
        .bind(id)
        .execute(&mut *connection)
        .await?;
    Ok(())
}

/// Orders indexed per transaction while draining.
const DRAIN_BATCH: i64 = 500;

/// Indexes every order in the backlog, a batch per transaction; returns
/// how many. Nothing on PostgreSQL.
pub async fn drain(db: &super::Db) -> Result<u64, sqlx::Error> {
    if db.backend() != super::Backend::Sqlite {
        return Ok(0);
    }
    let mut done = 0;
    loop {
        let mut tx = db.begin_write().await?;
        let batch: Vec<(i64, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT b.order_id, o.title_folded, o.search_text FROM orders_grams_backlog b \
             LEFT JOIN orders o ON o.id = b.order_id ORDER BY b.order_id LIMIT $1",
        )
        .bind(DRAIN_BATCH)
        .fetch_all(&mut *tx)
        .await?;
        if batch.is_empty() {
            return Ok(done);
        }
        for (id, title_folded, search_text) in batch {
            let row = title_folded.as_deref().zip(search_text.as_deref());
            write(&mut tx, id, row).await?;
            done += 1;
        }
        tx.commit().await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_are_every_distinct_piece_of_one_and_two_characters() {
        assert_eq!(grams("翻译翻译"), "翻 译 翻译 译翻");
        assert_eq!(grams("ui kit"), "u i ui k ki t it");
    }

    #[test]
    fn spaces_controls_and_quotes_split_grams() {
        assert_eq!(grams("a b"), "a b");
        assert_eq!(grams("a\"b"), "a b");
        assert_eq!(grams("c#"), "c # c#");
        assert_eq!(grams("x\u{3000}y"), "x y");
    }

    #[test]
    fn gram_terms_are_short_and_made_of_gram_characters() {
        assert!(is_gram_term("翻译"));
        assert!(is_gram_term("c#"));
        assert!(is_gram_term("u"));
        assert!(!is_gram_term("数据分析"));
        assert!(!is_gram_term("a'"));
        assert!(!is_gram_term(""));
    }
}
