//! The dispute part of an order's money panel: the form to open one (for
//! either party, when the server says they may), or the open dispute, or
//! the admin's decision with its amounts and reason.

use super::format::{date_of, money_text};
use crate::api::disputes::OpenDispute;
use crate::domain::order::dispute::{DisputeOutcome, DisputeView};
use crate::domain::wallet::OrderMoneyView;
use crate::ui::components::FieldMessage;
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;

fn outcome_index(outcome: DisputeOutcome) -> usize {
    match outcome {
        DisputeOutcome::Release => 0,
        DisputeOutcome::Refund => 1,
        DisputeOutcome::Split { .. } => 2,
    }
}

/// An open or decided dispute, as both parties (and admins) see it.
pub fn dispute_summary(dispute: &DisputeView, currency: &str) -> AnyView {
    let t = &use_texts().disputes;
    let opener = if dispute.opened_by_publisher {
        t.opened_by_publisher
    } else {
        t.opened_by_solver
    };
    let decision = match &dispute.decision {
        None => view! { <p class="notice notice--warn" role="status">{t.waiting}</p> }.into_any(),
        Some(decision) => {
            let fee = (decision.fee > 0)
                .then(|| format!(" ({} {})", t.fee, money_text(decision.fee, currency)));
            view! {
                <div class="notice" role="status">
                    <p><strong>{t.outcomes[outcome_index(decision.outcome)]}</strong> " "
                    {t.decided_on} " " {date_of(decision.decided_at_ms)}</p>
                    <p>{t.to_solver} " " {money_text(decision.to_solver, currency)} {fee}
                    " · " {t.to_publisher} " " {money_text(decision.to_publisher, currency)}</p>
                    <p>{t.decision_reason} " " {decision.reason.clone()}</p>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <p>{opener} " " <q class="dispute__reason">{dispute.reason.clone()}</q>
        " — " {dispute.opened_by.clone()} ", " {date_of(dispute.opened_at_ms)}</p>
        {decision}
    }
    .into_any()
}

#[component]
pub fn DisputeSection(
    view: OrderMoneyView,
    order_id: i64,
    action: ServerAction<OpenDispute>,
) -> impl IntoView {
    let t = &use_texts().disputes;
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let body = match (&view.dispute, view.may_dispute) {
        (Some(dispute), _) => Some(dispute_summary(dispute, &view.currency)),
        (None, true) => Some(
            view! {
                <details class="dispute__open">
                    <summary>{t.open_summary}</summary>
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="id" value=order_id.to_string() />
                        <p class="hint">{t.open_hint}</p>
                        <label for="dispute-reason">{t.reason_label}</label>
                        <textarea id="dispute-reason" name="reason" rows="3" maxlength="1000" required
                            aria-describedby="reason-error"></textarea>
                        <FieldMessage error=error field="reason" />
                        <button type="submit" class="button button--danger">{t.open_button}</button>
                    </ActionForm>
                </details>
            }
            .into_any(),
        ),
        (None, false) => None,
    };
    body.map(|body| {
        view! {
            <section class="dispute" aria-labelledby="dispute-title">
                <h3 id="dispute-title">{t.section_title}</h3>
                {body}
            </section>
        }
    })
}
