//! Error messages next to form fields and above forms, from the `AppError`
//! of a server action. The same markup renders with JavaScript on (from the
//! action's value) and off (from the error the server put in the redirect).

use crate::domain::{AppError, FieldError};
use crate::ui::i18n::{Texts, use_texts};
use leptos::prelude::*;

/// The message for `field` in `error`, translated.
pub fn field_message(
    texts: &'static Texts,
    error: Option<&AppError>,
    field: &str,
) -> Option<&'static str> {
    match error {
        Some(AppError::Invalid(fields)) => fields
            .iter()
            .find(|f| f.field == field)
            .map(|f| texts.errors.for_code(&f.code)),
        _ => None,
    }
}

/// The message for the form as a whole: form-level field errors and every
/// error that is not about one field.
pub fn form_message(texts: &'static Texts, error: Option<&AppError>) -> Option<String> {
    let errors = &texts.errors;
    Some(match error? {
        AppError::Invalid(_) => field_message(texts, error, FieldError::FORM)?.to_owned(),
        AppError::Unauthorized => errors.unauthorized.to_owned(),
        AppError::Forbidden => errors.forbidden.to_owned(),
        AppError::Banned { reason } => format!("{} {reason}", errors.banned),
        AppError::NotFound => errors.not_found.to_owned(),
        AppError::Conflict(code) => match errors.for_code(code) {
            known if known != errors.unknown => known.to_owned(),
            _ => errors.conflict.to_owned(),
        },
        AppError::RateLimited { retry_after_secs } => {
            format!("{} {retry_after_secs}", errors.rate_limited)
        }
        AppError::Network => errors.network.to_owned(),
        AppError::Unavailable(code) => errors.for_code(code).to_owned(),
        AppError::Internal { ref_id } => format!("{} {ref_id}", errors.internal),
    })
}

/// The error line under one field; `id` is what the input's
/// `aria-describedby` points at.
#[component]
pub fn FieldMessage(error: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    let texts = use_texts();
    let message = move || error.with(|error| field_message(texts, error.as_ref(), field));
    view! {
        <Show when=move || message().is_some()>
            <p class="field-error" id=format!("{field}-error") role="alert">{message}</p>
        </Show>
    }
}

/// The error box above a form.
#[component]
pub fn FormMessage(error: Signal<Option<AppError>>) -> impl IntoView {
    let texts = use_texts();
    let message = move || error.with(|error| form_message(texts, error.as_ref()));
    view! {
        <Show when=move || message().is_some()>
            <p class="form-error" role="alert">{message}</p>
        </Show>
    }
}
