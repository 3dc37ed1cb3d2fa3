//! Pure domain types shared by the server and the browser.
//!
//! Invariant: nothing here performs I/O, reads configuration, or depends on a
//! feature flag or on leptos, so every rule in this module is testable with
//! plain unit tests and compiles identically on both targets.

pub mod account;
pub mod calendar;
pub mod chat;
pub mod error;
pub mod history_filter;
pub mod ledger;
pub mod locale;
pub mod money;
pub mod navigation;
pub mod notification;
pub mod order;
pub mod paging;
pub mod review;
pub mod saved_search;
pub mod site_notice;
pub mod wallet;
pub mod withdrawal;

pub use account::{CurrentUser, Email, Role};
pub use error::{AppError, FieldError};
pub use locale::Locale;
