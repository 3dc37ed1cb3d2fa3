//! Pages, components and state providers, compiled for both targets.
//!
//! Invariant: nothing here names `crate::server`; browser- or server-specific
//! work goes through `crate::platform`, and data through `crate::api`.

pub mod chat;
pub mod components;
pub mod i18n;
pub mod orders;
pub mod pages;
pub mod query;
