//! The user-interface text in every supported language.
//!
//! Invariant: each locale is one `Texts` value, and a struct literal must name
//! every field, so a string missing in any language is a compile error (the
//! same guarantee as leptos_i18n's checked keys, without its code generation).
//! The locale is fixed for a page load: switching language reloads the page
//! through `POST /lang`, which also works with JavaScript off.

mod agreements;
mod chat;
mod disputes;
mod en;
mod errors;
mod money;
mod notifications;
mod orders;
mod reviews;
mod withdrawals;
mod zh_hans;

pub use agreements::AgreementTexts;
pub use disputes::DisputeTexts;
pub use errors::ErrorTexts;
pub use notifications::NotificationTexts;
pub use reviews::ReviewTexts;
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
    pub account: AccountTexts,
    pub admin: AdminTexts,
    pub orders: OrderTexts,
    pub chat: ChatTexts,
    pub money: MoneyTexts,
    pub disputes: DisputeTexts,
    pub agreements: AgreementTexts,
    pub withdrawals: WithdrawTexts,
    pub notifications: NotificationTexts,
    pub reviews: ReviewTexts,
    pub errors: ErrorTexts,
}

/// The wallet and the money panel of an order.
pub struct MoneyTexts {
    pub nav_wallet: &'static str,
    pub wallet_title: &'static str,
    pub available: &'static str,
    pub held: &'static str,
    pub top_up_title: &'static str,
    pub amount: &'static str,
    pub continue_to_payment: &'static str,
    pub sandbox_note: &'static str,
    pub history_title: &'static str,
    pub history_empty: &'static str,
    /// By `HistoryGroup::ALL`.
    pub history_groups: [&'static str; 4],
    pub history_kind: &'static str,
    pub history_from: &'static str,
    pub history_to: &'static str,
    pub history_show: &'static str,
    pub export_csv: &'static str,
    pub payments_title: &'static str,
    /// By `MoveKind` (seen from a wallet).
    pub wallet_kinds: [&'static str; 7],
    /// By `PaymentState`: pending, succeeded, declined, abandoned.
    pub payment_states: [&'static str; 4],
    /// The banner after returning from the checkout, by `PaymentState`.
    pub payment_results: [&'static str; 4],
    pub panel_title: &'static str,
    pub secured_badge: &'static str,
    pub not_secured: &'static str,
    pub in_escrow: &'static str,
    pub fund: &'static str,
    pub fund_hint: &'static str,
    pub your_balance: &'static str,
    pub short_by: &'static str,
    pub top_up_and_fund: &'static str,
    pub confirm: &'static str,
    pub confirm_hint: &'static str,
    pub cancel: &'static str,
    pub cancel_hint: &'static str,
    pub ledger_title: &'static str,
    pub ledger_empty: &'static str,
    /// By `MoveKind`, seen from the order's escrow.
    pub order_kinds: [&'static str; 7],
    pub fee: &'static str,
    pub reference: &'static str,
    pub fund_to_open: &'static str,
    pub taker_secured: &'static str,
    pub taker_not_secured: &'static str,
    pub negotiable_note: &'static str,
    pub release_due: &'static str,
    pub request_changes: &'static str,
    pub request_changes_hint: &'static str,
}

/// The messages pages.
pub struct ChatTexts {
    pub list_label: &'static str,
    pub empty_list: &'static str,
    pub choose: &'static str,
    pub search_placeholder: &'static str,
    pub no_match: &'static str,
    pub write_placeholder: &'static str,
    pub send: &'static str,
    pub sending: &'static str,
    pub failed: &'static str,
    pub retry: &'static str,
    pub typing: &'static str,
    pub online: &'static str,
    pub offline: &'static str,
    pub connecting: &'static str,
    pub reconnecting: &'static str,
    pub remove: &'static str,
    pub block: &'static str,
    pub unblock: &'static str,
    pub blocked_note: &'static str,
    pub about_order: &'static str,
    pub emoji: &'static str,
    pub attach: &'static str,
    pub uploading: &'static str,
    pub picture: &'static str,
    pub more: &'static str,
    pub message_user: &'static str,
    pub message_publisher: &'static str,
    pub message_taker: &'static str,
    pub unread: &'static str,
    pub js_required: &'static str,
    pub back_to_list: &'static str,
    pub you: &'static str,
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

/// The hall, the order page and the publish form.
pub struct OrderTexts {
    pub filters: &'static str,
    pub category: &'static str,
    pub deadline: &'static str,
    pub published: &'static str,
    pub reward: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub sort: &'static str,
    pub sort_newest: &'static str,
    pub sort_reward: &'static str,
    pub apply: &'static str,
    pub clear: &'static str,
    pub negotiable: &'static str,
    pub deadline_buckets: [&'static str; 5],
    pub published_buckets: [&'static str; 4],
    pub reward_buckets: [&'static str; 5],
    pub next_page: &'static str,
    pub first_page: &'static str,
    pub loading: &'static str,
    pub no_results: &'static str,
    pub by: &'static str,
    pub due: &'static str,
    pub state_labels: [&'static str; 5],
    pub description: &'static str,
    pub attachments: &'static str,
    pub publisher: &'static str,
    pub taker: &'static str,
    pub take: &'static str,
    pub give_back: &'static str,
    pub give_back_hint: &'static str,
    pub delete: &'static str,
    pub edit: &'static str,
    pub reopen: &'static str,
    pub reopen_hint: &'static str,
    pub deadline_passed: &'static str,
    pub overdue: &'static str,
    pub sign_in_to_take: &'static str,
    pub solution: &'static str,
    pub no_solution: &'static str,
    pub sealed_intro: &'static str,
    pub version: &'static str,
    pub words: &'static str,
    pub lines: &'static str,
    pub pages: &'static str,
    pub digest: &'static str,
    pub text_part: &'static str,
    pub file_part: &'static str,
    pub submit_title: &'static str,
    pub submit_new_version: &'static str,
    pub submit: &'static str,
    pub submitted_notice: &'static str,
    pub publish_title: &'static str,
    pub edit_title: &'static str,
    pub title: &'static str,
    pub choose_category: &'static str,
    pub blocks: &'static str,
    pub blocks_hint: &'static str,
    pub block: &'static str,
    pub add_block: &'static str,
    pub remove: &'static str,
    pub move_up: &'static str,
    pub move_down: &'static str,
    pub reward_hint: &'static str,
    pub deadline_hint: &'static str,
    pub files: &'static str,
    pub files_hint: &'static str,
    pub pick_files: &'static str,
    pub pick_folder: &'static str,
    pub uploading: &'static str,
    pub upload_failed: &'static str,
    pub preview: &'static str,
    pub back_to_editing: &'static str,
    pub publish: &'static str,
    pub save: &'static str,
    pub js_required: &'static str,
    pub my_orders: &'static str,
    pub my_published: &'static str,
    pub my_tasks: &'static str,
    pub status: &'static str,
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
            "forbidden_type",
            "empty_file",
            "upload_interrupted",
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
