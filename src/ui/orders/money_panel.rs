//! The money panel of an order page, for its publisher and its solver: is
//! the reward secured, what moved, and the publisher's money steps (secure,
//! top up the shortfall and secure, confirm and pay, cancel). It reloads
//! when the realtime connection says money moved, so a payment's result
//! appears without a reload; back from the checkout (`?payment=`), or while
//! a payment is pending, it says how that payment went. Below the steps,
//! the order's dispute (or the form to open one).

use super::OrderActionSet;
use super::TopUpForm;
use super::agreement_section::AgreementSection;
use super::dispute_section::DisputeSection;
use super::format::{money_text, move_label, payment_label, provider_note, signed_money_text};
use crate::api::money::order_money;
use crate::domain::money::{Currency, plain_amount};
use crate::domain::order::escrow::MoneyAction;
use crate::domain::wallet::{OrderMoneyView, PaymentState};
use crate::ui::components::FormMessage;
use crate::ui::i18n::use_texts;
use crate::ui::query::use_query_map;
use leptos::form::ActionForm;
use leptos::prelude::*;

fn steps(view: &OrderMoneyView, order_id: i64, actions: OrderActionSet) -> impl IntoView + use<> {
    let texts = use_texts();
    let t = &texts.money;
    let can = |action| view.actions.contains(&action);
    let key = view.form_key.clone();
    let (confirm_key, cancel_key) = (key.clone(), key.clone());
    let hidden = move |key: &str| {
        view! {
            <input type="hidden" name="id" value=order_id.to_string() />
            <input type="hidden" name="key" value=key.to_owned() />
        }
    };
    let shortfall = view
        .reward
        .map(|reward| reward - view.balance)
        .filter(|s| *s > 0);
    let fund = can(MoneyAction::Fund).then(|| match shortfall {
        None => view! {
            <ActionForm action=actions.fund>
                <>{hidden(&key)}<p class="hint">{t.fund_hint}</p>
                <button class="button">{t.fund}</button></>
            </ActionForm>
        }
        .into_any(),
        Some(short) => {
            let amount = plain_amount(short, &Currency::new(&view.currency));
            view! {
                <div class="money-step">
                    <p class="hint">{t.fund_hint}</p>
                    <p>{t.short_by} " " <strong>{money_text(short, &view.currency)}</strong></p>
                    <TopUpForm form_key=key.clone() order_id=Some(order_id) amount button=t.top_up_and_fund />
                    <p class="hint">{provider_note(t, &view.provider)}</p>
                </div>
            }
            .into_any()
        }
    });
    let negotiable = (view.reward.is_none() && view.actions.contains(&MoneyAction::Cancel))
        .then(|| view! { <p class="hint">{t.negotiable_note}</p> });
    let confirm = can(MoneyAction::Confirm).then(|| {
        view! {
            <ActionForm action=actions.confirm>
                <>{hidden(&confirm_key)}<p class="hint">{t.confirm_hint}</p>
                <button class="button">{t.confirm}</button></>
            </ActionForm>
        }
    });
    let rounds_left = view.change_rounds_left;
    let changes = can(MoneyAction::RequestChanges).then(|| {
        view! {
            <ActionForm action=actions.changes>
                <>
                    <input type="hidden" name="id" value=order_id.to_string() />
                    <p class="hint">{t.request_changes_hint} " " {rounds_left}</p>
                    <button class="button button--quiet">{t.request_changes}</button>
                </>
            </ActionForm>
        }
    });
    let cancel = can(MoneyAction::Cancel).then(|| {
        view! {
            <ActionForm action=actions.cancel>
                <>{hidden(&cancel_key)}<p class="hint">{t.cancel_hint}</p>
                <button class="button button--danger">{t.cancel}</button></>
            </ActionForm>
        }
    });
    view! { <div class="actions">{fund}{negotiable}{confirm}{changes}{cancel}</div> }
}

