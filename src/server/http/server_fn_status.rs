//! Gives framework-level server-function failures their real status.
//!
//! A server function's own errors get their status from `error::respond`,
//! but a request that never reaches the body (missing or malformed
//! arguments) is answered by the framework with 500 and an `AppError` body
//! of `Invalid`. This layer reads that body and sets the status the error
//! stands for, so bad input is a 4xx, never a 500.

use crate::domain::AppError;
use axum::body::{Body, to_bytes};
use axum::http::StatusCode;
use axum::response::Response;

const SERVER_FN_ERROR_HEADER: &str = "serverfnerror";
/// Error bodies are a few hundred bytes; anything larger is left alone.
const MAX_ERROR_BODY: usize = 64 * 1024;

pub async fn correct_status(response: Response) -> Response {
    let is_server_fn_fault = response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && response.headers().contains_key(SERVER_FN_ERROR_HEADER);
    if !is_server_fn_fault {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BODY).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status_code())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}
