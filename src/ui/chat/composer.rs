//! Writing a message: a text box (Enter sends, Shift+Enter breaks the
//! line), an emoji picker, and a file button whose upload shows its
//! progress. Typing notices go out at most every two seconds.

use super::use_chat;
use crate::domain::AppError;
use crate::domain::chat::OutgoingBody;
use crate::platform;
use crate::ui::components::form_message;
use crate::ui::i18n::use_texts;
use leptos::prelude::*;

const EMOJI: [&str; 32] = [
    "😀", "😂", "🙂", "😉", "😍", "🤔", "😅", "😭", "😎", "🙏", "👍", "👎", "👏", "🙌", "💪", "🤝",
    "🎉", "🔥", "✅", "❌", "⭐", "💡", "📎", "📌", "💰", "⏰", "❤️", "👀", "🚀", "☕", "🌟", "👌",
];
const TYPING_EVERY_MS: i64 = 2000;

#[component]
pub fn Composer(conversation_id: i64) -> impl IntoView {
    let texts = use_texts();
    let chat = use_chat();
    let text = RwSignal::new(String::new());
    let picker_open = RwSignal::new(false);
    let progress = RwSignal::new(None::<u8>);
    let upload_error = RwSignal::new(None::<AppError>);
    let last_typing = StoredValue::new(0_i64);
    let send = move || {
        let value = text.get_untracked();
        if value.trim().is_empty() {
            return;
        }
        chat.write(conversation_id, OutgoingBody::Text { text: value });
        text.set(String::new());
        picker_open.set(false);
    };
    let on_input = move |event| {
        text.set(event_target_value(&event));
        let now = platform::clock_ms();
        // The throttle starts only once a notice has really gone out, so
        // keystrokes made before the connection is up are not wasted.
        if now - last_typing.get_value() > TYPING_EVERY_MS && chat.typing(conversation_id) {
            last_typing.set_value(now);
        }
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
            event.prevent_default();
            send();
        }
    };
    let on_file = move |event| {
        for file in platform::chosen_files(&event) {
            upload_error.set(None);
            progress.set(Some(0));
            leptos::task::spawn_local(async move {
                let stored =
                    platform::upload(file, move |percent| progress.set(Some(percent))).await;
                progress.set(None);
                match stored {
                    Ok(meta) => {
                        chat.write(conversation_id, OutgoingBody::File { file_id: meta.id })
                    }
                    Err(error) => upload_error.set(Some(error)),
                }
            });
        }
    };
    let emoji_buttons = EMOJI
        .iter()
        .map(|emoji| {
            let emoji = *emoji;
            view! {
                <button type="button" on:click=move |_| text.update(|text| text.push_str(emoji))>{emoji}</button>
            }
        })
        .collect_view();
    view! {
        <form class="composer js-only" on:submit=move |event| { event.prevent_default(); send(); }>
            <textarea
                name="text"
                rows="2"
                maxlength="4000"
                placeholder=texts.chat.write_placeholder
                aria-label=texts.chat.write_placeholder
                prop:value=text
                on:input=on_input
                on:keydown=on_keydown
            ></textarea>
            <div class="composer__tools">
                <button type="button" class="composer__emoji" aria-expanded=move || picker_open.get().to_string() on:click=move |_| picker_open.update(|open| *open = !*open) title=texts.chat.emoji aria-label=texts.chat.emoji>"😊"</button>
                <label class="composer__attach" title=texts.chat.attach>
                    "📎" <span class="visually-hidden">{texts.chat.attach}</span>
                    <input type="file" class="visually-hidden" on:change=on_file />
                </label>
                <button type="submit" class="button">{texts.chat.send}</button>
            </div>
            <div class="emoji-picker" class:hidden=move || !picker_open.get() role="group" aria-label=texts.chat.emoji>{emoji_buttons}</div>
            {move || progress.get().map(|percent| view! {
                <p class="composer__progress">{texts.chat.uploading} " " <progress max="100" value=percent></progress></p>
            })}
            {move || upload_error.get().map(|error| view! {
                <p class="form-error" role="alert">{form_message(texts, Some(&error)).unwrap_or_else(|| texts.errors.unknown.to_owned())}</p>
            })}
        </form>
        <p class="notice no-js-only">{texts.chat.js_required}</p>
    }
}
