//! Pages that are in the navigation but arrive with later features.

use crate::ui::components::Placeholder;
use crate::ui::i18n::use_texts;
use leptos::prelude::*;

#[component]
pub fn PublishPage() -> impl IntoView {
    let t = use_texts();
    view! { <Placeholder title=t.publish_title intro=t.publish_intro notice=t.coming_soon /> }
}

#[component]
pub fn MessagesPage() -> impl IntoView {
    let t = use_texts();
    view! { <Placeholder title=t.messages_title intro=t.messages_intro notice=t.coming_soon /> }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let t = use_texts();
    view! { <Placeholder title=t.sign_in_title intro=t.sign_in_intro notice=t.coming_soon /> }
}
