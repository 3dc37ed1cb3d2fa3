//! Shared test scaffolding: real backends and a real server per test.

pub mod alipay_stand_in;
pub mod applications;
pub mod backends;
pub mod browser;
pub mod money;
pub mod orders;
pub mod redis_server;
pub mod s3;
pub mod search;
pub mod smtp;
pub mod stacks;
pub mod stripe_stand_in;
pub mod tcp_relay;
pub mod test_app;
pub mod ws;

pub use backends::{buses, databases};
pub use stacks::stacks;
pub use test_app::TestApp;
