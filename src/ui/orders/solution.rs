//! A solution as its viewer may see it: each version open (content, exact
//! facts, the disclosed salt and whether the content matches the sealed
//! preview) or sealed (ranges and commitments). The publisher who may open
//! the newest version gets the "Open the solution" form: a plain POST, so
//! opening never happens by following a link or viewing the page.

use super::AttachmentList;
use super::sealed::{sealed_version, version_heading};
use crate::api::orders::OpenSolution;
use crate::domain::order::{OpenedSeal, SealCheck, SolutionView, SubmissionView, VersionView};
use crate::ui::components::FormMessage;
use crate::ui::i18n::use_texts;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Whether the opened content matches its commitment, said loudly when not.
fn seal_check(seal: Option<&OpenedSeal>) -> impl IntoView + use<> {
    let t = &use_texts().orders.seal;
    match seal.map(|seal| seal.check) {
        Some(SealCheck::Matches) => {
            view! { <p class="notice seal-check" role="status">"✓ " {t.matches}</p> }.into_any()
        }
        Some(SealCheck::Mismatch) => view! {
            <p class="notice notice--warn seal-check seal-check--mismatch" role="alert">
                <strong>"✗ " {t.mismatch}</strong>
            </p>
        }
        .into_any(),
        None => view! { <p class="hint">{t.unsealed}</p> }.into_any(),
    }
}

/// The disclosed salt and commitment, so anyone can recompute it.
fn seal_facts(seal: Option<OpenedSeal>) -> Option<impl IntoView + use<>> {
    let t = &use_texts().orders.seal;
    let seal = seal?;
    Some(view! {
        <p class="digest-line">{t.salt} ": " <code class="digest">{seal.salt}</code></p>
        <p class="digest-line">{t.commitment} ": " <code class="digest">{seal.commitment}</code></p>
        <p class="hint">{t.recompute}</p>
    })
}

fn open_version(version: SubmissionView) -> impl IntoView {
    let t = &use_texts().orders;
    let facts = version.facts;
    // Sanitised on the server (pulldown-cmark + ammonia) when submitted.
    let blocks = version
        .blocks_html
        .into_iter()
        .map(|html| view! { <div class="block prose" inner_html=html></div> })
        .collect_view();
    view! {
        <section class="version">
            <h3>{version_heading(facts.version, facts.created_at_ms)}</h3>
            {seal_check(facts.seal.as_ref())}
            {blocks}
            <AttachmentList files=facts.files />
            <p class="digest-line">{t.seal.digest} ": " <code class="digest">{facts.digest}</code></p>
            {seal_facts(facts.seal)}
        </section>
    }
}

/// The publisher's "Open the solution" form.
fn open_form(order_id: i64, action: ServerAction<OpenSolution>) -> impl IntoView {
    let t = &use_texts().orders.seal;
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <div class="solution-open">
            <FormMessage error=error />
            <ActionForm action=action>
                <>
                    <input type="hidden" name="id" value=order_id.to_string() />
                    <p class="hint">{t.open_hint}</p>
                    <button class="button">{t.open}</button>
                </>
            </ActionForm>
        </div>
    }
}

/// The solution panel; `open` (the order's id and action) offers the
/// publisher the open form when the server says they may open it now.
#[component]
pub fn SolutionPanel(
    solution: SolutionView,
    #[prop(optional)] open: Option<(i64, ServerAction<OpenSolution>)>,
) -> impl IntoView {
    let t = &use_texts().orders;
    let open = open.filter(|_| solution.can_open());
    let body = match solution {
        SolutionView::Hidden => view! { <p>{t.no_solution}</p> }.into_any(),
        SolutionView::Versions { versions, .. } => {
            let any_sealed = versions
                .iter()
                .any(|version| matches!(version, VersionView::Sealed(_)));
            let versions = versions
                .into_iter()
                .map(|version| match version {
                    VersionView::Sealed(preview) => sealed_version(&preview).into_any(),
                    VersionView::Open(version) => open_version(version).into_any(),
                })
                .collect_view();
            view! {
                {any_sealed.then(|| view! { <p class="notice">{t.seal.intro}</p> })}
                {open.map(|(order_id, action)| open_form(order_id, action))}
                {versions}
            }
            .into_any()
        }
    };
    view! {
        <section class="panel" aria-labelledby="solution-title">
            <h2 id="solution-title">{t.solution}</h2>
            {body}
        </section>
    }
    .into_any()
}
