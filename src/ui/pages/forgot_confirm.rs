//! Forgotten password, step two: the mailed code and a new password.

use crate::api::accounts::ResetPassword;
use crate::ui::components::{FieldMessage, FormMessage};
use crate::ui::i18n::use_texts;
use crate::ui::query::use_query_map;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ForgotConfirmPage() -> impl IntoView {
    let texts = use_texts();
    let account = &texts.account;
    let query = use_query_map();
    let reset = ServerAction::<ResetPassword>::new();
    let error = Signal::derive(move || reset.value().get().and_then(Result::err));
    let email = move || query.read().get("email").unwrap_or_default();

    view! {
        <Title text=account.reset_title />
        <section class="panel auth">
            <h1>{account.reset_title}</h1>
            <p class="lead">{account.reset_intro}</p>
            <ActionForm action=reset attr:class="form" attr:novalidate=true>
                <label for="email">{account.email}</label>
                <input id="email" name="email" type="email" autocomplete="email" required value=email
                    aria-describedby="email-error" />
                <FieldMessage error=error field="email" />
                <label for="code">{account.code}</label>
                <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code"
                    required maxlength="12" aria-describedby="code-error" />
                <FieldMessage error=error field="code" />
                <label for="password">{account.new_password}</label>
                <input id="password" name="password" type="password" autocomplete="new-password"
                    required aria-describedby="password-hint password-error" />
                <p class="hint" id="password-hint">{account.password_hint}</p>
                <FieldMessage error=error field="password" />
                <FormMessage error=error />
                <button type="submit" class="button">{account.reset_submit}</button>
            </ActionForm>
        </section>
    }
}
