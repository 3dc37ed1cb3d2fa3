//! A top-up form: posts the amount to the server, which redirects the post
//! to the payment provider's checkout (server HTML, no island: the page is
//! left anyway).

use crate::api::money::StartTopUp;
use crate::ui::components::{FieldMessage, FormMessage};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// `amount` set: a hidden, fixed amount (the shortfall of an order) and
/// only the button; unset: an amount field labelled `amount_label`.
#[component]
pub fn TopUpForm(
    form_key: String,
    order_id: Option<i64>,
    #[prop(optional)] amount: Option<String>,
    #[prop(optional)] amount_label: Option<String>,
    button: &'static str,
) -> impl IntoView {
    let action = ServerAction::<StartTopUp>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let amount_input = match amount {
        Some(amount) => view! { <input type="hidden" name="amount" value=amount /> }.into_any(),
        None => view! {
            <label for="amount">{amount_label}</label>
            <input id="amount" name="amount" inputmode="decimal" required aria-describedby="amount-error" />
            <FieldMessage error=error field="amount" />
        }
        .into_any(),
    };
    view! {
        <ActionForm action attr:class="form form--inline" attr:novalidate=true>
            <input type="hidden" name="key" value=form_key />
            {order_id.map(|id| view! { <input type="hidden" name="order_id" value=id.to_string() /> })}
            {amount_input}
            <FormMessage error=error />
            <button type="submit" class="button">{button}</button>
        </ActionForm>
    }
}
