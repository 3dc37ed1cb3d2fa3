//! The admin's categories: add, rename, move up and down, archive and
//! restore. Every control is a form, so it works with JavaScript off; the
//! service checks the admin role on each call.

use crate::api::admin::{ArchiveCategory, CreateCategory, MoveCategory, RenameCategory};
use crate::api::orders::categories;
use crate::domain::order::Category;
use crate::ui::components::{FieldMessage, FormMessage, RequireUser};
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[derive(Clone, Copy)]
struct Actions {
    rename: ServerAction<RenameCategory>,
    moved: ServerAction<MoveCategory>,
    archive: ServerAction<ArchiveCategory>,
}

fn category_row(category: Category, actions: Actions) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.admin;
    let id = category.id;
    let id_field = move || view! { <input type="hidden" name="id" value=id.to_string() /> };
    view! {
        <li class="category" class:category--archived=category.archived>
            <ActionForm action=actions.rename attr:class="category__names">
                <>{id_field()}
                <input name="name_en" value=category.name_en.clone() aria-label=t.name_en maxlength="40" />
                <input name="name_zh" value=category.name_zh.clone() aria-label=t.name_zh maxlength="40" />
                <button class="button button--quiet">{t.rename}</button></>
            </ActionForm>
            <ActionForm action=actions.moved>
                <>{id_field()}<input type="hidden" name="step" value="-1" />
                <button class="icon-button" title=texts.orders.move_up aria-label=texts.orders.move_up>"↑"</button></>
            </ActionForm>
            <ActionForm action=actions.moved>
                <>{id_field()}<input type="hidden" name="step" value="1" />
                <button class="icon-button" title=texts.orders.move_down aria-label=texts.orders.move_down>"↓"</button></>
            </ActionForm>
            <ActionForm action=actions.archive>
                <>{id_field()}<input type="hidden" name="archived" value=(!category.archived).to_string() />
                <button class="button button--quiet">{if category.archived { t.restore } else { t.archive }}</button></>
            </ActionForm>
        </li>
    }
}

#[component]
pub fn AdminCategoriesPage() -> impl IntoView {
    let texts = use_texts();
    let t = &texts.admin;
    let create = ServerAction::<CreateCategory>::new();
    let actions = Actions {
        rename: ServerAction::new(),
        moved: ServerAction::new(),
        archive: ServerAction::new(),
    };
    let list = Resource::new(
        move || {
            (
                create.version().get(),
                actions.rename.version().get(),
                actions.moved.version().get(),
                actions.archive.version().get(),
            )
        },
        |_| categories(),
    );
    let create_error = Signal::derive(move || create.value().get().and_then(Result::err));
    let error = Signal::derive(move || {
        [
            actions.rename.value().get(),
            actions.moved.value().get(),
            actions.archive.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
    });
    let rows = move || {
        Suspend::new(async move {
            list.await
                .unwrap_or_default()
                .into_iter()
                .map(|category| category_row(category, actions))
                .collect_view()
        })
    };
    view! {
        <Title text=t.categories_title />
        <RequireUser>
            <h1>{t.categories_title}</h1>
            <p class="lead">{t.categories_intro}</p>
            <FormMessage error=error />
            <Suspense><ol class="categories panel">{rows}</ol></Suspense>
            <section class="panel">
                <h2>{t.add_category}</h2>
                <ActionForm action=create attr:class="form">
                    <label for="new-en">{t.name_en}</label>
                    <input id="new-en" name="name_en" maxlength="40" aria-describedby="name_en-error" />
                    <FieldMessage error=create_error field="name_en" />
                    <label for="new-zh">{t.name_zh}</label>
                    <input id="new-zh" name="name_zh" maxlength="40" aria-describedby="name_zh-error" />
                    <FieldMessage error=create_error field="name_zh" />
                    <FormMessage error=create_error />
                    <button class="button">{t.add_category}</button>
                </ActionForm>
            </section>
        </RequireUser>
    }
    .into_any()
}
