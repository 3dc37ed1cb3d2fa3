//! Browser side of the platform facade: answers from the rendered document.

mod chat_engine;
mod chat_store;
mod dropped;
mod fetched_page;
mod files;
mod live_parts;
mod next_page;
mod realtime;
mod timing;
mod visible;

pub use chat_engine::{ChatEngine, clock_ms, new_client_id, utc_offset_minutes};

/// The engine holds `Rc`s: it lives in the page's one thread.
pub type ChatEngineStorage = leptos::prelude::LocalStorage;
pub use dropped::{Dropped, dropped, dropped_files};
pub use files::{LocalFile, chosen_files, upload};
pub use live_parts::refresh_live_parts;
pub use next_page::append_next_page;
pub use visible::when_visible;

use crate::domain::Locale;

fn root_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.document_element()
}

/// The locale the server rendered this page in, read from `<html lang>`, so
/// the hydrated client uses exactly the server's choice.
pub fn page_locale() -> Locale {
    root_element()
        .and_then(|root| root.get_attribute("lang"))
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or_default()
}

/// Tells the server this browser's time zone (minutes east of UTC, in the
/// `utc_offset` cookie for a year), so the dates on the pages it renders
/// from the next load on are local ones.
pub fn remember_utc_offset() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let cookie = format!(
        "{}={}; path=/; max-age=31536000; samesite=lax",
        crate::domain::calendar::UTC_OFFSET_COOKIE,
        utc_offset_minutes()
    );
    // `document.cookie = ...` through Reflect: web-sys puts the setter on
    // HtmlDocument, a feature (and code) for this one line.
    let _ = js_sys::Reflect::set(&document, &"cookie".into(), &cookie.into());
}

/// Marks `<html data-hydrated>` once the client is interactive. The style
/// sheet reveals JavaScript-only controls under it, and the end-to-end tests
/// wait for it before clicking.
pub fn mark_hydrated() {
    if let Some(root) = root_element() {
        // Failing to set an attribute only hides the enhanced controls.
        let _ = root.set_attribute("data-hydrated", "");
    }
}

/// What the page shows that pushes can change: its `data-live` marker
/// (`money`, `order:<id>`, `notifications`), if it has one.
pub fn live_marker() -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector("[data-live]")
        .ok()??
        .get_attribute("data-live")
}

/// Whether the page shows a payment still waiting for the provider's word
/// (`data-awaiting-payment`): the moment money moves, reloading shows the
/// result, so the page does that itself instead of offering a reload.
pub fn awaits_payment() -> bool {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector("[data-awaiting-payment]").ok())
        .flatten()
        .is_some()
}

/// Reloads the page (a server-rendered page's way to show what changed).
pub fn reload_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Marks `<html data-connected>` while the realtime connection is up, so
/// the end-to-end tests can wait for it on any page.
pub fn mark_connected(up: bool) {
    if let Some(root) = root_element() {
        let _ = root.toggle_attribute_with_force("data-connected", up);
    }
}

/// The status code belongs to the server's response; in the browser a
/// client-side navigation has none to set.
pub fn set_status(_status: u16) {}

/// Loads `url` as a whole new page: islands have no router, so every move
/// an island makes (to an order after saving it, to a provider's checkout)
/// is a page load, like every link.
pub fn leave_for(url: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(url);
    }
}

/// Where a click landed on the picture it targeted, in the picture's own
/// pixels (`width` x `height`), whatever size the picture is displayed at.
/// Mouse clicks and taps both arrive as click events.
pub fn click_in_picture(
    event: &leptos::ev::MouseEvent,
    width: f32,
    height: f32,
) -> Option<(f32, f32)> {
    use wasm_bindgen::JsCast;
    let target: web_sys::Element = event.target()?.dyn_into().ok()?;
    let (shown_width, shown_height) = (target.client_width() as f32, target.client_height() as f32);
    if shown_width <= 0.0 || shown_height <= 0.0 {
        return None;
    }
    let x = event.offset_x() as f32 * width / shown_width;
    let y = event.offset_y() as f32 * height / shown_height;
    Some((x.clamp(0.0, width), y.clamp(0.0, height)))
}

/// A local URL showing the file chosen in the `<input type="file">` that
/// fired `event`, so it can be previewed before uploading.
pub fn file_preview_url(event: &leptos::ev::Event) -> Option<String> {
    use wasm_bindgen::JsCast;
    let input: web_sys::HtmlInputElement = event.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0)?;
    web_sys::Url::create_object_url_with_blob(&file).ok()
}

/// The natural size of the `<img>` whose `load` fired `event`.
pub fn loaded_image_size(event: &leptos::ev::Event) -> Option<(u32, u32)> {
    use wasm_bindgen::JsCast;
    let image: web_sys::HtmlImageElement = event.target()?.dyn_into().ok()?;
    Some((image.natural_width(), image.natural_height())).filter(|(w, h)| *w > 0 && *h > 0)
}

/// The notices are server HTML; the browser never renders them.
pub fn site_notice() -> crate::domain::site_notice::SiteNotice {
    crate::domain::site_notice::SiteNotice::default()
}
