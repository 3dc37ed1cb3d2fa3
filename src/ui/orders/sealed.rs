//! A sealed version as its publisher sees it before opening it: ranges and
//! salted commitments, never a file name, an exact count or the content.

use super::format::{date_of, short_type, size_text};
use crate::domain::order::SubmissionPreview;
use crate::domain::order::coarse::CountRange;
use crate::ui::i18n::use_texts;
use leptos::prelude::*;

/// "Version 2 · 2026-12-04".
pub(super) fn version_heading(version: i64, created_at_ms: i64) -> String {
    let texts = use_texts();
    format!(
        "{} {} · {}",
        texts.orders.version,
        version,
        date_of(created_at_ms)
    )
}

/// "10–50 words", "1 page", "10000+ lines": at least the lower bound and
/// fewer than the upper one.
fn range_text(range: CountRange, show: impl Fn(i64) -> String, unit: &str) -> String {
    match range.high {
        Some(high) if high == range.low + 1 => format!("{} {unit}", show(range.low)),
        Some(high) => format!("{}–{} {unit}", show(range.low), show(high)),
        None => format!("{}+ {unit}", show(range.low)),
    }
    .trim_end()
    .to_owned()
}

fn count_text(range: CountRange, unit: &str) -> String {
    range_text(range, |n| n.to_string(), unit)
}

fn facts_rows(preview: &SubmissionPreview) -> Option<impl IntoView + use<>> {
    let texts = use_texts();
    let t = &texts.orders;
    let sealed = preview.sealed.as_ref()?;
    let text_row = view! {
        <tr>
            <th scope="row">{t.text_part}</th>
            <td>{count_text(sealed.words, t.words)}</td>
            <td><code class="digest">{sealed.text_commitment.clone()}</code></td>
        </tr>
    };
    let files = sealed
        .files
        .iter()
        .map(|file| {
            let counts = match (file.pages, file.lines) {
                (Some(pages), _) => format!(" · {}", count_text(pages, t.pages)),
                (None, Some(lines)) => format!(" · {}", count_text(lines, t.lines)),
                _ => String::new(),
            };
            let size = range_text(file.size, size_text, "");
            view! {
                <tr>
                    <th scope="row">{t.file_part}</th>
                    <td>{short_type(&file.content_type)} " · " {size} {counts}</td>
                    <td><code class="digest">{file.commitment.clone()}</code></td>
                </tr>
            }
        })
        .collect_view();
    let commitment = sealed.commitment.clone();
    Some(view! {
        <table class="sealed">
            <tbody>{text_row}{files}</tbody>
        </table>
        <p class="digest-line">{t.seal.commitment} ": " <code class="digest">{commitment}</code></p>
    })
}

/// One sealed version.
pub(super) fn sealed_version(preview: &SubmissionPreview) -> impl IntoView + use<> {
    let t = &use_texts().orders;
    let body = match facts_rows(preview) {
        Some(rows) => rows.into_any(),
        // From before sealed commitments: no salt, so no digest or count
        // that could confirm a guess.
        None => view! { <p class="hint">{t.seal.legacy}</p> }.into_any(),
    };
    view! {
        <section class="version">
            <h3>{version_heading(preview.version, preview.created_at_ms)}</h3>
            {body}
        </section>
    }
}
