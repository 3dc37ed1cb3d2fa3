//! The user-interface text in every supported language.
//!
//! Invariant: each locale is one `Texts` value, and a struct literal must name
//! every field, so a string missing in any language is a compile error (the
//! same guarantee as leptos_i18n's checked keys, without its code generation).
//! The locale is fixed for a page load: switching language reloads the page
//! through `POST /lang`, which also works with JavaScript off.

/// Text that only server-rendered pages show, written
/// `page_text!("...")` in the catalogues of pages no island draws (money,
/// disputes, agreements, withdrawals, reviews, notifications, the sealed
/// solution, admin, applications, questions, saved searches). The client
/// build (islands only) never renders those pages, so there the value is
/// `""` and the text costs the WASM nothing; the server build keeps it. An
/// island must not read such a field: it would show nothing (the fields
/// islands read are written plainly: the header badge's `unread`, the
/// publish form's `choose_label`).
macro_rules! page_text {
    ($text:literal) => {
        if crate::platform::RENDERS_PAGES {
            $text
        } else {
            ""
        }
    };
}

mod agreements;
mod applications;
mod chat;
mod disputes;
mod en;
mod errors;
mod money;
mod notifications;
mod orders;
mod questions;
mod reviews;
mod saved_searches;
mod withdrawals;
mod zh_hans;

pub use agreements::AgreementTexts;
pub use applications::ApplicationTexts;
pub use chat::ChatTexts;
pub use disputes::DisputeTexts;
pub use errors::ErrorTexts;
pub use money::MoneyTexts;
pub use notifications::NotificationTexts;
pub use orders::OrderTexts;
pub use questions::QuestionTexts;
pub use reviews::ReviewTexts;
pub use saved_searches::SavedSearchTexts;
pub use withdrawals::WithdrawTexts;

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
    /// Shown when a push says what a page shows has changed since it loaded.
    pub page_changed: &'static str,
    pub reload: &'static str,
    pub account: AccountTexts,
    pub admin: AdminTexts,
    pub orders: OrderTexts,
    pub chat: ChatTexts,
    pub money: MoneyTexts,
    pub disputes: DisputeTexts,
    pub agreements: AgreementTexts,
    pub withdrawals: WithdrawTexts,
    pub notifications: NotificationTexts,
    pub saved_searches: SavedSearchTexts,
    pub reviews: ReviewTexts,
    pub applications: ApplicationTexts,
    pub questions: QuestionTexts,
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

/// The admin's user list and categories.
pub struct AdminTexts {
    pub categories_nav: &'static str,
    pub categories_title: &'static str,
    pub categories_intro: &'static str,
    pub name_en: &'static str,
    pub name_zh: &'static str,
    pub rename: &'static str,
    pub archive: &'static str,
    pub restore: &'static str,
    pub add_category: &'static str,
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

/// The locale of this page load: the server's context, or inside an island
/// in the browser (where no server context reaches) `<html lang>`, which the
/// server wrote from the same locale.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(crate::platform::page_locale)
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
            "unknown_category",
            "in_past",
            "invalid_date",
            "invalid_amount",
            "too_many_decimals",
            "not_positive",
            "too_large",
            "too_many",
            "duplicate",
            "unknown_file",
            "order_too_large",
            "file_too_large",
            "storage_quota",
            "forbidden_type",
            "empty_file",
            "upload_interrupted",
            "withdrawals_off",
            "own_order",
            "already_taken",
            "wrong_state",
            "deadline_not_passed",
            "insufficient_funds",
            "not_revealed",
            "no_rounds_left",
            "revealed",
            "already_funded",
            "not_funded",
            "reward_negotiable",
            "reward_locked",
            "funded",
            "stale",
            "amount_mismatch",
            "invalid",
            "not_yours",
            "double_submit",
            "disputed",
            "split_out_of_range",
            "busy",
            "review_locked",
            "questions_closed",
            "questions_full",
            "answered",
            "question_hidden",
            "already_proposed",
            "not_proposed",
            "reward_fixed",
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
