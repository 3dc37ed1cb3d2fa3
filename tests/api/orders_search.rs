//! Full-text search in the hall, on both databases: words inside Chinese and
//! English descriptions (short Chinese words without a trigram too), title
//! matches ranked first, paging through a search, the index following edits
//! and deletes, and input that means something to FTS5, LIKE or SQL.

use crate::support::TestApp;
use crate::support::orders::user;
use crate::support::search::{described, found, search_stacks, searching};
use bounty::domain::order::OrderDraft;
use bounty::domain::order::hall::{HallFilter, HallSort, PAGE_SIZE};
use bounty::server::services::orders::{hall, publish};
use bounty::server::state::AppState;

async fn found_sorted(state: &AppState, text: &str) -> Vec<String> {
    let mut titles = found(state, text).await;
    titles.sort();
    titles
}

#[tokio::test]
async fn words_inside_chinese_and_english_descriptions_are_found() {
    for stack in search_stacks().await {
        let state = &stack.state;
        let name = stack.name;
        let alice = user(state, "Alice").await;
        let manual = publish::publish(
            state,
            &alice,
            &described(
                "Translate a manual",
                &[
                    "需要把产品说明书翻译成英文。",
                    "我们还需要整理销售数据，做一份**机器学习**的报告。",
                ],
            ),
        )
        .await
        .expect("publish");
        let logo = publish::publish(
            state,
            &alice,
            &described(
                "Logo design",
                &[
                    "Design a logo for our Coffee Shop. We prefer warm colours.",
                    "Deliver *vector* files.",
                ],
            ),
        )
        .await
        .expect("publish");
        publish::publish(state, &alice, &described("数据清洗", &["Clean a table."]))
            .await
            .expect("publish");

        assert_eq!(
            found(state, "翻译").await,
            vec!["Translate a manual"],
            "{name}: two characters"
        );
        assert_eq!(
            found(state, "机器学习").await,
            vec!["Translate a manual"],
            "{name}: four, in the second block"
        );
        assert_eq!(
            found_sorted(state, "数据").await,
            vec!["Translate a manual", "数据清洗"],
            "{name}"
        );
        assert_eq!(
            found(state, "coffee SHOP").await,
            vec!["Logo design"],
            "{name}: any case, every term"
        );
        assert_eq!(
            found(state, "vector").await,
            vec!["Logo design"],
            "{name}: markup is not text"
        );
        assert!(
            found(state, "coffee 翻译").await.is_empty(),
            "{name}: every term must occur"
        );
        assert!(found(state, "vectors").await.is_empty(), "{name}");

        let page = hall::page(state, &searching("机器学习"))
            .await
            .expect("hall");
        let excerpt = &page.cards[0].excerpt;
        assert!(
            excerpt.contains("机器学习"),
            "{name}: a snippet around the match: {excerpt}"
        );
        let page = hall::page(state, &searching("翻译")).await.expect("hall");
        assert_eq!(
            page.cards[0].excerpt, "需要把产品说明书翻译成英文。",
            "{name}: the excerpt holds it"
        );

        publish::edit(
            state,
            &alice,
            manual,
            &described("Translate a manual", &["只做排版。"]),
        )
        .await
        .expect("edit");
        assert!(
            found(state, "翻译").await.is_empty(),
            "{name}: an edit re-indexes"
        );
        assert!(found(state, "机器学习").await.is_empty(), "{name}");
        assert_eq!(
            found(state, "排版").await,
            vec!["Translate a manual"],
            "{name}"
        );
        publish::delete(state, &alice, logo).await.expect("delete");
        assert!(
            found(state, "coffee").await.is_empty(),
            "{name}: a delete leaves the index"
        );
        assert_eq!(
            found(state, "").await.len(),
            2,
            "{name}: no search, no filter"
        );
        assert_eq!(
            found(state, " \t ").await.len(),
            2,
            "{name}: only whitespace"
        );
    }
}

