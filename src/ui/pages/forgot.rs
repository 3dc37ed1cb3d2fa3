//! Forgotten password, step one: captcha and e-mail. The answer does not say
//! whether the address has an account.

use super::captcha_section::{CaptchaSection, use_captcha};
use crate::api::accounts::RequestPasswordReset;
use crate::ui::components::{FieldMessage, FormMessage};
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ForgotPage() -> impl IntoView {
    let texts = use_texts();
    let account = &texts.account;
    let request = ServerAction::<RequestPasswordReset>::new();
    let error = Signal::derive(move || request.value().get().and_then(Result::err));
    let captcha = use_captcha("forgot-form", Vec::new());

    view! {
        <Title text=account.forgot_title />
        <section class="panel auth">
            <h1>{account.forgot_title}</h1>
            <p class="lead">{account.forgot_intro}</p>
            <p class="hint">{account.captcha_first_hint}</p>
            <CaptchaSection captcha />
            <ActionForm action=request attr:id="forgot-form" attr:class="form" attr:novalidate=true>
                <FieldMessage error=error field="captcha" />
                <label for="email">{account.email}</label>
                <input id="email" name="email" type="email" autocomplete="email" required
                    aria-describedby="email-error" />
                <FieldMessage error=error field="email" />
                <FormMessage error=error />
                <button type="submit" class="button">{account.forgot_submit}</button>
            </ActionForm>
        </section>
    }
}
