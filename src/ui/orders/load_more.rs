//! The hall's continuation: a "next page" link that works without
//! JavaScript, and with it, loads the next page in place when the link
//! scrolls into view (infinite scroll).
//!
//! An island that carries no order data: it fetches the page the link
//! points to, as the server renders it, and moves that page's cards here
//! (`platform::append_next_page`), so the cards are the server's own HTML.

use crate::platform;
use crate::ui::i18n::use_texts;
use leptos::html;
use leptos::prelude::*;

/// The first page's cards in a fetched hall page (not this island's own).
const CARDS: &str = ".hall__results > .cards > .card";
/// The link to the page after the fetched one.
const NEXT: &str = ".hall__results a[rel=next]";

/// `next` is the address of the page after the one shown.
#[island]
pub fn LoadMore(next: Option<String>) -> impl IntoView {
    let texts = use_texts();
    let next = RwSignal::new(next);
    let loading = RwSignal::new(false);
    let cards = NodeRef::<html::Div>::new();
    let link = NodeRef::<html::A>::new();
    let load_next = move || {
        let (Some(href), Some(cards)) = (next.get_untracked(), cards.get_untracked()) else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        leptos::task::spawn_local(async move {
            // On failure the link stays: following it loads the page itself.
            if let Ok(after) = platform::append_next_page(&href, CARDS, NEXT, cards.into()).await {
                next.set(after);
            }
            loading.set(false);
        });
    };
    // Browser only: watch the link again after every page, since a short
    // page may leave it visible (an observer reports changes, not states).
    Effect::new(move |_| {
        if next.get().is_some()
            && let Some(element) = link.get()
        {
            platform::when_visible(element.into(), load_next);
        }
    });
    view! {
        <div class="cards" node_ref=cards></div>
        <Show when=move || next.get().is_some()>
            <p class="pager">
                <a href=move || next.get().unwrap_or_default() node_ref=link rel="next">
                    {move || if loading.get() { texts.orders.loading } else { texts.orders.next_page }}
                </a>
            </p>
        </Show>
    }
}
