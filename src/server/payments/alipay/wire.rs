//! Alipay's documented names, in one place: the common request parameters
//! (公共请求参数), the business parameters of `alipay.trade.page.pay`
//! (电脑网站支付, 请求参数) and the fields of its asynchronous notification
//! (异步通知参数). Sources: the API page
//! <https://opendocs.alipay.com/apis/api_1/alipay.trade.page.pay>, whose common
//! parameters are `app_id`, `method`, `format` (only `JSON`), `return_url`,
//! `charset`, `sign_type` (`RSA2` recommended), `sign`, `timestamp`
//! (`yyyy-MM-dd HH:mm:ss`), `version` (fixed `1.0`), `notify_url` and
//! `biz_content` (every business parameter, as JSON); and the notification
//! page <https://opendocs.alipay.com/open/270/105902>.
//!
//! Invariants: `total_amount` is yuan with exactly two decimals in
//! [0.01, 100000000] (`super::amount`); `out_trade_no` (at most 64 letters,
//! digits and underscores) is our intent id; the parameter list carries no
//! name twice and no `sign` (the signature is added over exactly this list).

use super::amount;
use super::beijing;
use super::sign::RSA2;
use crate::server::payments::CheckoutRequest;

/// Alipay's production gateway (`payments.alipay_gateway` by default).
pub const GATEWAY: &str = "https://openapi.alipay.com/gateway.do";

/// 统一收单下单并支付页面接口: the computer-website checkout.
pub const PAGE_PAY: &str = "alipay.trade.page.pay";
/// The one product code `alipay.trade.page.pay` accepts.
pub const FAST_INSTANT_TRADE_PAY: &str = "FAST_INSTANT_TRADE_PAY";
/// 手机网站支付接口2.0: the phone-browser checkout
/// (<https://opendocs.alipay.com/open/29ae8cb6_alipay.trade.wap.pay>), the
/// same common parameters and notification as page.pay.
pub const WAP_PAY: &str = "alipay.trade.wap.pay";
/// The product code `alipay.trade.wap.pay` takes.
pub const QUICK_WAP_WAY: &str = "QUICK_WAP_WAY";
/// wap.pay's business parameter: where a payer who quits the cashier
/// midway is sent (用户付款中途退出返回商户网站的地址).
pub const QUIT_URL: &str = "quit_url";

/// Common request parameters.
pub const APP_ID: &str = "app_id";
pub const METHOD: &str = "method";
pub const FORMAT: &str = "format";
pub const CHARSET: &str = "charset";
pub use super::content::{SIGN, SIGN_TYPE};
pub const TIMESTAMP: &str = "timestamp";
pub const VERSION: &str = "version";
pub const NOTIFY_URL: &str = "notify_url";
pub const RETURN_URL: &str = "return_url";
pub const BIZ_CONTENT: &str = "biz_content";

/// Business parameters (inside `biz_content`), also echoed by notifications.
pub const OUT_TRADE_NO: &str = "out_trade_no";
pub const TOTAL_AMOUNT: &str = "total_amount";
pub const SUBJECT: &str = "subject";
pub const PRODUCT_CODE: &str = "product_code";

/// Notification fields we read.
pub const NOTIFY_ID: &str = "notify_id";
pub const NOTIFY_TIME: &str = "notify_time";
pub const TRADE_STATUS: &str = "trade_status";
/// Present only on a refund's notification (退款通知中返回退款申请的流水号 /
/// 退款时间), which this adapter leaves to the refund flow.
pub const OUT_BIZ_NO: &str = "out_biz_no";
pub const GMT_REFUND: &str = "gmt_refund";

/// `trade_status` values (交易状态说明).
pub const WAIT_BUYER_PAY: &str = "WAIT_BUYER_PAY";
pub const TRADE_CLOSED: &str = "TRADE_CLOSED";
pub const TRADE_SUCCESS: &str = "TRADE_SUCCESS";
pub const TRADE_FINISHED: &str = "TRADE_FINISHED";

/// The limits of `total_amount`, in fen: [0.01, 100000000] yuan.
pub const AMOUNT_RANGE: std::ops::RangeInclusive<i64> = 1..=10_000_000_000;

