//! Server functions, grouped by domain. Each is a public HTTP endpoint whose
//! body authenticates, parses, calls one service and maps the error.
//!
//! Invariant: every server function returns `Result<_, AppError>`, so a
//! failure reaches the browser as a typed, translated error, never as a
//! foreign error's text.

pub mod accounts;
pub mod admin;
pub mod agreements;
pub mod applications;
pub mod chat;
pub mod disputes;
mod error;
pub mod money;
pub mod notifications;
pub mod orders;
pub mod profile;
pub mod questions;
pub mod reviews;
pub mod saved_searches;
pub mod text_json;
pub mod withdrawals;
