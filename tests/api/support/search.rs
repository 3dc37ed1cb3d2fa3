//! The search tests' helpers: the stacks of each way a search finds text
//! matches, an order described by its text blocks, and the titles a search
//! of the hall finds, in the hall's order.

use super::orders::draft;
use super::stacks::{Stack, stacks_with};
use bounty::domain::order::OrderDraft;
use bounty::domain::order::hall::{HallFilter, HallPage};
use bounty::server::services::orders::hall;
use bounty::server::state::AppState;

/// The ways a search finds its text matches (`database.search_walk_orders`):
/// the full-text indexes alone; a walk of a few orders first, so a page
/// mostly falls back to the indexes after it; the server's default window,
/// which walks a test's small hall whole.
const LOOKUPS: [(&str, u32); 3] = [("indexes", 0), ("walk of 3", 3), ("default walk", 1_000)];

/// `stacks()` once for each way of `LOOKUPS`, named by both: every search
/// test holds each way to the same pages.
pub async fn search_stacks() -> Vec<Stack> {
    let mut all = Vec::new();
    for (way, orders) in LOOKUPS {
        for mut stack in stacks_with(|settings| settings.database.search_walk_orders = orders).await
        {
            // A few short names for the whole test run.
            stack.name = Box::leak(format!("{}, {way}", stack.name).into_boxed_str());
            all.push(stack);
        }
    }
    all
}

/// An order titled `title` whose text is `blocks`.
pub fn described(title: &str, blocks: &[&str]) -> OrderDraft {
    OrderDraft {
        blocks: blocks.iter().map(|block| (*block).to_owned()).collect(),
        ..draft(title)
    }
}

/// The hall filtered by a search for `text`, through the URL form so the
/// length cap applies as in the hall.
pub fn searching(text: &str) -> HallFilter {
    HallFilter::from_pairs([("q", text)])
}

/// The titles on `page`, in its order.
pub fn titles(page: HallPage) -> Vec<String> {
    page.cards.into_iter().map(|card| card.title).collect()
}

/// The titles of the first page found for `text`.
pub async fn found(state: &AppState, text: &str) -> Vec<String> {
    titles(hall::page(state, &searching(text)).await.expect("hall"))
}

/// The titles of every page found for `text`, following the cursors.
pub async fn all_pages(state: &AppState, text: &str) -> Vec<String> {
    let mut filter = searching(text);
    let mut all = Vec::new();
    loop {
        let page = hall::page(state, &filter).await.expect("hall");
        let next = page.next;
        all.extend(titles(page));
        match next {
            Some(cursor) => filter.after = Some(cursor),
            None => return all,
        }
    }
}
