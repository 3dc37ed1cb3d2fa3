//! How order facts read on a page, in the page's language.

use crate::domain::Locale;
use crate::domain::calendar::{format_date, local_date};
use crate::domain::ledger::MoveKind;
use crate::domain::money::{Currency, format_amount};
use crate::domain::order::OrderState;
use crate::domain::wallet::PaymentState;
use crate::ui::i18n::Texts;

/// "¥1,200.00" or "Negotiable".
pub fn reward_text(texts: &Texts, reward_minor: Option<i64>, currency: &str) -> String {
    match reward_minor {
        Some(minor) => format_amount(minor, &Currency::new(currency)),
        None => texts.orders.negotiable.to_owned(),
    }
}

/// "2026-12-31" or "Negotiable".
pub fn deadline_text(texts: &Texts, deadline_day: Option<i64>) -> String {
    match deadline_day {
        Some(day) => format_date(day),
        None => texts.orders.negotiable.to_owned(),
    }
}

/// The date an instant falls on where the viewer is: the time zone the
/// browser reported in its cookie, UTC until it has (or without JavaScript).
pub fn date_of(ms: i64) -> String {
    local_date(ms, crate::platform::utc_offset_minutes())
}

pub fn state_label(texts: &Texts, state: OrderState) -> &'static str {
    let index = OrderState::ALL
        .iter()
        .position(|s| *s == state)
        .unwrap_or_default();
    texts.orders.state_labels[index]
}

/// A category's name in the page's language.
pub fn category_name<'a>(locale: Locale, en: &'a str, zh: &'a str) -> &'a str {
    match locale {
        Locale::En => en,
        Locale::ZhHans => zh,
    }
}

/// A media type without its parameters: "text/plain", not
/// "text/plain; charset=utf-8".
pub fn short_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// "12.5 KB"-style sizes.
pub fn size_text(bytes: i64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes.max(0);
    let mut unit = 0;
    let mut tenths = 0;
    while value >= 1024 && unit < UNITS.len() - 1 {
        tenths = (value % 1024) * 10 / 1024;
        value /= 1024;
        unit += 1;
    }
    if unit == 0 {
        format!("{value} B")
    } else {
        format!("{value}.{tenths} {}", UNITS[unit])
    }
}

/// An amount of minor units in the configured currency.
pub fn money_text(minor: i64, currency: &str) -> String {
    format_amount(minor, &Currency::new(currency))
}

/// An amount with its sign: "+¥5.00", "-¥5.00".
pub fn signed_money_text(minor: i64, currency: &str) -> String {
    let sign = if minor > 0 { "+" } else { "-" };
    format!("{sign}{}", money_text(minor.abs(), currency))
}

/// The label of a ledger movement in `labels` (ordered as `MoveKind::ALL`).
pub fn move_label(labels: &[&'static str; MoveKind::ALL.len()], kind: MoveKind) -> &'static str {
    labels[kind.index()]
}

/// Who takes the payment, as the payer should know before paying.
pub fn provider_note(t: &crate::ui::i18n::MoneyTexts, provider: &str) -> &'static str {
    match provider {
        "stripe" => t.stripe_note,
        "alipay" => t.alipay_note,
        _ => t.sandbox_note,
    }
}

/// The label of a payment state in `labels` (ordered as `PaymentState::ALL`).
pub fn payment_label(
    labels: &[&'static str; PaymentState::ALL.len()],
    state: PaymentState,
) -> &'static str {
    let index = PaymentState::ALL
        .iter()
        .position(|s| *s == state)
        .unwrap_or_default();
    labels[index]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_the_nearest_unit_without_floats() {
        assert_eq!(size_text(0), "0 B");
        assert_eq!(size_text(1023), "1023 B");
        assert_eq!(size_text(1536), "1.5 KB");
        assert_eq!(size_text(5 * 1024 * 1024), "5.0 MB");
    }
}
