//! The signed-in user's account: change the password, sign out everywhere.

use crate::api::accounts::{ChangePassword, LogOutEverywhere};
use crate::ui::components::{FieldMessage, FormMessage, ProfileForm, RequireUser};
use crate::ui::i18n::use_texts;
use crate::ui::query::use_query_map;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let texts = use_texts();
    let account = &texts.account;
    let query = use_query_map();
    let change = ServerAction::<ChangePassword>::new();
    let everywhere = ServerAction::<LogOutEverywhere>::new();
    let change_error = Signal::derive(move || change.value().get().and_then(Result::err));
    let everywhere_error = Signal::derive(move || everywhere.value().get().and_then(Result::err));
    let changed = move || query.read().get("changed").is_some();

    view! {
        <Title text=account.account_title />
        <RequireUser>
            <h1>{account.account_title}</h1>
            <ProfileForm />
            <section class="panel auth">
                <h2>{account.change_password_title}</h2>
                <Show when=changed>
                    <p class="notice" role="status">{account.changed_notice}</p>
                </Show>
                <ActionForm action=change attr:class="form" attr:novalidate=true>
                    <label for="current_password">{account.current_password}</label>
                    <input id="current_password" name="current_password" type="password"
                        autocomplete="current-password" required aria-describedby="current_password-error" />
                    <FieldMessage error=change_error field="current_password" />
                    <label for="new_password">{account.new_password}</label>
                    <input id="new_password" name="new_password" type="password" autocomplete="new-password"
                        required aria-describedby="new_password-hint new_password-error" />
                    <p class="hint" id="new_password-hint">{account.password_hint}</p>
                    <FieldMessage error=change_error field="new_password" />
                    <FormMessage error=change_error />
                    <button type="submit" class="button">{account.change_password_submit}</button>
                </ActionForm>
            </section>
            <section class="panel auth">
                <h2>{account.sessions_title}</h2>
                <p>{account.sessions_intro}</p>
                <ActionForm action=everywhere attr:class="form">
                    <FormMessage error=everywhere_error />
                    <button type="submit" class="button button--quiet">{account.log_out_everywhere}</button>
                </ActionForm>
            </section>
        </RequireUser>
    }
    .into_any()
}
