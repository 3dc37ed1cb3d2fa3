//! The page for any address that matches no route. Answers with status 404.

use crate::platform;
use crate::ui::i18n::use_texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    platform::set_status(404);
    let texts = use_texts();
    view! {
        <Title text=texts.not_found_title />
        <section class="panel not-found">
            <p class="not-found__code" aria-hidden="true">"404"</p>
            <h1>{texts.not_found_title}</h1>
            <p>{texts.not_found_body}</p>
            <A href="/" attr:class="button">{texts.back_to_hall}</A>
        </section>
    }
}
