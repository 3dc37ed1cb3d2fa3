//! A list of files: thumbnail or icon, name, type, size, download link.

use super::format::{short_type, size_text};
use crate::domain::order::FileMeta;
use leptos::prelude::*;

#[component]
pub fn AttachmentList(files: Vec<FileMeta>) -> impl IntoView {
    let items = files
        .into_iter()
        .map(|file| {
            let href = format!("/files/{}", file.id);
            let picture = file.has_thumbnail.then(|| {
                view! { <img src=format!("/files/{}/thumb", file.id) alt="" loading="lazy" /> }
            });
            view! {
                <li class="file">
                    <a href=href download=file.name.clone()>
                        {picture}
                        <span class="file__name">{file.name.clone()}</span>
                    </a>
                    <span class="file__facts">{short_type(&file.content_type)} " · " {size_text(file.size)}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="files">{items}</ul> }
}
