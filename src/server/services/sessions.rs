//! Signing in and out, and recognising the signed-in user on each request.
//!
//! Invariants: a wrong password and an unknown address get the same answer
//! after the same work; attempts are limited per account *and* client
//! address, and per client address across accounts, never per account
//! alone: a guesser elsewhere cannot lock the owner out of their account
//! (a success clears that pair's count); a token authenticates only while
//! its session row is live and its user unbanned, so logout, "log out
//! everywhere" and bans act on the very next request.

use super::{Problems, limits, retry_after};
use crate::domain::{AppError, CurrentUser, Email, FieldError, Role};
use crate::server::auth::password::{self, PasswordHash};
use crate::server::auth::token::{self, REFRESH_AFTER_MS, TOKEN_LIFETIME_MS};
use crate::server::auth::{now_millis, random_id};
use crate::server::db::{sessions, users};
use crate::server::error::internal;
use crate::server::services::chat::events;
use crate::server::state::AppState;
use std::net::IpAddr;
use std::time::Duration;

pub const ATTEMPT_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Attempts one client address may make on one account per window.
pub const ATTEMPTS_PER_ACCOUNT: u64 = 5;

/// A new session: the token to put in the cookie.
#[derive(Debug)]
pub struct SignedIn {
    pub user: CurrentUser,
    pub token: String,
}

/// The user behind a request, and a fresh token when the old one should be
/// replaced (the user is active and the token is getting old).
#[derive(Debug)]
pub struct Authenticated {
    pub user: CurrentUser,
    pub session_id: String,
    pub refreshed_token: Option<String>,
}

fn role(stored: &str) -> Role {
    Role::parse(stored).unwrap_or_default()
}

/// Checks the credentials and opens a session.
pub async fn login(
    state: &AppState,
    email: &str,
    password: String,
    client_ip: Option<IpAddr>,
) -> Result<SignedIn, AppError> {
    let mut problems = Problems::default();
    let email = problems.check(Email::parse(email));
    if password.is_empty() {
        problems.check::<()>(Err(FieldError::new("password", "required")));
    }
    problems.into_result()?;
    let Some(email) = email else {
        return Err(internal("validated e-mail missing"));
    };

    // Counted before the password is checked, so a refused guess costs no
    // hashing. Without a client address (no socket, a direct call) every
    // caller shares one budget.
    // An IPv6 client is counted by its /64 (`limits::budget_holder`).
    let address = client_ip.map_or_else(|| "unknown".to_owned(), limits::budget_holder);
    let per_address = limits::count(state, &format!("login:ip:{address}"), ATTEMPT_WINDOW).await?;
    if per_address.count > state.settings.limits.sign_ins_per_ip {
        return Err(retry_after(per_address.resets_in));
    }
    let pair_key = format!("login:acct_ip:{}:{address}", email.as_str());
    let pair = limits::count(state, &pair_key, ATTEMPT_WINDOW).await?;
    if pair.count > ATTEMPTS_PER_ACCOUNT {
        return Err(retry_after(pair.resets_in));
    }

    let mut connection = state.db.pool().acquire().await?;
    let user = users::find_by_email(&mut connection, email.as_str()).await?;
    drop(connection);
    let stored = user
        .as_ref()
        .map(|user| PasswordHash::from_stored(user.password_hash.clone()));
    let matches = password::verify(password, stored).await?;
    let Some(user) = user.filter(|_| matches) else {
        return Err(AppError::invalid(FieldError::FORM, "wrong_credentials"));
    };
    if let Some(reason) = user.banned_reason {
        return Err(AppError::Banned { reason });
    }
    // A reset that cannot reach Redis only leaves the count to run out.
    if let Err(error) = state.bus.counters.reset(&pair_key).await {
        tracing::warn!(%error, "could not reset a sign-in counter");
    }

    let now = now_millis();
    let session_id = random_id(32);
    let mut tx = state.db.begin_write().await?;
    sessions::insert(&mut tx, &session_id, user.id, now, now + TOKEN_LIFETIME_MS).await?;
    tx.commit().await?;
    let token =
        token::issue(state.secrets.signing_key(), user.id, &session_id, now).map_err(internal)?;
    Ok(SignedIn {
        user: CurrentUser {
            id: user.id,
            nickname: user.nickname,
            role: role(&user.role),
        },
        token,
    })
}

/// The user a token belongs to, if the token is valid and its session live.
pub async fn authenticate(
    state: &AppState,
    token: &str,
) -> Result<Option<Authenticated>, AppError> {
    let Some(claims) = token::verify(state.secrets.signing_key(), token) else {
        return Ok(None);
    };
    let now = now_millis();
    let mut connection = state.db.pool().acquire().await?;
    let created_after = now - state.settings.accounts.session_lifetime_ms();
    let Some(live) =
        sessions::find_live(&mut connection, &claims.sid, claims.sub, now, created_after).await?
    else {
        return Ok(None);
    };
    drop(connection);
    let refreshed_token = if now - claims.iat * 1000 > REFRESH_AFTER_MS {
        let mut tx = state.db.begin_write().await?;
        sessions::extend(&mut tx, &claims.sid, now, now + TOKEN_LIFETIME_MS).await?;
        tx.commit().await?;
        Some(
            token::issue(state.secrets.signing_key(), live.user_id, &claims.sid, now)
                .map_err(internal)?,
        )
    } else {
        None
    };
    Ok(Some(Authenticated {
        user: CurrentUser {
            id: live.user_id,
            nickname: live.nickname,
            role: role(&live.role),
        },
        session_id: claims.sid,
        refreshed_token,
    }))
}

/// Whether `token` still names a live session of an unbanned user. Reads
/// only: unlike `authenticate` it never extends the session, so a socket's
/// periodic check costs one indexed read.
pub async fn still_live(state: &AppState, token: &str) -> Result<bool, AppError> {
    let Some(claims) = token::verify(state.secrets.signing_key(), token) else {
        return Ok(false);
    };
    let mut connection = state.db.pool().acquire().await?;
    let now = now_millis();
    let created_after = now - state.settings.accounts.session_lifetime_ms();
    let live =
        sessions::find_live(&mut connection, &claims.sid, claims.sub, now, created_after).await?;
    Ok(live.is_some())
}

/// Ends one session.
pub async fn logout(state: &AppState, user_id: i64, session_id: &str) -> Result<(), AppError> {
    let mut tx = state.db.begin_write().await?;
    sessions::revoke(&mut tx, session_id, now_millis()).await?;
    tx.commit().await?;
    events::sessions_ended(state, user_id).await;
    Ok(())
}

/// Ends every session of a user ("log out everywhere", password change, ban).
pub async fn logout_everywhere(state: &AppState, user_id: i64) -> Result<u64, AppError> {
    let mut tx = state.db.begin_write().await?;
    let revoked = sessions::revoke_all(&mut tx, user_id, now_millis()).await?;
    tx.commit().await?;
    events::sessions_ended(state, user_id).await;
    Ok(revoked)
}
