//! A common word's pages on both databases: title matches first, then
//! the text matches, each newest first and each once across pages,
//! whatever the case of the text; a term with a non-ASCII cased letter
//! folds too. (Written for a windowed LIKE walk that was measured and not
//! adopted, docs/measurements.md; it holds the indexes to the same pages.)

use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use bounty::domain::order::OrderDraft;
use bounty::domain::order::hall::{HallFilter, PAGE_SIZE};
use bounty::server::services::orders::{hall, publish};

fn described(title: &str, text: &str) -> OrderDraft {
    OrderDraft {
        blocks: vec![text.to_owned()],
        ..draft(title)
    }
}

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
            publish::publish(state, publisher, &described(&title, &text))
                .await
                .expect("publish");
        }
        // Newest first within each rank: ten titles, then the text matches.
        let titles: Vec<String> = (0..30)
            .rev()
            .filter(|n| n % 3 == 0)
            .map(|n| format!("Widget {n:02}"))
            .collect();
        text_matches.reverse();
        let mut expected = titles.clone();
        expected.extend(text_matches.iter().cloned());
        expected.truncate(PAGE_SIZE as usize);

        let first = hall::page(state, &HallFilter::from_pairs([("q", "widget")]))
            .await
            .expect("hall");
        let seen: Vec<String> = first.cards.iter().map(|card| card.title.clone()).collect();
        assert_eq!(seen, expected, "{name}: the first, full page");

        let mut second = HallFilter::from_pairs([("q", "widget")]);
        second.after = first.next;
        let rest: Vec<String> = hall::page(state, &second)
            .await
            .expect("hall")
            .cards
            .into_iter()
            .map(|card| card.title)
            .collect();
        let mut all = seen.clone();
        all.extend(rest);
        let mut whole = titles.clone();
        whole.extend(text_matches.iter().cloned());
        assert_eq!(all, whole, "{name}: the second page holds the rest once");

        let accented: Vec<String> = hall::page(state, &HallFilter::from_pairs([("q", "éCOLE")]))
            .await
            .expect("hall")
            .cards
            .into_iter()
            .map(|card| card.title)
            .collect();
        assert_eq!(
            accented,
            text_matches[..(PAGE_SIZE as usize).min(text_matches.len())].to_vec(),
            "{name}: a cased non-ASCII letter folds"
        );
    }
}
