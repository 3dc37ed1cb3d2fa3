//! The list of my conversations: avatar and presence, last message, time,
//! unread count, a contact search (a GET form, so it works without
//! JavaScript) and, per line, a menu to remove the contact from my list,
//! opened by right-click or by its button on touch screens.

use super::avatar::ChatAvatar;
use super::{Chat, moment, use_chat};
use crate::api::chat::{HideConversation, chat_inbox};
use crate::domain::chat::ConversationSummary;
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ConversationList(selected: Signal<Option<i64>>) -> impl IntoView {
    let texts = use_texts();
    let chat = use_chat();
    let query = use_query_map();
    let search = Memo::new(move |_| query.with(|q| q.get("q").unwrap_or_default()));
    let hide = ServerAction::<HideConversation>::new();
    let served = Resource::new(move || hide.version().get(), |_| chat_inbox());
    // After a removal the engine's list must forget the line too.
    Effect::new(move |_| {
        if hide.version().get() > 0 {
            chat.refresh_list();
        }
    });
    let body = move || {
        Suspend::new(async move {
            let served = served
                .await
                .map(|inbox| inbox.conversations)
                .unwrap_or_default();
            let lines = Memo::new(move |_| {
                let all = chat
                    .state
                    .with(|state| state.listed.then(|| state.conversations.clone()));
                let all = all.unwrap_or_else(|| served.clone());
                let wanted = search.get().to_lowercase();
                all.into_iter()
                    .filter(|line| {
                        wanted.is_empty() || line.other.nickname.to_lowercase().contains(&wanted)
                    })
                    .collect::<Vec<_>>()
            });
            view! {
                <Show
                    when=move || lines.with(|lines| !lines.is_empty())
                    fallback=move || {
                        let message = if search.get().is_empty() { texts.chat.empty_list } else { texts.chat.no_match };
                        view! { <p class="chat-list__empty">{message}</p> }
                    }
                >
                    <ul class="chat-list__items">
                        <For each=move || lines.get() key=|line| (line.id, line.last_seq, line.read_seq, line.online) let:line>
                            <ConversationLine line chat hide selected />
                        </For>
                    </ul>
                </Show>
            }
        })
    };
    view! {
        <nav class="chat-list" aria-label=texts.chat.list_label>
            <form class="chat-list__search" method="get" role="search">
                <input type="search" name="q" prop:value=search placeholder=texts.chat.search_placeholder aria-label=texts.chat.search_placeholder />
            </form>
            <Suspense fallback=move || view! { <p>{texts.orders.loading}</p> }>{body}</Suspense>
        </nav>
    }
}

#[component]
fn ConversationLine(
    line: ConversationSummary,
    chat: Chat,
    hide: ServerAction<HideConversation>,
    selected: Signal<Option<i64>>,
) -> impl IntoView {
    let texts = use_texts();
    let id = line.id;
    let other_id = line.other.id;
    let served_online = line.online;
    let online = chat.is_online(other_id, served_online);
    let menu = NodeRef::<leptos::html::Details>::new();
    let open_menu = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        if let Some(menu) = menu.get() {
            menu.set_open(true);
        }
    };
    let unread = line.unread;
    let when = moment(chat, line.last_at_ms);
    view! {
        <li class="chat-line" class:chat-line--selected=move || selected.get() == Some(id) on:contextmenu=open_menu>
            <A href=format!("/messages/{id}") attr:class="chat-line__link">
                <ChatAvatar party=line.other.clone() online />
                <span class="chat-line__text">
                    <span class="chat-line__top">
                        <strong class="chat-line__name">{line.other.nickname.clone()}</strong>
                        <time class="chat-line__time">{when}</time>
                    </span>
                    <span class="chat-line__preview">{line.last_preview.clone().unwrap_or_default()}</span>
                </span>
                {(unread > 0).then(|| view! { <span class="badge" aria-label=format!("{unread} {}", texts.chat.unread)>{unread}</span> })}
            </A>
            <details class="contact-menu" node_ref=menu>
                <summary aria-label=texts.chat.more title=texts.chat.more>"⋯"</summary>
                <ActionForm action=hide attr:class="contact-menu__items">
                    <input type="hidden" name="conversation_id" value=id />
                    <button type="submit">{texts.chat.remove}</button>
                </ActionForm>
            </details>
        </li>
    }
}
