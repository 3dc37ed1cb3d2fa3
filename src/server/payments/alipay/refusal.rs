//! Which signed error answers refuse a refund or transfer for good.
//!
//! Invariant: only `code` 40004 (业务处理失败) with a `sub_code` that names
//! a business reason counts: the gateway's other codes (20000 service
//! unavailable, 40001/40002 a request it could not read, 20001/40006 our
//! rights) say nothing about the money, a `*SYSTEM_ERROR` sub_code asks us
//! to retry or query, and `ACQ.DISCORDANT_REPEAT_REQUEST` says a request
//! with that key exists. Those stay in flight until a query settles them:
//! returning a hold on an ambiguous word could pay the same money twice.

use super::response::Reply;
use super::wire_gateway::{CODE_BUSINESS_FAILED, DISCORDANT_REPEAT_REQUEST};

/// The reason to record when `reply` refuses the request for good.
pub fn refused(reply: &Reply) -> Option<String> {
    let sub_code = reply.sub_code();
    let ambiguous = sub_code.is_empty()
        || sub_code.ends_with("SYSTEM_ERROR")
        || sub_code == DISCORDANT_REPEAT_REQUEST;
    (reply.code() == CODE_BUSINESS_FAILED && !ambiguous).then(|| sub_code.to_owned())
}

#[cfg(test)]
mod tests {
    use super::super::response::verified;
    use super::super::sign::sign_content;
    use super::super::test_keys::ALIPAY;
    use super::*;

    /// Alipay's signed answer with `code` and `sub_code`.
    fn reply(code: &str, sub_code: &str) -> Reply {
        let node = format!(r#"{{"code":"{code}","msg":"m","sub_code":"{sub_code}"}}"#);
        let sign = sign_content(&ALIPAY, &node).expect("sign");
        let body = format!(r#"{{"alipay_trade_refund_response":{node},"sign":"{sign}"}}"#);
        verified(&ALIPAY.public_key(), &body, "alipay.trade.refund").expect("verified")
    }

    #[test]
    fn a_business_failure_with_a_reason_refuses_for_good() {
        for sub_code in [
            "ACQ.TRADE_NOT_EXIST",
            "ACQ.SELLER_BALANCE_NOT_ENOUGH",
            "PAYEE_NOT_EXIST",
        ] {
            assert_eq!(
                refused(&reply("40004", sub_code)).as_deref(),
                Some(sub_code)
            );
        }
    }

    #[test]
    fn system_errors_repeats_and_other_codes_refuse_nothing() {
        for (code, sub_code) in [
            ("40004", "ACQ.SYSTEM_ERROR"),
            ("40004", "SYSTEM_ERROR"),
            ("40004", "ACQ.DISCORDANT_REPEAT_REQUEST"),
            ("40004", ""),
            ("20000", "isp.unknow-error"),
            ("40002", "isv.invalid-signature"),
            ("10000", ""),
        ] {
            assert_eq!(refused(&reply(code, sub_code)), None, "{code} {sub_code}");
        }
    }
}
