//! `POST /lang`: remembers the chosen language and returns to the page.
//!
//! Invariants: only supported languages are stored; the return address is
//! always a path on this site (no open redirect).

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

/// `next` if it is a path on this site, else the home page. Rejects
/// scheme-relative (`//host`) and backslash tricks browsers treat as hosts.
fn local_path_or_home(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(char::is_control);
    if local { next } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::local_path_or_home;

    #[test]
    fn local_paths_are_kept_with_their_query() {
        assert_eq!(local_path_or_home("/publish"), "/publish");
        assert_eq!(local_path_or_home("/hall?page=2"), "/hall?page=2");
    }

    #[test]
    fn anything_that_could_leave_the_site_goes_home() {
        for next in [
            "",
            "https://evil.example",
            "//evil.example",
            "/\\evil",
            "javascript:x",
            "/a\r\nSet-Cookie: x",
        ] {
            assert_eq!(local_path_or_home(next), "/", "{next:?}");
        }
    }
}
