//! The taker submits a solution (or a new version of it): text blocks and
//! files, uploaded like an order's.

use super::use_id_param;
use crate::api::orders::submit_solution;
use crate::domain::AppError;
use crate::domain::order::SubmissionDraft;
use crate::platform;
use crate::ui::components::{FieldMessage, FormMessage, RequireUser};
use crate::ui::i18n::use_texts;
use crate::ui::orders::{Blocks, BlocksEditor, FileUploader, Uploads};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SubmitSolutionPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.orders;
    let order_id = use_id_param()().unwrap_or(0);
    view! {
        <Title text=t.submit_title />
        <RequireUser>
            <h1>{t.submit_title}</h1>
            <noscript><p class="notice notice--warn">{t.js_required}</p></noscript>
            <SubmitForm order_id />
        </RequireUser>
    }
}

/// An island: the form for order `order_id`.
#[island]
fn SubmitForm(order_id: i64) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.orders;
    let blocks = Blocks::new(Vec::new());
    let uploads = Uploads::new(Vec::new());
    let error = RwSignal::new(None::<AppError>);
    let saving = RwSignal::new(false);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() || uploads.busy() {
            return;
        }
        saving.set(true);
        let draft = SubmissionDraft {
            blocks: blocks.texts(),
            files: uploads.stored_ids(),
        };
        leptos::task::spawn_local(async move {
            let result = submit_solution(order_id, draft).await;
            saving.set(false);
            match result {
                Ok(_) => platform::leave_for(&format!("/orders/{order_id}")),
                Err(problem) => error.set(Some(problem)),
            }
        });
    };
    let error_signal = Signal::derive(move || error.get());
    view! {
            <form class="form order-form js-only" novalidate on:submit=save>
                <BlocksEditor blocks />
                <FieldMessage error=error_signal field="blocks" />
                <FileUploader uploads />
                <FieldMessage error=error_signal field="files" />
                <FormMessage error=error_signal />
                <div class="form__actions">
                    <a class="button button--quiet" href=format!("/orders/{order_id}")>{texts.back_to_hall}</a>
                    <button type="submit" class="button" disabled=move || saving.get()>{t.submit}</button>
                </div>
            </form>
    }
}
