//! Server side of the platform facade: answers from the request being rendered.

use crate::domain::Locale;
use http::header::{ACCEPT_LANGUAGE, COOKIE};
use http::request::Parts;
use leptos::prelude::use_context;

/// The locale for the page being rendered: the `lang` cookie, then
/// `Accept-Language`, then English.
pub fn page_locale() -> Locale {
    let Some(parts) = use_context::<Parts>() else {
        return Locale::default();
    };
    let chosen = parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == Locale::COOKIE)
        .map(|cookie| cookie.value().to_owned());
    let accept = parts
        .headers
        .get(ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok());
    Locale::negotiate(chosen.as_deref(), accept)
}

/// Nothing to mark on the server: only the browser hydrates.
pub fn mark_hydrated() {}

/// Sets the HTTP status of the page being rendered (404 for unknown pages).
pub fn set_status(status: u16) {
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(status);
    }
}
