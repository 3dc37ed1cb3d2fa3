//! The hall's continuation: a "next page" link that works without
//! JavaScript, and with it, loads the next page in place when the link
//! scrolls into view (infinite scroll).

use super::OrderCardView;
use crate::api::orders::hall;
use crate::domain::order::hall::HallCursor;
use crate::domain::order::{HallFilter, OrderCard};
use crate::platform;
use crate::ui::i18n::use_texts;
use leptos::html;
use leptos::prelude::*;

/// An island after the server's first page of cards.
#[island]
pub fn LoadMore(filter: HallFilter, next: Option<HallCursor>, currency: String) -> impl IntoView {
    let texts = use_texts();
    let cursor = RwSignal::new(next);
    let more = RwSignal::new(Vec::<OrderCard>::new());
    let loading = RwSignal::new(false);
    let link = NodeRef::<html::A>::new();
    let href = {
        let filter = filter.clone();
        move || {
            let page = HallFilter {
                after: cursor.get(),
                ..filter.clone()
            };
            format!("/{}", page.to_query())
        }
    };
    let load_next = move || {
        let Some(after) = cursor.get_untracked() else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        let page = HallFilter {
            after: Some(after),
            ..filter.clone()
        };
        leptos::task::spawn_local(async move {
            if let Ok(page) = hall(page).await {
                more.update(|cards| cards.extend(page.cards));
                cursor.set(page.next);
            }
            loading.set(false);
        });
    };
    // Browser only: watch the link again after every page, since a short
    // page may leave it visible (an observer reports changes, not states).
    Effect::new(move |_| {
        if cursor.get().is_some()
            && let Some(element) = link.get()
        {
            platform::when_visible(element.into(), load_next.clone());
        }
    });
    let cards = move || {
        more.get()
            .into_iter()
            .map(|card| view! { <OrderCardView card currency=currency.clone() /> })
            .collect_view()
    };
    view! {
        <div class="cards">{cards}</div>
        <Show when=move || cursor.get().is_some()>
            <p class="pager">
                <a href=href.clone() node_ref=link rel="next">
                    {move || if loading.get() { texts.orders.loading } else { texts.orders.next_page }}
                </a>
            </p>
        </Show>
    }
}
