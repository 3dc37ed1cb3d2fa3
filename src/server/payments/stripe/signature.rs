//! Stripe's `Stripe-Signature` webhook header, as documented at
//! <https://docs.stripe.com/webhooks#verify-manually>:
//!
//! - the header is `t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=<hex>]`, one
//!   line, elements in any order; `t` is the timestamp, each `v1` a signature;
//!   every other scheme (the fake `v0` of test events included) is ignored, so
//!   an attacker cannot downgrade us to a weaker one;
//! - signed payload = the timestamp as a string, `.`, then the raw body bytes;
//! - expected = lowercase hex HMAC-SHA256 of it, keyed with the endpoint's
//!   signing secret: the whole `whsec_...` string as bytes, exactly as Stripe's
//!   libraries use it (not base64-decoded);
//! - while a secret is being rolled, Stripe sends one `v1` per active secret:
//!   the event is genuine if ANY of them matches.
//!
//! Invariants: each `v1` is compared in constant time (`verify_slice`); the
//! timestamp is checked only after a signature matched (as Stripe's libraries
//! do), and is refused when further than the tolerance from our clock in
//! EITHER direction (Stripe's libraries only refuse old ones; a timestamp from
//! the future is as suspicious and costs nothing to refuse). A tolerance of 0
//! means "exactly now", never "don't check" (the docs warn that 0 disables the
//! check in their libraries). The sandbox provider signs with the same scheme
//! under another header name (`super::super::signature`).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header Stripe signs webhooks in (HTTP header names are case-insensitive).
pub const HEADER: &str = "stripe-signature";
/// Stripe's libraries' default: five minutes between `t` and our clock.
pub const DEFAULT_TOLERANCE_SECS: u32 = 300;

/// Why a webhook was refused. Nothing in it repeats the secret or a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StripeSignatureError {
    #[error("no Stripe-Signature header")]
    MissingHeader,
    #[error("the Stripe-Signature header has no single integer timestamp `t`")]
    NoTimestamp,
    #[error("the Stripe-Signature header has no `v1` signature")]
    NoV1Signature,
    #[error("no `v1` signature matches the body")]
    Mismatch,
    #[error("the signed timestamp is outside the tolerance")]
    OutsideTolerance,
}

/// The parts of a header that matter: the timestamp and every `v1`, raw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedHeader<'a> {
    pub timestamp: i64,
    pub v1: Vec<&'a str>,
}

/// Splits the header as the docs' step 1 says: on `,`, then each element on
/// its first `=`. A repeated or non-integer `t` is refused rather than
/// guessed at.
pub fn parse(header: &str) -> Result<ParsedHeader<'_>, StripeSignatureError> {
    let mut timestamp = None;
    let mut v1 = Vec::new();
    for element in header.split(',') {
        match element.trim().split_once('=') {
            Some(("t", value)) => {
                let value = value.parse::<i64>().ok();
                if timestamp.is_some() || value.is_none() {
                    return Err(StripeSignatureError::NoTimestamp);
                }
                timestamp = value;
            }
            Some(("v1", value)) => v1.push(value),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(StripeSignatureError::NoTimestamp)?;
    if v1.is_empty() {
        return Err(StripeSignatureError::NoV1Signature);
    }
    Ok(ParsedHeader { timestamp, v1 })
}

/// The MAC state after the signed payload: cloned once per candidate.
fn mac(secret: &[u8], timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes a key of any length; this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The `v1` value Stripe computes for `body` at `timestamp` (lowercase hex).
pub fn signature(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    hex::encode(mac(secret, timestamp, body).finalize().into_bytes())
}

/// A header as Stripe sends it for one active secret: for the contract
/// stand-in and tests. For a rolled secret, join several `v1=` yourself.
pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    format!("t={timestamp},v1={}", signature(secret, timestamp, body))
}

/// Verifies a delivery: `header` as received (None when absent), `body` the
/// raw bytes before any JSON parsing, `now_secs` our clock.
pub fn verify(
    secret: &[u8],
    header: Option<&str>,
    body: &[u8],
    now_secs: i64,
    tolerance_secs: u32,
) -> Result<(), StripeSignatureError> {
    let parsed = parse(header.ok_or(StripeSignatureError::MissingHeader)?)?;
    let expected = mac(secret, parsed.timestamp, body);
    // A `v1` that is not hex cannot match; it does not spoil the others.
    let matched = parsed.v1.iter().any(|candidate| {
        hex::decode(candidate).is_ok_and(|tag| expected.clone().verify_slice(&tag).is_ok())
    });
    if !matched {
        return Err(StripeSignatureError::Mismatch);
    }
    if now_secs.abs_diff(parsed.timestamp) > u64::from(tolerance_secs) {
        return Err(StripeSignatureError::OutsideTolerance);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"whsec_unit";

    #[test]
    fn a_header_made_by_sign_verifies_within_the_tolerance() {
        let header = sign(SECRET, 1_000, b"{}");
        assert_eq!(verify(SECRET, Some(&header), b"{}", 1_300, 300), Ok(()));
        assert_eq!(verify(SECRET, Some(&header), b"{}", 700, 300), Ok(()));
    }

    #[test]
    fn one_second_past_the_tolerance_is_refused_either_way() {
        let header = sign(SECRET, 1_000, b"{}");
        for now in [1_301, 699] {
            assert_eq!(
                verify(SECRET, Some(&header), b"{}", now, 300),
                Err(StripeSignatureError::OutsideTolerance),
                "{now}"
            );
        }
    }

    #[test]
    fn a_zero_tolerance_still_checks_the_clock() {
        let header = sign(SECRET, 1_000, b"{}");
        assert_eq!(verify(SECRET, Some(&header), b"{}", 1_000, 0), Ok(()));
        assert_eq!(
            verify(SECRET, Some(&header), b"{}", 1_001, 0),
            Err(StripeSignatureError::OutsideTolerance)
        );
    }

    #[test]
    fn extreme_timestamps_neither_overflow_nor_pass() {
        let header = sign(SECRET, i64::MIN, b"{}");
        assert_eq!(
            verify(SECRET, Some(&header), b"{}", i64::MAX, u32::MAX),
            Err(StripeSignatureError::OutsideTolerance)
        );
    }

    #[test]
    fn spaces_after_commas_and_unknown_elements_are_tolerated() {
        let v1 = signature(SECRET, 5, b"x");
        let header = format!("v9=abc, t=5, x, v1={v1}");
        assert_eq!(verify(SECRET, Some(&header), b"x", 5, 300), Ok(()));
    }

    #[test]
    fn a_repeated_or_garbled_timestamp_is_refused() {
        for header in ["t=1,t=1,v1=00", "t=x,v1=00", "t=,v1=00", "v1=00", ""] {
            assert_eq!(
                parse(header),
                Err(StripeSignatureError::NoTimestamp),
                "{header}"
            );
        }
    }

    #[test]
    fn a_non_hex_v1_does_not_hide_a_matching_one() {
        let v1 = signature(SECRET, 5, b"x");
        let header = format!("t=5,v1=zz,v1={v1}");
        assert_eq!(verify(SECRET, Some(&header), b"x", 5, 300), Ok(()));
    }
}
