//! The trade methods of the gateway, on the trades payers opened
//! (`checkout`) and paid (`AlipayStandIn::pay`):
//!
//! - `alipay.trade.query` (<https://opendocs.alipay.com/open/82ea786a_alipay.trade.query>):
//!   the trade's `trade_status` and amounts, or 40004 `ACQ.TRADE_NOT_EXIST`
//!   for one never opened;
//! - `alipay.trade.refund` (<https://opendocs.alipay.com/open/f60979b3_alipay.trade.refund>):
//!   refunds at most what was paid, once per `out_request_no` (a repeat
//!   answers `fund_change` N and moves nothing; a repeat with other values
//!   is `ACQ.DISCORDANT_REPEAT_REQUEST`); a fully refunded trade closes;
//!   refusals `ACQ.TRADE_NOT_EXIST`, `ACQ.TRADE_STATUS_ERROR` (not paid, or
//!   closed), `ACQ.REFUND_AMT_NOT_EQUAL_TOTAL` (more than is left);
//! - `alipay.trade.fastpay.refund.query`
//!   (<https://opendocs.alipay.com/open/357441a2_alipay.trade.fastpay.refund.query>):
//!   `refund_status` REFUND_SUCCESS for a refund made, no `refund_status`
//!   for one never received.

use super::gateway::{Node, error, invalid, success};
use super::values::{beijing_now, fen, yuan};
use super::{AlipayStandIn, Refund, Trade};
use serde_json::{Value, json};

/// A required string of `biz_content`.
fn text<'a>(biz: &'a Value, name: &str) -> Option<&'a str> {
    biz[name].as_str().filter(|text| !text.is_empty())
}

fn total(trade: &Trade) -> i64 {
    trade.checkout.biz["total_amount"]
        .as_str()
        .and_then(fen)
        .unwrap_or_default()
}

fn not_exist() -> Node {
    error("40004", "ACQ.TRADE_NOT_EXIST", "交易不存在")
}

impl AlipayStandIn {
    pub(super) fn trade_query(&self, biz: &Value) -> Node {
        let Some(out_trade_no) = text(biz, "out_trade_no") else {
            return invalid("ACQ.INVALID_PARAMETER", "out_trade_no");
        };
        let inner = self.inner.lock().expect("lock");
        let Some(trade) = inner.trades.get(out_trade_no) else {
            return not_exist();
        };
        let paid = matches!(trade.status.as_str(), "TRADE_SUCCESS" | "TRADE_FINISHED");
        let amount = yuan(total(trade));
        let buyer_paid = if paid { amount.clone() } else { "0.00".into() };
        let mut fields = json!({
            "trade_no": trade.trade_no,
            "out_trade_no": out_trade_no,
            "buyer_logon_id": "159****5620",
            "trade_status": trade.status,
            "total_amount": amount,
            "buyer_pay_amount": buyer_paid,
            "point_amount": "0.00",
            "subject": trade.checkout.biz["subject"],
            "buyer_user_id": "2088101117955611",
        });
        if paid {
            fields["send_pay_date"] = beijing_now().into();
        }
        success(fields)
    }

    pub(super) fn trade_refund(&self, biz: &Value) -> Node {
        let (Some(out_trade_no), Some(out_request_no), Some(amount)) = (
            text(biz, "out_trade_no"),
            text(biz, "out_request_no"),
            text(biz, "refund_amount"),
        ) else {
            return invalid("ACQ.INVALID_PARAMETER", &format!("refund: {biz}"));
        };
        let Some(refund_fen) = fen(amount).filter(|fen| *fen > 0) else {
            return invalid("ACQ.INVALID_PARAMETER", &format!("refund_amount={amount}"));
        };
        if !biz["refund_reason"].is_string() {
            return invalid("ACQ.INVALID_PARAMETER", "refund_reason");
        }
        let mut inner = self.inner.lock().expect("lock");
        if let Some(done) = inner.refunds.get(out_request_no) {
            if done.out_trade_no != out_trade_no || done.amount != amount {
                return error("40004", "ACQ.DISCORDANT_REPEAT_REQUEST", "不一致的请求");
            }
            return refunded(&inner.trades[out_trade_no], "N");
        }
        let Some(trade) = inner.trades.get_mut(out_trade_no) else {
            return not_exist();
        };
        if trade.status != "TRADE_SUCCESS" {
            return error("40004", "ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
        }
        if total(trade) - trade.refunded < refund_fen {
            return error("40004", "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限");
        }
        trade.refunded += refund_fen;
        if trade.refunded == total(trade) {
            trade.status = "TRADE_CLOSED".into();
        }
        let answer = refunded(trade, "Y");
        let refund = Refund {
            out_trade_no: out_trade_no.to_owned(),
            amount: amount.to_owned(),
        };
        inner.refunds.insert(out_request_no.to_owned(), refund);
        answer
    }

    pub(super) fn refund_query(&self, biz: &Value) -> Node {
        let (Some(out_trade_no), Some(out_request_no)) =
            (text(biz, "out_trade_no"), text(biz, "out_request_no"))
        else {
            return invalid("ACQ.INVALID_PARAMETER", &format!("refund query: {biz}"));
        };
        let inner = self.inner.lock().expect("lock");
        let Some(trade) = inner.trades.get(out_trade_no) else {
            return not_exist();
        };
        let mut fields = json!({
            "trade_no": trade.trade_no,
            "out_trade_no": out_trade_no,
            "out_request_no": out_request_no,
        });
        let made = inner.refunds.get(out_request_no);
        if let Some(refund) = made.filter(|refund| refund.out_trade_no == out_trade_no) {
            fields["total_amount"] = yuan(total(trade)).into();
            fields["refund_amount"] = refund.amount.clone().into();
            fields["refund_status"] = "REFUND_SUCCESS".into();
            fields["gmt_refund_pay"] = beijing_now().into();
        }
        success(fields)
    }
}

/// The answer to a refund accepted for `trade`.
fn refunded(trade: &Trade, fund_change: &str) -> Node {
    success(json!({
        "trade_no": trade.trade_no,
        "out_trade_no": trade.checkout.biz["out_trade_no"],
        "buyer_logon_id": "159****5620",
        "fund_change": fund_change,
        "refund_fee": yuan(trade.refunded),
        "gmt_refund_pay": beijing_now(),
        "buyer_user_id": "2088101117955611",
    }))
}
