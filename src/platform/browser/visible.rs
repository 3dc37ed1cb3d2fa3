//! Calling back when an element scrolls into view (infinite scroll).

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// Calls `on_visible` once, the first time `element` is (or already is)
/// within 400 px of the viewport; then stops watching.
pub fn when_visible(element: web_sys::Element, on_visible: impl Fn() + 'static) {
    let callback = Closure::<dyn Fn(js_sys::Array, IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: IntersectionObserver| {
            let visible = entries.iter().any(|entry| {
                entry
                    .dyn_into::<IntersectionObserverEntry>()
                    .is_ok_and(|entry| entry.is_intersecting())
            });
            if visible {
                observer.disconnect();
                on_visible();
            }
        },
    );
    let options = IntersectionObserverInit::new();
    options.set_root_margin("400px");
    if let Ok(observer) =
        IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
    {
        observer.observe(&element);
    }
    // The observer holds the callback for as long as it may fire; after it
    // disconnects the few bytes stay, once per page loaded.
    callback.forget();
}
