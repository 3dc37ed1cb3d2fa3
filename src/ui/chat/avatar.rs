//! A small round avatar with a presence dot: the picture, or the first
//! letter of the nickname when there is none.

use crate::domain::order::PartyView;
use leptos::prelude::*;

#[component]
pub fn ChatAvatar(party: PartyView, #[prop(into)] online: Signal<bool>) -> impl IntoView {
    let initial: String = party.nickname.chars().take(1).collect();
    view! {
        <span class="chat-avatar">
            {match party.avatar {
                Some(src) => view! { <img src=src alt="" width="40" height="40" /> }.into_any(),
                None => view! { <span class="chat-avatar__initial" aria-hidden="true">{initial}</span> }.into_any(),
            }}
            <span class="presence-dot" class:presence-dot--online=move || online.get()></span>
        </span>
    }
}
