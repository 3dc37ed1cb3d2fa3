//! The wallet: available and held balances, a top-up through the payment
//! provider, every entry on the balance, and the payments started. After
//! the provider's checkout the page shows that payment's outcome. A
//! history shows a page at a time, older pages by plain links. A
//! withdrawal form holds money for a payout, listed with its state. It
//! reloads by itself when the realtime connection says money moved.

use crate::api::money::wallet;
use crate::api::withdrawals::{RequestRefund, RequestWithdrawal};
use crate::domain::calendar::format_date;
use crate::domain::history_filter::{HistoryFilter, HistoryGroup};
use crate::domain::paging;
use crate::domain::wallet::{PaymentState, PaymentView, WalletView};
use crate::ui::components::{PageError, Pager, RequireUser};
use crate::ui::i18n::use_texts;
use crate::ui::orders::format::{
    date_of, money_text, move_label, payment_label, provider_note, signed_money_text,
};
use crate::ui::orders::{TopUpForm, WithdrawForm, withdrawal_list};
use crate::ui::query::use_query_map;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

/// The history's filter: a GET form, so a filtered history is a link,
/// and the CSV export of the same selection.
fn history_filter(filter: HistoryFilter) -> impl IntoView + use<> {
    let t = &use_texts().money;
    let options = HistoryGroup::ALL
        .into_iter()
        .map(|group| {
            view! {
                <option value=group.as_str() selected=group == filter.group>
                    {t.history_groups[group.index()]}
                </option>
            }
        })
        .collect_view();
    let from = filter.from_day.map(format_date).unwrap_or_default();
    let to = filter.to_day.map(format_date).unwrap_or_default();
    view! {
        <form method="get" action="/wallet" class="history-filter">
            <label>{t.history_kind} " " <select name="kind">{options}</select></label>
            <label>{t.history_from} " " <input type="date" name="from" value=from /></label>
            <label>{t.history_to} " " <input type="date" name="to" value=to /></label>
            <button type="submit" class="button button--quiet">{t.history_show}</button>
            <a href=format!("/wallet/export.csv?{}", filter.to_query()) download="wallet.csv">{t.export_csv}</a>
        </form>
    }
}

fn history(view: &WalletView) -> AnyView {
    let t = &use_texts().money;
    if view.entries.is_empty() {
        return view! { <p class="hint">{t.history_empty}</p> }.into_any();
    }
    let rows = view
        .entries
        .iter()
        .map(|entry| {
            let order = entry.order_id.map(|id| {
                let title = entry
                    .order_title
                    .clone()
                    .unwrap_or_else(|| format!("#{id}"));
                view! { " · " <a href=format!("/orders/{id}")>{title}</a> }
            });
            view! {
                <tr>
                    <td>{date_of(entry.at_ms)}</td>
                    <td>{move_label(&t.wallet_kinds, entry.kind)}{order}</td>
                    <td class="amount">{signed_money_text(entry.amount, &view.currency)}</td>
                </tr>
            }
        })
        .collect_view();
    view! { <table class="ledger"><tbody>{rows}</tbody></table> }.into_any()
}

/// Links to the history's older page and back to its first, keeping the
/// filter (plain links: the same with and without JavaScript).
fn history_pager(view: &WalletView) -> impl IntoView + use<> {
    let query = view.filter.to_query();
    let keep: Vec<(&str, &str)> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .collect();
    let next = view
        .entries_next
        .map(|before| paging::page_href("/wallet", &keep, Some(&before.to_string())));
    let first = view
        .entries_paged
        .then(|| paging::page_href("/wallet", &keep, None));
    view! { <Pager next first /> }
}