#[tokio::test]
async fn a_title_match_ranks_above_a_text_match_in_both_sorts() {
    for stack in search_stacks().await {
        let state = &stack.state;
        let name = stack.name;
        let alice = user(state, "Alice").await;
        let in_title = OrderDraft {
            reward: "100".into(),
            ..described("Python scraper", &["Collect prices."])
        };
        publish::publish(state, &alice, &in_title)
            .await
            .expect("publish");
        // Newer and richer: first in both sorts without the rank.
        let in_text = OrderDraft {
            reward: "9000".into(),
            ..described("Price tracker", &["Written in Python, please."])
        };
        publish::publish(state, &alice, &in_text)
            .await
            .expect("publish");
        for sort in [HallSort::Newest, HallSort::Reward] {
            let filter = HallFilter {
                sort,
                ..searching("python")
            };
            let titles: Vec<String> = hall::page(state, &filter)
                .await
                .expect("hall")
                .cards
                .into_iter()
                .map(|card| card.title)
                .collect();
            assert_eq!(
                titles,
                vec!["Python scraper", "Price tracker"],
                "{name}: {sort:?}"
            );
        }
    }
}

#[tokio::test]
async fn paging_through_a_search_returns_each_match_once_title_matches_first() {
    for stack in search_stacks().await {
        let state = &stack.state;
        let name = stack.name;
        // Four publishers: one may publish only so many orders a day.
        let mut publishers = Vec::new();
        for nickname in ["Ann", "Ben", "Cy", "Di"] {
            publishers.push(user(state, nickname).await);
        }
        let mut matching = 0;
        for n in 0..40 {
            let (title, text) = match n % 4 {
                0 => (format!("Needle {n:02}"), "Plain words.".to_owned()),
                1 | 2 => (
                    format!("Order {n:02}"),
                    format!("A 针线 needle inside, {n}."),
                ),
                _ => (format!("Other {n:02}"), "Nothing here.".to_owned()),
            };
            if n % 4 != 3 {
                matching += 1;
            }
            let reward = format!("{}", 100 + (n / 3) * 10);
            let new = OrderDraft {
                reward,
                ..described(&title, &[text.as_str()])
            };
            publish::publish(state, &publishers[n % 4], &new)
                .await
                .expect("publish");
        }
        for (query, expected) in [("needle", matching), ("针线", matching - 10)] {
            for sort in [HallSort::Newest, HallSort::Reward] {
                let mut filter = HallFilter {
                    sort,
                    ..searching(query)
                };
                let mut seen = Vec::new();
                let mut pages = 0;
                loop {
                    let page = hall::page(state, &filter).await.expect("page");
                    assert!(page.cards.len() <= PAGE_SIZE as usize);
                    seen.extend(page.cards.iter().map(|card| card.title.clone()));
                    pages += 1;
                    match page.next {
                        Some(next) => filter.after = Some(next),
                        None => break,
                    }
                }
                let mut unique = seen.clone();
                unique.sort();
                unique.dedup();
                assert_eq!(
                    seen.len(),
                    expected,
                    "{name}: {query} {sort:?} {pages} pages"
                );
                assert_eq!(
                    unique.len(),
                    expected,
                    "{name}: {query} {sort:?} no repeats"
                );
                if query == "needle" {
                    let first_text = seen.iter().position(|t| t.starts_with("Order"));
                    let last_title = seen.iter().rposition(|t| t.starts_with("Needle"));
                    assert!(
                        last_title < first_text,
                        "{name}: {sort:?} title matches first"
                    );
                }
            }
        }
    }
}

