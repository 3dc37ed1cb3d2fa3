//! Alipay's documented names for the server-to-server calls, in one place:
//! the five methods we POST to the gateway, the fields of their
//! `biz_content` and of their answers, and the values we act on. Sources:
//!
//! - 统一收单交易查询 `alipay.trade.query`:
//!   <https://opendocs.alipay.com/open/82ea786a_alipay.trade.query>
//! - 统一收单交易退款 `alipay.trade.refund`:
//!   <https://opendocs.alipay.com/open/f60979b3_alipay.trade.refund>
//! - 统一收单交易退款查询 `alipay.trade.fastpay.refund.query`:
//!   <https://opendocs.alipay.com/open/357441a2_alipay.trade.fastpay.refund.query>
//! - 单笔转账 `alipay.fund.trans.uni.transfer`:
//!   <https://opendocs.alipay.com/open/62987723_alipay.fund.trans.uni.transfer>
//! - 转账业务单据查询 `alipay.fund.trans.common.query`:
//!   <https://opendocs.alipay.com/open/58a29899_alipay.fund.trans.common.query>
//! - the answer's shape and its signature (同步验签, 自行实现验签):
//!   <https://opendocs.alipay.com/common/02mse7>; the common codes
//!   (公共错误码): `10000` success, `20000` service unavailable, `40004`
//!   business failure (the reason in `sub_code`).
//!
//! The common request parameters are `wire.rs`'s (`app_id`, `method`,
//! `format`, `charset`, `sign_type`, `timestamp`, `version`, `biz_content`).
//!
//! Invariant: an answer is `{"<method, dots as underscores>_response":
//! {...}, "sign": "..."}` and the signature covers the exact text of the
//! first member (`response_node`), nothing else.

pub use super::wire::{
    OUT_BIZ_NO, OUT_TRADE_NO, PRODUCT_CODE, TOTAL_AMOUNT, TRADE_CLOSED, TRADE_FINISHED,
    TRADE_STATUS, TRADE_SUCCESS, WAIT_BUYER_PAY,
};

/// The five methods.
pub const TRADE_QUERY: &str = "alipay.trade.query";
pub const TRADE_REFUND: &str = "alipay.trade.refund";
pub const REFUND_QUERY: &str = "alipay.trade.fastpay.refund.query";
pub const UNI_TRANSFER: &str = "alipay.fund.trans.uni.transfer";
pub const TRANSFER_QUERY: &str = "alipay.fund.trans.common.query";

/// The member an answer to `method` is in: `alipay.trade.query` ->
/// `alipay_trade_query_response`.
pub fn response_node(method: &str) -> String {
    format!("{}_response", method.replace('.', "_"))
}

/// Where the gateway answers when it cannot tell the method (an unknown
/// `method`, an unreadable request).
pub const ERROR_RESPONSE: &str = "error_response";
/// The answer's signature, beside the node.
pub const SIGN: &str = "sign";

/// Fields of every answer.
pub const CODE: &str = "code";
pub const SUB_CODE: &str = "sub_code";
pub const SUB_MSG: &str = "sub_msg";
/// `code` values.
pub const CODE_SUCCESS: &str = "10000";
pub const CODE_BUSINESS_FAILED: &str = "40004";

/// `alipay.trade.query`, `.refund`, `.fastpay.refund.query`.
pub const TRADE_NO: &str = "trade_no";
pub const REFUND_AMOUNT: &str = "refund_amount";
pub const REFUND_REASON: &str = "refund_reason";
pub const OUT_REQUEST_NO: &str = "out_request_no";
pub const FUND_CHANGE: &str = "fund_change";
pub const REFUND_STATUS: &str = "refund_status";
/// The one `refund_status`: absent means not received or failed.
pub const REFUND_SUCCESS: &str = "REFUND_SUCCESS";
/// The trade is unknown: never opened by the payer (query), or not ours.
pub const TRADE_NOT_EXIST: &str = "ACQ.TRADE_NOT_EXIST";
/// The same `out_request_no` again with other values: a refund by that key
/// exists, so this is no refusal of it.
pub const DISCORDANT_REPEAT_REQUEST: &str = "ACQ.DISCORDANT_REPEAT_REQUEST";

/// `alipay.fund.trans.uni.transfer` and `.common.query`.
pub const TRANS_AMOUNT: &str = "trans_amount";
pub const BIZ_SCENE: &str = "biz_scene";
pub const ORDER_TITLE: &str = "order_title";
pub const PAYEE_INFO: &str = "payee_info";
pub const IDENTITY: &str = "identity";
pub const IDENTITY_TYPE: &str = "identity_type";
pub const NAME: &str = "name";
pub const ORDER_ID: &str = "order_id";
pub const PAY_FUND_ORDER_ID: &str = "pay_fund_order_id";
pub const STATUS: &str = "status";
pub const FAIL_REASON: &str = "fail_reason";
pub const ERROR_CODE: &str = "error_code";
/// 单笔无密转账 to a user's Alipay account.
pub const TRANS_ACCOUNT_NO_PWD: &str = "TRANS_ACCOUNT_NO_PWD";
pub const DIRECT_TRANSFER: &str = "DIRECT_TRANSFER";
/// The payee named by login (a phone number or an e-mail address), which
/// Alipay checks against `name`, the holder's real name.
pub const ALIPAY_LOGON_ID: &str = "ALIPAY_LOGON_ID";
/// Transfer `status` values: done, refused for good, under way, and
/// returned after it had succeeded (退票: the money came back to us).
pub const TRANSFER_SUCCESS: &str = "SUCCESS";
pub const TRANSFER_FAIL: &str = "FAIL";
pub const TRANSFER_DEALING: &str = "DEALING";
pub const TRANSFER_REFUND: &str = "REFUND";
/// `.common.query` knows no transfer by that `out_biz_no`.
pub const ORDER_NOT_EXIST: &str = "ORDER_NOT_EXIST";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_in_the_member_named_after_its_method() {
        assert_eq!(response_node(TRADE_QUERY), "alipay_trade_query_response");
        assert_eq!(
            response_node(REFUND_QUERY),
            "alipay_trade_fastpay_refund_query_response"
        );
        assert_eq!(
            response_node(UNI_TRANSFER),
            "alipay_fund_trans_uni_transfer_response"
        );
    }
}
