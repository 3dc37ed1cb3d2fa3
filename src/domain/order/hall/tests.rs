use super::*;

/// Decodes what `to_query` produced, as a browser's URL parser would.
fn decode_query(query: &str) -> Vec<(String, String)> {
    let unescape = |value: &str| {
        let bytes = value.as_bytes();
        let mut out = Vec::new();
        let mut index = 0;
        while index < bytes.len() {
            if bytes[index] == b'%' {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("hex digit"));
                index += 3;
            } else {
                out.push(bytes[index]);
                index += 1;
            }
        }
        String::from_utf8(out).expect("utf-8")
    };
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').expect("pair");
            (unescape(name), unescape(value))
        })
        .collect()
}

fn round_trip(filter: &HallFilter) -> HallFilter {
    let pairs = decode_query(&filter.to_query());
    HallFilter::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
}

#[test]
fn a_filter_survives_the_url_with_any_search_characters() {
    let filter = HallFilter {
        categories: vec![3, 1],
        deadline: vec![DeadlineBucket::Negotiable, DeadlineBucket::Under7],
        published: vec![PublishedBucket::Week],
        reward: vec![RewardBucket::From1000To3000],
        search: "a-b/c+d;e@f%g_h'i 中文 & = ?".into(),
        sort: HallSort::Reward,
        after: Some(HallCursor {
            rank: 1,
            key: 120_000,
            id: 42,
        }),
    };
    assert_eq!(round_trip(&filter), filter);
    assert_eq!(HallFilter::default().to_query(), "");
    assert_eq!(round_trip(&HallFilter::default()), HallFilter::default());
}

#[test]
fn unknown_repeated_and_hostile_values_are_ignored() {
    let filter = HallFilter::from_pairs([
        ("c", "2"),
        ("c", "2"),
        ("c", "-1"),
        ("c", "x"),
        ("d", "soon"),
        ("r", "negotiable"),
        ("r", "negotiable"),
        ("sort", "price; DROP TABLE"),
        ("after", "nonsense"),
        ("utm", "1"),
    ]);
    assert_eq!(filter.categories, vec![2]);
    assert!(filter.deadline.is_empty());
    assert_eq!(filter.reward, vec![RewardBucket::Negotiable]);
    assert_eq!(filter.sort, HallSort::Newest);
    assert_eq!(filter.after, None);
}

#[test]
fn search_text_is_trimmed_and_bounded() {
    let long = "x".repeat(SEARCH_MAX + 10);
    let filter = HallFilter::from_pairs([("q", long.as_str())]);
    assert_eq!(filter.search.len(), SEARCH_MAX);
    assert!(filter.is_filtered());
    assert!(!HallFilter::from_pairs([("q", "   ")]).is_filtered());
}

#[test]
fn reward_buckets_are_disjoint_and_cover_every_positive_amount() {
    let scale = 100;
    for major in [1, 999, 1000, 2999, 3000, 4999, 5000, 1_000_000] {
        for minor in [major * scale - 1, major * scale] {
            let matching = RewardBucket::ALL
                .iter()
                .filter_map(|bucket| bucket.minor(scale))
                .filter(|(low, high)| {
                    low.is_none_or(|low| minor >= low) && high.is_none_or(|high| minor <= high)
                })
                .count();
            assert_eq!(matching, 1, "{minor} minor units");
        }
    }
}

#[test]
fn deadline_buckets_are_disjoint_and_cover_every_day() {
    let today = 20_782;
    for day in today - 3..today + 60 {
        let matching = DeadlineBucket::ALL
            .iter()
            .filter_map(|bucket| bucket.days(today))
            .filter(|(low, high)| {
                low.is_none_or(|low| day >= low) && high.is_none_or(|high| day <= high)
            })
            .count();
        assert_eq!(matching, 1, "day {day}");
    }
    assert_eq!(DeadlineBucket::Negotiable.days(today), None);
}

#[test]
fn publication_buckets_nest_and_older_starts_where_the_month_ends() {
    let today = 20_782;
    let (today_start, _) = PublishedBucket::Today.millis(today);
    let (week_start, _) = PublishedBucket::Week.millis(today);
    let (month_start, _) = PublishedBucket::Month.millis(today);
    let (_, older_end) = PublishedBucket::Older.millis(today);
    assert!(month_start < week_start && week_start < today_start);
    assert_eq!(older_end.map(|end| end + 1), month_start);
}

#[test]
fn cursors_round_trip() {
    let cursor = HallCursor {
        rank: 0,
        key: -1,
        id: 9,
    };
    assert_eq!(HallCursor::decode(&cursor.encode()), Some(cursor));
    assert_eq!(cursor.encode(), "-1_9", "rank 0 keeps the old form");
    let ranked = HallCursor {
        rank: 1,
        key: 5,
        id: 2,
    };
    assert_eq!(HallCursor::decode(&ranked.encode()), Some(ranked));
    assert_eq!(HallCursor::decode("1_"), None);
    assert_eq!(
        HallCursor::decode("2_5_2"),
        None,
        "no rank past the largest"
    );
    assert_eq!(HallCursor::decode("1_2_3_4"), None);
}
