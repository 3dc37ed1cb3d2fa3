//! One dispute's case for an admin: the order, every submitted version
//! with its digests and content, the reveal receipts, the parties'
//! conversation, the order's ledger, and the decision form (release,
//! refund, or split by amount, with a reason both parties see). Once
//! decided the page shows the decision instead of the form.

use super::use_id_param;
use crate::api::disputes::{DecideDispute, load_dispute_case};
use crate::domain::order::dispute::DisputeCase;
use crate::ui::components::{FieldMessage, FormMessage, RequireUser};
use crate::ui::i18n::use_texts;
use crate::ui::orders::SolutionPanel;
use crate::ui::orders::dispute_section::dispute_summary;
use crate::ui::orders::format::{date_of, money_text, move_label, signed_money_text};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

fn facts(case: &DisputeCase) -> impl IntoView + use<> {
    let t = &use_texts().disputes;
    let currency = case.order.currency.clone();
    let versions = case
        .versions
        .iter()
        .map(|v| {
            view! {
                <li>{t.version} " " {v.version} " · " {date_of(v.created_at_ms)} " · "
                {v.word_count} " " {t.words} " · " {v.files.len()} " " {t.files} <br />
                // What the publisher saw before opening: the receipts below
                // carry the same value for each version they opened.
                <span class="hint">{t.digest} " " <code class="digest">{v.committed_digest().to_owned()}</code></span></li>
            }
        })
        .collect_view();
    let reveals = if case.reveals.is_empty() {
        view! { <p class="hint">{t.no_reveals}</p> }.into_any()
    } else {
        case.reveals
            .iter()
            .map(|r| {
                view! {
                    <p>{t.version} " " {r.version} " " {t.revealed_on} " " {date_of(r.revealed_at_ms)}
                    <br /><span class="hint">{t.digest} " " <code class="digest">{r.digest.clone()}</code></span></p>
                }
            })
            .collect_view()
            .into_any()
    };
    let chat = if case.chat.is_empty() {
        view! { <p class="hint">{t.no_chat}</p> }.into_any()
    } else {
        let lines = case
            .chat
            .iter()
            .map(|line| {
                view! { <li><strong>{line.sender.clone()}</strong> " · " <span class="hint">{date_of(line.at_ms)}</span><br />{line.body.clone()}</li> }
            })
            .collect_view();
        view! { <ul class="plain-list dispute__chat">{lines}</ul> }.into_any()
    };
    let money = &use_texts().money;
    let ledger = case
        .ledger
        .iter()
        .map(|line| {
            view! {
                <tr>
                    <td>{date_of(line.at_ms)}</td>
                    <td>{move_label(&money.order_kinds, line.kind)}</td>
                    <td class="amount">{signed_money_text(line.amount, &currency)}</td>
                    <td class="hint">{money.reference} " " {line.transaction_id}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel"><h2>{t.versions_title}</h2><ul class="plain-list">{versions}</ul></section>
        <section class="panel"><h2>{t.reveals_title}</h2>{reveals}</section>
        <section class="panel"><h2>{t.chat_title}</h2>{chat}</section>
        <section class="panel"><h2>{t.ledger_title}</h2>
            <table class="ledger"><tbody>{ledger}</tbody></table></section>
    }
}

fn decision_form(case: &DisputeCase, decide: ServerAction<DecideDispute>) -> impl IntoView + use<> {
    let t = &use_texts().disputes;
    let error = Signal::derive(move || decide.value().get().and_then(Result::err));
    let choices = ["release", "refund", "split"]
        .into_iter()
        .zip(t.outcome_choices)
        .map(|(value, label)| {
            view! {
                <label class="check">
                    <input type="radio" name="outcome" value=value checked=value == "release" />
                    " " {label}
                </label>
            }
        })
        .collect_view();
    let order_id = case.order.card.id.to_string();
    let form_key = case.form_key.clone();
    let split_label = format!("{} ({})", t.split_label, case.order.currency);
    view! {
        <section class="panel" aria-labelledby="decide-title">
            <h2 id="decide-title">{t.decide_title}</h2>
            <ActionForm action=decide attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=order_id />
                <input type="hidden" name="key" value=form_key />
                <fieldset>
                    <legend>{t.outcome_label}</legend>
                    {choices}
                </fieldset>
                <label for="to-solver">{split_label}</label>
                <input id="to-solver" name="to_solver" inputmode="decimal" aria-describedby="to_solver-error" />
                <FieldMessage error=error field="to_solver" />
                <label for="decision-reason">{t.decision_reason_label}</label>
                <textarea id="decision-reason" name="reason" rows="3" maxlength="1000" required
                    aria-describedby="reason-error"></textarea>
                <FieldMessage error=error field="reason" />
                <FormMessage error=error />
                <button type="submit" class="button">{t.decide_button}</button>
            </ActionForm>
        </section>
    }
}

fn case_body(case: DisputeCase, decide: ServerAction<DecideDispute>) -> AnyView {
    let t = &use_texts().disputes;
    let card = case.order.card.clone();
    let currency = case.order.currency.clone();
    let decided = case.dispute.decision.is_some();
    let description = use_texts().orders.description;
    let blocks = case
        .order
        .blocks_html
        .iter()
        // Rendered from Markdown and sanitised on the server at publish time.
        .map(|html| view! { <div class="block prose" inner_html=html.clone()></div> })
        .collect_view();
    view! {
        <Title text=format!("{} {}", t.case_title, card.title) />
        <h1>{t.case_title} " " <A href=format!("/orders/{}", card.id)>{card.title.clone()}</A></h1>
        <section class="panel">
            <p>{t.in_escrow} " " <strong>{money_text(case.escrow, &currency)}</strong></p>
            {dispute_summary(&case.dispute, &currency)}
        </section>
        {(!decided).then(|| decision_form(&case, decide))}
        <section class="panel"><h2>{description}</h2>{blocks}</section>
        <SolutionPanel solution=case.order.solution.clone() />
        {facts(&case)}
    }
    .into_any()
}

#[component]
pub fn AdminDisputeCasePage() -> impl IntoView {
    let texts = use_texts();
    let id = use_id_param();
    let decide = ServerAction::<DecideDispute>::new();
    let case = Resource::new(
        move || (id(), decide.version().get()),
        |(id, _)| async move {
            match id {
                Some(id) => load_dispute_case(id).await,
                None => Err(crate::domain::AppError::NotFound),
            }
        },
    );
    let body = move || {
        Suspend::new(async move {
            match case.await {
                Ok(case) => case_body(case, decide),
                Err(error) => {
                    let error = Signal::derive(move || Some(error.clone()));
                    view! { <FormMessage error /> }.into_any()
                }
            }
        })
    };
    view! {
        <RequireUser>
            <Transition fallback=move || view! { <p>{texts.orders.loading}</p> }>{body}</Transition>
        </RequireUser>
    }
    .into_any()
}
