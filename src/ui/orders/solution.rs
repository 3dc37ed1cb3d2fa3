//! A solution as its viewer may see it: the taker sees the content, the
//! publisher the sealed facts and digests the server sent.

use super::AttachmentList;
use super::format::{date_of, short_type, size_text};
use crate::domain::order::{SolutionView, SubmissionPreview};
use crate::ui::i18n::use_texts;
use leptos::prelude::*;

fn preview_rows(preview: &SubmissionPreview) -> impl IntoView + use<> {
    let texts = use_texts();
    let t = &texts.orders;
    let text_row = view! {
        <tr>
            <th scope="row">{t.text_part}</th>
            <td>{preview.word_count} " " {t.words}</td>
            <td><code class="digest">{preview.text_sha256.clone()}</code></td>
        </tr>
    };
    let files = preview
        .files
        .iter()
        .map(|file| {
            let counts = match (file.pages, file.lines) {
                (Some(pages), _) => format!(" · {pages} {}", t.pages),
                (None, Some(lines)) => format!(" · {lines} {}", t.lines),
                _ => String::new(),
            };
            view! {
                <tr>
                    <th scope="row">{t.file_part}</th>
                    <td>{short_type(&file.content_type)} " · " {size_text(file.size)} {counts}</td>
                    <td><code class="digest">{file.sha256.clone()}</code></td>
                </tr>
            }
        })
        .collect_view();
    view! { <tbody>{text_row}{files}</tbody> }
}

fn version_heading(preview: &SubmissionPreview) -> String {
    let texts = use_texts();
    format!(
        "{} {} · {}",
        texts.orders.version,
        preview.version,
        date_of(preview.created_at_ms)
    )
}

#[component]
pub fn SolutionPanel(solution: SolutionView) -> impl IntoView {
    let texts = use_texts();
    let t = &texts.orders;
    let body = match solution {
        SolutionView::Hidden => view! { <p>{t.no_solution}</p> }.into_any(),
        SolutionView::Sealed(previews) => {
            let versions = previews
                .iter()
                .map(|preview| {
                    view! {
                        <section class="version">
                            <h3>{version_heading(preview)}</h3>
                            <table class="sealed">{preview_rows(preview)}</table>
                            <p class="digest-line">{t.digest} ": " <code class="digest">{preview.digest.clone()}</code></p>
                        </section>
                    }
                })
                .collect_view();
            view! { <p class="notice">{t.sealed_intro}</p> {versions} }.into_any()
        }
        SolutionView::Open(versions) => versions
            .into_iter()
            .map(|version| {
                let heading = version_heading(&version.preview);
                // Sanitised on the server (pulldown-cmark + ammonia) when submitted.
                let blocks = version
                    .blocks_html
                    .into_iter()
                    .map(|html| view! { <div class="block prose" inner_html=html></div> })
                    .collect_view();
                view! {
                    <section class="version">
                        <h3>{heading}</h3>
                        {blocks}
                        <AttachmentList files=version.preview.files />
                        <p class="digest-line">{t.digest} ": " <code class="digest">{version.preview.digest}</code></p>
                    </section>
                }
            })
            .collect_view()
            .into_any(),
    };
    view! {
        <section class="panel" aria-labelledby="solution-title">
            <h2 id="solution-title">{t.solution}</h2>
            {body}
        </section>
    }
    .into_any()
}
