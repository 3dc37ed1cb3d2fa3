//! The admin's dispute list: undecided disputes (oldest first) and recent
//! decisions, each linking to its case page.

use crate::api::disputes::admin_disputes;
use crate::domain::order::dispute::DisputeSummary;
use crate::ui::components::{FormMessage, RequireUser};
use crate::ui::i18n::use_texts;
use crate::ui::orders::dispute_section::dispute_summary;
use crate::ui::orders::format::money_text;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

fn summary_item(summary: DisputeSummary, currency: &str) -> impl IntoView + use<> {
    let t = &use_texts().disputes;
    view! {
        <li class="panel">
            <h3><A href=format!("/admin/disputes/{}", summary.order_id)>{summary.title}</A></h3>
            <p>{t.in_escrow} " " <strong>{money_text(summary.escrow, currency)}</strong></p>
            {dispute_summary(&summary.dispute, currency)}
        </li>
    }
}

#[component]
pub fn AdminDisputesPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.disputes;
    let list = Resource::new(|| (), |_| admin_disputes());
    let body = move || {
        Suspend::new(async move {
            match list.await {
                Ok(list) => {
                    let currency = list.currency.clone();
                    let open = if list.open.is_empty() {
                        view! { <p class="hint">{t.admin_none}</p> }.into_any()
                    } else {
                        list.open
                            .into_iter()
                            .map(|item| summary_item(item, &currency))
                            .collect_view()
                            .into_any()
                    };
                    let decided = list
                        .decided
                        .into_iter()
                        .map(|item| summary_item(item, &currency))
                        .collect_view();
                    view! {
                        <h2>{t.admin_open_title}</h2>
                        <ul class="plain-list">{open}</ul>
                        <h2>{t.admin_decided_title}</h2>
                        <ul class="plain-list">{decided}</ul>
                    }
                    .into_any()
                }
                Err(error) => {
                    let error = Signal::derive(move || Some(error.clone()));
                    view! { <FormMessage error /> }.into_any()
                }
            }
        })
    };
    view! {
        <Title text=t.admin_title />
        <RequireUser>
            <h1>{t.admin_title}</h1>
            <p class="lead">{t.admin_intro}</p>
            <Transition fallback=move || view! { <p>{texts.orders.loading}</p> }>{body}</Transition>
        </RequireUser>
    }
    .into_any()
}
