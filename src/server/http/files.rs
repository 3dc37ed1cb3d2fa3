//! File upload (`POST /uploads`, multipart, one file a request so each gets
//! its own progress bar) and download (`GET /files/{id}`, `/files/{id}/thumb`).
//!
//! Invariants: both check the session on every request; a download streams
//! from storage with the stored type, `nosniff`, and `attachment` for
//! anything but raster images (an uploaded HTML or SVG file can never run in
//! this site's origin); single byte ranges are honoured; a row whose
//! object is gone answers 404 (and is logged), a store that cannot be
//! reached 503.

use crate::domain::AppError;
use crate::domain::navigation::query_escape;
use crate::server::ctx::user_from_headers;
use crate::server::db::files::FileRow;
use crate::server::files::{downloadable, store_upload};
use crate::server::services::limits::{self, Action};
use crate::server::state::AppState;
use crate::server::storage::Storage;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::header::{
    ACCEPT_RANGES, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE,
    RANGE, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Room for the multipart framing around the largest allowed file.
pub fn upload_limit(state: &AppState) -> usize {
    usize::try_from(state.settings.storage.max_upload_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(64 * 1024)
}

pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let result = async {
        let user = user_from_headers(&state, &headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        limits::spend_user(&state, Action::Upload, user.id).await?;
        let malformed = || AppError::invalid("file", "required");
        let field = multipart
            .next_field()
            .await
            .map_err(|_| malformed())?
            .filter(|field| field.name() == Some("file"))
            .ok_or_else(malformed)?;
        let name = field.file_name().unwrap_or("file").to_owned();
        store_upload(&state, user.id, &name, field).await
    }
    .await;
    match result {
        Ok(meta) => (StatusCode::CREATED, axum::Json(meta)).into_response(),
        Err(error) => error.into_response(),
    }
}

fn is_inline_image(content_type: &str) -> bool {
    matches!(
        content_type,
        "image/png" | "image/jpeg" | "image/webp" | "image/gif"
    )
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`.
fn disposition(row: &FileRow) -> String {
    let kind = if is_inline_image(&row.content_type) {
        "inline"
    } else {
        "attachment"
    };
    let ascii: String = row
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "{kind}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        query_escape(&row.name)
    )
}

async fn serve(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
    thumbnail: bool,
) -> Result<Response, AppError> {
    let viewer = user_from_headers(state, headers).await?;
    let row = downloadable(state, viewer.as_ref(), id).await?;
    if thumbnail && row.has_thumbnail == 0 {
        return Err(AppError::NotFound);
    }
    let key = if thumbnail {
        Storage::thumbnail_key(&row.id)
    } else {
        Storage::file_key(&row.id)
    };
    let Some(size) = state.storage.size(&key).await? else {
        // A row without its object: lost from the store, or a bug.
        tracing::error!(id = %row.id, %key, "a file row points at a missing object");
        return Err(AppError::NotFound);
    };
    let requested = headers.get(RANGE).and_then(|v| v.to_str().ok());
    let range = match requested.map(|value| {
        http_range_header::parse_range_header(value).and_then(|ranges| ranges.validate(size))
    }) {
        None => None,
        Some(Ok(ranges)) if ranges.len() == 1 => ranges.into_iter().next(),
        // Several ranges: the whole file is a valid answer (RFC 9110 14.2).
        Some(Ok(_)) => None,
        Some(Err(_)) => {
            let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{size}")) {
                response.headers_mut().insert(CONTENT_RANGE, value);
            }
            return Ok(response);
        }
    };
    let download = state.storage.download(&key, range.clone()).await?;
    let (status, length) = match &range {
        Some(range) => (StatusCode::PARTIAL_CONTENT, range.end() - range.start() + 1),
        None => (StatusCode::OK, download.total_size),
    };
    let content_type = if thumbnail {
        "image/jpeg".to_owned()
    } else {
        row.content_type.clone()
    };
    let cache = if row.order_id.is_some() {
        "public, max-age=3600"
    } else {
        "private, no-store"
    };
    let mut response = Response::new(Body::from_stream(download.stream));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    let mut set = |name, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    set(CONTENT_TYPE, content_type);
    set(CONTENT_LENGTH, length.to_string());
    set(ACCEPT_RANGES, "bytes".to_owned());
    set(X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned());
    set(CACHE_CONTROL, cache.to_owned());
    if !thumbnail {
        set(CONTENT_DISPOSITION, disposition(&row));
    }
    if let Some(range) = range {
        set(
            CONTENT_RANGE,
            format!(
                "bytes {}-{}/{}",
                range.start(),
                range.end(),
                download.total_size
            ),
        );
    }
    Ok(response)
}

pub async fn download(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    serve(&state, &headers, &id, false)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

pub async fn thumbnail(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    serve(&state, &headers, &id, true)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}
