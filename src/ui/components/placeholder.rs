//! A page that exists in the navigation but is not built yet.

use leptos::prelude::*;
use leptos_meta::Title;

/// Title, one-line purpose and a "coming soon" notice.
#[component]
pub fn Placeholder(
    title: &'static str,
    intro: &'static str,
    notice: &'static str,
) -> impl IntoView {
    view! {
        <Title text=title />
        <section class="panel">
            <h1>{title}</h1>
            <p class="lead">{intro}</p>
            <p class="notice" role="status">{notice}</p>
        </section>
    }
}
