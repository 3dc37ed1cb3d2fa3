//! "My published" and "my tasks": the signed-in user's own orders with
//! status labels, the hall's filters plus a status filter, and page links.

use crate::api::orders::{categories, my_orders};
use crate::domain::order::hall::HallFilter;
use crate::domain::order::{MyOrdersFilter, MySide, OrderState};
use crate::ui::components::RequireUser;
use crate::ui::i18n::use_texts;
use crate::ui::orders::format::state_label;
use crate::ui::orders::{HallFilters, OrderCardView, query_pairs};
use crate::ui::query::use_query_map;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::params::ParamsMap;

fn filter_of(query: &ParamsMap) -> MyOrdersFilter {
    let pairs = query_pairs(
        query,
        &["c", "d", "p", "r", "s"],
        &["q", "sort", "after", "side"],
    );
    MyOrdersFilter::from_pairs(pairs.iter().map(|(n, v)| (*n, v.as_str())))
}

#[component]
pub fn MyOrdersPage() -> impl IntoView {
    let texts = use_texts();
    view! {
        <Title text=texts.orders.my_orders />
        <RequireUser>
            <MyOrdersList />
        </RequireUser>
    }
}

#[component]
fn MyOrdersList() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.orders;
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(filter_of));
    let page = Resource::new(move || filter.get(), my_orders);
    let all_categories = Resource::new(|| (), |_| categories());
    let tab = move |side: MySide, label: &'static str| {
        let current = move || filter.with(|f| f.side == side);
        view! {
            <a href=format!("/my/orders?side={}", side.key()) class="tab"
                aria-current=move || current().then_some("page")>{label}</a>
        }
    };
    let body = move || {
        Suspend::new(async move {
            let categories = all_categories.await.unwrap_or_default();
            let filter = filter.get_untracked();
            let Ok(page) = page.await else {
                return view! { <p class="form-error">{texts.errors.internal}</p> }.into_any();
            };
            let empty = page
                .cards
                .is_empty()
                .then(|| view! { <p class="panel empty-state">{t.no_results}</p> });
            let currency = page.currency.clone();
            let terms = crate::domain::order::search::terms(&filter.hall.search);
            let cards = page
                .cards
                .into_iter()
                .map(|card| view! { <OrderCardView card currency=currency.clone() show_state=true terms=terms.clone() /> })
                .collect_view();
            let next = page.next.map(|next| {
                let href = MyOrdersFilter {
                    hall: HallFilter { after: Some(next), ..filter.hall.clone() },
                    ..filter.clone()
                };
                view! { <p class="pager"><a href=format!("/my/orders{}", href.to_query()) rel="next">{t.next_page}</a></p> }
            });
            let states = OrderState::ALL
                .iter()
                .map(|state| {
                    let checked = filter.states.contains(state);
                    view! {
                        <label class="chip">
                            <input type="checkbox" name="s" value=state.as_str() checked=checked />
                            <span>{state_label(texts, *state)}</span>
                        </label>
                    }
                })
                .collect_view();
            view! {
                <HallFilters filter=filter.hall.clone() categories action="/my/orders">
                    <input type="hidden" name="side" value=filter.side.key() />
                    <fieldset class="chips"><legend>{t.status}</legend>{states}</fieldset>
                </HallFilters>
                <div class="hall__results">
                    {empty}
                    <div class="cards">{cards}</div>
                    {next}
                </div>
            }
            .into_any()
        })
    };
    view! {
        <h1>{t.my_orders}</h1>
        <nav class="tabs" aria-label=t.my_orders>
            {tab(MySide::Published, t.my_published)}
            {tab(MySide::Taken, t.my_tasks)}
        </nav>
        <div class="hall">
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>{body}</Suspense>
        </div>
    }
}
