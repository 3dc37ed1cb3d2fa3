//! "Send a message" to a user, optionally about an order: a form, so it
//! works without JavaScript; the server opens (or finds) the conversation
//! and goes to it.

use crate::api::chat::OpenConversation;
use crate::ui::components::FormMessage;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn StartChatButton(user_id: i64, order_id: Option<i64>, label: &'static str) -> impl IntoView {
    let open = ServerAction::<OpenConversation>::new();
    let error = Signal::derive(move || open.value().get().and_then(Result::err));
    view! {
        <ActionForm action=open attr:class="start-chat">
            <input type="hidden" name="user_id" value=user_id />
            {order_id.map(|order_id| view! { <input type="hidden" name="order_id" value=order_id /> })}
            <button type="submit" class="button button--quiet">{label}</button>
            <FormMessage error />
        </ActionForm>
    }
}
