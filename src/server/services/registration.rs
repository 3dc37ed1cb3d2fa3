//! Registration in two steps: the details and a mailed six-digit code, then
//! the code.
//!
//! Invariants: the code is never returned to the caller, only mailed, and is
//! kept as an HMAC under the signing key; it expires after 5 minutes, allows
//! 5 attempts and works once; an address gets at most one code a minute and
//! ten a day; the account row is written only when a correct code is
//! consumed, so a failed registration leaves nothing behind.

use super::{Problems, retry_after};
use crate::domain::account::{check_password, clean_code, clean_nickname};
use crate::domain::{AppError, Email, FieldError, Locale};
use crate::server::auth::{now_millis, password};
use crate::server::db::users;
use crate::server::error::{internal, violated_constraint};
use crate::server::mail::templates;
use crate::server::state::AppState;
use hmac::{Hmac, Mac};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::time::Duration;

pub const CODE_TTL: Duration = Duration::from_secs(5 * 60);
pub const MAX_ATTEMPTS: u64 = 5;
const RESEND_GAP: Duration = Duration::from_secs(60);
const DAY: Duration = Duration::from_secs(24 * 60 * 60);
const SENDS_PER_DAY: u64 = 10;

/// What the registration form sends.
#[derive(Debug, Clone, Deserialize)]
pub struct Details {
    pub email: String,
    pub password: String,
    pub nickname: String,
}

/// The registration waiting for its code, kept in the bus key store.
#[derive(Serialize, Deserialize)]
struct Pending {
    nickname: String,
    password_hash: String,
    code_mac: String,
}

fn code_mac(state: &AppState, email: &Email) -> Hmac<Sha256> {
    // A key of any length is valid for HMAC; this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(state.secrets.signing_key())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
    mac.update(b"registration-code\0");
    mac.update(email.as_str().as_bytes());
    mac.update(b"\0");
    mac
}

/// Checks the details, then mails a code to the address.
pub async fn start(state: &AppState, details: Details, locale: Locale) -> Result<(), AppError> {
    let mut problems = Problems::default();
    let email = problems.check(Email::parse(&details.email));
    let nickname = problems.check(clean_nickname(&details.nickname));
    problems.check(check_password("password", &details.password));
    problems.into_result()?;
    let (Some(email), Some(nickname)) = (email, nickname) else {
        return Err(internal("validated fields missing"));
    };

    let mut connection = state.db.pool().acquire().await?;
    if users::find_by_email(&mut connection, email.as_str())
        .await?
        .is_some()
    {
        return Err(AppError::invalid("email", "email_taken"));
    }
    drop(connection);

    let counters = &state.bus.counters;
    let minute = counters
        .hit(&format!("reg:send-min:{}", email.as_str()), RESEND_GAP)
        .await?;
    if minute.count > 1 {
        return Err(retry_after(minute.resets_in));
    }
    let day = counters
        .hit(&format!("reg:send-day:{}", email.as_str()), DAY)
        .await?;
    if day.count > SENDS_PER_DAY {
        return Err(retry_after(day.resets_in));
    }

    let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
    let mut mac = code_mac(state, &email);
    mac.update(code.as_bytes());
    let pending = Pending {
        nickname,
        password_hash: password::hash(details.password).await?.as_str().to_owned(),
        code_mac: hex::encode(mac.finalize().into_bytes()),
    };
    let key = format!("reg:pending:{}", email.as_str());
    let value = serde_json::to_vec(&pending).map_err(internal)?;
    state.bus.keys.put(&key, value, CODE_TTL).await?;
    counters
        .reset(&format!("reg:tries:{}", email.as_str()))
        .await?;

    let message = templates::registration_code(email.as_str(), locale, &code);
    if let Err(error) = state.mailer.send(message).await {
        state.bus.keys.delete(&key).await?;
        return Err(internal(error));
    }
    Ok(())
}

/// Checks the code and creates the account; returns the new user's id.
pub async fn complete(state: &AppState, email: &str, code: &str) -> Result<i64, AppError> {
    let mut problems = Problems::default();
    let email = problems.check(Email::parse(email));
    let code = problems.check(clean_code(code));
    problems.into_result()?;
    let (Some(email), Some(code)) = (email, code) else {
        return Err(internal("validated fields missing"));
    };
    let key = format!("reg:pending:{}", email.as_str());
    let expired = || AppError::invalid("code", "code_expired");

    let stored = state.bus.keys.get(&key).await?.ok_or_else(expired)?;
    let pending: Pending = serde_json::from_slice(&stored).map_err(internal)?;
    let tries = state
        .bus
        .counters
        .hit(&format!("reg:tries:{}", email.as_str()), CODE_TTL)
        .await?;
    if tries.count > MAX_ATTEMPTS {
        state.bus.keys.delete(&key).await?;
        return Err(AppError::invalid("code", "code_attempts_exhausted"));
    }
    let mut mac = code_mac(state, &email);
    mac.update(code.as_bytes());
    let expected = hex::decode(&pending.code_mac).map_err(internal)?;
    if mac.verify_slice(&expected).is_err() {
        return Err(AppError::invalid("code", "code_wrong"));
    }
    // Single use: of two concurrent correct submissions, one takes the code.
    state.bus.keys.take(&key).await?.ok_or_else(expired)?;

    let mut tx = state.db.begin_write().await?;
    let inserted = users::insert(
        &mut tx,
        email.as_str(),
        &pending.nickname,
        &pending.password_hash,
        now_millis(),
    )
    .await;
    let user_id = match inserted {
        Ok(id) => id,
        Err(error) if violated_constraint(&error) == Some("users_email_key") => {
            return Err(AppError::Invalid(vec![FieldError::new(
                "email",
                "email_taken",
            )]));
        }
        Err(error) if matches!(&error, sqlx::Error::Database(db) if db.is_unique_violation()) => {
            // SQLite names no constraint; the only unique column here is the e-mail.
            return Err(AppError::Invalid(vec![FieldError::new(
                "email",
                "email_taken",
            )]));
        }
        Err(error) => return Err(error.into()),
    };
    tx.commit().await?;
    Ok(user_id)
}
