//! What a failed storage call means to a client.
//!
//! Invariants: an object that is gone answers 404 but is logged as an
//! error, because a row points at it and that should never happen; any
//! other failure (the store down, slow, refusing us) is logged and answers
//! 503, since nothing was done and the same request may be
//! retried; no cause (a bucket name, a URL) reaches the client.

use super::StorageError;
use crate::domain::AppError;

/// The code clients translate for a store that cannot be reached.
pub const UNAVAILABLE: &str = "storage_unavailable";

impl From<StorageError> for AppError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::NotFound { path, source } => {
                tracing::error!(%path, cause = %source, "a stored object is missing");
                AppError::NotFound
            }
            other => {
                tracing::error!(cause = %other, "the file storage failed");
                AppError::Unavailable(UNAVAILABLE.to_owned())
            }
        }
    }
}
