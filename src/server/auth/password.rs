//! argon2id password hashing.
//!
//! Invariants: hashing and verifying run on the blocking pool (they take tens
//! of milliseconds of CPU by design); verifying against an unknown account
//! still hashes, against a fixed dummy hash, so the answer time does not tell
//! whether an account exists. `PasswordHash` is neither `Debug`-printed in
//! clear nor `Serialize`.

use crate::domain::AppError;
use crate::server::error::internal;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash as Phc, SaltString};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use std::sync::LazyLock;

/// An argon2id PHC string as stored in `users.password_hash`.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

impl PasswordHash {
    /// Wraps a stored hash read from the database.
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn hash_blocking(password: &str) -> Result<PasswordHash, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    let phc = Argon2::default().hash_password(password.as_bytes(), &salt)?;
    Ok(PasswordHash(phc.to_string()))
}

fn verify_blocking(password: &str, hash: &str) -> bool {
    Phc::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash of a random password, verified against when the account is unknown.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash_blocking(&crate::server::auth::random_id(16))
        .map(|hash| hash.0)
        .unwrap_or_default()
});

/// Hashes a new password.
pub async fn hash(password: String) -> Result<PasswordHash, AppError> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(internal)?
        .map_err(internal)
}

/// Whether `password` matches `stored`; with `None` (unknown account) it
/// spends the same work on the dummy hash and answers `false`.
pub async fn verify(password: String, stored: Option<PasswordHash>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || match stored {
        Some(hash) => verify_blocking(&password, &hash.0),
        None => {
            verify_blocking(&password, &DUMMY_HASH);
            false
        }
    })
    .await
    .map_err(internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let hash = hash("correct horse 1".into()).await.expect("hash");
        assert!(hash.as_str().starts_with("$argon2id$"));
        assert!(
            verify("correct horse 1".into(), Some(hash.clone()))
                .await
                .expect("verify")
        );
        assert!(
            !verify("wrong horse 1".into(), Some(hash))
                .await
                .expect("verify")
        );
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(!verify("anything1".into(), None).await.expect("verify"));
    }

    #[test]
    fn a_hash_never_prints_its_content() {
        let hash = PasswordHash::from_stored("$argon2id$secret".into());
        assert!(!format!("{hash:?}").contains("secret"));
    }
}
