//! Registration, step one: captcha and details; the server mails a code and
//! sends the browser to the confirmation page.

use super::captcha_section::{CaptchaSection, use_captcha};
use crate::api::accounts::Register;
use crate::domain::account::PASSWORD_MIN;
use crate::ui::components::{FieldMessage, FormMessage};
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let texts = use_texts();
    let account = &texts.account;
    let register = ServerAction::<Register>::new();
    let server_error = Signal::derive(move || register.value().get().and_then(Result::err));
    let captcha = use_captcha("register-form", Vec::new());

    view! {
        <Title text=account.register_title />
        <section class="panel auth">
            <h1>{account.register_title}</h1>
            <p class="lead">{account.register_intro}</p>
            <p class="hint">{account.captcha_first_hint}</p>
            <CaptchaSection captcha />
            <ActionForm action=register attr:id="register-form" attr:class="form" attr:novalidate=true>
                <FieldMessage error=server_error field="captcha" />
                <label for="email">{account.email}</label>
                <input id="email" name="email" type="email" autocomplete="email" required
                    aria-describedby="email-error" />
                <FieldMessage error=server_error field="email" />
                <label for="nickname">{account.nickname}</label>
                <input id="nickname" name="nickname" autocomplete="nickname" required maxlength="32"
                    aria-describedby="nickname-error" />
                <FieldMessage error=server_error field="nickname" />
                <label for="password">{account.password}</label>
                <input id="password" name="password" type="password" autocomplete="new-password"
                    required minlength=PASSWORD_MIN.to_string() aria-describedby="password-hint password-error" />
                <p class="hint" id="password-hint">{account.password_hint}</p>
                <FieldMessage error=server_error field="password" />
                <FormMessage error=server_error />
                <button type="submit" class="button">{account.register_submit}</button>
            </ActionForm>
            <p class="auth__switch"><A href="/login">{account.have_account}</A></p>
        </section>
    }
}
