//! Six-digit codes sent by e-mail to prove control of an address, for one
//! purpose each (registration, password reset).
//!
//! Invariants: the code is never returned to a caller, only mailed by the
//! service that asked for it, and is kept as an HMAC under the signing key,
//! bound to purpose and address; it expires after `TTL`, allows
//! `MAX_ATTEMPTS` wrong tries, and works once; an address gets at most one
//! code a minute and ten a day per purpose. The payload travels with the
//! code and comes back only with the right code.

use super::retry_after;
use crate::domain::{AppError, Email};
use crate::server::error::internal;
use crate::server::state::AppState;
use hmac::{Hmac, Mac};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::time::Duration;

pub const TTL: Duration = Duration::from_secs(5 * 60);
pub const MAX_ATTEMPTS: u64 = 5;
const RESEND_GAP: Duration = Duration::from_secs(60);
const DAY: Duration = Duration::from_secs(24 * 60 * 60);
const SENDS_PER_DAY: u64 = 10;

/// What the code is for; part of every key and of the MAC.
#[derive(Clone, Copy)]
pub struct Purpose(pub &'static str);

pub const REGISTRATION: Purpose = Purpose("registration");
pub const PASSWORD_RESET: Purpose = Purpose("password-reset");

#[derive(Serialize, Deserialize)]
struct Pending {
    payload: Vec<u8>,
    code_mac: String,
}

fn key(purpose: Purpose, kind: &str, email: &Email) -> String {
    format!("code:{}:{kind}:{}", purpose.0, email.as_str())
}

fn mac(state: &AppState, purpose: Purpose, email: &Email, code: &str) -> Hmac<Sha256> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(state.secrets.signing_key())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    for part in [purpose.0, email.as_str(), code] {
        mac.update(part.as_bytes());
        mac.update(b"\0");
    }
    mac
}

/// Counts a send against the address's limits; `RateLimited` when over.
pub async fn check_send_limits(
    state: &AppState,
    purpose: Purpose,
    email: &Email,
) -> Result<(), AppError> {
    let counters = &state.bus.counters;
    let minute = counters
        .hit(&key(purpose, "sent-minute", email), RESEND_GAP)
        .await?;
    if minute.count > 1 {
        return Err(retry_after(minute.resets_in));
    }
    let day = counters.hit(&key(purpose, "sent-day", email), DAY).await?;
    if day.count > SENDS_PER_DAY {
        return Err(retry_after(day.resets_in));
    }
    Ok(())
}

/// Creates and stores a code for `email` with `payload`; returns the code
/// for the caller to mail. Call `check_send_limits` first.
pub async fn issue(
    state: &AppState,
    purpose: Purpose,
    email: &Email,
    payload: Vec<u8>,
) -> Result<String, AppError> {
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
    let code_mac = hex::encode(mac(state, purpose, email, &code).finalize().into_bytes());
    let pending = serde_json::to_vec(&Pending { payload, code_mac }).map_err(internal)?;
    state
        .bus
        .keys
        .put(&key(purpose, "pending", email), pending, TTL)
        .await?;
    state
        .bus
        .counters
        .reset(&key(purpose, "tries", email))
        .await?;
    Ok(code)
}

/// Forgets a pending code (its mail could not be sent).
pub async fn withdraw(state: &AppState, purpose: Purpose, email: &Email) -> Result<(), AppError> {
    state
        .bus
        .keys
        .delete(&key(purpose, "pending", email))
        .await?;
    Ok(())
}

/// Checks `code` and, if right, consumes it and returns its payload.
pub async fn redeem(
    state: &AppState,
    purpose: Purpose,
    email: &Email,
    code: &str,
) -> Result<Vec<u8>, AppError> {
    let pending_key = key(purpose, "pending", email);
    let expired = || AppError::invalid("code", "code_expired");
    let stored = state
        .bus
        .keys
        .get(&pending_key)
        .await?
        .ok_or_else(expired)?;
    let pending: Pending = serde_json::from_slice(&stored).map_err(internal)?;
    let tries = state
        .bus
        .counters
        .hit(&key(purpose, "tries", email), TTL)
        .await?;
    if tries.count > MAX_ATTEMPTS {
        state.bus.keys.delete(&pending_key).await?;
        return Err(AppError::invalid("code", "code_attempts_exhausted"));
    }
    let expected = hex::decode(&pending.code_mac).map_err(internal)?;
    if mac(state, purpose, email, code)
        .verify_slice(&expected)
        .is_err()
    {
        return Err(AppError::invalid("code", "code_wrong"));
    }
    // Single use: of two concurrent right answers, one takes the code.
    state
        .bus
        .keys
        .take(&pending_key)
        .await?
        .ok_or_else(expired)?;
    Ok(pending.payload)
}
