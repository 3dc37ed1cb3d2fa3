//! CSRF defence: a state-changing request sent by another site's page is
//! refused with 403 before any handler runs.
//!
//! Invariants: every request whose method is not GET, HEAD or OPTIONS
//! (server functions, form posts, uploads, the avatar, the sandbox checkout,
//! the language switch) passes `is_this_site` or is refused, except the
//! payment providers' webhooks, which are authenticated by their signature
//! instead. GET handlers change nothing that a link could abuse.
//!
//! The rule follows the one Go 1.25 adopted (`net/http.CrossOriginProtection`):
//! browsers send `Origin` on every POST (and `Sec-Fetch-Site` since 2020), so
//! a request naming another origin is refused; a request with neither header
//! did not come from a browser page, so it cannot be riding on a victim's
//! cookies (a script or an API client signs in with its own), and passes.

use crate::server::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Paths a foreign server posts to by design; each checks a signature.
const SIGNED_WEBHOOKS: &str = "/payments/webhook/";

/// Whether these request headers show a request made by this site's own
/// pages (or by no browser page at all).
///
/// `Origin` is compared with the configured public origin, or with the host
/// the browser addressed (which a foreign page cannot choose); without
/// `Origin`, `Sec-Fetch-Site` must say `same-origin` (or `none`: typed or
/// bookmarked by the user).
pub fn is_this_site(public_origin: &str, headers: &HeaderMap) -> bool {
    if let Some(origin) = headers.get(ORIGIN) {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        if origin == public_origin {
            return true;
        }
        let host = headers.get(HOST).and_then(|host| host.to_str().ok());
        let authority = origin.split_once("://").map(|(_, authority)| authority);
        return host.is_some() && authority == host;
    }
    match headers.get("sec-fetch-site").map(|v| v.to_str()) {
        Some(Ok("same-origin" | "none")) => true,
        Some(_) => false,
        None => true,
    }
}

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The middleware: refuses a cross-site state-changing request.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let exempt = request.uri().path().starts_with(SIGNED_WEBHOOKS);
    if changes_state(request.method())
        && !exempt
        && !is_this_site(state.settings.server.public_origin(), request.headers())
    {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            "This request came from another site and was refused. \
             请求来自其他网站，已被拒绝。",
        )
            .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::is_this_site;
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().expect("header"));
        }
        map
    }

    const SITE: &str = "https://bounty.example";

    #[test]
    fn the_site_itself_passes_and_any_other_origin_is_refused() {
        assert!(is_this_site(SITE, &headers(&[("origin", SITE)])));
        assert!(!is_this_site(
            SITE,
            &headers(&[("origin", "https://evil.example")])
        ));
        assert!(!is_this_site(SITE, &headers(&[("origin", "null")])));
        assert!(!is_this_site(
            SITE,
            &headers(&[("origin", "https://bounty.example.evil.example")])
        ));
    }

    #[test]
    fn the_host_the_browser_addressed_counts_as_this_site() {
        let sent = headers(&[
            ("origin", "http://127.0.0.1:4000"),
            ("host", "127.0.0.1:4000"),
        ]);
        assert!(is_this_site(SITE, &sent));
        let foreign = headers(&[
            ("origin", "http://127.0.0.1:5000"),
            ("host", "127.0.0.1:4000"),
        ]);
        assert!(!is_this_site(SITE, &foreign));
    }

    #[test]
    fn without_origin_fetch_metadata_decides() {
        assert!(is_this_site(
            SITE,
            &headers(&[("sec-fetch-site", "same-origin")])
        ));
        assert!(is_this_site(SITE, &headers(&[("sec-fetch-site", "none")])));
        assert!(!is_this_site(
            SITE,
            &headers(&[("sec-fetch-site", "cross-site")])
        ));
        assert!(!is_this_site(
            SITE,
            &headers(&[("sec-fetch-site", "same-site")])
        ));
    }

    #[test]
    fn a_client_that_is_no_browser_page_passes() {
        assert!(is_this_site(SITE, &HeaderMap::new()));
    }
}
