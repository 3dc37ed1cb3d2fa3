//! What an Alipay RSA2 signature covers (待签名字符串), as the Open Platform
//! docs define it:
//!
//! - a request (自行实现签名, <https://opendocs.alipay.com/common/02kf5q>):
//!   every parameter except `sign` (so `sign_type` IS covered), parameters
//!   with an empty value dropped, sorted by name in ASCII order, joined
//!   `name=value&name=value` with the raw values (not URL-encoded);
//! - an asynchronous notification (异步通知验签, 电脑网站支付,
//!   <https://opendocs.alipay.com/open/270/105902>): every parameter it
//!   carries except `sign` and `sign_type`, URL-decoded, sorted and joined the
//!   same way. Empty values are KEPT here: the docs say every returned
//!   parameter, and the official SDK's `rsaCheckV1` (`getSignCheckContentV1`)
//!   keeps them, unlike its request side (`getSignContent`), which drops them.
//!
//! Both documented examples are reproduced in `tests/api/payments_signatures.rs`.
//!
//! Invariant: a parameter name given twice is refused, `sign` included: two
//! readers could otherwise take other values than the signature covered.

use super::sign::AlipaySignError;

/// The parameter carrying the signature.
pub const SIGN: &str = "sign";
/// The parameter naming the algorithm; ours is always `RSA2`.
pub const SIGN_TYPE: &str = "sign_type";

/// Sorted `name=value&...` of the parameters not in `excluded`, keeping empty
/// values only when `keep_empty`.
fn content(
    params: &[(&str, &str)],
    excluded: &[&str],
    keep_empty: bool,
) -> Result<String, AlipaySignError> {
    let mut sorted = params.to_vec();
    // Byte order of UTF-8 names is ASCII order for the ASCII names Alipay uses.
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    if sorted.windows(2).any(|pair| pair[0].0 == pair[1].0) {
        return Err(AlipaySignError::DuplicateParameter);
    }
    let pairs: Vec<String> = sorted
        .iter()
        .filter(|(name, value)| !excluded.contains(name) && (keep_empty || !value.is_empty()))
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    Ok(pairs.join("&"))
}

/// The content a request's `sign` covers.
pub fn request_content(params: &[(&str, &str)]) -> Result<String, AlipaySignError> {
    content(params, &[SIGN], false)
}

/// The content a notification's `sign` covers.
pub fn notification_content(params: &[(&str, &str)]) -> Result<String, AlipaySignError> {
    content(params, &[SIGN, SIGN_TYPE], true)
}

/// The single value of `name`, if given exactly once.
pub(super) fn single<'a>(params: &[(&str, &'a str)], name: &str) -> Option<&'a str> {
    let mut values = params.iter().filter(|(key, _)| *key == name);
    match (values.next(), values.next()) {
        (Some((_, value)), None) => Some(value),
        _ => None,
    }
}

/// A notification body (`application/x-www-form-urlencoded`) decoded into
/// owned pairs, in order; `+` is a space, as in every form decoder.
pub fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_content_drops_sign_and_empty_values_but_keeps_sign_type() {
        let params = [
            ("method", "alipay.trade.page.pay"),
            ("sign", "ignored"),
            ("notify_url", ""),
            ("sign_type", "RSA2"),
            ("app_id", "1"),
        ];
        assert_eq!(
            request_content(&params).as_deref(),
            Ok("app_id=1&method=alipay.trade.page.pay&sign_type=RSA2")
        );
    }

    #[test]
    fn notification_content_drops_sign_and_sign_type_and_keeps_empty_values() {
        let params = [("b", ""), ("sign_type", "RSA2"), ("sign", "x"), ("a", "1")];
        assert_eq!(notification_content(&params).as_deref(), Ok("a=1&b="));
    }

    #[test]
    fn keys_sort_in_ascii_order_not_alphabetically() {
        let params = [
            ("b", "1"),
            ("B", "2"),
            ("a_b", "3"),
            ("aB", "4"),
            ("a", "5"),
        ];
        assert_eq!(
            request_content(&params).as_deref(),
            Ok("B=2&a=5&aB=4&a_b=3&b=1")
        );
    }

    #[test]
    fn a_parameter_given_twice_is_refused() {
        let twice = [("a", "1"), ("a", "2")];
        assert_eq!(
            request_content(&twice),
            Err(AlipaySignError::DuplicateParameter)
        );
        assert_eq!(
            notification_content(&[("sign", "x"), ("sign", "y")]),
            Err(AlipaySignError::DuplicateParameter)
        );
    }

    #[test]
    fn form_bodies_decode_percent_escapes_and_plus() {
        let pairs =
            form_pairs(b"subject=%E5%85%85%E5%80%BC+top&gmt_create=2016-10-12+21%3A36%3A12");
        assert_eq!(
            pairs,
            vec![
                ("subject".to_owned(), "充值 top".to_owned()),
                ("gmt_create".to_owned(), "2016-10-12 21:36:12".to_owned()),
            ]
        );
    }
}
