//! Amounts on Alipay's wire: yuan as a string with exactly two decimals
//! (`total_amount`, `refund_amount`, `amount`: "12.30"; see the examples in
//! the `alipay.trade.page.pay` and notification docs, e.g. `total_amount=1.00`,
//! `point_amount=0.00`), while everything inside us counts fen (minor units).
//!
//! Invariants: only the canonical form `<digits>.<two digits>` with no sign,
//! no leading zero (but "0.xx"), no spaces and no other digits than ASCII is
//! accepted, so `format(parse(s)) == s` for every accepted `s` and
//! `parse(format(n)) == n` for every `n >= 0`; arithmetic is checked, never
//! wrapping. Anything else is refused rather than rounded: a notification
//! whose amount we cannot read exactly must not credit anything.

/// Why an amount was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("an amount cannot be negative")]
    Negative,
    #[error("not a yuan amount with exactly two decimals")]
    Malformed,
    #[error("the amount is too large")]
    TooLarge,
}

/// Fen to the wire form: `1230` -> `"12.30"`.
pub fn format_yuan(minor: i64) -> Result<String, AmountError> {
    if minor < 0 {
        return Err(AmountError::Negative);
    }
    Ok(format!("{}.{:02}", minor / 100, minor % 100))
}

/// The wire form to fen: `"12.30"` -> `1230`.
pub fn parse_yuan(text: &str) -> Result<i64, AmountError> {
    if text.starts_with('-') {
        return Err(AmountError::Negative);
    }
    let (yuan, fen) = text.split_once('.').ok_or(AmountError::Malformed)?;
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let canonical = digits(yuan) && (yuan == "0" || !yuan.starts_with('0'));
    if !canonical || fen.len() != 2 || !digits(fen) {
        return Err(AmountError::Malformed);
    }
    // Both parts are ASCII digits now: parsing can only fail by overflow.
    let yuan: i64 = yuan.parse().map_err(|_| AmountError::TooLarge)?;
    let fen: i64 = fen.parse().map_err(|_| AmountError::Malformed)?;
    yuan.checked_mul(100)
        .and_then(|minor| minor.checked_add(fen))
        .ok_or(AmountError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_units_format_with_exactly_two_decimals() {
        assert_eq!(format_yuan(1_230).as_deref(), Ok("12.30"));
        assert_eq!(format_yuan(1).as_deref(), Ok("0.01"));
        assert_eq!(format_yuan(0).as_deref(), Ok("0.00"));
        assert_eq!(format_yuan(100).as_deref(), Ok("1.00"));
        assert_eq!(format_yuan(-1), Err(AmountError::Negative));
    }

    #[test]
    fn canonical_yuan_strings_parse_to_minor_units() {
        assert_eq!(parse_yuan("12.30"), Ok(1_230));
        assert_eq!(parse_yuan("0.01"), Ok(1));
        assert_eq!(parse_yuan("0.00"), Ok(0));
        assert_eq!(parse_yuan("100000000.00"), Ok(10_000_000_000));
    }

    #[test]
    fn anything_but_the_canonical_form_is_refused() {
        for text in [
            "12.3",
            "12.300",
            "12",
            "12.",
            ".30",
            "012.30",
            "00.30",
            "+12.30",
            " 12.30",
            "12.30 ",
            "12,30",
            "1e3.00",
            "12.3x",
            "１２.３０",
            "",
            ".",
            "12..30",
            "12.30.00",
        ] {
            assert_eq!(parse_yuan(text), Err(AmountError::Malformed), "{text:?}");
        }
        assert_eq!(parse_yuan("-0.01"), Err(AmountError::Negative));
    }

    #[test]
    fn an_amount_beyond_i64_is_refused_not_wrapped() {
        assert_eq!(
            parse_yuan("92233720368547758.08"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(parse_yuan("92233720368547758.07"), Ok(i64::MAX));
        assert_eq!(
            parse_yuan("99999999999999999999.00"),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn parse_and_format_round_trip() {
        for minor in [0, 1, 9, 10, 99, 100, 101, 1_230, 123_456_789, i64::MAX] {
            let text = format_yuan(minor).expect("non-negative");
            assert_eq!(parse_yuan(&text), Ok(minor), "{text}");
        }
    }
}