fn payments(view: &WalletView) -> Option<impl IntoView + use<>> {
    let t = &use_texts().money;
    (!view.payments.is_empty()).then(|| {
        let rows = view
            .payments
            .iter()
            .map(|payment| {
                view! {
                    <tr>
                        <td>{date_of(payment.created_at_ms)}</td>
                        <td>{payment_label(&t.payment_states, payment.state)}
                            {refund_button(payment, &view.form_key)}</td>
                        <td class="amount">{money_text(payment.amount, &view.currency)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="panel">
                <h2>{t.payments_title}</h2>
                <table class="ledger"><tbody>{rows}</tbody></table>
            </section>
        }
    })
}

/// A paid payment's way back: a plain form (works without JavaScript).
fn refund_button(payment: &PaymentView, form_key: &str) -> Option<AnyView> {
    let t = &use_texts().money;
    if payment.refund_pending {
        return Some(view! { <br /><span class="hint">{t.refund_on_its_way}</span> }.into_any());
    }
    payment.refundable.then(|| {
        view! {
            <form method="post" action=RequestRefund::PATH class="inline-form">
                <input type="hidden" name="intent" value=payment.id.clone() />
                <input type="hidden" name="key" value=format!("{form_key}-{}", payment.id) />
                <button type="submit" class="button button--small" title=t.refund_hint>{t.refund}</button>
            </form>
        }
        .into_any()
    })
}

fn wallet_body(
    view: WalletView,
    returned_from: Option<String>,
    withdrawn: bool,
    refund_asked: bool,
    withdraw: ServerAction<RequestWithdrawal>,
) -> AnyView {
    let texts = use_texts();
    let t = &texts.money;
    let withdrawn = withdrawn.then(|| {
        view! { <p class="notice" role="status">{texts.withdrawals.requested}</p> }
    });
    let refund_asked = refund_asked.then(|| {
        view! { <p class="notice" role="status">{t.refund_requested}</p> }
    });
    let result = returned_from
        .and_then(|id| {
            view.payments
                .iter()
                .find(|payment| payment.id == id)
                .cloned()
        })
        .map(|payment| {
            let waiting = payment.state == PaymentState::Pending;
            view! {
                <p class="notice" role="status" data-awaiting-payment=waiting.then_some("")>
                    {payment_label(&t.payment_results, payment.state)} " "
                    {money_text(payment.amount, &view.currency)}
                </p>
            }
        });
    view! {
        {result}
        {withdrawn}
        {refund_asked}
        // The parts a money push refreshes in place (ui::chat::page_changed).
        <section class="panel wallet__balances" data-live="money" data-live-part="balances">
            <div><p class="hint">{t.available}</p><p class="wallet__amount">{money_text(view.available, &view.currency)}</p></div>
            <div><p class="hint">{t.held}</p><p class="wallet__amount">{money_text(view.held, &view.currency)}</p></div>
        </section>
        <section class="panel">
            <h2>{t.top_up_title}</h2>
            <TopUpForm
                form_key=view.form_key.clone()
                order_id=None
                amount_label=format!("{} ({})", t.amount, view.currency)
                button=t.continue_to_payment
            />
            <p class="hint">{provider_note(t, &view.provider)}</p>
        </section>
        <section class="panel">
            <h2>{texts.withdrawals.title}</h2>
            <WithdrawForm form_key=view.form_key.clone() currency=view.currency.clone() action=withdraw
                holder_needed=view.holder_needed />
        </section>
        <div class="live-part" data-live-part="withdrawals">{withdrawal_list(&view.withdrawals, &view.currency)}</div>
        <section class="panel" data-live-part="history">
            <h2>{t.history_title}</h2>
            {history_filter(view.filter)}
            {history(&view)}
            {history_pager(&view)}
        </section>
        <div class="live-part" data-live-part="payments">{payments(&view)}</div>
    }
    .into_any()
}

#[component]
pub fn WalletPage() -> impl IntoView {
    let texts = use_texts();
    let query = use_query_map();
    let withdraw = ServerAction::<RequestWithdrawal>::new();
    let filter = move || {
        let query = query.read();
        let part = |name: &str| query.get(name);
        (part("kind"), part("from"), part("to"), part(paging::FIELD))
    };
    let loaded = Resource::new(
        // Pages render on the server only: a push refreshes the marked
        // parts from a fresh render (ui::chat::page_changed).
        move || (withdraw.version().get(), filter()),
        |(_, (kind, from, to, before))| wallet(kind, from, to, before),
    );
    let body = move || {
        Suspend::new(async move {
            let returned_from = query.read_untracked().get("payment");
            let refund_asked = query.read_untracked().get("refund").is_some();
            let withdrawn = query.read_untracked().get("withdrawal").is_some()
                || withdraw
                    .value()
                    .read_untracked()
                    .as_ref()
                    .is_some_and(Result::is_ok);
            match loaded.await {
                Ok(view) => wallet_body(view, returned_from, withdrawn, refund_asked, withdraw),
                Err(error) => {
                    // A malformed `?before=` is the browser's mistake (422).
                    crate::platform::set_status(error.status_code());
                    view! { <PageError error /> }.into_any()
                }
            }
        })
    };
    view! {
        <Title text=texts.money.wallet_title />
        <RequireUser>
            <h1>{texts.money.wallet_title}</h1>
            <Transition fallback=move || view! { <p>{texts.orders.loading}</p> }>{body}</Transition>
        </RequireUser>
    }
    .into_any()
}
