//! The applications section of an order page in "choose from applicants"
//! mode: the publisher's list of applicants with their standing and a
//! "Choose" form each; for anyone else their own application (its status,
//! the edit and withdraw forms) or the form to apply. Server-rendered
//! forms posting to `api::applications`, so all of it works without
//! JavaScript (and adds nothing to the WASM).

use super::format::{date_of, money_text};
use crate::api::applications::{
    ApplyToOrder, EditApplication, PickApplicant, WithdrawApplication, order_applications,
};
use crate::domain::AppError;
use crate::domain::calendar::format_date;
use crate::domain::money::{Currency, plain_amount};
use crate::domain::order::application::{ApplicantView, ApplicationStatus, ApplicationsPanel};
use crate::domain::review::tenths_text;
use crate::ui::components::{FieldMessage, FormMessage};
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The forms' actions; the section reloads after each.
#[derive(Clone, Copy)]
struct Actions {
    apply: ServerAction<ApplyToOrder>,
    edit: ServerAction<EditApplication>,
    withdraw: ServerAction<WithdrawApplication>,
    pick: ServerAction<PickApplicant>,
}

fn applicant_item(
    applicant: ApplicantView,
    panel: &ApplicationsPanel,
    order_id: i64,
    pick: ServerAction<PickApplicant>,
) -> impl IntoView + use<> {
    let t = &use_texts().applications;
    let standing = match applicant.average_tenths {
        Some(tenths) => format!(
            "★ {} · {} {}",
            tenths_text(tenths),
            applicant.review_count,
            t.reviews
        ),
        None => t.no_reviews.to_owned(),
    };
    let reward = applicant
        .reward_minor
        .map(|minor| format!(" · {} {}", t.proposes, money_text(minor, &panel.currency)));
    let label = format!("{} {}", t.pick, applicant.nickname);
    view! {
        <li class="applicant">
            <p><a href=format!("/users/{}", applicant.applicant_id)><strong>{applicant.nickname.clone()}</strong></a>
            " · " {standing} " · " {t.delivered} " " {applicant.delivered}</p>
            <p class="hint">{t.delivery_by} " " {format_date(applicant.delivery_day)} {reward}
            " · " {date_of(applicant.applied_at_ms)}</p>
            <p class="applicant__pitch">{applicant.pitch.clone()}</p>
            <ActionForm action=pick attr:class="form form--inline">
                <input type="hidden" name="id" value=order_id.to_string() />
                <input type="hidden" name="applicant" value=applicant.applicant_id.to_string() />
                <button type="submit" class="button" aria-label=label>{t.pick}</button>
            </ActionForm>
        </li>
    }
}

/// The fields of the apply or edit form, filled with `current` (pitch,
/// reward, date); the caller wraps them in its action's form.
fn application_fields(
    panel: &ApplicationsPanel,
    order_id: i64,
    current: (String, String, String),
    error: Signal<Option<AppError>>,
    button: &'static str,
) -> AnyView {
    let t = &use_texts().applications;
    let (pitch, reward, delivery) = current;
    let reward_field = panel.negotiable.then(|| {
        view! {
            <label for="application-reward">{t.reward} " (" {panel.currency.clone()} ")"</label>
            <p class="hint">{t.reward_hint}</p>
            <input id="application-reward" name="reward" inputmode="decimal" value=reward />
            <FieldMessage error=error field="reward" />
        }
    });
    view! {
        <input type="hidden" name="id" value=order_id.to_string() />
        <label for="application-pitch">{t.pitch}</label>
        <textarea id="application-pitch" name="pitch" rows="4" maxlength="1000">{pitch}</textarea>
        <FieldMessage error=error field="pitch" />
        {reward_field}
        <label for="application-delivery">{t.delivery}</label>
        <input id="application-delivery" name="delivery" type="date" value=delivery />
        <FieldMessage error=error field="delivery" />
        <FormMessage error=error />
        <button type="submit" class="button">{button}</button>
    }
    .into_any()
}

