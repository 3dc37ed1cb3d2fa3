//! The user-interface text in every supported language.
//!
//! Invariant: each locale is one `Texts` value, and a struct literal must name
//! every field, so a string missing in any language is a compile error (the
//! same guarantee as leptos_i18n's checked keys, without its code generation).
//! The locale is fixed for a page load: switching language reloads the page
//! through `POST /lang`, which also works with JavaScript off.

mod en;
mod zh_hans;

use crate::domain::Locale;
use leptos::prelude::*;

/// Every string the user interface shows.
pub struct Texts {
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_hall: &'static str,
    pub nav_publish: &'static str,
    pub nav_messages: &'static str,
    pub nav_sign_in: &'static str,
    pub menu_open: &'static str,
    pub menu_close: &'static str,
    pub language_label: &'static str,
    pub footer_note: &'static str,
    pub hall_title: &'static str,
    pub hall_intro: &'static str,
    pub hall_empty: &'static str,
    pub how_title: &'static str,
    pub how_steps: [&'static str; 4],
    pub publish_title: &'static str,
    pub publish_intro: &'static str,
    pub messages_title: &'static str,
    pub messages_intro: &'static str,
    pub sign_in_title: &'static str,
    pub sign_in_intro: &'static str,
    pub coming_soon: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_to_hall: &'static str,
}

impl Texts {
    /// The catalogue of one locale.
    pub fn of(locale: Locale) -> &'static Texts {
        match locale {
            Locale::En => &en::TEXTS,
            Locale::ZhHans => &zh_hans::TEXTS,
        }
    }
}

/// Makes the page's locale available to every component below.
pub fn provide_locale(locale: Locale) {
    provide_context(locale);
}

/// The locale of this page load.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The text catalogue of this page load.
pub fn use_texts() -> &'static Texts {
    Texts::of(use_locale())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_non_empty_text() {
        for locale in Locale::ALL {
            let texts = Texts::of(locale);
            assert!(!texts.site_name.is_empty(), "{locale:?}");
            assert!(texts.how_steps.iter().all(|step| !step.is_empty()));
        }
    }

    #[test]
    fn the_languages_really_differ() {
        let en = Texts::of(Locale::En);
        let zh = Texts::of(Locale::ZhHans);
        assert_ne!(en.nav_hall, zh.nav_hall);
        assert_ne!(en.not_found_title, zh.not_found_title);
    }
}
