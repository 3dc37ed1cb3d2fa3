//! A short-lived pre-session cookie that names the browser, so a captcha
//! solved in one browser cannot be replayed from another (login CSRF: a
//! foreign page making the victim's browser sign in to the attacker's
//! account with a captcha the attacker solved).
//!
//! Invariants: every request carries a `BrowserId` in its extensions (the
//! cookie's, or a new random one that the response then sets); page loads
//! renew the cookie, so it lives 12 hours after the last page seen; the
//! value means nothing by itself (no session, no user) and is HttpOnly,
//! `SameSite=Lax`, and `__Host-` prefixed and `Secure` under https.

use axum::extract::{Request, State};
use axum::http::header::{ACCEPT, SET_COOKIE};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use cookie::{Cookie, SameSite};

/// The id of the browser making the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserId(pub String);

/// Whether the site is served over https (chooses the cookie's name).
#[derive(Debug, Clone, Copy)]
pub struct Https(pub bool);

const NAME: &str = "pre_session";
const SECURE_NAME: &str = "__Host-pre_session";
const LIFETIME_HOURS: i64 = 12;

fn cookie_name(https: bool) -> &'static str {
    if https { SECURE_NAME } else { NAME }
}

/// 32 hex digits: anything else in the cookie is ignored and replaced.
fn well_formed(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The middleware.
pub async fn bind(State(Https(https)): State<Https>, mut request: Request, next: Next) -> Response {
    let name = cookie_name(https);
    let existing =
        crate::server::ctx::cookie_in(request.headers(), name).filter(|v| well_formed(v));
    let page_load = request.method() == Method::GET
        && request
            .headers()
            .get(ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
    let renew = existing.is_none() || page_load;
    let id = existing.unwrap_or_else(|| crate::server::auth::random_id(16));
    request.extensions_mut().insert(BrowserId(id.clone()));
    let mut response = next.run(request).await;
    if renew {
        let cookie = Cookie::build((name, id))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(https)
            .max_age(cookie::time::Duration::hours(LIFETIME_HOURS))
            .build();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}
