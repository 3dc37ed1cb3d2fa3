//! The admin's withdrawal queue: each pending request with the user, the
//! amount and the payout account, and a form to mark it paid (with the
//! payout's reference) or reject it (with a reason). Works with JavaScript
//! off; the service checks the admin role on every call.

use crate::api::withdrawals::{DecideWithdrawal, withdrawal_queue};
use crate::domain::withdrawal::{AdminWithdrawal, WithdrawalState};
use crate::ui::components::{FormMessage, RequireUser};
use crate::ui::i18n::use_texts;
use crate::ui::orders::format::{date_of, money_text};
use crate::ui::orders::withdrawal_state;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

fn pending_row(
    item: AdminWithdrawal,
    currency: &str,
    decide: ServerAction<DecideWithdrawal>,
) -> AnyView {
    let t = &use_texts().withdrawals;
    let id = item.withdrawal.id;
    let note_id = format!("note-{id}");
    if item.withdrawal.state == WithdrawalState::Sending {
        // The provider has it: only its answer settles it now.
        return view! {
            <tr>
                <td><strong>{item.nickname}</strong><br /><span class="muted">{item.email}</span></td>
                <td>{date_of(item.withdrawal.created_at_ms)}</td>
                <td>{item.withdrawal.payout_account.clone()}</td>
                <td class="amount">{money_text(item.withdrawal.amount, currency)}</td>
                <td><span class="hint">{withdrawal_state(&item.withdrawal)}</span></td>
            </tr>
        }
        .into_any();
    }
    let by_provider = item.by_provider;
    view! {
        <tr>
            <td><strong>{item.nickname}</strong><br /><span class="muted">{item.email}</span></td>
            <td>{date_of(item.withdrawal.created_at_ms)}</td>
            <td>{item.withdrawal.payout_account}</td>
            <td class="amount">{money_text(item.withdrawal.amount, currency)}</td>
            <td>
                <ActionForm action=decide attr:class="inline-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="key" value=format!("decide-{id}-withdrawal") />
                    <label class="visually-hidden" for=note_id.clone()>{t.note_label}</label>
                    <input id=note_id name="note" placeholder=t.note_label maxlength="200"
                        required=!by_provider />
                    <button type="submit" name="decision" value="paid" class="button">
                        {if by_provider { t.approve_send } else { t.mark_paid }}
                    </button>
                    <button type="submit" name="decision" value="rejected" class="button button--danger">
                        {t.reject}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
    .into_any()
}

fn decided_row(item: AdminWithdrawal, currency: &str) -> impl IntoView + use<> {
    view! {
        <tr>
            <td><strong>{item.nickname}</strong></td>
            <td>{item.withdrawal.decided_at_ms.map(date_of)}</td>
            <td>{item.withdrawal.payout_account.clone()}<br />
                <span class="hint">{withdrawal_state(&item.withdrawal)}</span></td>
            <td class="amount">{money_text(item.withdrawal.amount, currency)}</td>
        </tr>
    }
}

#[component]
pub fn AdminWithdrawalsPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.withdrawals;
    let decide = ServerAction::<DecideWithdrawal>::new();
    let queue = Resource::new(move || decide.version().get(), |_| withdrawal_queue());
    let error = Signal::derive(move || decide.value().get().and_then(Result::err));
    let body = move || {
        Suspend::new(async move {
            match queue.await {
                Ok(queue) => {
                    let currency = queue.currency.clone();
                    let pending = if queue.pending.is_empty() {
                        view! { <p class="hint">{t.none}</p> }.into_any()
                    } else {
                        let rows = queue
                            .pending
                            .into_iter()
                            .map(|item| pending_row(item, &currency, decide))
                            .collect_view();
                        view! {
                            <div class="table-wrap"><table class="users">
                                <thead><tr>
                                    <th scope="col">{t.user}</th>
                                    <th scope="col">{t.requested_on}</th>
                                    <th scope="col">{t.account}</th>
                                    <th scope="col">{t.amount}</th>
                                    <th scope="col">{texts.admin.action}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table></div>
                        }
                        .into_any()
                    };
                    let decided = queue
                        .decided
                        .into_iter()
                        .map(|item| decided_row(item, &currency))
                        .collect_view();
                    view! {
                        <h2>{t.pending_title}</h2>
                        {pending}
                        <h2>{t.decided_title}</h2>
                        <div class="table-wrap"><table class="users"><tbody>{decided}</tbody></table></div>
                    }
                    .into_any()
                }
                Err(error) => {
                    let error = Signal::derive(move || Some(error.clone()));
                    view! { <FormMessage error /> }.into_any()
                }
            }
        })
    };
    view! {
        <Title text=t.admin_title />
        <RequireUser>
            <h1>{t.admin_title}</h1>
            <p class="lead">{t.admin_intro}</p>
            <FormMessage error=error />
            <Transition fallback=move || view! { <p>{texts.orders.loading}</p> }>{body}</Transition>
        </RequireUser>
    }
    .into_any()
}
