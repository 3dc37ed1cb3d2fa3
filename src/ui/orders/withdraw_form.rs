//! The wallet's withdrawal part: a form asking to be paid out (the server
//! holds the amount at once) and the user's withdrawals with their state,
//! the payout reference or the reason for a rejection.

use super::format::{date_of, money_text};
use crate::api::withdrawals::RequestWithdrawal;
use crate::domain::withdrawal::{WithdrawalState, WithdrawalView};
use crate::ui::components::{FieldMessage, FormMessage};
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn WithdrawForm(
    form_key: String,
    currency: String,
    action: ServerAction<RequestWithdrawal>,
    /// The provider sends payouts to an Alipay login and checks the holder.
    holder_needed: bool,
) -> impl IntoView {
    let t = &use_texts().withdrawals;
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <ActionForm action attr:class="form form--withdraw" attr:novalidate=true>
            <input type="hidden" name="key" value=form_key />
            <p class="hint">{t.hint}</p>
            <label for="withdraw-amount">{format!("{} ({currency})", t.amount_to_withdraw)}</label>
            <input id="withdraw-amount" name="amount" inputmode="decimal" required
                aria-describedby="amount-error" />
            <FieldMessage error=error field="amount" />
            <label for="payout-account">
                {if holder_needed { t.alipay_account } else { t.payout_account }}
            </label>
            <input id="payout-account" name="payout_account" maxlength="200" required
                aria-describedby="payout_account-error" />
            <FieldMessage error=error field="payout_account" />
            {holder_needed.then(|| view! {
                <label for="payout-holder">{t.holder}</label>
                <input id="payout-holder" name="holder" maxlength="100" required
                    aria-describedby="holder-error" />
                <FieldMessage error=error field="holder" />
            })}
            <FormMessage error=error />
            <button type="submit" class="button">{t.button}</button>
        </ActionForm>
    }
}

/// One withdrawal's state line: "Paid out · Reference: X".
pub fn withdrawal_state(withdrawal: &WithdrawalView) -> String {
    let t = &use_texts().withdrawals;
    let label = t.states[withdrawal.state.index()];
    match (&withdrawal.note, withdrawal.state) {
        (Some(note), WithdrawalState::Paid) => format!("{label} · {} {note}", t.reference),
        (Some(note), WithdrawalState::Rejected) => format!("{label} · {} {note}", t.reason),
        _ => label.to_owned(),
    }
}

/// The user's withdrawals, newest first; nothing when there are none.
pub fn withdrawal_list(withdrawals: &[WithdrawalView], currency: &str) -> Option<AnyView> {
    let t = &use_texts().withdrawals;
    (!withdrawals.is_empty()).then(|| {
        let rows = withdrawals
            .iter()
            .map(|withdrawal| {
                view! {
                    <tr>
                        <td>{date_of(withdrawal.created_at_ms)}</td>
                        <td>{withdrawal.payout_account.clone()}<br />
                            <span class="hint">{withdrawal_state(withdrawal)}</span></td>
                        <td class="amount">{money_text(withdrawal.amount, currency)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section class="panel">
                <h2>{t.list_title}</h2>
                <table class="ledger"><tbody>{rows}</tbody></table>
            </section>
        }
        .into_any()
    })
}
