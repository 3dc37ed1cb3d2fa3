//! Services: the business operations. Each owns its transaction and is the
//! one place its rules are enforced; server functions and handlers only
//! authenticate, parse and call them.

pub mod admin;
pub mod alerts;
pub mod chat;
pub mod demo;
pub mod leases;
pub mod limits;
pub mod mailed_code;
pub mod money;
pub mod notifications;
pub mod orders;
pub mod orphans;
pub mod passwords;
pub mod profile;
pub mod registration;
pub mod reviews;
pub mod saved_searches;
pub mod sessions;

use crate::domain::{AppError, FieldError};

/// Collects field errors so a form gets every problem at once.
#[derive(Default)]
pub(crate) struct Problems(Vec<FieldError>);

impl Problems {
    /// Keeps the value, or records the error and yields `None`.
    pub(crate) fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        result.map_err(|error| self.0.push(error)).ok()
    }

    /// `Invalid` with every recorded problem, or `Ok` if there were none.
    pub(crate) fn into_result(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

/// Seconds to wait, rounded up, for a `RateLimited` answer.
pub(crate) fn retry_after(wait: std::time::Duration) -> AppError {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    AppError::RateLimited {
        retry_after_secs: u32::try_from(secs.max(1)).unwrap_or(u32::MAX),
    }
}
