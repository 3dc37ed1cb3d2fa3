//! Pages that are in the navigation but arrive with later features.

use crate::ui::components::{Placeholder, RequireUser};
use crate::ui::i18n::use_texts;
use leptos::prelude::*;

/// Needs a signed-in user (the conversations are theirs).
#[component]
pub fn MessagesPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <RequireUser>
            <Placeholder title=t.messages_title intro=t.messages_intro notice=t.coming_soon />
        </RequireUser>
    }
}
