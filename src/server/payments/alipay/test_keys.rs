//! Key pairs generated once per test run (2048-bit generation is the slow
//! part of these tests), shared by the unit tests of this module.

use super::keys::PrivateKey;
use std::sync::LazyLock;

fn generate() -> PrivateKey {
    PrivateKey::generate().expect("a test key")
}

/// Signs our requests.
pub static MERCHANT: LazyLock<PrivateKey> = LazyLock::new(generate);
/// Signs the notifications of the pretend Alipay.
pub static ALIPAY: LazyLock<PrivateKey> = LazyLock::new(generate);
