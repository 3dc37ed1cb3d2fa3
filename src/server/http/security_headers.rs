//! Security headers on every response, set in one place.
//!
//! Invariants: every response carries a Content-Security-Policy without
//! `unsafe-inline` or `unsafe-eval` for scripts, `frame-ancestors 'none'`,
//! `object-src 'none'` and `base-uri 'self'`, plus `nosniff`, a
//! Referrer-Policy and a Permissions-Policy; HSTS is added when the site is
//! served over https. A page names its own inline scripts with the nonce
//! Leptos generates per render (`page_nonce` sets that policy); every
//! other response (files, server functions, errors) gets the same policy
//! without a nonce, so no inline script runs there at all.

use crate::server::config::ServerSettings;
use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use tower::ServiceBuilder;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy, with `nonce` allowing the page's own inline scripts.
///
/// Why each source: `'self'` loads the app's script and styles;
/// `'wasm-unsafe-eval'` compiles the WASM (no JavaScript `eval`); styles
/// may be inline (`style` attributes the views set, never user text);
/// pictures may be `data:` or `blob:` (previews of files being uploaded);
/// `connect-src 'self'` covers the same-origin WebSocket (CSP 3), and
/// `blob:` the avatar cropper reading back the picture the user chose;
/// `form-action` also names the payment provider's checkout origin
/// (`checkout`), because browsers apply it to the redirect that follows a
/// form post too, and the top-up form is answered with a redirect there.
pub fn policy(nonce: Option<&str>, checkout: Option<&str>) -> String {
    let scripts = match nonce {
        Some(nonce) => format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"),
        None => "script-src 'self' 'wasm-unsafe-eval'".to_owned(),
    };
    let forms = match checkout {
        Some(origin) => format!("form-action 'self' {origin}"),
        None => "form-action 'self'".to_owned(),
    };
    [
        "default-src 'self'",
        &scripts,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self' blob:",
        "font-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
        &forms,
    ]
    .join("; ")
}

const PERMISSIONS: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
const HSTS: &str = "max-age=63072000; includeSubDomains";

fn value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Adds the headers to every response of `router`. A page's own policy
/// (with its nonce) is kept; `nosniff` and the rest replace whatever a
/// handler set.
pub fn apply<S>(router: Router<S>, server: &ServerSettings, checkout: Option<&str>) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    let layers = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            value(&policy(None, checkout)),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .into_inner();
    let router = router.layer(layers);
    if !server.is_https() {
        // HSTS over plain http would be ignored, and pins nothing locally.
        return router;
    }
    router.layer(SetResponseHeaderLayer::overriding(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static(HSTS),
    ))
}

#[cfg(test)]
mod tests {
    use super::policy;

    #[test]
    fn the_policy_allows_no_inline_script_without_the_nonce() {
        for text in [
            policy(None, None),
            policy(Some("abc"), Some("https://pay.example")),
        ] {
            assert!(!text.contains("unsafe-inline'; script"), "{text}");
            let scripts = text
                .split("; ")
                .find(|d| d.starts_with("script-src"))
                .expect("script-src");
            assert!(!scripts.contains("unsafe-inline"), "{scripts}");
            assert!(!scripts.contains("'unsafe-eval'"), "{scripts}");
            assert!(text.contains("frame-ancestors 'none'"));
            assert!(text.contains("object-src 'none'"));
            assert!(text.contains("base-uri 'self'"));
        }
        assert!(policy(Some("abc"), None).contains("'nonce-abc'"));
        assert!(policy(None, None).ends_with("form-action 'self'"));
    }
}
