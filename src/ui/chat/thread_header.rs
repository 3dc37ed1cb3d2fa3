//! A conversation's header: the other person (with presence), the order it
//! was opened from with that order's state, and the menu to block or remove.

use super::avatar::ChatAvatar;
use super::use_chat;
use crate::api::chat::{HideConversation, SetBlocked};
use crate::domain::chat::ConversationSummary;
use crate::ui::i18n::use_texts;
use crate::ui::orders::format::state_label;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ThreadHeader(
    summary: ConversationSummary,
    blocked: bool,
    block: ServerAction<SetBlocked>,
) -> impl IntoView {
    let texts = use_texts();
    let chat = use_chat();
    let hide = ServerAction::<HideConversation>::new();
    // The engine's list must follow a removal or a block.
    Effect::new(move |_| {
        if hide.version().get() + block.version().get() > 0 {
            chat.refresh_list();
        }
    });
    let other_id = summary.other.id;
    let served_online = summary.online;
    let online = chat.is_online(other_id, served_online);
    let order = summary.order.clone().map(|order| {
        view! {
            <p class="chat-pane__order">
                {texts.chat.about_order} ": "
                <A href=format!("/orders/{}", order.id)>{order.title.clone()}</A>
                " "
                <span class="chip">{state_label(texts, order.state)}</span>
            </p>
        }
    });
    view! {
        <header class="chat-pane__header">
            <A href="/messages" attr:class="chat-pane__back">{texts.chat.back_to_list}</A>
            <ChatAvatar party=summary.other.clone() online />
            <div class="chat-pane__who">
                <h1><A href=format!("/users/{other_id}")>{summary.other.nickname.clone()}</A></h1>
                <p class="chat-pane__presence">{move || if online.get() { texts.chat.online } else { texts.chat.offline }}</p>
                {order}
            </div>
            <details class="contact-menu contact-menu--header">
                <summary aria-label=texts.chat.more title=texts.chat.more>"⋯"</summary>
                <div class="contact-menu__items">
                    <ActionForm action=block>
                        <input type="hidden" name="user_id" value=other_id />
                        <input type="hidden" name="block" value=(!blocked).to_string() />
                        <input type="hidden" name="back_to" value=summary.id />
                        <button type="submit">{if blocked { texts.chat.unblock } else { texts.chat.block }}</button>
                    </ActionForm>
                    <ActionForm action=hide>
                        <input type="hidden" name="conversation_id" value=summary.id />
                        <button type="submit">{texts.chat.remove}</button>
                    </ActionForm>
                </div>
            </details>
        </header>
    }
}
