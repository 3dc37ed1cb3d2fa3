//! Forgotten and changed passwords.
//!
//! Invariants: a reset request answers the same whether or not the address
//! has an account (only the mailbox learns which, from the mail it gets);
//! a reset revokes every session of the user, a change every session but
//! the one that made it; the old password is required to change it.

use super::Problems;
use super::mailed_code::{self, PASSWORD_RESET};
use crate::domain::account::{check_password, clean_code};
use crate::domain::{AppError, Email, FieldError, Locale};
use crate::server::auth::now_millis;
use crate::server::auth::password::{self, PasswordHash};
use crate::server::db::{sessions, users};
use crate::server::error::internal;
use crate::server::mail::{self, templates};
use crate::server::state::AppState;

/// Mails a reset code to the address if it has an account, and a note
/// saying it has none otherwise. The caller's answer is the same.
pub async fn request_reset(state: &AppState, email: &str, locale: Locale) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(|error| AppError::Invalid(vec![error]))?;
    mailed_code::check_send_limits(state, PASSWORD_RESET, &email).await?;
    let mut connection = state.db.pool().acquire().await?;
    let user = users::find_by_email(&mut connection, email.as_str()).await?;
    drop(connection);
    let message = match user {
        Some(user) => {
            let payload = user.id.to_be_bytes().to_vec();
            let code = mailed_code::issue(state, PASSWORD_RESET, &email, payload).await?;
            templates::password_reset_code(email.as_str(), locale, &code)
        }
        None => templates::password_reset_no_account(email.as_str(), locale),
    };
    if let Err(error) = mail::queue::send_later(state, message).await {
        mailed_code::withdraw(state, PASSWORD_RESET, &email).await?;
        return Err(error);
    }
    Ok(())
}

/// Sets a new password with a mailed code and signs the user out everywhere.
pub async fn reset(
    state: &AppState,
    email: &str,
    code: &str,
    new_password: String,
) -> Result<(), AppError> {
    let mut problems = Problems::default();
    let email = problems.check(Email::parse(email));
    let code = problems.check(clean_code(code));
    problems.check(check_password("password", &new_password));
    problems.into_result()?;
    let (Some(email), Some(code)) = (email, code) else {
        return Err(internal("validated fields missing"));
    };
    let payload = mailed_code::redeem(state, PASSWORD_RESET, &email, &code).await?;
    let user_id = i64::from_be_bytes(payload.try_into().map_err(|_| internal("reset payload"))?);
    let hash = password::hash(new_password).await?;
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    users::set_password(&mut tx, user_id, hash.as_str(), now).await?;
    sessions::revoke_all(&mut tx, user_id, now).await?;
    tx.commit().await?;
    crate::server::services::chat::events::sessions_ended(state, user_id).await;
    Ok(())
}

/// Changes the password of a signed-in user who knows the current one;
/// every other session of theirs ends.
pub async fn change(
    state: &AppState,
    user_id: i64,
    session_id: &str,
    current: String,
    new_password: String,
) -> Result<(), AppError> {
    let mut problems = Problems::default();
    if current.is_empty() {
        problems.check::<()>(Err(FieldError::new("current_password", "required")));
    }
    problems.check(check_password("new_password", &new_password));
    problems.into_result()?;
    let mut connection = state.db.pool().acquire().await?;
    let user = users::find_by_id(&mut connection, user_id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    drop(connection);
    let stored = PasswordHash::from_stored(user.password_hash);
    if !password::verify(current, Some(stored)).await? {
        return Err(AppError::invalid("current_password", "wrong_password"));
    }
    let hash = password::hash(new_password).await?;
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    users::set_password(&mut tx, user_id, hash.as_str(), now).await?;
    sessions::revoke_all_except(&mut tx, user_id, session_id, now).await?;
    tx.commit().await?;
    crate::server::services::chat::events::sessions_ended(state, user_id).await;
    Ok(())
}
