//! Our minor units and Stripe's amounts, which are not always the same
//! number (<https://docs.stripe.com/currencies#minor-units>,
//! <https://docs.stripe.com/currencies#zero-decimal>,
//! <https://docs.stripe.com/currencies#special-cases>).
//!
//! The app counts money in ISO 4217 minor units as `Currency::exponent`
//! states them (0 for JPY, KRW, VND, CLP and ISK; 3 for BHD, KWD, OMR, JOD
//! and TND; 2 for every other code). Stripe counts:
//!
//! - zero-decimal currencies (BIF, CLP, DJF, GNF, JPY, KMF, KRW, MGA, PYG,
//!   RWF, VND, VUV, XAF, XOF, XPF) in whole units;
//! - ISK and UGX with two decimals that must be `00`: whole units written
//!   as hundredths, for backwards compatibility (ISK 5 is `500`);
//! - HUF and TWD with two decimals: their whole-unit rule is for payouts
//!   to a bank, which we never make through Stripe; charges and refunds
//!   are two-decimal;
//! - three-decimal currencies (BHD, JOD, KWD, OMR, TND) in thousandths
//!   whose last digit is `0`;
//! - everything else in hundredths.
//!
//! So the numbers differ for ISK (ours whole, Stripe's hundredths) and for
//! the zero-decimal codes the app counts in hundredths (XOF, XAF, ...), and
//! agree for CNY, USD, JPY and the rest.
//!
//! Invariants: a conversion is exact or refused (`None`), never rounded,
//! in both directions; an amount Stripe cannot take (a fraction of an ISK,
//! a last KWD digit that is not 0) is refused here, before any call.

use crate::domain::money::Currency;

const ZERO_DECIMAL: [&str; 15] = [
    "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "VND", "VUV", "XAF",
    "XOF", "XPF",
];
const WHOLE_IN_HUNDREDTHS: [&str; 2] = ["ISK", "UGX"];
const THREE_DECIMAL: [&str; 5] = ["BHD", "JOD", "KWD", "OMR", "TND"];

/// How Stripe writes one currency: its decimals, and the step every
/// amount must be a multiple of.
fn stripe_unit(code: &str) -> (u32, i64) {
    if ZERO_DECIMAL.contains(&code) {
        (0, 1)
    } else if WHOLE_IN_HUNDREDTHS.contains(&code) {
        (2, 100)
    } else if THREE_DECIMAL.contains(&code) {
        (3, 10)
    } else {
        (2, 1)
    }
}

/// `minor` of our units of `currency` (ISO code, any case) as Stripe's
/// amount, or `None` when Stripe cannot take it exactly.
pub fn to_stripe(currency: &str, minor: i64) -> Option<i64> {
    let currency = Currency::new(currency);
    let ours = currency.exponent();
    let (theirs, step) = stripe_unit(&currency.code);
    let amount = if theirs >= ours {
        minor.checked_mul(10_i64.checked_pow(theirs - ours)?)?
    } else {
        let factor = 10_i64.pow(ours - theirs);
        if minor % factor != 0 {
            return None;
        }
        minor / factor
    };
    (amount % step == 0).then_some(amount)
}

/// Stripe's `amount` of `currency` in our minor units, or `None` when it
/// is not a whole number of them.
pub fn from_stripe(currency: &str, amount: i64) -> Option<i64> {
    let currency = Currency::new(currency);
    let ours = currency.exponent();
    let (theirs, _) = stripe_unit(&currency.code);
    if theirs >= ours {
        let factor = 10_i64.pow(theirs - ours);
        (amount % factor == 0).then_some(amount / factor)
    } else {
        amount.checked_mul(10_i64.pow(ours - theirs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_currencies_are_the_same_number_on_both_sides() {
        for (code, minor) in [
            ("CNY", 4_200),
            ("USD", 1),
            ("EUR", 999),
            ("JPY", 500),
            ("KRW", 1_000),
            ("CLP", 7),
            ("VND", 20_000),
        ] {
            assert_eq!(to_stripe(code, minor), Some(minor), "{code}");
            assert_eq!(from_stripe(code, minor), Some(minor), "{code}");
        }
        assert_eq!(to_stripe("jpy", 500), Some(500), "any case");
    }

    #[test]
    fn isk_is_whole_for_us_and_hundredths_for_stripe() {
        assert_eq!(to_stripe("ISK", 5), Some(500));
        assert_eq!(from_stripe("ISK", 500), Some(5));
        assert_eq!(from_stripe("ISK", 510), None, "a fraction of a krona");
    }

    #[test]
    fn ugx_is_hundredths_on_both_sides_but_whole_shillings_only() {
        assert_eq!(to_stripe("UGX", 500), Some(500));
        assert_eq!(to_stripe("UGX", 550), None);
        assert_eq!(from_stripe("UGX", 500), Some(500));
    }

    #[test]
    fn huf_and_twd_charges_and_refunds_take_two_decimals() {
        assert_eq!(to_stripe("HUF", 550), Some(550));
        assert_eq!(to_stripe("TWD", 1_234), Some(1_234));
        assert_eq!(from_stripe("HUF", 550), Some(550));
    }

    #[test]
    fn zero_decimal_codes_we_count_in_hundredths_are_divided_exactly() {
        for code in [
            "XOF", "XAF", "XPF", "BIF", "DJF", "GNF", "KMF", "MGA", "PYG", "RWF", "VUV",
        ] {
            assert_eq!(to_stripe(code, 50_000), Some(500), "{code}");
            assert_eq!(to_stripe(code, 50_050), None, "{code}: a fraction");
            assert_eq!(from_stripe(code, 500), Some(50_000), "{code}");
        }
    }

    #[test]
    fn three_decimal_amounts_must_end_in_zero() {
        assert_eq!(to_stripe("KWD", 5_120), Some(5_120));
        assert_eq!(to_stripe("KWD", 5_124), None);
        assert_eq!(from_stripe("BHD", 5_120), Some(5_120));
    }

    #[test]
    fn every_amount_stripe_takes_comes_back_as_it_went() {
        let codes = ZERO_DECIMAL
            .iter()
            .chain(&WHOLE_IN_HUNDREDTHS)
            .chain(&THREE_DECIMAL)
            .chain(&["CNY", "USD", "HUF", "TWD"]);
        for code in codes {
            for minor in [0, 1, 10, 100, 12_300, 1_000_000_000] {
                if let Some(amount) = to_stripe(code, minor) {
                    assert_eq!(from_stripe(code, amount), Some(minor), "{code} {minor}");
                }
            }
        }
    }

    #[test]
    fn an_overflowing_amount_is_refused_not_wrapped() {
        assert_eq!(to_stripe("ISK", i64::MAX), None);
        assert_eq!(from_stripe("XOF", i64::MAX), None);
    }
}
