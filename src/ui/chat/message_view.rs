//! One message bubble: mine on the right, theirs on the left; text as text,
//! pictures as thumbnails linking to the full file, files as download links.
//! Messages still in the outbox show "sending" or why they failed, with a
//! retry.

use super::{moment, use_chat};
use crate::domain::chat::client::Pending;
use crate::domain::chat::{ChatMessage, MessageBody, OutgoingBody};
use crate::ui::components::form_message;
use crate::ui::i18n::use_texts;
use crate::ui::orders::format::size_text;
use leptos::prelude::*;

#[component]
pub fn MessageView(message: ChatMessage, me: i64) -> impl IntoView {
    let texts = use_texts();
    let chat = use_chat();
    let mine = message.sender_id == me;
    let content = match message.body {
        MessageBody::Text { text } => view! { <p class="bubble__text">{text}</p> }.into_any(),
        MessageBody::Image { file } => view! {
            <a class="bubble__picture" href=format!("/files/{}", file.id) target="_blank" rel="noopener">
                <img src=format!("/files/{}/thumb", file.id) alt=texts.chat.picture loading="lazy" />
            </a>
        }
        .into_any(),
        MessageBody::File { file } => view! {
            <a class="bubble__file" href=format!("/files/{}", file.id) download=file.name.clone()>
                <span class="bubble__file-name">{file.name.clone()}</span>
                <span class="bubble__file-size">{size_text(file.size)}</span>
            </a>
        }
        .into_any(),
    };
    view! {
        <div class="bubble" class:bubble--mine=mine data-seq=message.seq>
            {content}
            <time class="bubble__time">{moment(chat, message.sent_at_ms)}</time>
        </div>
    }
}

#[component]
pub fn PendingView(pending: Pending) -> impl IntoView {
    let texts = use_texts();
    let chat = use_chat();
    let text = match &pending.body {
        OutgoingBody::Text { text } => text.clone(),
        OutgoingBody::File { .. } => texts.chat.attach.to_owned(),
    };
    let client_id = pending.client_id.clone();
    let status = match &pending.failed {
        None => view! { <span class="bubble__status">{texts.chat.sending}</span> }.into_any(),
        Some(error) => {
            let why = form_message(texts, Some(error))
                .or_else(|| match error {
                    crate::domain::AppError::Invalid(fields) => fields
                        .first()
                        .map(|field| texts.errors.for_code(&field.code).to_owned()),
                    _ => None,
                })
                .unwrap_or_default();
            view! {
                <span class="bubble__status bubble__status--failed">
                    {texts.chat.failed} " " {why} " "
                    <button type="button" class="link-button" on:click=move |_| chat.retry(&client_id)>{texts.chat.retry}</button>
                </span>
            }
            .into_any()
        }
    };
    view! {
        <div class="bubble bubble--mine bubble--pending" data-client-id=pending.client_id.clone()>
            <p class="bubble__text">{text}</p>
            {status}
        </div>
    }
}
