//! A common word's pages on both databases: title matches first, then
//! the text matches, each newest first and each once across pages,
//! whatever the case of the text; a term with a non-ASCII cased letter
//! folds too; a walk that fills its page inside the window
//! (`db::hall_search_walk`) gives the pages the indexes give.

use crate::support::orders::user;
use crate::support::search::{all_pages, described, search_stacks, searching, titles};
use crate::support::stacks::stacks_with;
use bounty::domain::order::hall::PAGE_SIZE;
use bounty::server::services::orders::{hall, publish};

#[tokio::test]
async fn a_common_words_pages_hold_title_matches_first_then_text_matches_once() {
    for stack in search_stacks().await {
        let state = &stack.state;
        let name = stack.name;
        // Two publishers: one may publish only so many orders a day.
        let ann = user(state, "Ann").await;
        let ben = user(state, "Ben").await;
        let mut text_matches = Vec::new();
        for n in 0..30 {
            let publisher = if n % 2 == 0 { &ann } else { &ben };
            let (title, text) = match n % 3 {
                0 => (format!("Widget {n:02}"), "Plain words.".to_owned()),
                1 => (
                    format!("Order {n:02}"),
                    format!("A WIDGET or an École, {n}."),
                ),
                _ => (format!("Other {n:02}"), "Nothing here.".to_owned()),
            };
            if n % 3 == 1 {
                text_matches.push(title.clone());
            }
            publish::publish(state, publisher, &described(&title, &[text.as_str()]))
                .await
                .expect("publish");
        }
        // Newest first within each rank: ten titles, then the text matches.
        let title_matches: Vec<String> = (0..30)
            .rev()
            .filter(|n| n % 3 == 0)
            .map(|n| format!("Widget {n:02}"))
            .collect();
        text_matches.reverse();
        let mut expected = title_matches.clone();
        expected.extend(text_matches.iter().cloned());
        expected.truncate(PAGE_SIZE as usize);

        let first = hall::page(state, &searching("widget")).await.expect("hall");
        let next = first.next;
        let seen = titles(first);
        assert_eq!(seen, expected, "{name}: the first, full page");

        let mut second = searching("widget");
        second.after = next;
        let rest = titles(hall::page(state, &second).await.expect("hall"));
        let mut all = seen.clone();
        all.extend(rest);
        let mut whole = title_matches.clone();
        whole.extend(text_matches.iter().cloned());
        assert_eq!(all, whole, "{name}: the second page holds the rest once");

        let accented = titles(hall::page(state, &searching("éCOLE")).await.expect("hall"));
        assert_eq!(
            accented,
            text_matches[..(PAGE_SIZE as usize).min(text_matches.len())].to_vec(),
            "{name}: a cased non-ASCII letter folds"
        );
    }
}

#[tokio::test]
async fn a_walk_that_fills_its_page_inside_the_window_pages_as_the_indexes_do() {
    // 40 orders, three of four holding the word in their text (one of them
    // in capitals), one title holding it: a window of 20 orders holds more
    // matches than a page, so the walk answers with its window bounded.
    for (window, way) in [(0, "indexes"), (20, "walk of 20"), (1_000, "whole walk")] {
        let adjust = |settings: &mut bounty::server::config::Settings| {
            settings.database.search_walk_orders = window;
            settings.rates.orders_per_user_per_day = 100;
        };
        for stack in stacks_with(adjust).await {
            let state = &stack.state;
            let name = format!("{}, {way}", stack.name);
            let ann = user(state, "Ann").await;
            let mut text_matches = Vec::new();
            for n in 0..40 {
                let title = if n == 5 {
                    "Gadget repair".to_owned()
                } else {
                    format!("Order {n:02}")
                };
                let text = match n % 4 {
                    3 => "Nothing to see.".to_owned(),
                    0 => format!("A GADGET, number {n}."),
                    _ => format!("A gadget, number {n}."),
                };
                if n % 4 != 3 && n != 5 {
                    text_matches.push(title.clone());
                }
                publish::publish(state, &ann, &described(&title, &[text.as_str()]))
                    .await
                    .expect("publish");
            }
            text_matches.reverse();
            let mut whole = vec!["Gadget repair".to_owned()];
            whole.extend(text_matches);
            assert!(whole.len() > 2 * PAGE_SIZE as usize, "three pages");
            assert_eq!(all_pages(state, "gadget").await, whole, "{name}");
            assert_eq!(all_pages(state, "GADGET").await, whole, "{name}");
        }
    }
}
