//! Sign in: captcha, e-mail and password. Works with JavaScript off: the
//! captcha collects clicks through page loads and the form posts to the
//! server function, which redirects to `next` (or back here with the error).

use super::captcha_section::{CaptchaSection, use_captcha};
use crate::api::accounts::Login;
use crate::ui::components::{FieldMessage, FormMessage};
use crate::ui::i18n::use_texts;
use crate::ui::query::use_query_map;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn LoginPage() -> impl IntoView {
    let texts = use_texts();
    let account = &texts.account;
    let query = use_query_map();
    let login = ServerAction::<Login>::new();
    let error = Signal::derive(move || login.value().get().and_then(Result::err));
    let next = move || query.read().get("next").unwrap_or_else(|| "/".into());
    let registered = move || query.read().get("registered").is_some();
    let reset = move || query.read().get("reset").is_some();
    let captcha = use_captcha("login-form", vec![("next", next())]);

    view! {
        <Title text=account.sign_in />
        <section class="panel auth">
            <h1>{account.sign_in}</h1>
            <Show when=registered>
                <p class="notice" role="status">{account.registered_notice}</p>
            </Show>
            <Show when=reset>
                <p class="notice" role="status">{account.reset_notice}</p>
            </Show>
            <p class="hint">{account.captcha_first_hint}</p>
            <CaptchaSection captcha />
            <ActionForm action=login attr:id="login-form" attr:class="form" attr:novalidate=true>
                <input type="hidden" name="next" value=next />
                <FieldMessage error=error field="captcha" />
                <label for="email">{account.email}</label>
                <input id="email" name="email" type="email" autocomplete="email" required
                    aria-describedby="email-error" />
                <FieldMessage error=error field="email" />
                <label for="password">{account.password}</label>
                <input id="password" name="password" type="password" autocomplete="current-password"
                    required aria-describedby="password-error" />
                <FieldMessage error=error field="password" />
                <FormMessage error=error />
                <button type="submit" class="button">{account.sign_in}</button>
            </ActionForm>
            <p class="auth__switch">
                <A href="/forgot">{account.forgot_link}</A>
                " · "
                <A href="/register">{account.register_link}</A>
            </p>
        </section>
    }
}
