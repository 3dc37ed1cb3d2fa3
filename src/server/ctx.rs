//! What server functions read from the request being served: the state, the
//! signed-in user, cookies, the client's address and language.
//!
//! Invariant: `require_user` is the one door to anything that needs a user;
//! it checks the session record on every call (no trust in page redirects),
//! and re-issues the cookie when the token is getting old.

use super::auth::token::{SECURE_SESSION_COOKIE, SESSION_COOKIE};
use super::http::browser_binding::BrowserId;
use super::http::client_address::ClientAddress;
use super::services::sessions::{self, Authenticated};
use super::state::AppState;
use crate::domain::{AppError, CurrentUser, Locale, calendar};
use cookie::{Cookie, SameSite};
use http::header::{ACCEPT, ACCEPT_LANGUAGE, COOKIE, SET_COOKIE};
use http::request::Parts;
use http::{HeaderMap, HeaderValue};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use std::net::IpAddr;

/// The application state, provided to every server function.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| super::error::internal("AppState missing from context"))
}

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The value of cookie `name` in these request headers.
pub fn cookie_in(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

/// The language of this request: the `lang` cookie, then `Accept-Language`.
pub fn locale_of(headers: &HeaderMap) -> Locale {
    let chosen = cookie_in(headers, Locale::COOKIE);
    let accept = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    Locale::negotiate(chosen.as_deref(), accept)
}

/// The language of the request being served.
pub fn locale() -> Locale {
    parts()
        .map(|parts| locale_of(&parts.headers))
        .unwrap_or_default()
}

/// Minutes east of UTC from the browser's `utc_offset` cookie; 0 (UTC)
/// without one or outside a request.
pub fn utc_offset_minutes() -> i32 {
    parts()
        .and_then(|parts| cookie_in(&parts.headers, calendar::UTC_OFFSET_COOKIE))
        .and_then(|value| calendar::parse_utc_offset(&value))
        .unwrap_or(0)
}

/// The client's address: the socket's peer, or the client a trusted proxy
/// names (`http::client_address`).
pub fn client_ip() -> Option<IpAddr> {
    parts()?
        .extensions
        .get::<ClientAddress>()
        .map(|address| address.0)
}

/// The pre-session id of the browser making this request
/// (`http::browser_binding`), which a captcha is bound to.
pub fn browser_id() -> Option<String> {
    parts()?
        .extensions
        .get::<BrowserId>()
        .map(|id| id.0.clone())
}

/// Checks a captcha answer sent with this request, from this browser only
/// (the challenge is bound to the browser it was drawn for): the first step
/// of every captcha-guarded server function.
pub async fn verify_captcha(state: &AppState, id: &str, clicks: &str) -> Result<(), AppError> {
    super::captcha::verify_form(state, id, clicks, browser_id().as_deref()).await
}

/// The session cookie's name: `__Host-` prefixed under https, so it can
/// only have been set by this host, over TLS, for the whole site.
pub fn session_cookie_name(state: &AppState) -> &'static str {
    if state.settings.server.is_https() {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The session token in these request headers, if any.
pub fn session_token(state: &AppState, headers: &HeaderMap) -> Option<String> {
    cookie_in(headers, session_cookie_name(state))
}

/// Whether the request is a plain HTML form post (JavaScript off): its errors
/// travel in the redirect, so its status must stay a redirect.
/// Whether the request comes from a phone's browser: its User-Agent has
/// the `Mobi` token (as MDN advises for mobile detection) or names
/// Android. Only chooses which checkout page to open, never a right.
pub fn on_phone() -> bool {
    parts()
        .and_then(|parts| parts.headers.get(http::header::USER_AGENT).cloned())
        .and_then(|agent| agent.to_str().map(phone_agent).ok())
        .unwrap_or(false)
}

/// The test of `on_phone`, on the header's text.
pub fn phone_agent(agent: &str) -> bool {
    agent.contains("Mobi") || agent.contains("Android")
}

pub fn is_plain_form_post() -> bool {
    parts()
        .and_then(|parts| parts.headers.get(ACCEPT).cloned())
        .and_then(|accept| accept.to_str().map(|v| v.contains("text/html")).ok())
        .unwrap_or(false)
}

fn add_header(name: http::HeaderName, value: String) {
    if let (Some(response), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&value),
    ) {
        response.append_header(name, value);
    }
}

fn session_cookie(state: &AppState, value: String, max_age_secs: i64) -> String {
    Cookie::build((session_cookie_name(state), value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.server.is_https())
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build()
        .to_string()
}

/// Puts a new session token in the cookie.
pub fn set_session_cookie(state: &AppState, token: String) {
    let lifetime = super::auth::token::TOKEN_LIFETIME_MS / 1000;
    add_header(SET_COOKIE, session_cookie(state, token, lifetime));
}

/// Removes the session cookie.
pub fn clear_session_cookie(state: &AppState) {
    add_header(SET_COOKIE, session_cookie(state, String::new(), 0));
}

/// The session behind this request, if any; refreshes the cookie when due.
pub async fn session() -> Result<Option<Authenticated>, AppError> {
    let state = state()?;
    let Some(token) = parts().and_then(|parts| session_token(&state, &parts.headers)) else {
        return Ok(None);
    };
    let authenticated = sessions::authenticate(&state, &token).await?;
    if let Some(fresh) = authenticated
        .as_ref()
        .and_then(|a| a.refreshed_token.clone())
    {
        set_session_cookie(&state, fresh);
    }
    Ok(authenticated)
}

/// The signed-in user, if any.
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(session().await?.map(|authenticated| authenticated.user))
}

/// The signed-in user, or `Unauthorized`.
pub async fn require_user() -> Result<CurrentUser, AppError> {
    current_user().await?.ok_or(AppError::Unauthorized)
}

/// The signed-in user of a plain axum handler's request, if any.
pub async fn user_from_headers(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<CurrentUser>, AppError> {
    let Some(token) = session_token(state, headers) else {
        return Ok(None);
    };
    Ok(sessions::authenticate(state, &token)
        .await?
        .map(|authenticated| authenticated.user))
}

#[cfg(test)]
mod tests {
    use super::phone_agent;

    #[test]
    fn phones_are_told_from_computers_by_their_user_agent() {
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 \
                      (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 \
                       (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36";
        let desktop = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 \
                       (KHTML, like Gecko) Chrome/124.0 Safari/537.36";
        assert!(phone_agent(iphone));
        assert!(phone_agent(android));
        assert!(!phone_agent(desktop));
        assert!(!phone_agent(""));
    }
}
