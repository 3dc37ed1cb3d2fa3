//! Account server functions: captcha, registration, sign-in and sign-out.
//!
//! Each body authenticates (where needed), parses, calls one service and
//! maps the error; the rules live in `server::services`. Successful plain
//! form posts (JavaScript off) are answered with a redirect to the next page.

use crate::domain::account::CaptchaChallenge;
use crate::domain::{AppError, CurrentUser};
use leptos::prelude::*;

/// The click-captcha challenge `id` while it is live, else a new one.
#[server(endpoint = "captcha")]
pub async fn captcha(id: Option<String>) -> Result<CaptchaChallenge, AppError> {
    use crate::server::{captcha, ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let browser = ctx::browser_id();
    captcha::live_or_new(&state, id.as_deref(), browser.as_deref(), ctx::client_ip())
        .await
        .map_err(respond)
}

/// Step one of registration: checks the captcha and the details, mails a code.
#[server(endpoint = "account/register")]
pub async fn register(
    email: String,
    password: String,
    nickname: String,
    captcha_id: String,
    captcha_clicks: String,
) -> Result<(), AppError> {
    use crate::server::services::registration::{self, Details};
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    ctx::verify_captcha(&state, &captcha_id, &captcha_clicks)
        .await
        .map_err(respond)?;
    let details = Details {
        email: email.clone(),
        password,
        nickname,
    };
    registration::start(&state, details, ctx::locale())
        .await
        .map_err(respond)?;
    let email: String = form_urlencoded::byte_serialize(email.trim().as_bytes()).collect();
    leptos_axum::redirect(&format!("/register/confirm?email={email}"));
    Ok(())
}

/// Step two of registration: the mailed code creates the account.
#[server(endpoint = "account/confirm")]
pub async fn confirm_registration(email: String, code: String) -> Result<(), AppError> {
    use crate::server::services::registration;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    registration::complete(&state, &email, &code)
        .await
        .map_err(respond)?;
    leptos_axum::redirect("/login?registered=1");
    Ok(())
}

/// Signs in: captcha, credentials, then a session cookie.
#[server(endpoint = "account/login")]
pub async fn login(
    email: String,
    password: String,
    captcha_id: String,
    captcha_clicks: String,
    next: String,
) -> Result<CurrentUser, AppError> {
    use crate::domain::navigation::local_path_or_home;
    use crate::server::services::sessions;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    ctx::verify_captcha(&state, &captcha_id, &captcha_clicks)
        .await
        .map_err(respond)?;
    let signed_in = sessions::login(&state, &email, password, ctx::client_ip())
        .await
        .map_err(respond)?;
    ctx::set_session_cookie(&state, signed_in.token);
    leptos_axum::redirect(local_path_or_home(&next));
    Ok(signed_in.user)
}

/// Signs out of this browser.
#[server(endpoint = "account/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::services::sessions;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    if let Some(session) = ctx::session().await.map_err(respond)? {
        sessions::logout(&state, session.user.id, &session.session_id)
            .await
            .map_err(respond)?;
    }
    ctx::clear_session_cookie(&state);
    leptos_axum::redirect("/");
    Ok(())
}

/// The signed-in user, if any.
#[server(endpoint = "account/me", output = crate::api::text_json::TextJson)]
pub async fn me() -> Result<Option<CurrentUser>, AppError> {
    use crate::server::{ctx, error::respond};
    ctx::current_user().await.map_err(respond)
}

/// Asks for a password-reset code (captcha first). Answers the same whether
/// or not the address has an account.
#[server(endpoint = "account/forgot")]
pub async fn request_password_reset(
    email: String,
    captcha_id: String,
    captcha_clicks: String,
) -> Result<(), AppError> {
    use crate::server::services::passwords;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    ctx::verify_captcha(&state, &captcha_id, &captcha_clicks)
        .await
        .map_err(respond)?;
    passwords::request_reset(&state, &email, ctx::locale())
        .await
        .map_err(respond)?;
    let email: String = form_urlencoded::byte_serialize(email.trim().as_bytes()).collect();
    leptos_axum::redirect(&format!("/forgot/confirm?email={email}"));
    Ok(())
}

/// Sets a new password with the mailed code; every session ends.
#[server(endpoint = "account/reset")]
pub async fn reset_password(email: String, code: String, password: String) -> Result<(), AppError> {
    use crate::server::services::passwords;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    passwords::reset(&state, &email, &code, password)
        .await
        .map_err(respond)?;
    ctx::clear_session_cookie(&state);
    leptos_axum::redirect("/login?reset=1");
    Ok(())
}

/// Changes the signed-in user's password; their other sessions end.
#[server(endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::server::services::passwords;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let session = ctx::session()
        .await
        .map_err(respond)?
        .ok_or(AppError::Unauthorized)
        .map_err(respond)?;
    passwords::change(
        &state,
        session.user.id,
        &session.session_id,
        current_password,
        new_password,
    )
    .await
    .map_err(respond)?;
    leptos_axum::redirect("/account?changed=1");
    Ok(())
}

/// Ends every session of the signed-in user, this one included.
#[server(endpoint = "account/logout-everywhere")]
pub async fn log_out_everywhere() -> Result<(), AppError> {
    use crate::server::services::sessions;
    use crate::server::{ctx, error::respond};
    let state = ctx::state().map_err(respond)?;
    let user = ctx::require_user().await.map_err(respond)?;
    sessions::logout_everywhere(&state, user.id)
        .await
        .map_err(respond)?;
    ctx::clear_session_cookie(&state);
    leptos_axum::redirect("/login");
    Ok(())
}
