//! Shared test scaffolding: real backends and a real server per test.

pub mod backends;
pub mod test_app;

pub use backends::{buses, databases};
pub use test_app::TestApp;
