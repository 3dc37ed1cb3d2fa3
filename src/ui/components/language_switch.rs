//! The language switch: a plain form posting to `/lang`.
//!
//! A form rather than a client-side toggle so it works with JavaScript off;
//! the server stores the choice in a cookie and sends the user back to the
//! page they were on, now rendered in the chosen language.

use crate::domain::Locale;
use crate::ui::i18n::{use_locale, use_texts};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let texts = use_texts();
    let current = use_locale();
    let location = use_location();
    let return_to = move || {
        let search = location.search.get();
        match search.trim_start_matches('?') {
            "" => location.pathname.get(),
            query => format!("{}?{query}", location.pathname.get()),
        }
    };

    view! {
        <form class="lang-switch" method="post" action="/lang" aria-label=texts.language_label>
            <input type="hidden" name="next" value=return_to />
            {Locale::ALL
                .into_iter()
                .map(|locale| {
                    view! {
                        <button
                            type="submit"
                            name="lang"
                            value=locale.tag()
                            lang=locale.tag()
                            aria-pressed=(locale == current).to_string()
                        >
                            {locale.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </form>
    }
}
