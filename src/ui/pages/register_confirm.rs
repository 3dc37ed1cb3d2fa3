//! Registration, step two: the code from the e-mail creates the account.

use crate::api::accounts::ConfirmRegistration;
use crate::ui::components::{FieldMessage, FormMessage};
use crate::ui::i18n::use_texts;
use crate::ui::query::use_query_map;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RegisterConfirmPage() -> impl IntoView {
    let texts = use_texts();
    let account = &texts.account;
    let query = use_query_map();
    let confirm = ServerAction::<ConfirmRegistration>::new();
    let error = Signal::derive(move || confirm.value().get().and_then(Result::err));
    let email = move || query.read().get("email").unwrap_or_default();

    view! {
        <Title text=account.confirm_title />
        <section class="panel auth">
            <h1>{account.confirm_title}</h1>
            <p class="lead">{account.confirm_intro}</p>
            <ActionForm action=confirm attr:class="form" attr:novalidate=true>
                <label for="email">{account.email}</label>
                <input id="email" name="email" type="email" autocomplete="email" required value=email
                    aria-describedby="email-error" />
                <FieldMessage error=error field="email" />
                <label for="code">{account.code}</label>
                <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code"
                    required maxlength="12" aria-describedby="code-error" />
                <FieldMessage error=error field="code" />
                <FormMessage error=error />
                <button type="submit" class="button">{account.confirm_submit}</button>
            </ActionForm>
        </section>
    }
}
