//! A page of this site fetched as the server renders it and parsed into a
//! detached document, for the views that move server HTML into the page
//! shown (infinite scroll, pages that update themselves).
//!
//! Invariant: the parsed document runs no scripts and loads nothing
//! (DOMParser); `Err` means the page could not be fetched or read, and the
//! caller leaves what it shows as it is.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Document, DomParser, Response, SupportedType};

/// GETs `href` (same origin, with the session cookie) and parses the answer.
pub async fn fetch_page(href: &str) -> Result<Document, ()> {
    let window = web_sys::window().ok_or(())?;
    let response: Response = JsFuture::from(window.fetch_with_str(href))
        .await
        .map_err(|_| ())?
        .dyn_into()
        .map_err(|_| ())?;
    if !response.ok() {
        return Err(());
    }
    let html = JsFuture::from(response.text().map_err(|_| ())?)
        .await
        .map_err(|_| ())?
        .as_string()
        .ok_or(())?;
    DomParser::new()
        .map_err(|_| ())?
        .parse_from_string(&html, SupportedType::TextHtml)
        .map_err(|_| ())
}
