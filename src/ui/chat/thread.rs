//! One conversation: header, messages (the server's page first, then the
//! cache and live ones), what is still being sent, the typing notice and
//! the composer. Showing it marks it read.

use super::composer::Composer;
use super::message_view::{MessageView, PendingView};
use super::thread_header::ThreadHeader;
use super::use_chat;
use crate::api::chat::DismissEscrowNotice;
use crate::domain::chat::Thread;
use crate::ui::i18n::use_texts;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// An island: the conversation as the server loaded it.
#[island]
pub fn ThreadView(thread: Thread) -> impl IntoView {
    let texts = use_texts();
    let chat = use_chat();
    let id = thread.summary.id;
    let me = thread.me;
    let nickname = thread.summary.other.nickname.clone();
    let served = thread.messages.clone();
    {
        let served = served.clone();
        // Browser only: the served page and the cache join the state, then
        // the engine catches up from the server.
        Effect::new(move |_| {
            chat.state.update(|state| {
                state.served_to(me);
                state.hold(id, served.clone());
            });
            chat.open_conversation(id);
        });
    }
    let messages = Memo::new(move |_| {
        let live = chat
            .state
            .with(|state| state.messages.get(&id).cloned().unwrap_or_default());
        if live.is_empty() {
            served.clone()
        } else {
            live
        }
    });
    let pending = Memo::new(move |_| {
        chat.state.with(|state| {
            state
                .outbox
                .iter()
                .filter(|pending| pending.conversation_id == id)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    // Seen while shown: move the read cursor whenever something new is here.
    Effect::new(move |_| {
        let behind = chat.state.with(|state| {
            state
                .summary(id)
                .is_some_and(|summary| summary.read_seq < summary.last_seq)
        });
        if behind && chat.connected.get() {
            chat.read_all(id);
        }
    });
    let scroller = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let count = messages.with(Vec::len) + pending.with(Vec::len);
        if let (Some(element), true) = (scroller.get(), count > 0) {
            element.set_scroll_top(element.scroll_height());
        }
    });
    let typing = move || {
        let now = chat.now_ms.get();
        chat.state
            .with(|state| state.is_typing(id, now))
            .then(|| format!("{nickname} {}", texts.chat.typing))
    };
    let offline = move || !chat.connected.get();
    view! {
        <section class="chat-pane" aria-label=thread.summary.other.nickname.clone()>
            <ThreadHeader summary=thread.summary.clone() blocked=thread.blocked_by_me />
            <div class="chat-messages" node_ref=scroller role="log" aria-live="polite">
                <For each=move || messages.get() key=|message| message.seq let:message>
                    <MessageView message me />
                </For>
                <For each=move || pending.get() key=|pending| (pending.client_id.clone(), pending.failed.is_some()) let:pending>
                    <PendingView pending />
                </For>
            </div>
            <p class="chat-typing" aria-live="polite">{typing}</p>
            <Show when=move || thread.blocked_by_me>
                <p class="notice">{texts.chat.blocked_note}</p>
            </Show>
            <Show when=offline>
                <p class="notice js-only chat-offline">{texts.chat.reconnecting}</p>
            </Show>
            {thread.escrow_notice.clone().map(|href| view! {
                // A plain post: the server remembers the dismissal.
                <form class="notice notice--warn escrow-notice" method="post" action=DismissEscrowNotice::PATH>
                    <p>{texts.chat.escrow_notice} " " <a href=href>{texts.chat.escrow_notice_link}</a></p>
                    <input type="hidden" name="conversation_id" value=id />
                    <button type="submit" class="button button--quiet">{texts.chat.dismiss}</button>
                </form>
            })}
            <Composer conversation_id=id />
        </section>
    }
}
