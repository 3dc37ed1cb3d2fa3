//! The list of my conversations: avatar and presence, last message, time,
//! unread count, a contact search (a GET form, so it works without
//! JavaScript), links to older pages and, per line, a menu to remove the
//! contact from my list, opened by right-click or by its button on touch
//! screens.

use super::avatar::ChatAvatar;
use super::{Chat, moment, use_chat};
use crate::api::chat::HideConversation;
use crate::domain::chat::ConversationSummary;
use crate::ui::components::Pager;
use crate::ui::i18n::use_texts;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// An island: `selected` is the open conversation, `search` the page's
/// `q`, `served` the page of the list the server loaded. On the first,
/// unfiltered page (`live`) the engine's own listing (the same first page,
/// kept current) replaces it once it arrives; an older or searched page
/// keeps the server's lines. `next` and `first` are the pager's addresses.
#[island]
pub fn ConversationList(
    selected: Option<i64>,
    search: String,
    served: Vec<ConversationSummary>,
    live: bool,
    next: Option<String>,
    first: Option<String>,
) -> impl IntoView {
    let texts = use_texts();
    let chat = use_chat();
    let search = Signal::stored(search);
    let lines = Memo::new(move |_| {
        let all = chat
            .state
            .with(|state| (live && state.listed).then(|| state.conversations.clone()));
        let all = all.unwrap_or_else(|| served.clone());
        let wanted = search.get().to_lowercase();
        all.into_iter()
            .filter(|line| {
                wanted.is_empty() || line.other.nickname.to_lowercase().contains(&wanted)
            })
            .collect::<Vec<_>>()
    });
    let body = view! {
        <Show
            when=move || lines.with(|lines| !lines.is_empty())
            fallback=move || {
                let message = if search.get().is_empty() { texts.chat.empty_list } else { texts.chat.no_match };
                view! { <p class="chat-list__empty">{message}</p> }
            }
        >
            <ul class="chat-list__items">
                <For each=move || lines.get() key=|line| (line.id, line.last_seq, line.read_seq, line.online) let:line>
                    <ConversationLine line chat selected />
                </For>
            </ul>
        </Show>
    };
    view! {
        <nav class="chat-list" aria-label=texts.chat.list_label>
            <form class="chat-list__search" method="get" role="search">
                <input type="search" name="q" prop:value=search placeholder=texts.chat.search_placeholder aria-label=texts.chat.search_placeholder />
            </form>
            {body}
            <Pager next first />
        </nav>
    }
}

#[component]
fn ConversationLine(line: ConversationSummary, chat: Chat, selected: Option<i64>) -> impl IntoView {
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
        <li class="chat-line" class:chat-line--selected=selected == Some(id) on:contextmenu=open_menu>
            <a href=format!("/messages/{id}") class="chat-line__link">
                <ChatAvatar party=line.other.clone() online />
                <span class="chat-line__text">
                    <span class="chat-line__top">
                        <strong class="chat-line__name">{line.other.nickname.clone()}</strong>
                        <time class="chat-line__time">{when}</time>
                    </span>
                    <span class="chat-line__preview">{line.last_preview.clone().unwrap_or_default()}</span>
                </span>
                {(unread > 0).then(|| view! { <span class="badge" aria-label=format!("{unread} {}", texts.chat.unread)>{unread}</span> })}
            </a>
            <details class="contact-menu" node_ref=menu>
                <summary aria-label=texts.chat.more title=texts.chat.more>"⋯"</summary>
                // A plain post: the server redirects back to the list.
                <form method="post" action=HideConversation::PATH class="contact-menu__items">
                    <input type="hidden" name="conversation_id" value=id />
                    <button type="submit">{texts.chat.remove}</button>
                </form>
            </details>
        </li>
    }
}
