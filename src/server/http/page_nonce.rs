//! A page's Content-Security-Policy names the nonce Leptos put on that
//! page's inline scripts.
//!
//! Why here and not in the shell: a header set through Leptos'
//! `ResponseOptions` while the shell renders was, now and then under load,
//! missing from the response (two Playwright runs in CI: pages served with
//! the policy without a nonce, their hydration scripts blocked). The
//! response's first chunk always holds the `<head>` with the hydration
//! script and its `nonce` attribute, so this layer reads the nonce there and
//! sets the policy before the response starts.
//!
//! Invariants: only `text/html` responses are looked at, and only their
//! first chunk is held (the rest streams as before); a page without a nonce
//! keeps the policy without one (`security_headers`), which allows no inline
//! script at all; a value that is not a plain base64 token is never put in
//! the header.

use super::security_headers::policy;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::middleware::Next;
use axum::response::Response;
use futures::StreamExt;
use std::sync::Arc;

/// The first `nonce="..."` attribute value in `html`, if it is a token.
pub fn find_nonce(html: &[u8]) -> Option<&str> {
    const MARK: &[u8] = b"nonce=\"";
    let start = html.windows(MARK.len()).position(|w| w == MARK)? + MARK.len();
    let length = html[start..].iter().position(|&b| b == b'"')?;
    let value = std::str::from_utf8(&html[start..start + length]).ok()?;
    let token = (16..=128).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_' | b'='));
    token.then_some(value)
}

/// The middleware; its state is the payment provider's checkout origin.
pub async fn name_the_nonce(
    State(checkout): State<Option<Arc<str>>>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    let html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let mut stream = body.into_data_stream();
    let first = stream.next().await;
    if let Some(Ok(chunk)) = &first
        && let Some(nonce) = find_nonce(chunk)
        && let Ok(value) = HeaderValue::from_str(&policy(Some(nonce), checkout.as_deref()))
    {
        parts.headers.insert(CONTENT_SECURITY_POLICY, value);
    }
    let body = Body::from_stream(futures::stream::iter(first).chain(stream));
    Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use super::find_nonce;

    #[test]
    fn the_nonce_is_read_from_the_first_script_attribute() {
        let head =
            br#"<head><script type="module" nonce="Zs_PTJ-QcKwzZTukFpOlWQ">import x</script>"#;
        assert_eq!(find_nonce(head), Some("Zs_PTJ-QcKwzZTukFpOlWQ"));
    }

    #[test]
    fn anything_but_a_plain_token_is_ignored() {
        assert_eq!(find_nonce(b"<p>no script</p>"), None);
        assert_eq!(find_nonce(br#"<script nonce="short">"#), None);
        assert_eq!(
            find_nonce(br#"<script nonce="abc'; script-src *; x=yyyyyyyyyy">"#),
            None
        );
        assert_eq!(find_nonce(br#"<script nonce="unterminated"#), None);
    }
}
