//! The click captcha as a form control.
//!
//! Without JavaScript the picture is an `<input type="image">` in a GET form:
//! each click reloads the page with the click added to the query, drawn at
//! its natural 320 x 200 size so click and picture pixels agree. With
//! JavaScript the clicks are collected in place, scaled from the displayed
//! size, and the picture scales with the page width. Either way the parent
//! form receives the clicks in hidden inputs; the answer is checked only on
//! the server.

use crate::domain::account::CaptchaChallenge;
use crate::domain::navigation::query_escape;
use crate::platform;
use crate::ui::i18n::use_texts;
use leptos::prelude::*;

pub const PICTURE_WIDTH: f32 = 320.0;
pub const PICTURE_HEIGHT: f32 = 200.0;
pub const CLICKS: usize = 4;

/// `part` of `whole` as a CSS percentage with two decimals, computed in
/// integer hundredths: float formatting would add its tables to the WASM.
fn percent(part: f32, whole: f32) -> String {
    let hundredths = (part / whole * 10_000.0).round() as i32;
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}

/// Clicks as the server reads them: `x,y;x,y`.
pub fn encode_clicks(clicks: &[(f32, f32)]) -> String {
    clicks
        .iter()
        // Whole pixels as integers: no float formatting code in the bundle.
        .map(|(x, y)| format!("{},{}", x.round() as i32, y.round() as i32))
        .collect::<Vec<_>>()
        .join(";")
}

/// Clicks from the query: `clicks=x,y;...` plus a new `c.x`/`c.y` from an
/// image-input submission; at most `CLICKS`.
pub fn decode_clicks(
    clicks: Option<String>,
    new_x: Option<String>,
    new_y: Option<String>,
) -> Vec<(f32, f32)> {
    let mut all: Vec<(f32, f32)> = clicks
        .unwrap_or_default()
        .split(';')
        .filter_map(|pair| {
            let (x, y) = pair.split_once(',')?;
            let (x, y): (i32, i32) = (x.trim().parse().ok()?, y.trim().parse().ok()?);
            Some((x as f32, y as f32))
        })
        .collect();
    let whole = |value: Option<String>| value.and_then(|v| v.trim().parse::<i32>().ok());
    if let (Some(x), Some(y)) = (whole(new_x), whole(new_y)) {
        all.push((x as f32, y as f32));
    }
    all.truncate(CLICKS);
    all
}

/// The picture, the marks and the controls: an island. `clicks` are those
/// already made (encoded as in the query), `keep` are query pairs to
/// preserve (e.g. `next`). The answer goes to the form `form_id` through
/// hidden inputs associated with it by their `form` attribute, so the
/// picker's own form can sit outside it.
#[island]
pub fn CaptchaPicker(
    challenge: CaptchaChallenge,
    clicks: String,
    keep: Vec<(String, String)>,
    form_id: String,
) -> impl IntoView {
    let texts = use_texts();
    let clicks = RwSignal::new(decode_clicks(Some(clicks), None, None));
    let glyphs = challenge
        .glyphs
        .iter()
        .map(char::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    let id = challenge.id.clone();
    let query = |extra: &[(&str, &str)]| {
        let pairs = keep
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain(extra.iter().copied());
        let encoded: Vec<String> = pairs
            .map(|(k, v)| format!("{k}={}", query_escape(v)))
            .collect();
        format!("?{}", encoded.join("&"))
    };
    let start_over = query(&[("captcha", &id)]);
    let new_picture = query(&[]);
    let on_pick = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        if let Some(point) = platform::click_in_picture(&event, PICTURE_WIDTH, PICTURE_HEIGHT) {
            clicks.update(|all| {
                if all.len() < CLICKS {
                    all.push(point);
                }
            });
        }
    };
    let on_start_over = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        clicks.set(Vec::new());
    };
    let marks = {
        move || {
            clicks
                .get()
                .into_iter()
                .enumerate()
                .map(|(n, (x, y))| {
                    let style = format!(
                        "left:{};top:{}",
                        percent(x, PICTURE_WIDTH),
                        percent(y, PICTURE_HEIGHT)
                    );
                    view! { <li style=style data-n=(n + 1).to_string()>{n + 1}</li> }
                })
                .collect_view()
        }
    };
    let answer = move || encode_clicks(&clicks.get());
    let count = move || clicks.with(Vec::len);
    let keep_inputs = keep
        .iter()
        .map(
            |(name, value)| view! { <input type="hidden" name=name.clone() value=value.clone() /> },
        )
        .collect_view();

    view! {
        <fieldset class="captcha">
            <legend>{texts.account.captcha_legend}</legend>
            <p class="captcha__instruction">
                {texts.account.captcha_instruction} " "
                <strong class="captcha__glyphs" data-glyphs=glyphs.clone()>{glyphs.clone()}</strong>
            </p>
            <form method="get" class="captcha__picker">
                {keep_inputs}
                <input type="hidden" name="captcha" value=id.clone() />
                <input type="hidden" name="clicks" value=answer />
                <input type="hidden" form=form_id.clone() name="captcha_id" value=id.clone() />
                <input type="hidden" form=form_id name="captcha_clicks" value=answer />
                <div class="captcha__frame">
                    <input
                        type="image"
                        name="c"
                        class="captcha__image"
                        src=format!("/captcha/{id}.png")
                        alt=texts.account.captcha_alt
                        width="320"
                        height="200"
                        on:click=on_pick
                    />
                    <ol class="captcha__marks" aria-hidden="true">{marks}</ol>
                </div>
            </form>
            <p class="captcha__controls">
                <span role="status">{count} "/4 " {texts.account.captcha_progress}</span>
                <a href=start_over on:click=on_start_over>{texts.account.captcha_reset}</a>
                <a href=new_picture>{texts.account.captcha_new}</a>
            </p>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_placed_in_hundredths_of_a_percent() {
        assert_eq!(percent(160.0, PICTURE_WIDTH), "50.00%");
        assert_eq!(percent(1.0, PICTURE_WIDTH), "0.31%");
        assert_eq!(percent(200.0, PICTURE_HEIGHT), "100.00%");
    }

    #[test]
    fn clicks_survive_the_round_trip_through_the_query() {
        let clicks = vec![(10.0, 20.0), (300.0, 150.0)];
        let decoded = decode_clicks(
            Some(encode_clicks(&clicks)),
            Some("5".into()),
            Some("6".into()),
        );
        assert_eq!(decoded, vec![(10.0, 20.0), (300.0, 150.0), (5.0, 6.0)]);
    }

    #[test]
    fn at_most_four_clicks_are_kept_and_garbage_is_dropped() {
        let decoded = decode_clicks(Some("1,1;2,2;x,y;3,3;4,4;5,5".into()), None, None);
        assert_eq!(
            decoded,
            vec![(1.0, 1.0), (2.0, 2.0), (3.0, 3.0), (4.0, 4.0)]
        );
    }
}