fn section(panel: ApplicationsPanel, order_id: i64, actions: Actions) -> AnyView {
    let t = &use_texts().applications;
    if !panel.choose_applicants {
        return ().into_any();
    }
    let mut parts: Vec<AnyView> = vec![view! { <p class="hint">{t.mode_note}</p> }.into_any()];
    if panel.publisher {
        let pick = actions.pick;
        let error = Signal::derive(move || pick.value().get().and_then(Result::err));
        parts.push(view! { <FormMessage error=error /> }.into_any());
        if panel.open && panel.applicants.is_empty() {
            parts.push(view! { <p>{t.none_yet}</p> }.into_any());
        }
        let items = panel
            .applicants
            .clone()
            .into_iter()
            .map(|applicant| applicant_item(applicant, &panel, order_id, pick))
            .collect_view();
        parts.push(view! { <ul class="plain-list">{items}</ul> }.into_any());
    } else if let Some(mine) = panel.mine.clone() {
        let status = match mine.status {
            ApplicationStatus::Active => t.applied,
            ApplicationStatus::Withdrawn => t.withdrawn,
            ApplicationStatus::Chosen => t.chosen,
            ApplicationStatus::Declined => t.declined,
        };
        parts.push(view! { <p class="notice" role="status">{status}</p> }.into_any());
        if mine.status == ApplicationStatus::Active && panel.open {
            let currency = Currency::new(&panel.currency);
            let reward = mine
                .reward_minor
                .map(|minor| plain_amount(minor, &currency))
                .unwrap_or_default();
            let current = (mine.pitch, reward, format_date(mine.delivery_day));
            let edit = actions.edit;
            let error = Signal::derive(move || edit.value().get().and_then(Result::err));
            let fields = application_fields(&panel, order_id, current, error, t.save);
            parts.push(view! {
                <ActionForm action=edit attr:class="form" attr:novalidate=true>{fields}</ActionForm>
            }.into_any());
            let withdraw = actions.withdraw;
            let error = Signal::derive(move || withdraw.value().get().and_then(Result::err));
            parts.push(
                view! {
                    <ActionForm action=withdraw attr:class="form form--inline">
                        <input type="hidden" name="id" value=order_id.to_string() />
                        <FormMessage error=error />
                        <button type="submit" class="button button--danger">{t.withdraw}</button>
                    </ActionForm>
                }
                .into_any(),
            );
        }
    }
    if panel.may_apply {
        let current = (String::new(), String::new(), String::new());
        let apply = actions.apply;
        let error = Signal::derive(move || apply.value().get().and_then(Result::err));
        let fields = application_fields(&panel, order_id, current, error, t.apply);
        parts.push(view! {
            <ActionForm action=apply attr:class="form" attr:novalidate=true>{fields}</ActionForm>
        }.into_any());
    }
    view! {
        <section class="panel" aria-labelledby="applications-title">
            <h2 id="applications-title">{t.title}</h2>
            {parts}
        </section>
    }
    .into_any()
}

/// The applications section; nothing for a first-to-take order.
#[component]
pub fn ApplicationsSection(order_id: i64) -> impl IntoView {
    let actions = Actions {
        apply: ServerAction::new(),
        edit: ServerAction::new(),
        withdraw: ServerAction::new(),
        pick: ServerAction::new(),
    };
    let loaded = Resource::new(
        move || {
            actions.apply.version().get()
                + actions.edit.version().get()
                + actions.withdraw.version().get()
                + actions.pick.version().get()
        },
        move |_| order_applications(order_id),
    );
    let body = move || {
        Suspend::new(async move {
            match loaded.await {
                Ok(panel) => section(panel, order_id, actions),
                Err(_) => ().into_any(),
            }
        })
    };
    view! { <Transition fallback=|| ()>{body}</Transition> }
}
