//! Registration in two steps: the details and a mailed six-digit code, then
//! the code.
//!
//! Invariants: the code rules are those of `mailed_code`; the account row is
//! written only when a right code is redeemed, so a failed registration
//! leaves nothing behind; a taken address is refused at both steps.

use super::Problems;
use super::mailed_code::{self, REGISTRATION};
use crate::domain::account::{check_password, clean_code, clean_nickname};
use crate::domain::{AppError, Email, Locale, Role};
use crate::server::auth::{now_millis, password};
use crate::server::db::users;
use crate::server::error::internal;
use crate::server::mail::{self, templates};
use crate::server::state::AppState;
use serde::{Deserialize, Serialize};

pub use mailed_code::{MAX_ATTEMPTS, TTL as CODE_TTL};

/// What the registration form sends.
#[derive(Debug, Clone, Deserialize)]
pub struct Details {
    pub email: String,
    pub password: String,
    pub nickname: String,
}

/// The account waiting for its code.
#[derive(Serialize, Deserialize)]
struct Pending {
    nickname: String,
    password_hash: String,
}

fn taken() -> AppError {
    AppError::invalid("email", "email_taken")
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
        return Err(taken());
    }
    drop(connection);

    mailed_code::check_send_limits(state, REGISTRATION, &email).await?;
    let pending = Pending {
        nickname,
        password_hash: password::hash(details.password).await?.as_str().to_owned(),
    };
    let payload = serde_json::to_vec(&pending).map_err(internal)?;
    let code = mailed_code::issue(state, REGISTRATION, &email, payload).await?;
    let message = templates::registration_code(email.as_str(), locale, &code);
    if let Err(error) = mail::queue::send_later(state, message).await {
        mailed_code::withdraw(state, REGISTRATION, &email).await?;
        return Err(error);
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
    let payload = mailed_code::redeem(state, REGISTRATION, &email, &code).await?;
    let pending: Pending = serde_json::from_slice(&payload).map_err(internal)?;

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
        // The only unique column besides the key is the e-mail (SQLite does
        // not name the constraint, PostgreSQL calls it users_email_key).
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => return Err(taken()),
        Err(error) => return Err(error.into()),
    };
    let configured_admin = state
        .settings
        .accounts
        .admins
        .iter()
        .any(|admin| Email::parse(admin).is_ok_and(|admin| admin == email));
    if configured_admin {
        users::set_role_by_email(&mut tx, email.as_str(), Role::Admin.as_str(), now_millis())
            .await?;
    }
    tx.commit().await?;
    Ok(user_id)
}
