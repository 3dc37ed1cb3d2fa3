//! Bounty: a marketplace where users post problems with rewards and solvers
//! earn them. One crate, compiled as the SSR server (`ssr`) and as the
//! hydrated WASM client (`hydrate`).
//!
//! Invariant: this file holds the only module-level feature gates (besides
//! `platform/`), so every other module compiles the same on both targets or
//! lives entirely behind one of these gates.

pub mod api;
pub mod app;
pub mod domain;
pub mod platform;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod server;

/// Entry point of the WASM client: attaches the app to the server-rendered
/// page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // What `leptos::mount::hydrate_lazy` does, plus marking the end: the
    // route's lazily loaded code arrives before its page can hydrate.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::tachys::dom::body();
        let app = leptos::mount::hydrate_from_async(body, app::App).await;
        platform::mark_hydrated();
        app.forget();
    });
}
