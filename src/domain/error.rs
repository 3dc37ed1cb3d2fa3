//! The one error type every entry point returns to a client.
//!
//! Invariant: an `AppError` carries only what the client may see. Causes
//! (database messages, I/O errors) are logged on the server under `ref_id`
//! and never stored here. Messages are codes the UI translates, not prose.

use serde::{Deserialize, Serialize};

/// What went wrong, in terms the user interface can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Not signed in, or the session has ended.
    #[error("sign-in required")]
    Unauthorized,
    /// Signed in, but not allowed to do this.
    #[error("not allowed")]
    Forbidden,
    /// The account is banned; the reason is shown to its owner.
    #[error("account banned: {reason}")]
    Banned { reason: String },
    /// The thing asked for does not exist (or is not visible to the caller).
    #[error("not found")]
    NotFound,
    /// The input broke one or more rules; each names its field.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// The request conflicts with the current state (already taken, duplicate).
    #[error("conflict: {0}")]
    Conflict(String),
    /// Too many attempts; the client may retry after this many seconds.
    #[error("too many attempts, retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u32 },
    /// The browser could not reach the server or read its answer.
    #[error("network error")]
    Network,
    /// A service we depend on (the payment provider, the file storage) did
    /// not answer or failed; nothing was done and the same request may be
    /// retried. The code is what the UI translates; it answers 503, except
    /// `STORAGE_FULL`, which answers 507.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// A fault on our side; `ref_id` finds the logged cause.
    #[error("internal error (reference {ref_id})")]
    Internal { ref_id: String },
}

/// One broken rule on one input field. `code` is a stable identifier the UI
/// translates ("required", "too_long", ...); `field` is the form field name,
/// or `FieldError::FORM` for errors about the form as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

impl FieldError {
    /// The pseudo-field for errors that concern the whole form.
    pub const FORM: &'static str = "_form";

    pub fn new(field: impl Into<String>, code: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
        }
    }
}

impl AppError {
    /// The `Unavailable` code of a store that has run out of space: 507
    /// Insufficient Storage (RFC 4918, a temporary condition), so clients
    /// and monitoring tell it from a store that is merely unreachable. It
    /// stays an `Unavailable` code rather than a variant of its own because
    /// it means the same to the user (nothing was saved, try later).
    pub const STORAGE_FULL: &'static str = "storage_full";

    /// A single-field validation error.
    pub fn invalid(field: impl Into<String>, code: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError::new(field, code)])
    }

    /// The HTTP status this error is answered with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized => 401,
            AppError::Forbidden | AppError::Banned { .. } => 403,
            AppError::NotFound => 404,
            AppError::Invalid(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::RateLimited { .. } => 429,
            AppError::Network => 502,
            AppError::Unavailable(code) if code == Self::STORAGE_FULL => 507,
            AppError::Unavailable(_) => 503,
            AppError::Internal { .. } => 500,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_errors_map_to_4xx_and_only_faults_to_5xx() {
        let client = [
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::invalid("title", "required"),
            AppError::Conflict("taken".into()),
            AppError::RateLimited {
                retry_after_secs: 30,
            },
        ];
        for error in client {
            assert!((400..500).contains(&error.status_code()), "{error:?}");
        }
        let fault = AppError::Internal {
            ref_id: "abc".into(),
        };
        assert_eq!(fault.status_code(), 500);
    }

    #[test]
    fn a_full_store_answers_507_and_an_unreachable_one_503() {
        let full = AppError::Unavailable(AppError::STORAGE_FULL.into());
        assert_eq!(full.status_code(), 507);
        let down = AppError::Unavailable("storage_unavailable".into());
        assert_eq!(down.status_code(), 503);
    }

    #[test]
    fn errors_survive_a_json_round_trip() {
        let error = AppError::Invalid(vec![FieldError::new("email", "taken")]);
        let json = serde_json::to_string(&error).expect("serialise");
        let back: AppError = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, error);
    }

    #[test]
    fn the_internal_message_shows_the_reference_and_nothing_else() {
        let error = AppError::Internal {
            ref_id: "r-42".into(),
        };
        assert_eq!(error.to_string(), "internal error (reference r-42)");
    }
}
