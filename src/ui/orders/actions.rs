//! The buttons of the order page, exactly those the server listed as
//! allowed for this viewer. Each is a form posting to its server function,
//! so it works without JavaScript; the server checks again either way.

use crate::api::agreements::AgreeOnOrder;
use crate::api::disputes::OpenDispute;
use crate::api::money::{CancelOrder, ConfirmOrder, FundOrder, RequestChanges};
use crate::api::orders::{DeleteOrder, OpenSolution, ReopenOrder, ReturnOrder, TakeOrder};
use crate::domain::order::{OrderAction, OrderView};
use crate::ui::components::FormMessage;
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::A;

/// The order page's actions. The page owns them so it can reload the order
/// after each (a redirect to the same address would not).
#[derive(Clone, Copy)]
pub struct OrderActionSet {
    pub take: ServerAction<TakeOrder>,
    pub give_back: ServerAction<ReturnOrder>,
    pub delete: ServerAction<DeleteOrder>,
    pub reopen: ServerAction<ReopenOrder>,
    /// The money steps (shown in the money panel).
    pub fund: ServerAction<FundOrder>,
    pub confirm: ServerAction<ConfirmOrder>,
    pub cancel: ServerAction<CancelOrder>,
    pub changes: ServerAction<RequestChanges>,
    pub dispute: ServerAction<OpenDispute>,
    pub agree: ServerAction<AgreeOnOrder>,
    /// "Open the solution" (shown in the solution panel).
    pub open: ServerAction<OpenSolution>,
}

impl Default for OrderActionSet {
    fn default() -> Self {
        Self {
            take: ServerAction::new(),
            give_back: ServerAction::new(),
            delete: ServerAction::new(),
            reopen: ServerAction::new(),
            fund: ServerAction::new(),
            confirm: ServerAction::new(),
            cancel: ServerAction::new(),
            changes: ServerAction::new(),
            dispute: ServerAction::new(),
            agree: ServerAction::new(),
            open: ServerAction::new(),
        }
    }
}

impl OrderActionSet {
    /// Changes whenever one of the actions has finished.
    pub fn version(&self) -> usize {
        self.take.version().get()
            + self.give_back.version().get()
            + self.delete.version().get()
            + self.reopen.version().get()
            + self.fund.version().get()
            + self.confirm.version().get()
            + self.cancel.version().get()
            + self.changes.version().get()
            + self.dispute.version().get()
            + self.agree.version().get()
            + self.open.version().get()
    }
}

#[component]
pub fn OrderActions(order: OrderView, actions: OrderActionSet) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.orders;
    let id = order.card.id;
    let can = |action| order.actions.contains(&action);
    let OrderActionSet {
        take,
        give_back,
        delete,
        reopen,
        ..
    } = actions;
    let error = Signal::derive(move || {
        [
            take.value().get(),
            give_back.value().get(),
            delete.value().get(),
            reopen.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
    });
    let id_field = move || view! { <input type="hidden" name="id" value=id.to_string() /> };
    let signed_out = order.viewer.is_none();
    let submit_label = if order.card.state == crate::domain::order::OrderState::Submitted {
        t.submit_new_version
    } else {
        t.submit_title
    };
    view! {
        <div class="actions">
            <FormMessage error=error />
            {signed_out.then(|| view! {
                <p><A href=format!("/login?next=%2Forders%2F{id}") attr:class="button">{t.sign_in_to_take}</A></p>
            })}
            {can(OrderAction::Take).then(|| view! {
                <ActionForm action=take><>{id_field()}<button class="button">{t.take}</button></></ActionForm>
            })}
            {can(OrderAction::Submit).then(|| view! {
                <A href=format!("/orders/{id}/submit") attr:class="button">{submit_label}</A>
            })}
            {can(OrderAction::Edit).then(|| view! {
                <A href=format!("/orders/{id}/edit") attr:class="button button--quiet">{t.edit}</A>
            })}
            {can(OrderAction::Reopen).then(|| view! {
                <ActionForm action=reopen>
                    <>{id_field()}<p class="hint">{t.reopen_hint}</p><button class="button">{t.reopen}</button></>
                </ActionForm>
            })}
            {can(OrderAction::Return).then(|| view! {
                <ActionForm action=give_back>
                    <>{id_field()}<p class="hint">{t.give_back_hint}</p>
                    <button class="button button--danger">{t.give_back}</button></>
                </ActionForm>
            })}
            {can(OrderAction::Delete).then(|| view! {
                <ActionForm action=delete>
                    <>{id_field()}<button class="button button--danger">{t.delete}</button></>
                </ActionForm>
            })}
        </div>
    }
    .into_any()
}
