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
    pub coming_soon: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_to_hall: &'static str,
    pub account: AccountTexts,
    pub admin: AdminTexts,
    pub errors: ErrorTexts,
}

/// Sign-in, registration and the captcha.
pub struct AccountTexts {
    pub email: &'static str,
    pub password: &'static str,
    pub nickname: &'static str,
    pub code: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,
    pub signed_in_as: &'static str,
    pub register_title: &'static str,
    pub register_intro: &'static str,
    pub register_submit: &'static str,
    pub register_link: &'static str,
    pub have_account: &'static str,
    pub password_hint: &'static str,
    pub confirm_title: &'static str,
    pub confirm_intro: &'static str,
    pub confirm_submit: &'static str,
    pub registered_notice: &'static str,
    pub captcha_legend: &'static str,
    pub captcha_instruction: &'static str,
    pub captcha_alt: &'static str,
    pub captcha_progress: &'static str,
    pub captcha_reset: &'static str,
    pub captcha_new: &'static str,
    pub captcha_first_hint: &'static str,
    pub forgot_link: &'static str,
    pub forgot_title: &'static str,
    pub forgot_intro: &'static str,
    pub forgot_submit: &'static str,
    pub reset_title: &'static str,
    pub reset_intro: &'static str,
    pub new_password: &'static str,
    pub current_password: &'static str,
    pub reset_submit: &'static str,
    pub reset_notice: &'static str,
    pub account_title: &'static str,
    pub change_password_title: &'static str,
    pub change_password_submit: &'static str,
    pub changed_notice: &'static str,
    pub sessions_title: &'static str,
    pub sessions_intro: &'static str,
    pub log_out_everywhere: &'static str,
    pub profile_title: &'static str,
    pub intro: &'static str,
    pub phone: &'static str,
    pub phone_hint: &'static str,
    pub save: &'static str,
    pub saved_notice: &'static str,
    pub avatar: &'static str,
    pub avatar_hint: &'static str,
    pub avatar_upload: &'static str,
    pub crop_size: &'static str,
    pub crop_x: &'static str,
    pub crop_y: &'static str,
    pub avatar_saved: &'static str,
    pub public_profile_link: &'static str,
    pub no_intro: &'static str,
}

/// The admin's user list.
pub struct AdminTexts {
    pub nav: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub user: &'static str,
    pub role: &'static str,
    pub status: &'static str,
    pub action: &'static str,
    pub role_admin: &'static str,
    pub role_user: &'static str,
    pub active: &'static str,
    pub banned: &'static str,
    pub reason: &'static str,
    pub ban: &'static str,
    pub unban: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub page: &'static str,
}

/// Messages for the error codes the server sends.
pub struct ErrorTexts {
    pub required: &'static str,
    pub too_long: &'static str,
    pub invalid_characters: &'static str,
    pub invalid_email: &'static str,
    pub password_too_short: &'static str,
    pub password_needs_letter_and_digit: &'static str,
    pub email_taken: &'static str,
    pub invalid_code: &'static str,
    pub code_expired: &'static str,
    pub code_wrong: &'static str,
    pub code_attempts_exhausted: &'static str,
    pub captcha_wrong: &'static str,
    pub captcha_expired: &'static str,
    pub wrong_credentials: &'static str,
    pub wrong_password: &'static str,
    pub cannot_ban_self: &'static str,
    pub invalid_phone: &'static str,
    pub not_an_image: &'static str,
    pub image_too_large: &'static str,
    pub bad_crop: &'static str,
    pub malformed: &'static str,
    pub unauthorized: &'static str,
    pub forbidden: &'static str,
    pub banned: &'static str,
    pub not_found: &'static str,
    pub conflict: &'static str,
    pub rate_limited: &'static str,
    pub network: &'static str,
    pub internal: &'static str,
    pub unknown: &'static str,
}

impl ErrorTexts {
    /// The message for a field-error code.
    pub fn for_code(&self, code: &str) -> &'static str {
        match code {
            "required" => self.required,
            "too_long" => self.too_long,
            "invalid_characters" => self.invalid_characters,
            "invalid_email" => self.invalid_email,
            "password_too_short" => self.password_too_short,
            "password_needs_letter_and_digit" => self.password_needs_letter_and_digit,
            "email_taken" => self.email_taken,
            "invalid_code" => self.invalid_code,
            "code_expired" => self.code_expired,
            "code_wrong" => self.code_wrong,
            "code_attempts_exhausted" => self.code_attempts_exhausted,
            "captcha_wrong" => self.captcha_wrong,
            "captcha_expired" => self.captcha_expired,
            "wrong_credentials" => self.wrong_credentials,
            "wrong_password" => self.wrong_password,
            "cannot_ban_self" => self.cannot_ban_self,
            "invalid_phone" => self.invalid_phone,
            "not_an_image" => self.not_an_image,
            "image_too_large" => self.image_too_large,
            "bad_crop" => self.bad_crop,
            "malformed" => self.malformed,
            _ => self.unknown,
        }
    }
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
    #[test]
    fn every_error_code_the_server_sends_has_its_own_message() {
        let codes = [
            "required",
            "too_long",
            "invalid_characters",
            "invalid_email",
            "password_too_short",
            "password_needs_letter_and_digit",
            "email_taken",
            "invalid_code",
            "code_expired",
            "code_wrong",
            "code_attempts_exhausted",
            "captcha_wrong",
            "captcha_expired",
            "wrong_credentials",
            "malformed",
        ];
        for locale in Locale::ALL {
            let errors = &Texts::of(locale).errors;
            for code in codes {
                assert_ne!(errors.for_code(code), errors.unknown, "{locale:?} {code}");
            }
        }
    }

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
