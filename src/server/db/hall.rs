//! The hall query and the lists built like it: one statement for the cards
//! of a page (a searched page: a few, `hall_search.rs`) and one for their
//! thumbnails, whatever the page size.
//!
//! Invariant: user text (the search) is bound inside fixed SQL fragments
//! (see `sql.rs`), matched literally, its `%`, `_` and `\` escaped, so any
//! characters a user types find themselves. The other filters are integers
//! (category ids, days, times, minor units) written as literals, so a
//! popular filter's statement is planned once per connection and reused
//! (`Sql::number` says why); the keyset cursor stays bound, since each page
//! has its own.

use super::Backend;
use super::hall_keyset::push_order;
use super::hall_search;
use super::sql::Sql;
use crate::domain::order::hall::{HallFilter, Range};
use crate::domain::order::search;
use crate::domain::order::{MyOrdersFilter, MySide};
use sqlx::AnyConnection;

/// One card's columns.
#[derive(Debug, sqlx::FromRow)]
pub struct CardRow {
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    pub state: String,
    pub category_en: String,
    pub category_zh: String,
    pub reward_minor: Option<i64>,
    pub deadline_day: Option<i64>,
    pub publisher_id: i64,
    pub publisher_nickname: String,
    pub publisher_avatar: Option<String>,
    pub attachment_count: i64,
    pub created_at: i64,
    pub sort_reward: i64,
    pub funded_at: Option<i64>,
    /// 0: the title holds every search term (or no search); 1: otherwise.
    pub search_rank: i64,
    /// The order's plain text when searching (for a snippet), else empty.
    pub search_text: String,
}

pub(super) const CARD_COLUMNS: &str = "SELECT o.id, o.title, o.excerpt, o.state, \
     c.name_en AS category_en, c.name_zh AS category_zh, o.reward_minor, o.deadline_day, \
     o.publisher_id, u.nickname AS publisher_nickname, u.avatar_key AS publisher_avatar, \
     o.attachment_count, o.created_at, o.sort_reward, o.funded_at, ";

pub(super) const CARD_FROM: &str = " FROM orders o JOIN users u ON u.id = o.publisher_id \
     JOIN categories c ON c.id = o.category_id WHERE ";

/// `%text%` for LIKE, with the wildcard characters of `text` escaped.
pub fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// `(column >= low AND column <= high)` for the ends that are set.
fn push_range(sql: &mut Sql, column: &'static str, (low, high): Range) {
    sql.push("(");
    let mut any = false;
    if let Some(low) = low {
        sql.push(column).push(" >= ").number(low);
        any = true;
    }
    if let Some(high) = high {
        if any {
            sql.push(" AND ");
        }
        sql.push(column).push(" <= ").number(high);
        any = true;
    }
    if !any {
        sql.push("1 = 1");
    }
    sql.push(")");
}

/// ` AND (a OR b OR ...)` over the non-empty alternatives.
fn push_any_of<T: Copy>(sql: &mut Sql, items: &[T], mut one: impl FnMut(&mut Sql, T)) {
    if items.is_empty() {
        return;
    }
    sql.push(" AND (");
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            sql.push(" OR ");
        }
        one(sql, *item);
    }
    sql.push(")");
}

/// The filters shared by the hall and the personal lists.
pub fn push_filters(sql: &mut Sql, filter: &HallFilter, today: i64, scale: i64) {
    if !filter.categories.is_empty() {
        sql.push(" AND o.category_id IN ")
            .number_list(filter.categories.iter().copied());
    }
    push_any_of(sql, &filter.deadline, |sql, bucket| {
        match bucket.days(today) {
            None => {
                sql.push("o.deadline_day IS NULL");
            }
            Some(range) => push_range(sql, "o.deadline_day", range),
        }
    });
    push_any_of(sql, &filter.published, |sql, bucket| {
        push_range(sql, "o.created_at", bucket.millis(today));
    });
    push_any_of(sql, &filter.reward, |sql, bucket| {
        match bucket.minor(scale) {
            None => {
                sql.push("o.reward_minor IS NULL");
            }
            Some(range) => push_range(sql, "o.reward_minor", range),
        }
    });
}