/// Characters that are syntax to FTS5 (quotes, `*`, `NEAR(`, `-`, `:`, `^`,
/// column filters, AND/OR/NOT), to LIKE and to SQL: never an error, and an
/// order holding them literally is found by them.
#[tokio::test]
async fn fts_syntax_in_a_search_is_taken_literally_and_never_fails() {
    let odd_title = "C++ \"quoted\" NEAR(me) a-b: ^caret *star* {col}";
    for stack in search_stacks().await {
        let state = &stack.state;
        let name = stack.name;
        let alice = user(state, "Alice").await;
        publish::publish(
            state,
            &alice,
            &described(odd_title, &["Body: x OR y AND NOT z."]),
        )
        .await
        .expect("publish");
        publish::publish(state, &alice, &described("Plain order", &["Nothing odd."]))
            .await
            .expect("publish");
        for query in [
            "\"quoted\"",
            "\"quo",
            "quoted\"",
            "NEAR(me)",
            "NEAR(",
            "a-b:",
            "-b",
            "^caret",
            "*star*",
            "star*",
            "{col}",
            "c++",
            "\"",
            "OR y AND",
            "x OR y",
        ] {
            assert_eq!(
                found(state, query).await,
                vec![odd_title],
                "{name}: {query}"
            );
        }
        let odd: &[&str] = &[odd_title];
        let plain: &[&str] = &["Plain order"];
        let both: &[&str] = &[odd_title, "Plain order"];
        for (query, expected) in [
            ("\"\"", &[][..]),
            ("\"a\" OR \"b\"", &[]),
            ("NEAR(a b, 2)", &[]),
            ("title_folded:plain", &[]),
            ("search_text:nothing", &[]),
            ("{title_folded}:plain", &[]),
            ("- plain", &[]),
            ("plain NOT", plain),
            ("*", odd),
            ("^", odd),
            (":", odd),
            ("'; DROP TABLE orders_search; --", &[]),
            ("%_\\", &[]),
            ("\u{0}\u{1}", both),
            ("a\u{0}\"b", &[]),
            ("\u{10FFFF}\u{FFFD}", &[]),
            ("(((((((((((", &[]),
        ] {
            let mut expected: Vec<&str> = expected.to_vec();
            expected.sort_unstable();
            assert_eq!(
                found_sorted(state, query).await,
                expected,
                "{name}: {query:?}"
            );
        }
        let long = "\"NEAR(".repeat(2_000);
        assert!(
            found(state, &long).await.is_empty(),
            "{name}: a long query is cut, not refused"
        );
        let many = "a b c d e f g h i j k l m n o p q r s t u v w x y z".repeat(10);
        let _ = found(state, &many).await;
        assert_eq!(
            found(state, "  plain   ORDER ").await,
            vec!["Plain order"],
            "{name}"
        );
    }
}

#[tokio::test]
async fn the_hall_page_marks_the_terms_as_text() {
    let app = TestApp::spawn().await;
    let alice = user(&app.state, "Alice").await;
    publish::publish(
        &app.state,
        &alice,
        &described(
            "Data <b>cleanup</b>",
            &[&format!(
                "{} 需要一个机器学习模型。",
                "开头的说明。".repeat(40)
            )],
        ),
    )
    .await
    .expect("publish");
    let html = app
        .get_page(
            "/?q=%E6%9C%BA%E5%99%A8%E5%AD%A6%E4%B9%A0+cleanup",
            "en",
            None,
        )
        .await
        .text()
        .await
        .expect("html");
    let card = html
        .find("class=\"card\"")
        .map(|start| &html[start..html.len().min(start + 3000)])
        .unwrap_or("no card");
    assert!(
        html.contains("<mark>机器学习"),
        "the word in the snippet is marked: {card}"
    );
    assert!(
        html.contains("&lt;b&gt;<mark>cleanup"),
        "the title's word is marked"
    );
    assert!(!html.contains("<b><mark>"), "the title stays text");
    let html = app
        .get_page("/?q=%3Cb%3E", "en", None)
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("<mark>&lt;b"), "a marked term stays text");
    assert!(!html.contains("<mark><b>"), "never HTML");
    app.stop().await;
}
