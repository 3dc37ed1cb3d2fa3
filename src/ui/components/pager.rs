//! The links under a paged list: to the next (older) page and back to the
//! first. Plain links, so paging works the same with and without
//! JavaScript (the page is rendered by the server either way).

use super::form_message;
use crate::domain::AppError;
use crate::ui::i18n::use_texts;
use leptos::prelude::*;

/// `next` is the address of the older page, `first` that of the first page
/// when this is not it.
#[component]
pub fn Pager(next: Option<String>, first: Option<String>) -> impl IntoView {
    let texts = use_texts();
    (next.is_some() || first.is_some()).then(|| {
        view! {
            <p class="pager">
                {first.map(|href| view! { <a href=href>{texts.orders.first_page}</a> })}
                {next.map(|href| view! { <a href=href rel="next">{texts.orders.next_page}</a> })}
            </p>
        }
    })
}

/// A list page that could not be loaded, such as one whose cursor is
/// malformed (the status is set by the caller).
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    let texts = use_texts();
    let message =
        form_message(texts, Some(&error)).unwrap_or_else(|| texts.errors.unknown.to_owned());
    view! { <p class="form-error" role="alert">{message}</p> }
}
