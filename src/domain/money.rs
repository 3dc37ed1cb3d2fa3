//! Money as integers of minor units (fen for CNY, cents for USD): parsing what
//! a user types and formatting what they see. There is no floating point here
//! or anywhere near money.
//!
//! Invariants: `parse_amount` accepts at most the currency's number of
//! decimals and never rounds; `format_amount` shows every minor unit.

use super::FieldError;
use serde::{Deserialize, Serialize};

/// The largest reward accepted, in major units: absurd amounts are refused.
pub const REWARD_MAX_MAJOR: i64 = 1_000_000;

/// The one currency rewards are stated in, as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Currency {
    /// ISO 4217 code, e.g. "CNY".
    pub code: String,
}

impl Default for Currency {
    fn default() -> Self {
        Self { code: "CNY".into() }
    }
}

impl Currency {
    pub fn new(code: &str) -> Self {
        Self {
            code: code.trim().to_ascii_uppercase(),
        }
    }

    /// Decimal places of the minor unit (ISO 4217).
    pub fn exponent(&self) -> u32 {
        match self.code.as_str() {
            "JPY" | "KRW" | "VND" | "CLP" | "ISK" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
            _ => 2,
        }
    }

    /// Minor units in one major unit.
    pub fn scale(&self) -> i64 {
        10_i64.pow(self.exponent())
    }

    fn symbol(&self) -> Option<&'static str> {
        match self.code.as_str() {
            "CNY" | "JPY" => Some("¥"),
            "USD" => Some("$"),
            "EUR" => Some("€"),
            "GBP" => Some("£"),
            _ => None,
        }
    }
}

/// An amount the user typed ("1200", "1,200.5", "0.01") as minor units.
/// Error codes: `required`, `invalid_amount`, `too_many_decimals`,
/// `not_positive`, `too_large`.
pub fn parse_amount(field: &str, raw: &str, currency: &Currency) -> Result<i64, FieldError> {
    let error = |code: &str| FieldError::new(field, code);
    let cleaned: String = raw
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_' && !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return Err(error("required"));
    }
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) {
        return Err(error("invalid_amount"));
    }
    let exponent = currency.exponent() as usize;
    if fraction.len() > exponent {
        return Err(error("too_many_decimals"));
    }
    // More digits than any allowed amount has: refuse before parsing overflows.
    if whole.trim_start_matches('0').len() > 12 {
        return Err(error("too_large"));
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| error("invalid_amount"))?
    };
    let padded = format!("{fraction:0<exponent$}");
    let fraction: i64 = if padded.is_empty() {
        0
    } else {
        padded.parse().map_err(|_| error("invalid_amount"))?
    };
    let minor = whole * currency.scale() + fraction;
    if minor <= 0 {
        return Err(error("not_positive"));
    }
    if minor > REWARD_MAX_MAJOR * currency.scale() {
        return Err(error("too_large"));
    }
    Ok(minor)
}

/// Minor units for display: "¥1,234.50", "USD 3.00" for currencies without a
/// symbol here.
pub fn format_amount(minor: i64, currency: &Currency) -> String {
    let scale = currency.scale();
    let sign = if minor < 0 { "-" } else { "" };
    let magnitude = minor.unsigned_abs();
    let scale = scale.unsigned_abs();
    let whole = group_thousands(magnitude / scale);
    let number = match currency.exponent() as usize {
        0 => whole,
        exponent => format!("{whole}.{:0exponent$}", magnitude % scale),
    };
    match currency.symbol() {
        Some(symbol) => format!("{sign}{symbol}{number}"),
        None => format!("{sign}{} {number}", currency.code),
    }
}

/// Minor units as a user would type them back: "1200.50", no symbol.
pub fn plain_amount(minor: i64, currency: &Currency) -> String {
    // The sign is written apart: -50 fen is "-0.50", which integer division
    // of the signed value would lose.
    let sign = if minor < 0 { "-" } else { "" };
    let magnitude = minor.unsigned_abs();
    let scale = currency.scale().unsigned_abs().max(1);
    match currency.exponent() as usize {
        0 => format!("{sign}{magnitude}"),
        exponent => format!(
            "{sign}{}.{:0exponent$}",
            magnitude / scale,
            magnitude % scale
        ),
    }
}

fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cny() -> Currency {
        Currency::default()
    }

    fn code(raw: &str) -> String {
        parse_amount("reward", raw, &cny()).expect_err(raw).code
    }

    #[test]
    fn amounts_become_exact_minor_units() {
        for (raw, minor) in [
            ("1200", 120_000),
            ("1,200.5", 120_050),
            (" 0.01 ", 1),
            (".5", 50),
            ("7.", 700),
            ("1000000", 100_000_000),
        ] {
            assert_eq!(parse_amount("reward", raw, &cny()), Ok(minor), "{raw}");
        }
    }

    #[test]
    fn negative_absurd_and_malformed_amounts_are_refused_with_a_code() {
        assert_eq!(code(""), "required");
        assert_eq!(code("-5"), "invalid_amount");
        assert_eq!(code("1e9"), "invalid_amount");
        assert_eq!(code("1.2.3"), "invalid_amount");
        assert_eq!(code("."), "invalid_amount");
        assert_eq!(code("0"), "not_positive");
        assert_eq!(code("0.001"), "too_many_decimals");
        assert_eq!(code("1000000.01"), "too_large");
        assert_eq!(code("99999999999999999999999"), "too_large");
    }

    #[test]
    fn currencies_without_decimals_refuse_fractions() {
        let yen = Currency::new("jpy");
        assert_eq!(parse_amount("reward", "500", &yen), Ok(500));
        assert!(parse_amount("reward", "5.5", &yen).is_err());
        assert_eq!(format_amount(1_234_567, &yen), "¥1,234,567");
    }

    #[test]
    fn formatting_groups_thousands_and_keeps_every_minor_unit() {
        assert_eq!(format_amount(123_450, &cny()), "¥1,234.50");
        assert_eq!(format_amount(5, &cny()), "¥0.05");
        assert_eq!(format_amount(-100, &cny()), "-¥1.00");
        assert_eq!(format_amount(300, &Currency::new("chf")), "CHF 3.00");
        assert_eq!(plain_amount(120_050, &cny()), "1200.50");
        assert_eq!(plain_amount(-50, &cny()), "-0.50");
        assert_eq!(plain_amount(-120_050, &cny()), "-1200.50");
        assert_eq!(
            parse_amount("reward", &plain_amount(120_050, &cny()), &cny()),
            Ok(120_050)
        );
    }
}
