//! A common word's pages on both databases: title matches first, then
//! the text matches, each newest first and each once across pages,
//! whatever the case of the text; a term with a non-ASCII cased letter
//! folds too. (Written for a windowed LIKE walk that was measured and not
//! adopted, docs/measurements.md; it holds the indexes to the same pages.)

use crate::support::orders::user;
use crate::support::search::{described, searching, titles};
use crate::support::stacks::stacks;
use bounty::domain::order::hall::PAGE_SIZE;
use bounty::server::services::orders::{hall, publish};

#[tokio::test]
async fn a_common_words_pages_hold_title_matches_first_then_text_matches_once() {
    for stack in stacks().await {
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
