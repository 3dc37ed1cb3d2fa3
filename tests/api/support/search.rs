//! The search tests' helpers: an order described by its text blocks, and
//! the titles a search of the hall finds, in the hall's order.

use super::orders::draft;
use bounty::domain::order::OrderDraft;
use bounty::domain::order::hall::{HallFilter, HallPage};
use bounty::server::services::orders::hall;
use bounty::server::state::AppState;

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
