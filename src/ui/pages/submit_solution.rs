//! The taker submits a solution (or a new version of it): text blocks and
//! files, uploaded like an order's.

use super::use_id_param;
use crate::api::orders::submit_solution;
use crate::domain::AppError;
use crate::domain::order::SubmissionDraft;
use crate::ui::components::{FieldMessage, FormMessage, RequireUser};
use crate::ui::i18n::use_texts;
use crate::ui::orders::{Blocks, BlocksEditor, FileUploader, Uploads};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SubmitSolutionPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.orders;
    view! {
        <Title text=t.submit_title />
        <RequireUser>
            <h1>{t.submit_title}</h1>
            <noscript><p class="notice notice--warn">{t.js_required}</p></noscript>
            <SubmitForm />
        </RequireUser>
    }
}

#[component]
fn SubmitForm() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.orders;
    let id_param = use_id_param();
    let id = move || id_param().unwrap_or(0);
    let blocks = Blocks::new(Vec::new());
    let uploads = Uploads::new(Vec::new());
    let error = RwSignal::new(None::<AppError>);
    let saving = RwSignal::new(false);
    let navigate = use_navigate();
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() || uploads.busy() {
            return;
        }
        saving.set(true);
        let order_id = id();
        let draft = SubmissionDraft {
            blocks: blocks.texts(),
            files: uploads.stored_ids(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = submit_solution(order_id, draft).await;
            saving.set(false);
            match result {
                Ok(_) => navigate(&format!("/orders/{order_id}"), Default::default()),
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
                    <a class="button button--quiet" href=move || format!("/orders/{}", id())>{texts.back_to_hall}</a>
                    <button type="submit" class="button" disabled=move || saving.get()>{t.submit}</button>
                </div>
            </form>
    }
}
