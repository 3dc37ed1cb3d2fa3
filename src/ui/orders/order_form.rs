//! The publish and edit form: title, category, text blocks, reward,
//! deadline and files, with a preview rendered by the server before saving.
//! It needs JavaScript (uploads with progress, preview); without it the page
//! says so instead of offering a form that cannot work.

use super::blocks_editor::{Blocks, BlocksEditor};
use super::file_uploader::{FileUploader, Uploads};
use super::format::category_name;
use crate::api::orders::{edit_order, preview_blocks, publish_order};
use crate::domain::AppError;
use crate::domain::order::{Category, FileMeta, OrderDraft};
use crate::platform;
use crate::ui::components::{FieldMessage, FormMessage};
use crate::ui::i18n::{use_locale, use_texts};
use leptos::prelude::*;

/// An island. `None` publishes a new order; `Some(id)` edits that one.
#[island]
pub fn OrderForm(
    order_id: Option<i64>,
    draft: OrderDraft,
    files: Vec<FileMeta>,
    categories: Vec<Category>,
    currency: String,
) -> impl IntoView {
    let texts = use_texts();
    let locale = use_locale();
    let t = &texts.orders;
    let title = RwSignal::new(draft.title);
    let category = RwSignal::new(draft.category_id);
    let reward = RwSignal::new(draft.reward);
    let reward_negotiable = RwSignal::new(draft.reward_negotiable);
    let deadline = RwSignal::new(draft.deadline);
    let deadline_negotiable = RwSignal::new(draft.deadline_negotiable);
    let choose_applicants = RwSignal::new(draft.choose_applicants);
    let blocks = Blocks::new(draft.blocks);
    let uploads = Uploads::new(files);
    let error = RwSignal::new(None::<AppError>);
    let preview = RwSignal::new(None::<Vec<String>>);
    let saving = RwSignal::new(false);
    let current = move || OrderDraft {
        title: title.get(),
        category_id: category.get(),
        blocks: blocks.texts(),
        reward: reward.get(),
        reward_negotiable: reward_negotiable.get(),
        deadline: deadline.get(),
        deadline_negotiable: deadline_negotiable.get(),
        files: uploads.stored_ids(),
        choose_applicants: choose_applicants.get(),
    };
    let show_preview = move |_| {
        leptos::task::spawn_local(async move {
            match preview_blocks(blocks.texts()).await {
                Ok(html) => preview.set(Some(html)),
                Err(problem) => error.set(Some(problem)),
            }
        });
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if saving.get_untracked() || uploads.busy() {
            return;
        }
        saving.set(true);
        let draft = current();
        leptos::task::spawn_local(async move {
            let result = match order_id {
                None => publish_order(draft).await,
                Some(id) => edit_order(id, draft).await.map(|()| id),
            };
            saving.set(false);
            match result {
                Ok(id) => platform::leave_for(&format!("/orders/{id}")),
                Err(problem) => {
                    preview.set(None);
                    error.set(Some(problem));
                }
            }
        });
    };
    let error_signal = Signal::derive(move || error.get());
    let options = categories
        .into_iter()
        .filter(|c| !c.archived || c.id == category.get_untracked())
        .map(|c| {
            let name = category_name(locale, &c.name_en, &c.name_zh).to_owned();
            view! { <option value=c.id.to_string() selected=move || { category.get() == c.id }>{name}</option> }
        })
        .collect_view();
    let preview_view = move || {
        preview.get().map(|html| {
            let blocks = html
                .into_iter()
                // Sanitised by the server's Markdown renderer.
                .map(|block| view! { <div class="block prose" inner_html=block></div> })
                .collect_view();
            view! {
                <section class="panel preview" aria-label=t.preview>
                    <h2>{move || title.get()}</h2>
                    {blocks}
                    <button type="button" class="button button--quiet" on:click=move |_| preview.set(None)>
                        {t.back_to_editing}
                    </button>
                </section>
            }
        })
    };
    let submit_label = if order_id.is_some() {
        t.save
    } else {
        t.publish
    };
    view! {
        <noscript><p class="notice notice--warn">{t.js_required}</p></noscript>
        {preview_view}
        <form class="form order-form js-only" novalidate on:submit=save
            class:hidden=move || preview.get().is_some()>
            <label for="title">{t.title}</label>
            <input id="title" name="title" maxlength="100" required aria-describedby="title-error"
                prop:value=move || title.get() on:input=move |e| title.set(event_target_value(&e)) />
            <FieldMessage error=error_signal field="title" />
            <label for="category">{t.category}</label>
            <select id="category" name="category" aria-describedby="category-error"
                on:change=move |e| category.set(event_target_value(&e).parse().unwrap_or_default())>
                <option value="0" selected=move || category.get() == 0>{t.choose_category}</option>
                {options}
            </select>
            <FieldMessage error=error_signal field="category" />
            <BlocksEditor blocks />
            <FieldMessage error=error_signal field="blocks" />
            <div class="form__row">
                <div>
                    <label for="reward">{t.reward} " (" {currency.clone()} ")"</label>
                    <input id="reward" name="reward" inputmode="decimal" aria-describedby="reward-error"
                        disabled=move || reward_negotiable.get()
                        prop:value=move || reward.get() on:input=move |e| reward.set(event_target_value(&e)) />
                    <label class="check">
                        <input type="checkbox" prop:checked=move || reward_negotiable.get()
                            on:change=move |e| reward_negotiable.set(event_target_checked(&e)) />
                        {t.negotiable}
                    </label>
                    <FieldMessage error=error_signal field="reward" />
                </div>
                <div>
                    <label for="deadline">{t.deadline}</label>
                    <input id="deadline" name="deadline" type="date" aria-describedby="deadline-error"
                        disabled=move || deadline_negotiable.get()
                        prop:value=move || deadline.get() on:input=move |e| deadline.set(event_target_value(&e)) />
                    <label class="check">
                        <input type="checkbox" prop:checked=move || deadline_negotiable.get()
                            on:change=move |e| deadline_negotiable.set(event_target_checked(&e)) />
                        {t.negotiable}
                    </label>
                    <FieldMessage error=error_signal field="deadline" />
                </div>
            </div>
            <label class="check">
                <input type="checkbox" prop:checked=move || choose_applicants.get()
                    on:change=move |e| choose_applicants.set(event_target_checked(&e)) />
                {texts.applications.choose_label}
            </label>
            <FileUploader uploads />
            <FieldMessage error=error_signal field="files" />
            <FormMessage error=error_signal />
            <div class="form__actions">
                <button type="button" class="button button--quiet" on:click=show_preview>{t.preview}</button>
                <button type="submit" class="button" disabled=move || saving.get()>{submit_label}</button>
            </div>
        </form>
    }
    .into_any()
}
