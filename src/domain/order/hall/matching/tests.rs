use super::*;
use crate::domain::calendar::DAY_MS;

const SCALE: i64 = 100;
/// Noon of day 20,000 (UTC).
const NOW: i64 = 20_000 * DAY_MS + DAY_MS / 2;

fn order() -> NewOrder<'static> {
    NewOrder {
        category_id: 2,
        reward_minor: Some(1_500 * SCALE),
        deadline_day: Some(20_010),
        published_ms: NOW,
        title: "Logo for a Tea Shop",
        text: "需要一个茶馆的标志 with a dragon, vector format",
        publisher_nickname: "MingLi",
    }
}

fn filter(query: &[(&str, &str)]) -> HallFilter {
    HallFilter::from_pairs(query.iter().copied())
}

#[test]
fn an_empty_filter_matches_every_order() {
    assert!(matches(&HallFilter::default(), &order(), SCALE));
}

#[test]
fn categories_widen_each_other_and_exclude_the_rest() {
    assert!(matches(&filter(&[("c", "1"), ("c", "2")]), &order(), SCALE));
    assert!(!matches(
        &filter(&[("c", "1"), ("c", "3")]),
        &order(),
        SCALE
    ));
}

#[test]
fn reward_buckets_match_their_range_and_negotiable_only_negotiable() {
    assert!(matches(&filter(&[("r", "1000-3000")]), &order(), SCALE));
    assert!(!matches(&filter(&[("r", "under1000")]), &order(), SCALE));
    assert!(!matches(&filter(&[("r", "negotiable")]), &order(), SCALE));
    let negotiable = NewOrder {
        reward_minor: None,
        ..order()
    };
    assert!(matches(&filter(&[("r", "negotiable")]), &negotiable, SCALE));
    assert!(!matches(&filter(&[("r", "over5000")]), &negotiable, SCALE));
    let edge = NewOrder {
        reward_minor: Some(3_000 * SCALE),
        ..order()
    };
    assert!(matches(&filter(&[("r", "3000-5000")]), &edge, SCALE));
    assert!(!matches(&filter(&[("r", "1000-3000")]), &edge, SCALE));
}

#[test]
fn deadline_buckets_count_days_from_the_publication_day() {
    // Ten days left.
    assert!(matches(&filter(&[("d", "7-15")]), &order(), SCALE));
    assert!(!matches(&filter(&[("d", "under7")]), &order(), SCALE));
    assert!(!matches(&filter(&[("d", "negotiable")]), &order(), SCALE));
    let open_ended = NewOrder {
        deadline_day: None,
        ..order()
    };
    assert!(matches(&filter(&[("d", "negotiable")]), &open_ended, SCALE));
    assert!(!matches(&filter(&[("d", "over30")]), &open_ended, SCALE));
}

#[test]
fn a_new_order_is_published_today_never_older() {
    assert!(matches(&filter(&[("p", "today")]), &order(), SCALE));
    assert!(matches(&filter(&[("p", "7d")]), &order(), SCALE));
    assert!(!matches(&filter(&[("p", "older")]), &order(), SCALE));
}

#[test]
fn every_search_term_must_occur_in_title_text_or_nickname() {
    assert!(matches(&filter(&[("q", "logo")]), &order(), SCALE));
    assert!(matches(&filter(&[("q", "TEA dragon")]), &order(), SCALE));
    assert!(matches(&filter(&[("q", "茶馆")]), &order(), SCALE));
    assert!(matches(&filter(&[("q", "标志 mingli")]), &order(), SCALE));
    assert!(!matches(&filter(&[("q", "logo unicorn")]), &order(), SCALE));
    assert!(!matches(&filter(&[("q", "咖啡")]), &order(), SCALE));
}

#[test]
fn a_term_is_a_substring_not_a_phrase_across_fields() {
    // "shop" is in the title and "dragon" in the text: two terms, both
    // found, though the phrase "shop dragon" occurs nowhere.
    assert!(matches(&filter(&[("q", "shop dragon")]), &order(), SCALE));
    // One term is never stitched from two fields.
    assert!(!matches(&filter(&[("q", "shopmingli")]), &order(), SCALE));
}

#[test]
fn different_filters_narrow_each_other() {
    let both = filter(&[("c", "2"), ("r", "1000-3000"), ("q", "logo")]);
    assert!(matches(&both, &order(), SCALE));
    let wrong_reward = filter(&[("c", "2"), ("r", "over5000"), ("q", "logo")]);
    assert!(!matches(&wrong_reward, &order(), SCALE));
}

#[test]
fn sort_and_cursor_do_not_change_a_match() {
    let sorted = filter(&[("q", "logo"), ("sort", "reward"), ("after", "5_9")]);
    assert!(matches(&sorted, &order(), SCALE));
}

#[test]
fn search_characters_are_matched_literally_never_as_patterns() {
    let sale = NewOrder {
        title: "50%_off banner",
        ..order()
    };
    assert!(matches(&filter(&[("q", "50%_off")]), &sale, SCALE));
    assert!(!matches(&filter(&[("q", "%")]), &order(), SCALE));
    assert!(!matches(
        &filter(&[("q", "'; DROP TABLE orders; --")]),
        &sale,
        SCALE
    ));
}
