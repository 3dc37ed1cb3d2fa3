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

/// Entry point of the WASM client: starts the reactive system; the island
/// script then hydrates each `#[island]` in the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // The island script calls this first, then hydrates every island in
    // document order through promise callbacks (microtasks), which all run
    // before a timer: so the page is marked once every island is
    // interactive. The style sheet then reveals JavaScript-only controls
    // and the end-to-end tests start clicking.
    leptos::prelude::set_timeout(platform::mark_hydrated, std::time::Duration::ZERO);
    platform::remember_utc_offset();
}
