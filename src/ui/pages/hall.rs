//! The hall: open bounties, newest first. Until orders exist it explains the
//! product and shows the empty state.

use crate::ui::i18n::use_texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn HallPage() -> impl IntoView {
    let texts = use_texts();
    view! {
        <Title text=texts.hall_title />
        <section class="hero">
            <h1>{texts.hall_title}</h1>
            <p class="lead">{texts.tagline}</p>
        </section>
        <section class="panel" aria-labelledby="how-title">
            <h2 id="how-title">{texts.how_title}</h2>
            <ol class="steps">
                {texts.how_steps.map(|step| view! { <li>{step}</li> }).collect_view()}
            </ol>
        </section>
        <section class="panel empty-state">
            <p>{texts.hall_intro}</p>
            <p>{texts.hall_empty}</p>
            <A href="/publish" attr:class="button">{texts.nav_publish}</A>
        </section>
    }
}
