//! Tiny facades over what differs between the server and the browser.
//!
//! Invariant: every function here exists with the same signature on both
//! targets, so `ui/` calls it without any `cfg` of its own. The server
//! implementation answers from the current request; the browser one from the
//! page the server rendered, so both halves agree during hydration.

/// Whether this build renders pages (the server) rather than only hydrating
/// islands in a browser: what page-only text needs (`ui::i18n::page_text!`).
pub const RENDERS_PAGES: bool = cfg!(feature = "ssr");

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(feature = "ssr")]
mod server;

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
pub use browser::{
    ChatEngine, ChatEngineStorage, Dropped, LocalFile, append_next_page, awaits_payment,
    chosen_files, click_in_picture, clock_ms, dropped, dropped_files, file_preview_url, leave_for,
    live_marker, loaded_image_size, mark_connected, mark_hydrated, new_client_id, page_locale,
    refresh_live_parts, reload_page, remember_utc_offset, set_status, site_notice, upload,
    utc_offset_minutes, when_visible,
};
#[cfg(feature = "ssr")]
pub use server::{
    ChatEngine, ChatEngineStorage, Dropped, LocalFile, append_next_page, awaits_payment,
    chosen_files, click_in_picture, clock_ms, dropped, dropped_files, file_preview_url, leave_for,
    live_marker, loaded_image_size, mark_connected, mark_hydrated, new_client_id, page_locale,
    refresh_live_parts, reload_page, remember_utc_offset, set_status, site_notice, upload,
    utc_offset_minutes, when_visible,
};

/// Builds with neither target (a plain `cargo check`) still type-check.
#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
mod neutral {
    use crate::domain::Locale;

    pub fn page_locale() -> Locale {
        Locale::default()
    }

    pub fn site_notice() -> crate::domain::site_notice::SiteNotice {
        crate::domain::site_notice::SiteNotice::default()
    }

    pub fn mark_hydrated() {}

    pub fn set_status(_status: u16) {}

    pub fn file_preview_url(_event: &leptos::ev::Event) -> Option<String> {
        None
    }

    pub fn loaded_image_size(_event: &leptos::ev::Event) -> Option<(u32, u32)> {
        None
    }

    pub fn click_in_picture(
        _event: &leptos::ev::MouseEvent,
        _width: f32,
        _height: f32,
    ) -> Option<(f32, f32)> {
        None
    }

    pub enum LocalFile {}

    impl LocalFile {
        pub fn name(&self) -> String {
            match *self {}
        }
    }

    pub fn chosen_files(_event: &leptos::ev::Event) -> Vec<LocalFile> {
        Vec::new()
    }

    pub struct Dropped;

    pub fn dropped(_event: &leptos::ev::DragEvent) -> Dropped {
        Dropped
    }

    pub async fn dropped_files(_dropped: Dropped) -> Vec<LocalFile> {
        Vec::new()
    }

    pub async fn upload(
        file: LocalFile,
        _on_progress: impl Fn(u8) + 'static,
    ) -> Result<crate::domain::order::FileMeta, crate::domain::AppError> {
        match file {}
    }

    pub fn when_visible(_element: leptos::web_sys::Element, _on_visible: impl Fn() + 'static) {}
    /// Only the browser scrolls; see `platform/browser/next_page.rs`.
    pub async fn append_next_page(
        _href: &str,
        _items: &str,
        _next: &str,
        _into: leptos::web_sys::Element,
    ) -> Result<Option<String>, ()> {
        Err(())
    }

    pub async fn refresh_live_parts() -> bool {
        false
    }

    #[derive(Clone)]
    pub struct ChatEngine;

    pub type ChatEngineStorage = leptos::prelude::SyncStorage;

    impl ChatEngine {
        pub fn forget_previous_user(_user: Option<i64>) {}

        pub fn start(
            _me: i64,
            _state: leptos::prelude::RwSignal<crate::domain::chat::client::ChatState>,
            _connected: leptos::prelude::RwSignal<bool>,
        ) -> ChatEngine {
            ChatEngine
        }

        pub fn user(&self) -> i64 {
            0
        }

        pub fn perform(&self, _effects: Vec<crate::domain::chat::client::Effect>) {}

        pub fn open_conversation(&self, _conversation_id: i64) {}

        pub fn stop_and_forget(&self) {}
    }

    pub fn new_client_id() -> String {
        String::new()
    }

    pub fn clock_ms() -> i64 {
        0
    }

    pub fn utc_offset_minutes() -> i32 {
        0
    }

    pub fn leave_for(_url: &str) {}

    pub fn remember_utc_offset() {}

    pub fn live_marker() -> Option<String> {
        None
    }

    pub fn awaits_payment() -> bool {
        false
    }

    pub fn reload_page() {}

    pub fn mark_connected(_up: bool) {}
}
#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
pub use neutral::{
    ChatEngine, ChatEngineStorage, Dropped, LocalFile, append_next_page, awaits_payment,
    chosen_files, click_in_picture, clock_ms, dropped, dropped_files, file_preview_url, leave_for,
    live_marker, loaded_image_size, mark_connected, mark_hydrated, new_client_id, page_locale,
    refresh_live_parts, reload_page, remember_utc_offset, set_status, site_notice, upload,
    utc_offset_minutes, when_visible,
};
