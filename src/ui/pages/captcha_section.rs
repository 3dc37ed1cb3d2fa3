//! The captcha part of a form page: the challenge resource and the picker
//! island, which also carries the answer into the page's form.
//!
//! Invariant: clicks from the query count only for the challenge the query
//! names; a new challenge (each is single-use, so after every submission)
//! starts without clicks.

use crate::api::accounts::captcha;
use crate::domain::account::CaptchaChallenge;
use crate::ui::components::{CaptchaPicker, decode_clicks, encode_clicks};
use crate::ui::query::use_query_map;
use leptos::prelude::*;

/// A page's captcha: its challenge and what the query says about it.
#[derive(Clone)]
pub struct Captcha {
    challenge: Resource<Option<CaptchaChallenge>>,
    /// The challenge id the query names and the clicks made on it.
    requested: (String, String),
    keep: Vec<(String, String)>,
    /// The id of the form that submits the answer.
    form_id: &'static str,
}

/// Loads the challenge named in the query (if still live) or a new one.
/// `keep` are query pairs the picker's own page loads preserve (e.g. `next`).
pub fn use_captcha(form_id: &'static str, keep: Vec<(&'static str, String)>) -> Captcha {
    let query = use_query_map();
    let requested = query.with_untracked(|q| {
        let clicks = decode_clicks(q.get("clicks"), q.get("c.x"), q.get("c.y"));
        (q.get("captcha").unwrap_or_default(), encode_clicks(&clicks))
    });
    let wanted = (!requested.0.is_empty()).then(|| requested.0.clone());
    let challenge = Resource::new(
        || (),
        move |_| {
            let wanted = wanted.clone();
            async move { captcha(wanted).await.ok() }
        },
    );
    Captcha {
        challenge,
        requested,
        keep: keep.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        form_id,
    }
}

#[component]
pub fn CaptchaSection(captcha: Captcha) -> impl IntoView {
    let Captcha {
        challenge,
        requested,
        keep,
        form_id,
    } = captcha;
    view! {
        <Transition fallback=|| view! { <div class="captcha captcha--loading"></div> }>
            {move || {
                let (requested_id, requested_clicks) = requested.clone();
                let keep = keep.clone();
                challenge
                    .get()
                    .flatten()
                    .map(|challenge| {
                        let clicks = if challenge.id == requested_id { requested_clicks } else { String::new() };
                        view! { <CaptchaPicker challenge clicks keep form_id=form_id.to_owned() /> }
                    })
            }}
        </Transition>
    }
}
