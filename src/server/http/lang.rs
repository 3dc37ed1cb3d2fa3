//! `POST /lang`: remembers the chosen language and returns to the page.
//!
//! Invariants: only supported languages are stored; the return address is
//! always a path on this site (no open redirect).

use crate::domain::navigation::local_path_or_home;
use crate::domain::{AppError, Locale};
use crate::server::state::AppState;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use cookie::{Cookie, SameSite};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LanguageChoice {
    lang: String,
    #[serde(default)]
    next: String,
}

pub async fn switch_language(
    State(state): State<AppState>,
    Form(choice): Form<LanguageChoice>,
) -> Response {
    let Some(locale) = Locale::from_tag(&choice.lang) else {
        return AppError::invalid("lang", "unsupported").into_response();
    };
    let cookie = Cookie::build((Locale::COOKIE, locale.tag()))
        .path("/")
        .max_age(cookie::time::Duration::days(365))
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(state.settings.server.is_https())
        .build();
    let headers = [
        (LOCATION, local_path_or_home(&choice.next).to_owned()),
        (SET_COOKIE, cookie.to_string()),
    ];
    (StatusCode::SEE_OTHER, headers).into_response()
}
