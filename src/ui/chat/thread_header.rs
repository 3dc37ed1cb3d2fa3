//! A conversation's header: the other person (with presence), the order it
//! was opened from with that order's state, and the menu to block or remove.

use super::avatar::ChatAvatar;
use super::use_chat;
use crate::api::chat::{HideConversation, SetBlocked};
use crate::domain::chat::ConversationSummary;
use crate::ui::i18n::use_texts;
use crate::ui::orders::format::state_label;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ThreadHeader(summary: ConversationSummary, blocked: bool) -> impl IntoView {
    let texts = use_texts();
    let chat = use_chat();
    let other_id = summary.other.id;
    let served_online = summary.online;
    let online = chat.is_online(other_id, served_online);
    let order = summary.order.clone().map(|order| {
        view! {
            <p class="chat-pane__order">
                {texts.chat.about_order} ": "
                <a href=format!("/orders/{}", order.id)>{order.title.clone()}</a>
                " "
                <span class="chip">{state_label(texts, order.state)}</span>
            </p>
        }
    });
    view! {
        <header class="chat-pane__header">
            <a href="/messages" class="chat-pane__back">{texts.chat.back_to_list}</a>
            <ChatAvatar party=summary.other.clone() online />
            <div class="chat-pane__who">
                <h1><a href=format!("/users/{other_id}")>{summary.other.nickname.clone()}</a></h1>
                <p class="chat-pane__presence">{move || if online.get() { texts.chat.online } else { texts.chat.offline }}</p>
                {order}
            </div>
            <details class="contact-menu contact-menu--header">
                <summary aria-label=texts.chat.more title=texts.chat.more>"⋯"</summary>
                <div class="contact-menu__items">
                    // Plain posts: the server redirects to the page it changed,
                    // which loads the list and the engine afresh.
                    <form method="post" action=SetBlocked::PATH>
                        <input type="hidden" name="user_id" value=other_id />
                        <input type="hidden" name="block" value=(!blocked).to_string() />
                        <input type="hidden" name="back_to" value=summary.id />
                        <button type="submit">{if blocked { texts.chat.unblock } else { texts.chat.block }}</button>
                    </form>
                    <form method="post" action=HideConversation::PATH>
                        <input type="hidden" name="conversation_id" value=summary.id />
                        <button type="submit">{texts.chat.remove}</button>
                    </form>
                </div>
            </details>
        </header>
    }
}
