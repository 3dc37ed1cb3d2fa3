//! The click captcha: a picture with four glyphs the user clicks in order.
//!
//! Invariants: the expected points never leave the server (the browser gets
//! the picture and the glyph names); a challenge lives 2 minutes in the bus
//! key store and is consumed by the first answer, right or wrong; an answer
//! passes only with exactly four clicks, each within `TOLERANCE` pixels of
//! its glyph, in order; and only from the browser it was issued to (its
//! pre-session id, `http::browser_binding`), so a captcha solved by one
//! person cannot be replayed from another person's browser.

mod draw;

pub use draw::{HEIGHT, WIDTH};

use crate::domain::AppError;
use crate::domain::account::CaptchaChallenge as Challenge;
use crate::server::error::internal;
use crate::server::services::limits::{self, Action};
use crate::server::state::AppState;
use serde::{Deserialize, Serialize};
use std::time::Duration;

pub const TTL: Duration = Duration::from_secs(120);
/// How far (image pixels) a click may land from a glyph's centre.
pub const TOLERANCE: f32 = 22.0;

#[derive(Serialize, Deserialize)]
struct Expected {
    glyphs: Vec<char>,
    points: Vec<(f32, f32)>,
    /// The pre-session id of the browser it was issued to.
    #[serde(default)]
    browser: Option<String>,
}

fn answer_key(id: &str) -> String {
    format!("captcha:answer:{id}")
}

fn picture_key(id: &str) -> String {
    format!("captcha:picture:{id}")
}

/// Draws a challenge for `browser` and stores its answer and picture.
pub async fn issue(state: &AppState, browser: Option<&str>) -> Result<Challenge, AppError> {
    let drawn = tokio::task::spawn_blocking(|| draw::draw(&mut rand::rng()))
        .await
        .map_err(internal)?
        .map_err(internal)?;
    let id = crate::server::auth::random_id(16);
    let expected = serde_json::to_vec(&Expected {
        glyphs: drawn.glyphs.clone(),
        points: drawn.points,
        browser: browser.map(str::to_owned),
    })
    .map_err(internal)?;
    state.bus.keys.put(&answer_key(&id), expected, TTL).await?;
    state
        .bus
        .keys
        .put(&picture_key(&id), drawn.png, TTL)
        .await?;
    Ok(Challenge {
        id,
        glyphs: drawn.glyphs,
    })
}

/// The challenge `id` if it is still live and was issued to `browser` (a
/// page reload keeps its picture), else a new one for `browser`, counted
/// against `client`'s captcha budget (`services::limits`): drawing one
/// costs CPU and keeps a picture for two minutes.
pub async fn live_or_new(
    state: &AppState,
    id: Option<&str>,
    browser: Option<&str>,
    client: Option<std::net::IpAddr>,
) -> Result<Challenge, AppError> {
    if let Some(id) = id.filter(|id| id.len() <= 64)
        && let Some(stored) = state.bus.keys.get(&answer_key(id)).await?
    {
        let expected: Expected = serde_json::from_slice(&stored).map_err(internal)?;
        if expected.browser.as_deref() == browser {
            return Ok(Challenge {
                id: id.to_owned(),
                glyphs: expected.glyphs,
            });
        }
    }
    limits::spend_address(state, Action::Captcha, client).await?;
    issue(state, browser).await
}

/// The PNG of a live challenge.
pub async fn picture(state: &AppState, id: &str) -> Result<Vec<u8>, AppError> {
    if id.len() > 64 {
        return Err(AppError::NotFound);
    }
    state
        .bus
        .keys
        .get(&picture_key(id))
        .await?
        .ok_or(AppError::NotFound)
}

/// The expected points of a live challenge, without consuming it. Only for
/// the test-only route that exists when `server.test_reveal_captcha` is on.
pub async fn reveal(state: &AppState, id: &str) -> Result<Vec<(f32, f32)>, AppError> {
    let stored = state
        .bus
        .keys
        .get(&answer_key(id))
        .await?
        .ok_or(AppError::NotFound)?;
    let expected: Expected = serde_json::from_slice(&stored).map_err(internal)?;
    Ok(expected.points)
}

/// Checks an answer from `browser`, consuming the challenge whatever the
/// outcome. An answer from another browser than the one the challenge was
/// issued to fails like an expired one.
pub async fn verify(
    state: &AppState,
    id: &str,
    clicks: &[(f32, f32)],
    browser: Option<&str>,
) -> Result<(), AppError> {
    let wrong = || AppError::invalid("captcha", "captcha_wrong");
    let expired = || AppError::invalid("captcha", "captcha_expired");
    if id.is_empty() || id.len() > 64 {
        return Err(expired());
    }
    let stored = state
        .bus
        .keys
        .take(&answer_key(id))
        .await?
        .ok_or_else(expired)?;
    state.bus.keys.delete(&picture_key(id)).await?;
    let expected: Expected = serde_json::from_slice(&stored).map_err(internal)?;
    if expected.browser.as_deref() != browser {
        return Err(expired());
    }
    let all_close = clicks.len() == expected.points.len()
        && clicks
            .iter()
            .zip(&expected.points)
            .all(|(click, point)| (click.0 - point.0).hypot(click.1 - point.1) <= TOLERANCE);
    if all_close { Ok(()) } else { Err(wrong()) }
}

/// Checks an answer as a form sends it (`x,y;x,y;...`), consuming the
/// challenge: the one step every captcha-guarded server function takes first.
pub async fn verify_form(
    state: &AppState,
    id: &str,
    clicks: &str,
    browser: Option<&str>,
) -> Result<(), AppError> {
    verify(state, id, &parse_clicks(clicks), browser).await
}

/// Parses clicks sent as `x,y;x,y;...` (image pixels). Anything malformed,
/// or more than eight clicks, is no answer at all.
pub fn parse_clicks(raw: &str) -> Vec<(f32, f32)> {
    let clicks: Option<Vec<(f32, f32)>> = raw
        .split(';')
        .filter(|part| !part.trim().is_empty())
        .take(9)
        .map(|part| {
            let (x, y) = part.split_once(',')?;
            let (x, y) = (x.trim().parse::<f32>().ok()?, y.trim().parse::<f32>().ok()?);
            (x.is_finite() && y.is_finite()).then_some((x, y))
        })
        .collect();
    clicks
        .filter(|clicks| clicks.len() <= 8)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::parse_clicks;

    #[test]
    fn clicks_parse_from_pairs_and_garbage_is_no_answer() {
        assert_eq!(parse_clicks("1,2;3.5,4"), vec![(1.0, 2.0), (3.5, 4.0)]);
        assert_eq!(parse_clicks(" 1 , 2 ; "), vec![(1.0, 2.0)]);
        assert!(parse_clicks("1;2").is_empty());
        assert!(parse_clicks("NaN,1").is_empty());
        assert!(parse_clicks(&"1,1;".repeat(20)).is_empty());
    }
}
