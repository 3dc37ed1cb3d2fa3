//! Choosing the square of the avatar in the browser: a preview of the chosen
//! file with the square drawn on it, and sliders for its size and position.
//! The square goes to the server as `crop_x`, `crop_y`, `crop_size` in the
//! picture's own pixels; the server checks it fits. Without JavaScript there
//! is no preview and the server keeps the centred square.

use crate::platform;
use crate::ui::i18n::use_texts;
use leptos::prelude::*;

/// The square for a `width` x `height` picture: `size_pct` of the shorter
/// side, placed at `x_pct` / `y_pct` of the room left on each axis.
pub fn square(width: u32, height: u32, size_pct: u32, x_pct: u32, y_pct: u32) -> (u32, u32, u32) {
    let side =
        (u64::from(width.min(height)) * u64::from(size_pct.clamp(10, 100)) / 100).max(1) as u32;
    let x = (u64::from(width - side) * u64::from(x_pct.min(100)) / 100) as u32;
    let y = (u64::from(height - side) * u64::from(y_pct.min(100)) / 100) as u32;
    (x, y, side)
}

/// An island inside the server's avatar form.
#[island]
pub fn AvatarCropper() -> impl IntoView {
    let texts = use_texts();
    let account = &texts.account;
    let preview = RwSignal::new(None::<String>);
    let natural = RwSignal::new(None::<(u32, u32)>);
    let (size, x, y) = (
        RwSignal::new(100u32),
        RwSignal::new(50u32),
        RwSignal::new(50u32),
    );
    let crop = move || {
        natural
            .get()
            .map(|(w, h)| (w, h, square(w, h, size.get(), x.get(), y.get())))
    };
    let overlay = move || {
        crop().map(|(w, h, (cx, cy, side))| {
            // Hundredths of a percent in integers: no float formatting in the bundle.
            let pct = |part: u32, whole: u32| {
                let basis = u64::from(part) * 10_000 / u64::from(whole.max(1));
                format!("{}.{:02}%", basis / 100, basis % 100)
            };
            format!(
                "left:{};top:{};width:{};height:{}",
                pct(cx, w),
                pct(cy, h),
                pct(side, w),
                pct(side, h)
            )
        })
    };
    let slider = move |label: &'static str, value: RwSignal<u32>, min: u32| {
        view! {
            <label class="cropper__slider">
                <span>{label}</span>
                <input type="range" min=min.to_string() max="100" prop:value=move || value.get().to_string()
                    on:input=move |event| {
                        if let Ok(parsed) = event_target_value(&event).parse() {
                            value.set(parsed);
                        }
                    } />
            </label>
        }
    };

    view! {
        <label for="avatar">{account.avatar}</label>
        <input id="avatar" name="avatar" type="file" accept="image/png,image/jpeg,image/webp" required
            aria-describedby="avatar-hint avatar-error"
            on:change=move |event| {
                natural.set(None);
                preview.set(platform::file_preview_url(&event));
            } />
        <Show when=move || preview.get().is_some()>
            <div class="cropper">
                <div class="cropper__frame">
                    <img class="cropper__image" src=move || preview.get().unwrap_or_default() alt=""
                        on:load=move |event| natural.set(platform::loaded_image_size(&event)) />
                    <div class="cropper__square" style=move || overlay().unwrap_or_default()></div>
                </div>
                {slider(account.crop_size, size, 10)}
                {slider(account.crop_x, x, 0)}
                {slider(account.crop_y, y, 0)}
            </div>
        </Show>
        {move || {
            crop().map(|(_, _, (cx, cy, side))| {
                view! {
                    <input type="hidden" name="crop_x" value=cx.to_string() />
                    <input type="hidden" name="crop_y" value=cy.to_string() />
                    <input type="hidden" name="crop_size" value=side.to_string() />
                }
            })
        }}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::square;

    #[test]
    fn the_full_size_centred_square_is_the_default() {
        assert_eq!(square(400, 300, 100, 50, 50), (50, 0, 300));
    }

    #[test]
    fn the_square_always_fits_inside_the_picture() {
        for (w, h) in [(400, 300), (300, 400), (1, 1), (5000, 20)] {
            for pct in [0, 10, 55, 100, 250] {
                let (x, y, side) = square(w, h, pct, pct, 100 - pct.min(100));
                assert!(side >= 1 && x + side <= w && y + side <= h, "{w}x{h} {pct}");
            }
        }
    }
}
