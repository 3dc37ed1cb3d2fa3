//! Publishing a new bounty and editing an untaken one: the same form.

use super::use_id_param;
use crate::api::orders::{draft_of_order, publish_form_context};
use crate::domain::order::OrderDraft;
use crate::ui::components::{FormMessage, RequireUser};
use crate::ui::i18n::use_texts;
use crate::ui::orders::OrderForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PublishPage() -> impl IntoView {
    let texts = use_texts();
    let context = Resource::new(|| (), |_| publish_form_context());
    let body = move || {
        Suspend::new(async move {
            match context.await {
                Ok(context) => view! {
                    <OrderForm order_id=None draft=OrderDraft::default() files=Vec::new()
                        categories=context.categories currency=context.currency />
                }
                .into_any(),
                Err(error) => {
                    view! { <FormMessage error=Signal::derive(move || Some(error.clone())) /> }
                        .into_any()
                }
            }
        })
    };
    view! {
        <Title text=texts.orders.publish_title />
        <RequireUser>
            <h1>{texts.orders.publish_title}</h1>
            <p class="lead">{texts.publish_intro}</p>
            <Suspense fallback=move || view! { <p>{texts.orders.loading}</p> }>{body}</Suspense>
        </RequireUser>
    }
}

#[component]
pub fn EditOrderPage() -> impl IntoView {
    let texts = use_texts();
    let id_param = use_id_param();
    let id = move || id_param().unwrap_or(0);
    let loaded = Resource::new(id, |id| async move {
        let context = publish_form_context().await?;
        let (draft, files) = draft_of_order(id).await?;
        Ok::<_, crate::domain::AppError>((context, draft, files))
    });
    let body = move || {
        Suspend::new(async move {
            match loaded.await {
                Ok((context, draft, files)) => view! {
                    <OrderForm order_id=Some(id()) draft files categories=context.categories
                        currency=context.currency />
                }
                .into_any(),
                Err(error) => {
                    view! { <FormMessage error=Signal::derive(move || Some(error.clone())) /> }
                        .into_any()
                }
            }
        })
    };
    view! {
        <Title text=texts.orders.edit_title />
        <RequireUser>
            <h1>{texts.orders.edit_title}</h1>
            <Suspense fallback=move || view! { <p>{texts.orders.loading}</p> }>{body}</Suspense>
        </RequireUser>
    }
}
