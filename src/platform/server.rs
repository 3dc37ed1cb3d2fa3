//! Server side of the platform facade: answers from the request being rendered.

use crate::domain::Locale;
use leptos::prelude::use_context;

/// The locale for the page being rendered: the `lang` cookie, then
/// `Accept-Language`, then English.
pub fn page_locale() -> Locale {
    crate::server::ctx::locale()
}

/// Nothing to mark on the server: only the browser hydrates.
pub fn mark_hydrated() {}

/// Sets the HTTP status of the page being rendered (404 for unknown pages).
pub fn set_status(status: u16) {
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(status),
    ) {
        response.set_status(status);
    }
}

/// Clicks happen only in the browser.
pub fn click_in_picture(
    _event: &leptos::ev::MouseEvent,
    _width: f32,
    _height: f32,
) -> Option<(f32, f32)> {
    None
}

/// Files are chosen only in the browser.
pub fn file_preview_url(_event: &leptos::ev::Event) -> Option<String> {
    None
}

/// Images load only in the browser.
pub fn loaded_image_size(_event: &leptos::ev::Event) -> Option<(u32, u32)> {
    None
}

/// A file on the user's machine: only the browser has any.
pub enum LocalFile {}

impl LocalFile {
    pub fn name(&self) -> String {
        match *self {}
    }
}

/// Files are chosen only in the browser.
pub fn chosen_files(_event: &leptos::ev::Event) -> Vec<LocalFile> {
    Vec::new()
}

/// A drop: only the browser has any.
pub struct Dropped;

/// Files are dropped only in the browser.
pub fn dropped(_event: &leptos::ev::DragEvent) -> Dropped {
    Dropped
}

/// Files are dropped only in the browser.
pub async fn dropped_files(_dropped: Dropped) -> Vec<LocalFile> {
    Vec::new()
}

/// Uploads start only in the browser.
pub async fn upload(
    file: LocalFile,
    _on_progress: impl Fn(u8) + 'static,
) -> Result<crate::domain::order::FileMeta, crate::domain::AppError> {
    match file {}
}

/// Nothing scrolls on the server.
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

/// Only a browser shows a page to refresh; see `platform/browser/live_parts.rs`.
pub async fn refresh_live_parts() -> bool {
    false
}

/// The chat engine runs only in the browser; on the server it does nothing.
#[derive(Clone)]
pub struct ChatEngine;

/// Server renders drop their reactive owners on any worker thread, so the
/// (empty) engine slot must be thread-safe here; in the browser it is local.
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

/// Client ids are made by the browser that sends.
pub fn new_client_id() -> String {
    String::new()
}

/// The server renders no clock-dependent chat state.
pub fn clock_ms() -> i64 {
    0
}

/// The viewer's time zone as their browser last reported it (the
/// `utc_offset` cookie), or UTC.
pub fn utc_offset_minutes() -> i32 {
    crate::server::ctx::utc_offset_minutes()
}

/// The server renders pages; it never watches one.
pub fn live_marker() -> Option<String> {
    None
}

/// Only a browser shows a page.
pub fn awaits_payment() -> bool {
    false
}

/// Only a browser reloads.
pub fn reload_page() {}

/// Only the browser has a realtime connection.
pub fn mark_connected(_up: bool) {}

/// Only a browser knows its time zone.
pub fn remember_utc_offset() {}

/// Nothing to leave on the server: the browser follows a redirect instead.
pub fn leave_for(_url: &str) {}

/// What every page says about this installation (development, play money).
pub fn site_notice() -> crate::domain::site_notice::SiteNotice {
    let Some(state) = use_context::<crate::server::state::AppState>() else {
        return crate::domain::site_notice::SiteNotice::default();
    };
    crate::domain::site_notice::SiteNotice {
        development: !state.settings.server.is_production(),
        play_money: state.settings.payments.demo_money,
    }
}
