//! The saved searches page: each saved search links back to the hall with
//! its filter, and can be renamed, have its daily digest switched, or be
//! deleted. Every form is a plain post, so it works with JavaScript off.

use crate::api::saved_searches::{DeleteSavedSearch, UpdateSavedSearch, my_saved_searches};
use crate::domain::saved_search::{SavedSearchList, SavedSearchView};
use crate::ui::components::{FieldMessage, FormMessage, PageError, RequireUser};
use crate::ui::i18n::use_texts;
use crate::ui::query::use_query_map;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

fn item(
    search: SavedSearchView,
    update: ServerAction<UpdateSavedSearch>,
    delete: ServerAction<DeleteSavedSearch>,
) -> impl IntoView + use<> {
    let t = &use_texts().saved_searches;
    let href = format!("/{}", search.query);
    let name_id = format!("search-name-{}", search.id);
    view! {
        <li class="panel saved-search">
            <p><a href=href>{search.name.clone()}</a> " · " <span class="hint">{t.open}</span></p>
            <ActionForm action=update attr:class="form form--inline">
                <input type="hidden" name="id" value=search.id.to_string() />
                <label for=name_id.clone()>{t.name_label}</label>
                <input id=name_id name="name" required maxlength="60" value=search.name />
                <label class="check">
                    <input type="checkbox" name="digest" value="on" checked=search.digest />
                    " " {t.digest_label}
                </label>
                <button type="submit" class="button">{t.rename}</button>
            </ActionForm>
            <ActionForm action=delete attr:class="inline-form">
                <input type="hidden" name="id" value=search.id.to_string() />
                <button type="submit" class="button button--quiet">{t.delete}</button>
            </ActionForm>
        </li>
    }
}

fn body(
    list: SavedSearchList,
    update: ServerAction<UpdateSavedSearch>,
    delete: ServerAction<DeleteSavedSearch>,
) -> AnyView {
    let t = &use_texts().saved_searches;
    if list.items.is_empty() {
        return view! { <p class="hint">{t.empty}</p> }.into_any();
    }
    let count = format!("{} {} {}", list.items.len(), t.count, list.limit);
    let items = list
        .items
        .into_iter()
        .map(|search| item(search, update, delete))
        .collect_view();
    view! {
        <p class="hint">{count}</p>
        <ul class="plain-list saved-searches">{items}</ul>
    }
    .into_any()
}

#[component]
pub fn SearchesPage() -> impl IntoView {
    let t = &use_texts().saved_searches;
    let query = use_query_map();
    let update = ServerAction::<UpdateSavedSearch>::new();
    let delete = ServerAction::<DeleteSavedSearch>::new();
    let loaded = Resource::new(
        move || (update.version().get(), delete.version().get()),
        |_| my_saved_searches(),
    );
    let error = Signal::derive(move || {
        update
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| delete.value().get().and_then(Result::err))
    });
    let view_body = move || {
        Suspend::new(async move {
            let saved = query.read_untracked().get("saved").is_some();
            match loaded.await {
                Ok(list) => view! {
                    {saved.then(|| view! { <p class="notice" role="status">{t.saved}</p> })}
                    {body(list, update, delete)}
                }
                .into_any(),
                Err(error) => view! { <PageError error /> }.into_any(),
            }
        })
    };
    view! {
        <Title text=t.title />
        <RequireUser>
            <h1>{t.title}</h1>
            <p class="lead">{t.intro}</p>
            <FormMessage error=error />
            <FieldMessage error=error field="name" />
            <Transition fallback=move || view! { <p>{use_texts().orders.loading}</p> }>{view_body}</Transition>
        </RequireUser>
    }
    .into_any()
}
