//! What admins may do: list users, ban and unban; and how admins come to be
//! (the `admins` setting, the `admin create` subcommand).
//!
//! Invariants: every operation checks the actor's role itself; a ban and the
//! revocation of the user's sessions happen in one transaction, so a banned
//! user is signed out at once; nobody can ban themselves.

use super::Problems;
use crate::domain::account::{
    BAN_REASON_MAX, UserPage, UserSummary, check_password, clean_line, clean_nickname,
};
use crate::domain::{AppError, CurrentUser, Email, Role};
use crate::server::auth::{now_millis, password};
use crate::server::db::{sessions, users};
use crate::server::error::internal;
use crate::server::state::AppState;

pub const PAGE_SIZE: i64 = 50;

pub(crate) fn require_admin(actor: &CurrentUser) -> Result<(), AppError> {
    if actor.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Page `page` (from 1) of all users, newest first.
pub async fn list_users(
    state: &AppState,
    actor: &CurrentUser,
    page: u32,
) -> Result<UserPage, AppError> {
    require_admin(actor)?;
    let page = page.max(1);
    let mut connection = state.db.pool().acquire().await?;
    let total = users::count(&mut connection).await?;
    let offset = i64::from(page - 1) * PAGE_SIZE;
    let rows = users::list(&mut connection, PAGE_SIZE, offset).await?;
    let pages = u32::try_from((total + PAGE_SIZE - 1) / PAGE_SIZE)
        .unwrap_or(u32::MAX)
        .max(1);
    let users = rows
        .into_iter()
        .map(|row| UserSummary {
            id: row.id,
            email: row.email,
            nickname: row.nickname,
            role: Role::parse(&row.role).unwrap_or_default(),
            banned_reason: row.banned_reason,
            created_at_ms: row.created_at,
        })
        .collect();
    Ok(UserPage {
        users,
        page,
        pages,
        total,
    })
}

/// Bans a user with a reason they will see, and signs them out everywhere.
pub async fn ban(
    state: &AppState,
    actor: &CurrentUser,
    user_id: i64,
    reason: &str,
) -> Result<(), AppError> {
    require_admin(actor)?;
    let reason = clean_line("reason", reason, BAN_REASON_MAX, true)
        .map_err(|e| AppError::Invalid(vec![e]))?;
    if user_id == actor.id {
        return Err(AppError::invalid("user", "cannot_ban_self"));
    }
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    if !users::set_ban(&mut tx, user_id, Some(&reason), now).await? {
        return Err(AppError::NotFound);
    }
    sessions::revoke_all(&mut tx, user_id, now).await?;
    tx.commit().await?;
    crate::server::services::chat::events::sessions_ended(state, user_id).await;
    Ok(())
}

/// Lifts a ban.
pub async fn unban(state: &AppState, actor: &CurrentUser, user_id: i64) -> Result<(), AppError> {
    require_admin(actor)?;
    let mut tx = state.db.begin_write().await?;
    if !users::set_ban(&mut tx, user_id, None, now_millis()).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Promotes the configured admins that have accounts; returns how many.
pub async fn promote_configured(state: &AppState) -> Result<usize, AppError> {
    let mut promoted = 0;
    let mut tx = state.db.begin_write().await?;
    for email in &state.settings.accounts.admins {
        let email = Email::parse(email).map_err(|_| internal("accounts.admins was validated"))?;
        if users::set_role_by_email(&mut tx, email.as_str(), Role::Admin.as_str(), now_millis())
            .await?
        {
            promoted += 1;
        }
    }
    tx.commit().await?;
    Ok(promoted)
}

/// What `admin create` did.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminCreated {
    NewAccount(i64),
    Promoted,
}

/// Makes `email` an admin: promotes an existing account (its password is
/// left alone), or creates one with `nickname` and `password`.
pub async fn create_admin(
    state: &AppState,
    email: &str,
    nickname: &str,
    password: String,
) -> Result<AdminCreated, AppError> {
    let email = Email::parse(email).map_err(|e| AppError::Invalid(vec![e]))?;
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    if users::set_role_by_email(&mut tx, email.as_str(), Role::Admin.as_str(), now).await? {
        tx.commit().await?;
        return Ok(AdminCreated::Promoted);
    }
    drop(tx);
    let mut problems = Problems::default();
    let nickname = problems.check(clean_nickname(nickname));
    problems.check(check_password("password", &password));
    problems.into_result()?;
    let nickname = nickname.ok_or_else(|| internal("validated nickname missing"))?;
    let hash = password::hash(password).await?;
    let mut tx = state.db.begin_write().await?;
    let id = users::insert(&mut tx, email.as_str(), &nickname, hash.as_str(), now).await?;
    users::set_role_by_email(&mut tx, email.as_str(), Role::Admin.as_str(), now).await?;
    tx.commit().await?;
    Ok(AdminCreated::NewAccount(id))
}
