//! Avatar upload (`POST /account/avatar`, multipart) and serving
//! (`GET /avatars/{key}-{size}.jpg`).
//!
//! Invariants: the upload authenticates from the session cookie like every
//! server function; its body limit is its own (5 MB image plus form
//! overhead), larger than the site-wide one; a plain form post (JavaScript
//! off) is answered with a redirect to the account page carrying the result;
//! pictures are served from `Storage`, so any instance serves any avatar.

use crate::domain::AppError;
use crate::server::ctx::session_token;
use crate::server::media::{self, Crop};
use crate::server::services::{profile, sessions};
use crate::server::state::AppState;
use crate::server::storage::{Storage, StorageError};
use axum::extract::{Multipart, Path, State};
use axum::http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// Room for the multipart framing and the crop fields around the image.
pub const UPLOAD_LIMIT: usize = media::AVATAR_MAX_BYTES + 64 * 1024;

pub async fn serve(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(name) = media::avatar_name_of(&file) else {
        return AppError::NotFound.into_response();
    };
    // Avatars are a few kilobytes: read whole, no ranges. A missing one is
    // an old URL (the avatar was replaced) as often as a fault: 404 quietly.
    match state.storage.read_all(&Storage::avatar_key(&name)).await {
        // Keys are new for every upload, so a file never changes.
        Ok(bytes) => (
            [
                (CONTENT_TYPE, "image/jpeg"),
                (CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            bytes,
        )
            .into_response(),
        Err(StorageError::NotFound { .. }) => AppError::NotFound.into_response(),
        Err(error) => AppError::from(error).into_response(),
    }
}

struct Upload {
    bytes: Vec<u8>,
    crop: Option<Crop>,
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, AppError> {
    let malformed = || AppError::invalid("avatar", "not_an_image");
    let (mut bytes, mut numbers) = (None, std::collections::HashMap::new());
    while let Some(field) = multipart.next_field().await.map_err(|_| malformed())? {
        match field.name().unwrap_or_default() {
            "avatar" => {
                bytes = Some(
                    field
                        .bytes()
                        .await
                        .map_err(|_| AppError::invalid("avatar", "image_too_large"))?,
                )
            }
            name @ ("crop_x" | "crop_y" | "crop_size") => {
                let name = name.to_owned();
                let text = field.text().await.map_err(|_| malformed())?;
                if !text.trim().is_empty() {
                    let value = text
                        .trim()
                        .parse::<f64>()
                        .map_err(|_| AppError::invalid("avatar", "bad_crop"))?;
                    numbers.insert(name, value);
                }
            }
            _ => {}
        }
    }
    let bytes = bytes
        .filter(|b| !b.is_empty())
        .ok_or_else(|| AppError::invalid("avatar", "required"))?;
    let pick = |name: &str| {
        numbers
            .get(name)
            .copied()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .map(|v| v.round() as u32)
    };
    let crop = match (pick("crop_x"), pick("crop_y"), pick("crop_size")) {
        (Some(x), Some(y), Some(size)) => Some(Crop { x, y, size }),
        (None, None, None) => None,
        _ => return Err(AppError::invalid("avatar", "bad_crop")),
    };
    Ok(Upload {
        bytes: bytes.to_vec(),
        crop,
    })
}

pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let plain_form = headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let result = async {
        let token = session_token(&state, &headers).ok_or(AppError::Unauthorized)?;
        let session = sessions::authenticate(&state, &token)
            .await?
            .ok_or(AppError::Unauthorized)?;
        let upload = read_upload(multipart).await?;
        profile::set_avatar(&state, session.user.id, upload.bytes, upload.crop).await
    }
    .await;
    match (result, plain_form) {
        (Ok(_), true) => {
            (StatusCode::SEE_OTHER, [(LOCATION, "/account?avatar=saved")]).into_response()
        }
        (Ok(path), false) => axum::Json(serde_json::json!({ "avatar": path })).into_response(),
        (Err(AppError::Unauthorized), true) => (
            StatusCode::SEE_OTHER,
            [(LOCATION, "/login?next=%2Faccount")],
        )
            .into_response(),
        // A page, not a JSON body, for a browser without JavaScript: back
        // to the account page, which shows the code's message.
        (Err(error), true) => (
            StatusCode::SEE_OTHER,
            [(
                LOCATION,
                format!("/account?avatar_error={}", plain_form_code(&error)),
            )],
        )
            .into_response(),
        (Err(error), false) => error.into_response(),
    }
}

/// The message code the account page shows for a failed plain-form upload
/// (codes are fixed ASCII words, safe in a query).
fn plain_form_code(error: &AppError) -> &str {
    match error {
        AppError::Invalid(fields) => fields.first().map_or("not_an_image", |f| f.code.as_str()),
        AppError::RateLimited { .. } => "rate_limited",
        AppError::Unavailable(code) | AppError::Conflict(code) => code,
        _ => "internal",
    }
}
