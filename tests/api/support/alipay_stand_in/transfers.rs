//! The transfer methods of the gateway:
//!
//! - `alipay.fund.trans.uni.transfer`
//!   (<https://opendocs.alipay.com/open/62987723_alipay.fund.trans.uni.transfer>):
//!   单笔无密转账 (`product_code` TRANS_ACCOUNT_NO_PWD, `biz_scene`
//!   DIRECT_TRANSFER) to `payee_info` {identity, identity_type
//!   ALIPAY_LOGON_ID, name}; once per `out_biz_no` (a repeat answers the
//!   first transfer); `PAYEE_NOT_EXIST` for `UNKNOWN_PAYEE`; `status`
//!   SUCCESS, or what `Next::TransferStatus` says (DEALING, FAIL);
//! - `alipay.fund.trans.common.query`
//!   (<https://opendocs.alipay.com/open/58a29899_alipay.fund.trans.common.query>):
//!   the transfer's `status` by `out_biz_no`, or 40004 `ORDER_NOT_EXIST`.

use super::gateway::{Node, error, invalid, success};
use super::values::{beijing_now, fen};
use super::{AlipayStandIn, Transfer, UNKNOWN_PAYEE};
use serde_json::{Value, json};

/// `product_code` and `biz_scene` as the docs fix them for our product.
fn product_ok(biz: &Value) -> bool {
    biz["product_code"] == "TRANS_ACCOUNT_NO_PWD" && biz["biz_scene"] == "DIRECT_TRANSFER"
}

/// The answer about `transfer` made under `out_biz_no`.
fn answer(out_biz_no: &str, transfer: &Transfer) -> Node {
    success(json!({
        "out_biz_no": out_biz_no,
        "order_id": transfer.order_id,
        "pay_fund_order_id": format!("{}01", transfer.order_id),
        "status": transfer.status,
        "trans_date": beijing_now(),
    }))
}

impl AlipayStandIn {
    pub(super) fn uni_transfer(&self, biz: &Value, status: Option<&str>) -> Node {
        let text = |name: &str| biz[name].as_str().filter(|text| !text.is_empty());
        let payee = &biz["payee_info"];
        let payee_ok = payee["identity"].as_str().is_some_and(|id| !id.is_empty())
            && payee["identity_type"] == "ALIPAY_LOGON_ID"
            && payee["name"].as_str().is_some_and(|name| !name.is_empty());
        let amount = text("trans_amount").unwrap_or_default();
        let amount_ok = fen(amount).is_some_and(|fen| (10..=10_000_000_000).contains(&fen));
        let (Some(out_biz_no), Some(_title)) = (text("out_biz_no"), text("order_title")) else {
            return invalid("INVALID_PARAMETER", &format!("transfer: {biz}"));
        };
        if !payee_ok || !amount_ok || !product_ok(biz) {
            return invalid("INVALID_PARAMETER", &format!("transfer: {biz}"));
        }
        let identity = payee["identity"].as_str().unwrap_or_default();
        let mut inner = self.inner.lock().expect("lock");
        if let Some(done) = inner.transfers.get(out_biz_no) {
            return answer(out_biz_no, done);
        }
        if identity == UNKNOWN_PAYEE {
            return error("40004", "PAYEE_NOT_EXIST", "收款账号不存在");
        }
        let transfer = Transfer {
            order_id: format!("2019080111007000000638{:04}", inner.transfers.len() + 1),
            amount: amount.to_owned(),
            identity: identity.to_owned(),
            name: payee["name"].as_str().unwrap_or_default().to_owned(),
            status: status.unwrap_or("SUCCESS").to_owned(),
        };
        let node = answer(out_biz_no, &transfer);
        inner.transfers.insert(out_biz_no.to_owned(), transfer);
        node
    }

    pub(super) fn transfer_query(&self, biz: &Value) -> Node {
        let Some(out_biz_no) = biz["out_biz_no"].as_str().filter(|no| !no.is_empty()) else {
            return invalid("INVALID_PARAMETER", &format!("transfer query: {biz}"));
        };
        if !product_ok(biz) {
            return invalid("INVALID_PARAMETER", &format!("transfer query: {biz}"));
        }
        let inner = self.inner.lock().expect("lock");
        let Some(transfer) = inner.transfers.get(out_biz_no) else {
            return error("40004", "ORDER_NOT_EXIST", "转账订单不存在");
        };
        let mut fields = json!({
            "order_id": transfer.order_id,
            "pay_fund_order_id": format!("{}01", transfer.order_id),
            "out_biz_no": out_biz_no,
            "trans_amount": transfer.amount,
            "status": transfer.status,
            "order_fee": "0.00",
        });
        match transfer.status.as_str() {
            "SUCCESS" => fields["pay_date"] = beijing_now().into(),
            "FAIL" => {
                fields["error_code"] = "PAYEE_ACCOUNT_STATUS_ERROR".into();
                fields["fail_reason"] = "收款方账户状态异常".into();
            }
            _ => {}
        }
        success(fields)
    }
}