fn ledger_lines(view: &OrderMoneyView) -> impl IntoView + use<> {
    let texts = use_texts();
    let t = &texts.money;
    if view.lines.is_empty() {
        return view! { <p class="hint">{t.ledger_empty}</p> }.into_any();
    }
    let rows = view
        .lines
        .iter()
        .map(|line| {
            let fee = (line.fee > 0)
                .then(|| format!(" ({} {})", t.fee, money_text(line.fee, &view.currency)));
            view! {
                <tr>
                    <td>{super::format::date_of(line.at_ms)}</td>
                    <td>{move_label(&t.order_kinds, line.kind)}{fee}</td>
                    <td class="amount">{signed_money_text(line.amount, &view.currency)}</td>
                    <td class="hint">{t.reference} " " {line.transaction_id}</td>
                </tr>
            }
        })
        .collect_view();
    view! { <table class="ledger"><tbody>{rows}</tbody></table> }.into_any()
}

fn panel(
    view: OrderMoneyView,
    order_id: i64,
    actions: OrderActionSet,
    publisher: bool,
    returned_from: Option<String>,
) -> AnyView {
    let texts = use_texts();
    let t = &texts.money;
    let status = match (view.funded, publisher) {
        (true, _) if view.escrow > 0 => view! {
            <p><span class="badge badge--secured">{t.secured_badge}</span> " "
            {t.in_escrow} " " <strong>{money_text(view.escrow, &view.currency)}</strong></p>
        }
        .into_any(),
        (false, false) => view! { <p>{t.taker_not_secured}</p> }.into_any(),
        (false, true) => view! { <p>{t.not_secured}</p> }.into_any(),
        _ => ().into_any(),
    };
    let taker_note = (view.funded && !publisher && view.escrow > 0 && view.dispute.is_none())
        .then(|| view! { <p class="hint">{t.taker_secured}</p> });
    let payment = view.payment.as_ref().filter(|payment| {
        payment.state == PaymentState::Pending
            || returned_from.as_deref() == Some(payment.id.as_str())
    });
    let payment = payment.map(|payment| {
        let notice = if payment.state == PaymentState::Succeeded {
            "notice"
        } else {
            "notice notice--warn"
        };
        let waiting = payment.state == PaymentState::Pending;
        view! {
            <p class=notice role="status" data-awaiting-payment=waiting.then_some("")>
                {payment_label(&t.payment_results, payment.state)} " "
                {money_text(payment.amount, &view.currency)}
            </p>
        }
    });
    let countdown = view.release_due_at_ms.map(|due| {
        view! { <p class="notice" role="status">{t.release_due} " " <strong>{super::format::date_of(due)}</strong></p> }
    });
    let balance = publisher.then(|| {
        view! { <p class="hint">{t.your_balance} " " {money_text(view.balance, &view.currency)}</p> }
    });
    view! {
        <section class="panel money-panel" aria-labelledby="money-title">
            <h2 id="money-title">{t.panel_title}</h2>
            {status}
            {taker_note}
            {countdown}
            {payment}
            {balance}
            {steps(&view, order_id, actions)}
            <AgreementSection view=view.clone() order_id action=actions.agree />
            <DisputeSection view=view.clone() order_id action=actions.dispute />
            <h3>{t.ledger_title}</h3>
            {ledger_lines(&view)}
        </section>
    }
    .into_any()
}

/// The panel; nothing for viewers who are not a party of the order.
#[component]
pub fn MoneyPanel(order_id: i64, publisher: bool, actions: OrderActionSet) -> impl IntoView {
    let query = use_query_map();
    // Rendered on the server with the page; a push about this order (a
    // payment settled elsewhere) offers a reload (ui::chat::page_changed).
    let loaded = Resource::new(|| (), move |_| order_money(order_id));
    let error = Signal::derive(move || {
        [
            actions.fund.value().get(),
            actions.confirm.value().get(),
            actions.cancel.value().get(),
            actions.changes.value().get(),
            actions.dispute.value().get(),
            actions.agree.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
    });
    let body = move || {
        Suspend::new(async move {
            match loaded.await {
                Ok(Some(view)) => {
                    let returned_from = query.read_untracked().get("payment");
                    panel(view, order_id, actions, publisher, returned_from)
                }
                _ => ().into_any(),
            }
        })
    };
    view! {
        <FormMessage error=error />
        <Transition fallback=|| ()>{body}</Transition>
    }
}
