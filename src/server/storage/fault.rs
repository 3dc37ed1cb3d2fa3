//! What a failed storage call means to a client.
//!
//! Invariants: an object that is gone answers 404 but is logged as an
//! error, because a row points at it and that should never happen; a store
//! out of space (ENOSPC or a quota, found by the `io::Error` kind anywhere
//! in the cause chain, never by message text) answers 507 `storage_full`;
//! any other failure (the store down, slow, refusing us) is logged and
//! answers 503, since nothing was done and the same request may be
//! retried; no cause (a bucket name, a URL, a path) reaches the client.

use super::StorageError;
use crate::domain::AppError;
use std::error::Error;
use std::io::ErrorKind;

/// The code clients translate for a store that cannot be reached.
pub const UNAVAILABLE: &str = "storage_unavailable";

impl From<StorageError> for AppError {
    fn from(error: StorageError) -> Self {
        match error {
            StorageError::NotFound { path, source } => {
                tracing::error!(%path, cause = %source, "a stored object is missing");
                AppError::NotFound
            }
            other if out_of_space(&other) => full(&other),
            other => {
                tracing::error!(cause = %other, "the file storage failed");
                AppError::Unavailable(UNAVAILABLE.to_owned())
            }
        }
    }
}

/// The answer for a write refused for lack of space, logged for the
/// operator: only freeing space helps, so it is an error, not a warning.
pub fn full(cause: &dyn std::fmt::Display) -> AppError {
    tracing::error!(%cause, "the file storage is full; the write was undone");
    AppError::Unavailable(AppError::STORAGE_FULL.to_owned())
}

/// Whether `error` or one of its causes is the file system's "no space
/// left" (ENOSPC) or "quota exceeded" (EDQUOT). object_store wraps the
/// local store's `io::Error` in a generic error, so the chain is walked.
pub fn out_of_space(error: &(dyn Error + 'static)) -> bool {
    std::iter::successors(Some(error), |&cause| cause.source()).any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| {
            matches!(io.kind(), ErrorKind::StorageFull | ErrorKind::QuotaExceeded)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("could not write")]
    struct Wrapped {
        source: std::io::Error,
    }

    fn generic(kind: ErrorKind) -> StorageError {
        StorageError::Generic {
            store: "LocalFileSystem",
            source: Box::new(Wrapped {
                source: std::io::Error::from(kind),
            }),
        }
    }

    #[test]
    fn no_space_deep_in_the_cause_chain_answers_507_storage_full() {
        for kind in [ErrorKind::StorageFull, ErrorKind::QuotaExceeded] {
            let error = AppError::from(generic(kind));
            assert_eq!(
                error,
                AppError::Unavailable(AppError::STORAGE_FULL.into()),
                "{kind:?}"
            );
            assert_eq!(error.status_code(), 507);
        }
    }

    #[test]
    fn other_write_failures_stay_503_storage_unavailable() {
        let error = AppError::from(generic(ErrorKind::PermissionDenied));
        assert_eq!(error, AppError::Unavailable(UNAVAILABLE.into()));
        assert_eq!(error.status_code(), 503);
    }
}
