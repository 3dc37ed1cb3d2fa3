//! Authentication primitives: password hashing, session tokens, and the one
//! function that turns a request into the signed-in user.
//!
//! Invariants: password hashes never leave this module's types unredacted;
//! a token alone never authenticates, its session record must be live and its
//! user not banned, checked on every request.

pub mod password;
pub mod token;

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch: the one clock of the account tables.
pub fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// A random identifier of `bytes` bytes, hex-encoded.
pub fn random_id(bytes: usize) -> String {
    use rand::RngCore;
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    hex::encode(buffer)
}
