//! The hall: open bounties, newest first, filtered by the URL's query. The
//! first page is rendered on the server; further pages come by infinite
//! scroll with JavaScript and by "next page" links without it.

use crate::api::orders::{categories, hall};
use crate::domain::order::HallFilter;
use crate::domain::order::search::terms;
use crate::ui::i18n::use_texts;
use crate::ui::orders::{HallFilters, LoadMore, OrderCardView, SaveSearchForm, query_pairs};
use crate::ui::query::use_query_map;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::params::ParamsMap;

/// The filter a hall URL describes.
fn filter_of(query: &ParamsMap) -> HallFilter {
    let pairs = query_pairs(query, &["c", "d", "p", "r"], &["q", "sort", "after"]);
    HallFilter::from_pairs(pairs.iter().map(|(n, v)| (*n, v.as_str())))
}

#[component]
pub fn HallPage() -> impl IntoView {
    let texts = use_texts();
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(filter_of));
    let page = Resource::new(move || filter.get(), hall);
    let all_categories = Resource::new(|| (), |_| categories());
    let body = move || {
        Suspend::new(async move {
            let categories = all_categories.await.unwrap_or_default();
            let filter = filter.get_untracked();
            let page = match page.await {
                Ok(page) => page,
                Err(_) => {
                    return view! { <p class="form-error">{texts.errors.internal}</p> }.into_any();
                }
            };
            let empty = page.cards.is_empty();
            let empty_message = if filter.is_filtered() {
                texts.orders.no_results
            } else {
                texts.hall_empty
            };
            let currency = page.currency.clone();
            let terms = terms(&filter.search);
            let cards = page
                .cards
                .into_iter()
                .map(|card| view! { <OrderCardView card currency=currency.clone() terms=terms.clone() /> })
                .collect_view();
            let next = page.next.map(|after| {
                let following = HallFilter {
                    after: Some(after),
                    ..filter.clone()
                };
                format!("/{}", following.to_query())
            });
            let first_page = filter.after.is_some().then(|| {
                let href = format!("/{}", filter.first_page().to_query());
                view! { <p class="pager"><a href=href>{texts.orders.first_page}</a></p> }
            });
            let save = filter
                .is_filtered()
                .then(|| view! { <SaveSearchForm query=filter.first_page().to_query() /> });
            view! {
                <HallFilters filter=filter.clone() categories />
                // In the results' column: beside the filters on a wide
                // screen it would take the column and push the cards under
                // the filters.
                <div class="hall__results">
                    {save}
                    {first_page}
                    <Show when=move || empty>
                        <section class="panel empty-state">
                            <p>{empty_message}</p>
                            <A href="/publish" attr:class="button">{texts.nav_publish}</A>
                        </section>
                    </Show>
                    <div class="cards">{cards}</div>
                    <LoadMore next />
                </div>
            }
            .into_any()
        })
    };
    view! {
        <Title text=texts.hall_title />
        <section class="hero">
            <h1>{texts.hall_title}</h1>
            <p class="lead">{texts.tagline}</p>
        </section>
        <div class="hall">
            <Suspense fallback=move || view! { <p>{texts.orders.loading}</p> }>{body}</Suspense>
        </div>
    }
}
