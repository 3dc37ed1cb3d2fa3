//! The messages pages: `/messages` (my conversations) and `/messages/:id`
//! (one of them beside the list; on phones the list steps aside).

use super::use_id_param;
use crate::ui::chat::{ConversationList, ThreadView};
use crate::ui::components::RequireUser;
use crate::ui::i18n::use_texts;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MessagesPage() -> impl IntoView {
    let texts = use_texts();
    view! {
        <Title text=texts.messages_title />
        <RequireUser>
            <div class="chat">
                <ConversationList selected=Signal::derive(|| None) />
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
    let id = use_id_param();
    let selected = Signal::derive(id);
    view! {
        <Title text=texts.messages_title />
        <RequireUser>
            <div class="chat chat--open">
                <ConversationList selected />
                <ThreadView id=selected />
            </div>
        </RequireUser>
    }
}
