//! Session tokens: HS256 JWTs naming a session record.
//!
//! Invariant: a token carries only the user id and the session id; what the
//! user may do is read from the database on every request, so revoking the
//! session or banning the user takes effect at once.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// How long a token is valid; it is re-issued while the user is active.
pub const TOKEN_LIFETIME_MS: i64 = 2 * 60 * 60 * 1000;
/// A token older than this is refreshed on the next request.
pub const REFRESH_AFTER_MS: i64 = 10 * 60 * 1000;
/// The cookie the token travels in over plain http (development).
pub const SESSION_COOKIE: &str = "session";
/// The cookie the token travels in under https: the `__Host-` prefix makes
/// browsers refuse it unless it is `Secure`, for path `/`, without a domain.
pub const SECURE_SESSION_COOKIE: &str = "__Host-session";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The user id.
    pub sub: i64,
    /// The session id.
    pub sid: String,
    /// Issued at, Unix seconds.
    pub iat: i64,
    /// Expires at, Unix seconds.
    pub exp: i64,
}

/// Signs a token for `session` of `user`, issued at `now_ms`.
pub fn issue(
    key: &[u8],
    user: i64,
    session: &str,
    now_ms: i64,
) -> Result<String, jsonwebtoken::errors::Error> {
    let claims = Claims {
        sub: user,
        sid: session.to_owned(),
        iat: now_ms / 1000,
        exp: (now_ms + TOKEN_LIFETIME_MS) / 1000,
    };
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(key),
    )
}

/// The claims of a token signed with `key` that has not expired.
pub fn verify(key: &[u8], token: &str) -> Option<Claims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(key), &validation)
        .ok()
        .map(|data| data.claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn now_ms() -> i64 {
        crate::server::auth::now_millis()
    }

    #[test]
    fn a_token_round_trips_its_claims() {
        let token = issue(KEY, 7, "s1", now_ms()).expect("sign");
        let claims = verify(KEY, &token).expect("valid");
        assert_eq!((claims.sub, claims.sid.as_str()), (7, "s1"));
    }

    #[test]
    fn a_token_signed_with_another_key_is_rejected() {
        let token = issue(b"another-key-another-key-another-k", 7, "s1", now_ms()).expect("sign");
        assert_eq!(verify(KEY, &token), None);
    }

    #[test]
    fn an_expired_token_is_rejected() {
        let three_hours_ago = now_ms() - 3 * 60 * 60 * 1000;
        let token = issue(KEY, 7, "s1", three_hours_ago).expect("sign");
        assert_eq!(verify(KEY, &token), None);
    }

    #[test]
    fn a_tampered_token_is_rejected() {
        let token = issue(KEY, 7, "s1", now_ms()).expect("sign");
        let mut tampered = token.into_bytes();
        let middle = tampered.len() / 2;
        tampered[middle] = if tampered[middle] == b'A' { b'B' } else { b'A' };
        assert_eq!(verify(KEY, &String::from_utf8_lossy(&tampered)), None);
    }
}
