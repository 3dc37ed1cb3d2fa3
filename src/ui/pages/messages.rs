//! The messages pages: `/messages` (my conversations) and `/messages/:id`
//! (one of them beside the list; on phones the list steps aside).
//!
//! The server loads the list and the conversation and hands them to the
//! chat islands as props, so the browser needs no request of its own to
//! show them and the islands carry no loading states.

use super::use_id_param;
use crate::api::chat::{chat_inbox, chat_thread};
use crate::domain::AppError;
use crate::domain::paging;
use crate::ui::chat::{ConversationList, ThreadView};
use crate::ui::components::{FormMessage, PageError, RequireUser};
use crate::ui::i18n::use_texts;
use crate::ui::query::use_query_map;
use leptos::prelude::*;
use leptos_meta::Title;

/// The contact search (`?q=`) and the list's cursor (`?before=`) of the
/// page's URL.
fn use_search_and_cursor() -> (String, Option<String>) {
    use_query_map().with_untracked(|query| {
        (
            query.get("q").unwrap_or_default(),
            query.get(paging::FIELD).filter(|before| !before.is_empty()),
        )
    })
}

/// A page of my conversations, loaded here, as the list island.
#[component]
fn ConversationListLoaded(selected: Option<i64>) -> impl IntoView {
    let texts = use_texts();
    let (search, before) = use_search_and_cursor();
    let path = selected.map_or_else(|| "/messages".to_owned(), |id| format!("/messages/{id}"));
    let live = search.is_empty() && before.is_none();
    let first = before
        .is_some()
        .then(|| paging::page_href(&path, &[("q", search.as_str())], None));
    let inbox = {
        let search = search.clone();
        let before = before.clone();
        Resource::new(
            || (),
            move |_| {
                chat_inbox(
                    before.clone(),
                    Some(search.clone()).filter(|q| !q.is_empty()),
                )
            },
        )
    };
    let body = move || {
        let search = search.clone();
        let path = path.clone();
        let first = first.clone();
        Suspend::new(async move {
            let inbox = match inbox.await {
                Ok(inbox) => inbox,
                Err(error) => {
                    crate::platform::set_status(error.status_code());
                    return view! { <nav class="chat-list"><PageError error /></nav> }.into_any();
                }
            };
            let next = inbox
                .next
                .as_deref()
                .map(|before| paging::page_href(&path, &[("q", search.as_str())], Some(before)));
            let served = inbox.conversations;
            view! { <ConversationList selected search served live next first /> }.into_any()
        })
    };
    view! { <Suspense fallback=move || view! { <p>{texts.orders.loading}</p> }>{body}</Suspense> }
}

#[component]
pub fn MessagesPage() -> impl IntoView {
    let texts = use_texts();
    view! {
        <Title text=texts.messages_title />
        <RequireUser>
            <div class="chat">
                <ConversationListLoaded selected=None />
                <section class="chat-pane chat-pane--empty">
                    <h1>{texts.messages_title}</h1>
                    <p>{texts.chat.choose}</p>
                </section>
            </div>
        </RequireUser>
    }
}

#[component]
pub fn ConversationPage() -> impl IntoView {
    let texts = use_texts();
    let selected = use_id_param()();
    let loaded = Resource::new(
        || (),
        move |_| async move {
            match selected {
                Some(id) => chat_thread(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let thread = move || {
        Suspend::new(async move {
            match loaded.await {
                Ok(thread) => view! { <ThreadView thread /> }.into_any(),
                Err(error) => {
                    crate::platform::set_status(error.status_code());
                    let error = Signal::derive(move || Some(error.clone()));
                    view! { <section class="chat-pane"><FormMessage error /></section> }.into_any()
                }
            }
        })
    };
    view! {
        <Title text=texts.messages_title />
        <RequireUser>
            <div class="chat chat--open">
                <ConversationListLoaded selected />
                <Suspense>{thread}</Suspense>
            </div>
        </RequireUser>
    }
}
