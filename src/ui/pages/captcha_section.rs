//! The captcha part of a form page: the challenge resource, the shared
//! clicks, the picker, and the hidden inputs the form submits.
//!
//! Invariant: clicks are tagged with the challenge id they were made on;
//! when the challenge changes (it is single-use, so after every submission)
//! the old clicks no longer count.

use crate::api::accounts::captcha;
use crate::domain::account::CaptchaChallenge;
use crate::ui::components::{CaptchaPicker, TaggedClicks, clicks_on, decode_clicks, encode_clicks};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Shared state of a page's captcha.
#[derive(Clone)]
pub struct Captcha {
    challenge: Resource<Option<CaptchaChallenge>>,
    /// Clicks, tagged with the id of the challenge they were made on.
    clicks: TaggedClicks,
    keep: Vec<(&'static str, String)>,
}

/// Loads the challenge named in the query (if still live) or a new one, and
/// again whenever `submissions` changes.
pub fn use_captcha(submissions: Signal<usize>, keep: Vec<(&'static str, String)>) -> Captcha {
    let query = use_query_map();
    let requested = move || query.read().get("captcha");
    let challenge = Resource::new(
        move || (requested(), submissions.get()),
        |(id, _)| async move { captcha(id).await.ok() },
    );
    let from_query = query.with_untracked(|q| {
        let clicks = decode_clicks(q.get("clicks"), q.get("c.x"), q.get("c.y"));
        (q.get("captcha").unwrap_or_default(), clicks)
    });
    Captcha {
        challenge,
        clicks: RwSignal::new(from_query),
        keep,
    }
}

#[component]
pub fn CaptchaSection(captcha: Captcha) -> impl IntoView {
    let keep = captcha.keep.clone();
    view! {
        <Transition fallback=|| view! { <div class="captcha captcha--loading"></div> }>
            {move || {
                let keep = keep.clone();
                captcha
                    .challenge
                    .get()
                    .flatten()
                    .map(|challenge| {
                        view! { <CaptchaPicker challenge clicks=captcha.clicks keep /> }
                    })
            }}
        </Transition>
    }
}

/// The hidden inputs that carry the answer in the submitting form.
#[component]
pub fn CaptchaInputs(captcha: Captcha) -> impl IntoView {
    let shared = captcha.clicks;
    view! {
        <Transition>
            {move || {
                captcha
                    .challenge
                    .get()
                    .flatten()
                    .map(|challenge| {
                        let id = challenge.id.clone();
                        let answer = move || encode_clicks(&clicks_on(shared, &id));
                        view! {
                            <input type="hidden" name="captcha_id" value=challenge.id.clone() />
                            <input type="hidden" name="captcha_clicks" value=answer />
                        }
                    })
            }}
        </Transition>
    }
}
