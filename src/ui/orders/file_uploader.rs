//! Attachments: pick files or a folder, or drop files; each uploads at once
//! with its own progress bar and can be removed before saving.

use super::format::size_text;
use crate::domain::AppError;
use crate::domain::order::FileMeta;
use crate::platform::{self, LocalFile};
use crate::ui::components::form_message;
use crate::ui::i18n::use_texts;
use leptos::prelude::*;

#[derive(Clone)]
enum Upload {
    Sending(RwSignal<u8>),
    Stored(FileMeta),
    Failed(AppError),
}

#[derive(Clone)]
struct Item {
    key: u64,
    name: String,
    upload: RwSignal<Upload>,
}

/// The uploader's state: files in order.
#[derive(Clone, Copy)]
pub struct Uploads {
    items: RwSignal<Vec<Item>>,
    next_key: StoredValue<u64>,
}

impl Uploads {
    /// Starts with files already stored (editing an order).
    pub fn new(existing: Vec<FileMeta>) -> Uploads {
        let items: Vec<Item> = existing
            .into_iter()
            .enumerate()
            .map(|(key, meta)| Item {
                key: key as u64,
                name: meta.name.clone(),
                upload: RwSignal::new(Upload::Stored(meta)),
            })
            .collect();
        let next_key = StoredValue::new(items.len() as u64);
        Uploads {
            items: RwSignal::new(items),
            next_key,
        }
    }

    /// Ids of the stored files, in order.
    pub fn stored_ids(&self) -> Vec<String> {
        self.items.with(|items| {
            items
                .iter()
                .filter_map(|item| match item.upload.get() {
                    Upload::Stored(meta) => Some(meta.id),
                    _ => None,
                })
                .collect()
        })
    }

    /// Whether any upload is still running.
    pub fn busy(&self) -> bool {
        self.items.with(|items| {
            items
                .iter()
                .any(|item| matches!(item.upload.get(), Upload::Sending(_)))
        })
    }

    fn start(&self, files: Vec<LocalFile>) {
        for file in files {
            let key = self.next_key.get_value();
            self.next_key.set_value(key + 1);
            let progress = RwSignal::new(0u8);
            let upload = RwSignal::new(Upload::Sending(progress));
            self.items.update(|items| {
                items.push(Item {
                    key,
                    name: file.name(),
                    upload,
                })
            });
            leptos::task::spawn_local(async move {
                let result = platform::upload(file, move |percent| progress.set(percent)).await;
                upload.set(match result {
                    Ok(meta) => Upload::Stored(meta),
                    Err(error) => Upload::Failed(error),
                });
            });
        }
    }

    fn remove(&self, key: u64) {
        self.items
            .update(|items| items.retain(|item| item.key != key));
    }
}

#[component]
pub fn FileUploader(uploads: Uploads) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.orders;
    let over = RwSignal::new(false);
    let row = move |item: Item| {
        let key = item.key;
        let status = move || match item.upload.get() {
            Upload::Sending(progress) => view! {
                <progress max="100" value=move || progress.get() aria-label=t.uploading></progress>
                <span>{move || format!("{}%", progress.get())}</span>
            }
            .into_any(),
            Upload::Stored(meta) => view! { <span>{size_text(meta.size)}</span> }.into_any(),
            Upload::Failed(error) => {
                let message = form_message(texts, Some(&error))
                    .or_else(|| match &error {
                        AppError::Invalid(fields) => fields
                            .first()
                            .map(|f| texts.errors.for_code(&f.code).to_owned()),
                        _ => None,
                    })
                    .unwrap_or_else(|| t.upload_failed.to_owned());
                view! { <span class="field-error" role="alert">{t.upload_failed} ": " {message}</span> }
                    .into_any()
            }
        };
        view! {
            <li class="upload">
                <span class="upload__name">{item.name.clone()}</span>
                {status}
                <button type="button" class="icon-button" title=t.remove aria-label=t.remove
                    on:click=move |_| uploads.remove(key)>"✕"</button>
            </li>
        }
    };
    view! {
        <fieldset class="dropzone" class:dropzone--over=move || over.get()
            on:dragover=move |event| { event.prevent_default(); over.set(true); }
            on:dragleave=move |_| over.set(false)
            on:drop=move |event| {
                event.prevent_default();
                over.set(false);
                let dropped = platform::dropped(&event);
                leptos::task::spawn_local(async move {
                    uploads.start(platform::dropped_files(dropped).await);
                });
            }>
            <legend>{t.files}</legend>
            <p class="hint">{t.files_hint}</p>
            <div class="dropzone__pickers">
                <label class="button button--quiet">
                    {t.pick_files}
                    <input type="file" multiple class="visually-hidden"
                        on:change=move |event| uploads.start(platform::chosen_files(&event)) />
                </label>
                <label class="button button--quiet">
                    {t.pick_folder}
                    <input type="file" multiple prop:webkitdirectory=true class="visually-hidden"
                        on:change=move |event| uploads.start(platform::chosen_files(&event)) />
                </label>
            </div>
            <ul class="uploads">
                <For each=move || uploads.items.get() key=|item| item.key children=row />
            </ul>
        </fieldset>
    }
    .into_any()
}
