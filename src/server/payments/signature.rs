//! Webhook signatures: `Bounty-Signature: t=<unix seconds>,v1=<hex>`, where
//! the hex is HMAC-SHA256 over `"<t>.<raw body>"` with the provider's
//! webhook secret (the scheme real providers use).
//!
//! Invariants: the MAC is compared in constant time (`verify_slice`); a
//! timestamp further than `TOLERANCE_SECS` from now, either way, is refused,
//! so a captured request cannot be replayed later (and a replay within the
//! window changes nothing: events are deduplicated by id).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header the signature travels in.
pub const HEADER: &str = "bounty-signature";
/// How far a signed timestamp may be from the receiver's clock.
pub const TOLERANCE_SECS: i64 = 300;

/// Why a signature was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureError {
    Missing,
    Malformed,
    Mismatch,
    Stale,
}

fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length; this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The header value signing `body` at `timestamp`.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let tag = mac(secret, timestamp, body).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex::encode(tag))
}

/// Checks `header` against `body` at `now_secs`.
pub fn verify(
    secret: &[u8],
    header: Option<&str>,
    body: &[u8],
    now_secs: i64,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut timestamp = None;
    let mut tag = None;
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
            Some(("v1", value)) => tag = hex::decode(value).ok(),
            _ => {}
        }
    }
    let (Some(timestamp), Some(tag)) = (timestamp, tag) else {
        return Err(SignatureError::Malformed);
    };
    mac(secret, timestamp, body)
        .verify_slice(&tag)
        .map_err(|_| SignatureError::Mismatch)?;
    if (now_secs - timestamp).abs() > TOLERANCE_SECS {
        return Err(SignatureError::Stale);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"test secret";

    #[test]
    fn a_signed_body_verifies() {
        let header = sign(SECRET, 1_000, b"{}");
        assert_eq!(verify(SECRET, Some(&header), b"{}", 1_010), Ok(()));
    }

    #[test]
    fn another_body_secret_or_time_is_refused() {
        let header = sign(SECRET, 1_000, b"{}");
        assert_eq!(
            verify(SECRET, Some(&header), b"{ }", 1_000),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(b"other", Some(&header), b"{}", 1_000),
            Err(SignatureError::Mismatch)
        );
        let moved = header.replace("t=1000", "t=1001");
        assert_eq!(
            verify(SECRET, Some(&moved), b"{}", 1_000),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(SECRET, Some(&header), b"{}", 1_000 + TOLERANCE_SECS + 1),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify(SECRET, Some(&header), b"{}", 1_000 - TOLERANCE_SECS - 1),
            Err(SignatureError::Stale)
        );
    }

    #[test]
    fn missing_or_garbled_headers_are_refused() {
        assert_eq!(verify(SECRET, None, b"{}", 0), Err(SignatureError::Missing));
        for header in ["", "t=1", "v1=00", "t=x,v1=00", "t=1,v1=zz"] {
            assert_eq!(
                verify(SECRET, Some(header), b"{}", 1),
                Err(SignatureError::Malformed),
                "{header}"
            );
        }
    }
}
