//! `GET /captcha/{id}`: the picture of a live challenge; and, only when
//! `server.test_reveal_captcha` is on, `GET /test/captcha/{id}`: its answer,
//! so browser tests can pass the captcha. The second route is not even added
//! to the router otherwise, and the setting is refused over https.

use crate::domain::AppError;
use crate::server::captcha;
use crate::server::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

pub async fn picture(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let id = file.strip_suffix(".png").unwrap_or(&file);
    match captcha::picture(&state, id).await {
        Ok(png) => (
            [(CONTENT_TYPE, "image/png"), (CACHE_CONTROL, "no-store")],
            png,
        )
            .into_response(),
        Err(error) => error.into_response(),
    }
}

pub async fn reveal(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vec<(f32, f32)>>, AppError> {
    captcha::reveal(&state, &id).await.map(Json)
}
