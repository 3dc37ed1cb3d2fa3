//! Turning causes into `AppError`, and `AppError` into HTTP answers.
//!
//! Invariants: a cause (database, bus, I/O) is logged here with a fresh
//! reference id and only that id reaches the client; constraint violations
//! are recognised by constraint name, never by message text (a SQLite
//! trigger's whole message is the name it raises, see `refused_amount`).

use super::bus::BusError;
use crate::domain::AppError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::fmt::Display;

/// Logs `cause` under a new reference id and returns the client-safe error.
/// The conflict code of a transaction the database aborted to break a
/// deadlock: nothing was written and the same request may be retried.
pub const BUSY: &str = "busy";

pub fn internal(cause: impl Display) -> AppError {
    let ref_id = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
    tracing::error!(ref_id = %ref_id, cause = %cause, "internal error");
    AppError::Internal { ref_id }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => AppError::NotFound,
            // The database is unreachable, restarting, overloaded (no
            // connection within the pool's wait) or cancelled a statement
            // that ran too long: nothing was committed, try again.
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed => unavailable(&error),
            // The database's disk is full (SQLITE_FULL, PostgreSQL's
            // disk_full): nothing was written; the storage's 507.
            sqlx::Error::Database(db) if matches!(db.code().as_deref(), Some("13" | "53100")) => {
                tracing::error!(cause = %error, "the database's disk is full; answered 507");
                AppError::Unavailable(AppError::STORAGE_FULL.into())
            }
            sqlx::Error::Database(db)
                if matches!(
                    db.code().as_deref(),
                    // query_canceled (statement timeout), admin_shutdown
                    // (a terminated backend), crash_shutdown,
                    // cannot_connect_now (starting up)
                    Some("57014" | "57P01" | "57P02" | "57P03")
                ) =>
            {
                unavailable(&error)
            }
            // PostgreSQL aborted this transaction to break a deadlock (or a
            // serialization conflict): nothing of it was written, and the
            // command may simply run again (`services::money::retry_busy`).
            sqlx::Error::Database(db)
                if matches!(db.code().as_deref(), Some("40P01" | "40001")) =>
            {
                tracing::info!(cause = %error, "transaction aborted by the database; retryable");
                AppError::Conflict(BUSY.into())
            }
            _ => match refused_amount(&error) {
                Some(field) => {
                    tracing::warn!(cause = %error, "the database refused an amount a service let through");
                    AppError::invalid(field, "not_positive")
                }
                None => internal(error),
            },
        }
    }
}

/// The code the UI shows for a database that cannot answer now.
pub const DATABASE_UNAVAILABLE: &str = "database_unavailable";

fn unavailable(error: &sqlx::Error) -> AppError {
    super::db::connection_failed();
    tracing::warn!(cause = %error, "the database cannot answer; answered 503");
    AppError::Unavailable(DATABASE_UNAVAILABLE.into())
}

/// The code the UI shows while the bus (Redis) cannot be reached.
pub const BUS_UNAVAILABLE: &str = "bus_unavailable";

/// The bus is shared state (counters, codes, presence, live events): a
/// failure of it is the backend's, not the request's, so it is a 503 the
/// client may retry, not a 500.
impl From<BusError> for AppError {
    fn from(error: BusError) -> Self {
        tracing::warn!(cause = %error, "the bus cannot answer; answered 503");
        AppError::Unavailable(BUS_UNAVAILABLE.into())
    }
}

/// A file system out of space (ENOSPC, EDQUOT) is the storage's 507
/// `storage_full`, like the same failure inside the file store; any other
/// I/O failure is ours (500).
impl From<std::io::Error> for AppError {
    fn from(error: std::io::Error) -> Self {
        if super::storage::out_of_space(&error) {
            return super::storage::full(&error);
        }
        internal(error)
    }
}

/// The amount checks the database keeps behind the services' validation
/// (migration `20261204000012_rights`), by constraint name, with the field
/// a violation is reported on.
const AMOUNT_CHECKS: [(&str, &str); 2] = [
    ("orders_reward_positive", "reward"),
    ("disputes_shares_not_negative", "to_solver"),
];

/// SQLite's extended result code for a `RAISE(ABORT, ...)` in a trigger.
const SQLITE_CONSTRAINT_TRIGGER: &str = "1811";

/// The field of the amount check `error` violated, if it was one. On
/// PostgreSQL the CHECK constraint names itself; on SQLite the trigger that
/// stands in for it aborts with exactly that name as its whole message (a
/// trigger has no other way to name itself), so the comparison is of a
/// name, not of prose.
fn refused_amount(error: &sqlx::Error) -> Option<&'static str> {
    let sqlx::Error::Database(db) = error else {
        return None;
    };
    let name = match db.kind() {
        sqlx::error::ErrorKind::CheckViolation => db.constraint()?,
        _ if db.code().as_deref() == Some(SQLITE_CONSTRAINT_TRIGGER) => db.message(),
        _ => return None,
    };
    AMOUNT_CHECKS
        .iter()
        .find(|(check, _)| *check == name)
        .map(|(_, field)| *field)
}

/// The name of the unique or foreign-key constraint `error` violated, if it
/// was such a violation. Services map names to field errors.
pub fn violated_constraint(error: &sqlx::Error) -> Option<&str> {
    match error {
        sqlx::Error::Database(db) if db.is_unique_violation() || db.is_foreign_key_violation() => {
            db.constraint()
        }
        _ => None,
    }
}

/// Sets the HTTP status of the server-function response being built to the
/// one `error` stands for (and `Retry-After` for a refused rate), and passes
/// the error on. Server functions end with
/// `.map_err(respond)`, so a 4xx is a 4xx on the wire, not a 500.
pub fn respond(error: AppError) -> AppError {
    // A plain form post (JavaScript off) gets its error in a redirect to the
    // form's page; a 4xx status there would stop the browser from following.
    if super::ctx::is_plain_form_post() {
        return error;
    }
    if let (Some(options), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        StatusCode::from_u16(error.status_code()),
    ) {
        options.set_status(status);
        if let AppError::RateLimited { retry_after_secs } = &error {
            options.insert_header(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(*retry_after_secs),
            );
        }
    }
    error
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(serde_json::json!({ "error": self }))).into_response();
        if let AppError::RateLimited { retry_after_secs } = self {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, retry_after_secs.into());
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_hides_its_cause_behind_a_reference() {
        let error = internal("password column missing in table users");
        let AppError::Internal { ref_id } = &error else {
            panic!("expected Internal, got {error:?}");
        };
        assert_eq!(ref_id.len(), 12);
        let json = serde_json::to_string(&error).expect("json");
        assert!(!json.contains("password"), "{json}");
    }

    #[test]
    fn a_missing_row_is_not_found_rather_than_a_fault() {
        assert_eq!(AppError::from(sqlx::Error::RowNotFound), AppError::NotFound);
    }

    #[test]
    fn rate_limited_answers_429_with_retry_after() {
        let response = AppError::RateLimited {
            retry_after_secs: 42,
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[axum::http::header::RETRY_AFTER], "42");
    }
}
