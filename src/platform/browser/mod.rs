//! Browser side of the platform facade: answers from the rendered document.

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

/// Marks `<html data-hydrated>` once the client is interactive. The style
/// sheet reveals JavaScript-only controls under it, and the end-to-end tests
/// wait for it before clicking.
pub fn mark_hydrated() {
    if let Some(root) = root_element() {
        // Failing to set an attribute only hides the enhanced controls.
        let _ = root.set_attribute("data-hydrated", "");
    }
}

/// The status code belongs to the server's response; in the browser a
/// client-side navigation has none to set.
pub fn set_status(_status: u16) {}
