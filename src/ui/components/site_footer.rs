//! The site footer.

use crate::ui::i18n::use_texts;
use leptos::prelude::*;

#[component]
pub fn SiteFooter() -> impl IntoView {
    let texts = use_texts();
    view! {
        <footer class="site-footer">
            <p class="site-footer__note">{texts.footer_note}</p>
            <p class="site-footer__brand">{texts.site_name}</p>
        </footer>
    }
}
