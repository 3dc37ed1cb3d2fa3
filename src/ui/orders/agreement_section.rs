//! The agreement part of an order's money panel: proposing, taking back or
//! accepting a cancellation, and proposing or accepting a negotiable
//! reward. Shows only the steps the server listed for the viewer; every
//! form posts without JavaScript too.

use super::format::money_text;
use crate::api::agreements::AgreeOnOrder;
use crate::domain::money::{Currency, plain_amount};
use crate::domain::order::agreement::{AgreementStep, Proposer};
use crate::domain::wallet::OrderMoneyView;
use crate::ui::components::FieldMessage;
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// A form posting `step`, with `extra` fields before the button.
fn step_form(
    action: ServerAction<AgreeOnOrder>,
    order_id: i64,
    key: &str,
    step: AgreementStep,
    extra: AnyView,
    button: &'static str,
) -> impl IntoView + use<> {
    // One key per step: a double click repeats it, another step is new.
    let key = format!("{key}-{}", step.as_str().replace('_', "-"));
    view! {
        <ActionForm action attr:class="form form--inline" attr:novalidate=true>
            <input type="hidden" name="id" value=order_id.to_string() />
            <input type="hidden" name="key" value=key />
            <input type="hidden" name="step" value=step.as_str() />
            {extra}
            <button type="submit" class="button button--quiet">{button}</button>
        </ActionForm>
    }
}

#[component]
pub fn AgreementSection(
    view: OrderMoneyView,
    order_id: i64,
    action: ServerAction<AgreeOnOrder>,
) -> impl IntoView {
    let t = &use_texts().agreements;
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let can = |step| view.agreements.contains(&step);
    let key = view.form_key.clone();
    let form =
        |step, extra: AnyView, button| step_form(action, order_id, &key, step, extra, button);
    let mut parts: Vec<AnyView> = Vec::new();
    match view.cancel_proposed_by {
        Some(Proposer::Me) => {
            parts.push(view! { <p class="notice">{t.proposed_by_me}</p> }.into_any())
        }
        Some(Proposer::Other) => parts
            .push(view! { <p class="notice notice--warn">{t.proposed_by_other}</p> }.into_any()),
        None => {}
    }
    if can(AgreementStep::ProposeCancel) {
        parts.push(view! { <p class="hint">{t.propose_cancel_hint}</p> }.into_any());
        parts.push(
            form(
                AgreementStep::ProposeCancel,
                ().into_any(),
                t.propose_cancel,
            )
            .into_any(),
        );
    }
    if can(AgreementStep::WithdrawCancel) {
        parts.push(
            form(
                AgreementStep::WithdrawCancel,
                ().into_any(),
                t.withdraw_cancel,
            )
            .into_any(),
        );
    }
    if can(AgreementStep::AcceptCancel) {
        parts.push(form(AgreementStep::AcceptCancel, ().into_any(), t.accept_cancel).into_any());
    }
    let currency = view.currency.clone();
    if let Some(proposed) = view.reward_proposed {
        let text = if can(AgreementStep::AcceptReward) {
            t.reward_offered
        } else {
            t.reward_waiting
        };
        parts.push(
            view! { <p class="notice">{text} " " <strong>{money_text(proposed, &currency)}</strong></p> }
                .into_any(),
        );
        if can(AgreementStep::AcceptReward) {
            let amount = plain_amount(proposed, &Currency::new(&currency));
            let hidden = view! { <input type="hidden" name="amount" value=amount /> }.into_any();
            parts.push(form(AgreementStep::AcceptReward, hidden, t.accept_reward).into_any());
        }
    }
    if can(AgreementStep::ProposeReward) {
        parts.push(view! { <p class="hint">{t.reward_hint}</p> }.into_any());
        let field = view! {
            <label for="agreed-reward">{format!("{} ({currency})", t.reward_label)}</label>
            <input id="agreed-reward" name="amount" inputmode="decimal" required aria-describedby="amount-error" />
            <FieldMessage error=error field="amount" />
        }
        .into_any();
        parts.push(form(AgreementStep::ProposeReward, field, t.propose_reward).into_any());
    }
    (!parts.is_empty()).then(|| {
        view! {
            <section class="agreement" aria-labelledby="agreement-title">
                <h3 id="agreement-title">{t.title}</h3>
                {parts}
            </section>
        }
    })
}
