//! How framework-level server-function failures become `AppError`.
//!
//! Invariant: a malformed request is the caller's fault (4xx), a transport
//! failure is `Network`, and only a server-side fault is `Internal`.

use crate::api::text_json::TextJsonEncoding;
use crate::domain::{AppError, FieldError};
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

impl FromServerFnError for AppError {
    type Encoder = TextJsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => {
                AppError::Invalid(vec![FieldError::new(FieldError::FORM, "malformed")])
            }
            ServerFnErrorErr::UnsupportedRequestMethod(_) => AppError::NotFound,
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Network,
            ServerFnErrorErr::Registration(_)
            | ServerFnErrorErr::ServerError(_)
            | ServerFnErrorErr::MiddlewareError(_)
            | ServerFnErrorErr::Serialization(_) => AppError::Internal {
                ref_id: String::new(),
            },
        }
    }
}