/// What the statements of a page need beside its filter.
#[derive(Debug, Clone, Copy)]
pub struct Listing {
    pub backend: Backend,
    /// Today's day number (deadline and publication buckets count from it).
    pub today: i64,
    /// Minor units per unit of the currency (reward buckets).
    pub scale: i64,
    /// Cards to fetch.
    pub limit: i64,
    /// Orders a search tests by walking before it asks the full-text
    /// indexes (`hall_search_walk`); 0: the indexes at once.
    pub walk_window: i64,
}

/// The cards of a page: `base` selects whose orders (the hall's open ones,
/// or a user's), `filter` narrows and orders them.
async fn cards(
    connection: &mut AnyConnection,
    listing: Listing,
    filter: &HallFilter,
    base: &(dyn Fn(&mut Sql) + Sync),
) -> Result<Vec<CardRow>, sqlx::Error> {
    let terms = search::terms(&filter.search);
    if terms.is_empty() {
        let (text, arguments) = plain_sql(filter, base, listing).into_parts();
        return sqlx::query_as_with(&text, arguments)
            .fetch_all(connection)
            .await;
    }
    let part = |sql: &mut Sql| {
        base(sql);
        push_filters(sql, filter, listing.today, listing.scale);
    };
    hall_search::page(connection, listing, filter, &terms, base, &part).await
}

/// An unsearched page: one walk of the sort index.
fn plain_sql(filter: &HallFilter, base: &(dyn Fn(&mut Sql) + Sync), listing: Listing) -> Sql {
    let mut sql = Sql::new(CARD_COLUMNS);
    sql.push("CAST(0 AS BIGINT) AS search_rank, '' AS search_text")
        .push(CARD_FROM);
    base(&mut sql);
    push_filters(&mut sql, filter, listing.today, listing.scale);
    push_order(&mut sql, filter.sort, filter.after, listing.limit);
    sql
}

/// Open orders matching `filter`, at most `listing.limit`.
pub async fn open_cards(
    connection: &mut AnyConnection,
    listing: Listing,
    filter: &HallFilter,
) -> Result<Vec<CardRow>, sqlx::Error> {
    let base = |sql: &mut Sql| {
        sql.push("o.state = 'open'");
    };
    cards(connection, listing, filter, &base).await
}

/// The orders `user_id` published or took, matching `filter`.
pub async fn own_cards(
    connection: &mut AnyConnection,
    listing: Listing,
    user_id: i64,
    filter: &MyOrdersFilter,
) -> Result<Vec<CardRow>, sqlx::Error> {
    let states: Vec<String> = filter
        .states
        .iter()
        .map(|state| state.as_str().to_owned())
        .collect();
    let base = |sql: &mut Sql| {
        match filter.side {
            MySide::Published => sql.push("o.publisher_id = ").bind(user_id),
            MySide::Taken => sql.push("o.taker_id = ").bind(user_id),
        };
        if !states.is_empty() {
            sql.push(" AND o.state IN ").bind_list(states.clone());
        }
    };
    cards(connection, listing, &filter.hall, &base).await
}

/// Thumbnail file ids of these orders' attachments, in position order.
pub async fn thumbnails(
    connection: &mut AnyConnection,
    order_ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql =
        Sql::new("SELECT order_id, id FROM files WHERE has_thumbnail = 1 AND order_id IN ");
    sql.bind_list(order_ids.to_vec())
        .push(" ORDER BY order_id, position");
    let (text, arguments) = sql.into_parts();
    sqlx::query_as_with(&text, arguments)
        .fetch_all(connection)
        .await
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn wildcards_in_search_text_are_escaped() {
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
        assert_eq!(like_pattern("Ab'-/+;@"), "%ab'-/+;@%");
    }
}