/// The parameters of an `alipay.trade.page.pay` request for `request` (or,
/// for a payer on a phone, `alipay.trade.wap.pay`), all but `sign`, at
/// `now_ms`; `None` when the amount is outside Alipay's range.
pub fn page_pay_params(
    app_id: &str,
    notify_url: &str,
    request: &CheckoutRequest,
    now_ms: i64,
) -> Option<Vec<(&'static str, String)>> {
    if !AMOUNT_RANGE.contains(&request.amount_minor) {
        return None;
    }
    let total_amount = amount::format_yuan(request.amount_minor).ok()?;
    let (method, biz_content) = if request.on_phone {
        let biz_content = serde_json::json!({
            OUT_TRADE_NO: request.intent_id,
            TOTAL_AMOUNT: total_amount,
            SUBJECT: request.description,
            PRODUCT_CODE: QUICK_WAP_WAY,
            QUIT_URL: request.cancel_url,
        });
        (WAP_PAY, biz_content)
    } else {
        let biz_content = serde_json::json!({
            OUT_TRADE_NO: request.intent_id,
            TOTAL_AMOUNT: total_amount,
            SUBJECT: request.description,
            PRODUCT_CODE: FAST_INSTANT_TRADE_PAY,
        });
        (PAGE_PAY, biz_content)
    };
    Some(vec![
        (APP_ID, app_id.to_owned()),
        (METHOD, method.to_owned()),
        (FORMAT, "JSON".to_owned()),
        (CHARSET, "utf-8".to_owned()),
        (SIGN_TYPE, RSA2.to_owned()),
        (TIMESTAMP, beijing::format(now_ms)),
        (VERSION, "1.0".to_owned()),
        (NOTIFY_URL, notify_url.to_owned()),
        (RETURN_URL, request.success_url.clone()),
        (BIZ_CONTENT, biz_content.to_string()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(amount_minor: i64) -> CheckoutRequest {
        CheckoutRequest {
            intent_id: "pi_1".into(),
            amount_minor,
            currency: "CNY".into(),
            description: "Bounty: wallet top-up".into(),
            success_url: "https://bounty.example/wallet?payment=pi_1".into(),
            cancel_url: "https://bounty.example/wallet?payment=pi_1".into(),
            on_phone: false,
        }
    }

    #[test]
    fn a_payer_on_a_phone_gets_the_mobile_site_cashier_with_a_way_back() {
        let phone = CheckoutRequest {
            on_phone: true,
            ..request(1_230)
        };
        let params = page_pay_params("1", "https://n", &phone, 0).expect("in range");
        let value = |name: &str| {
            params
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone())
        };
        assert_eq!(value(METHOD).as_deref(), Some(WAP_PAY));
        let biz: serde_json::Value =
            serde_json::from_str(&value(BIZ_CONTENT).expect("biz_content")).expect("json");
        assert_eq!(biz[PRODUCT_CODE], QUICK_WAP_WAY);
        assert_eq!(biz[QUIT_URL], "https://bounty.example/wallet?payment=pi_1");
        assert_eq!(biz[TOTAL_AMOUNT], "12.30");
        let desk = page_pay_params("1", "https://n", &request(1_230), 0).expect("in range");
        assert!(desk.iter().any(|(k, v)| *k == METHOD && v == PAGE_PAY));
    }

    #[test]
    fn amounts_outside_alipays_range_open_no_checkout() {
        let params = |amount| page_pay_params("1", "https://n", &request(amount), 0);
        assert!(params(0).is_none());
        assert!(params(10_000_000_001).is_none());
        assert!(params(1).is_some());
        assert!(params(10_000_000_000).is_some());
    }

    #[test]
    fn the_business_parameters_travel_as_json_in_biz_content() {
        let params = page_pay_params("1", "https://n", &request(1_230), 0).expect("in range");
        let value = |name: &str| {
            params
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone())
        };
        assert_eq!(value(TIMESTAMP).as_deref(), Some("1970-01-01 08:00:00"));
        let biz: serde_json::Value =
            serde_json::from_str(&value(BIZ_CONTENT).expect("biz_content")).expect("json");
        assert_eq!(biz[TOTAL_AMOUNT], "12.30");
        assert_eq!(biz[OUT_TRADE_NO], "pi_1");
        assert_eq!(biz[PRODUCT_CODE], FAST_INSTANT_TRADE_PAY);
        assert!(
            value(SIGN).is_none(),
            "signed afterwards, over exactly these"
        );
    }
}
