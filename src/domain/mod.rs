//! Pure domain types shared by the server and the browser.
//!
//! Invariant: nothing here performs I/O, reads configuration, or depends on a
//! feature flag or on leptos, so every rule in this module is testable with
//! plain unit tests and compiles identically on both targets.

pub mod account;
pub mod error;
pub mod locale;
pub mod navigation;

pub use account::{CurrentUser, Email, Role};
pub use error::{AppError, FieldError};
pub use locale::Locale;
