//! Payouts to a user's own Alipay account: 单笔转账
//! `alipay.fund.trans.uni.transfer` (单笔无密转账 `TRANS_ACCOUNT_NO_PWD`,
//! scene `DIRECT_TRANSFER`, the payee by login `ALIPAY_LOGON_ID` and real
//! name, keyed by `out_biz_no`, our `MoneyOut::key`) and, to settle one
//! still dealing or whose answer we lost, 转账业务单据查询
//! `alipay.fund.trans.common.query` (`wire_gateway.rs` links both).
//!
//! Reading Alipay's answers (10000): `status` SUCCESS paid, FAIL refused,
//! REFUND paid and then returned to us (退票), DEALING or anything else
//! still under way; a signed 40004 with a business `sub_code` refuses the
//! transfer (`refusal.rs`); the query's `ORDER_NOT_EXIST` means no transfer
//! by that key ever arrived, so the hold may return.
//!
//! Invariant: no answer, an unsigned one or a system error is `InFlight`
//! (`outgoing.rs`); a repeated `out_biz_no` transfers once (Alipay's
//! idempotency), and `check` never sends a transfer.

use super::gateway::{Answer, Gateway};
use super::refusal::refused;
use super::response::Reply;
use super::wire_gateway as wire;
use super::{AlipayConfig, not_sent, wire_amount};
use crate::domain::AppError;
use crate::server::payments::{MoneyOut, MoneyOutResult};

/// Asks Alipay to pay `out` to `account` (a login) held by `holder`.
pub async fn send(
    gateway: &Gateway,
    config: &AlipayConfig,
    out: &MoneyOut,
    account: &str,
    holder: &str,
) -> Result<MoneyOutResult, AppError> {
    let biz = serde_json::json!({
        (wire::OUT_BIZ_NO): out.key,
        (wire::TRANS_AMOUNT): wire_amount(config, out)?,
        (wire::PRODUCT_CODE): wire::TRANS_ACCOUNT_NO_PWD,
        (wire::BIZ_SCENE): wire::DIRECT_TRANSFER,
        (wire::ORDER_TITLE): out.title,
        (wire::PAYEE_INFO): {
            (wire::IDENTITY): account,
            (wire::IDENTITY_TYPE): wire::ALIPAY_LOGON_ID,
            (wire::NAME): holder,
        },
    });
    let answer = gateway
        .call(config, wire::UNI_TRANSFER, &biz, &out.key)
        .await;
    let Answer::Signed(reply) = answer.map_err(|_| not_sent())? else {
        return Ok(MoneyOutResult::InFlight);
    };
    if reply.code() == wire::CODE_SUCCESS {
        return Ok(status(&reply, &out.key));
    }
    Ok(
        refused(&reply).map_or(MoneyOutResult::InFlight, |reason| MoneyOutResult::Failed {
            reason,
        }),
    )
}

/// Where the transfer sent as `out` stands, by `out_biz_no`.
pub async fn check(
    gateway: &Gateway,
    config: &AlipayConfig,
    out: &MoneyOut,
) -> Result<MoneyOutResult, AppError> {
    let biz = serde_json::json!({
        (wire::OUT_BIZ_NO): out.key,
        (wire::PRODUCT_CODE): wire::TRANS_ACCOUNT_NO_PWD,
        (wire::BIZ_SCENE): wire::DIRECT_TRANSFER,
    });
    let answer = gateway
        .call(config, wire::TRANSFER_QUERY, &biz, &out.key)
        .await;
    let Answer::Signed(reply) = answer.map_err(|_| not_sent())? else {
        return Ok(MoneyOutResult::InFlight);
    };
    Ok(match (reply.code(), reply.sub_code()) {
        (wire::CODE_SUCCESS, _) => status(&reply, &out.key),
        (wire::CODE_BUSINESS_FAILED, wire::ORDER_NOT_EXIST) => MoneyOutResult::Failed {
            reason: wire::ORDER_NOT_EXIST.to_owned(),
        },
        _ => MoneyOutResult::InFlight,
    })
}

/// A successful answer's `status`, as a result.
fn status(reply: &Reply, key: &str) -> MoneyOutResult {
    match reply.text(wire::STATUS) {
        Some(wire::TRANSFER_SUCCESS) => MoneyOutResult::Succeeded {
            reference: reply
                .text(wire::ORDER_ID)
                .or_else(|| reply.text(wire::PAY_FUND_ORDER_ID))
                .unwrap_or(key)
                .to_owned(),
        },
        Some(wire::TRANSFER_FAIL) => MoneyOutResult::Failed {
            // The machine-readable reason, not `fail_reason`'s prose.
            reason: reply
                .text(wire::ERROR_CODE)
                .or_else(|| reply.text(wire::SUB_CODE))
                .unwrap_or(wire::TRANSFER_FAIL)
                .to_owned(),
        },
        Some(wire::TRANSFER_REFUND) => MoneyOutResult::Failed {
            reason: wire::TRANSFER_REFUND.to_owned(),
        },
        // DEALING, or a status we do not know: ask again later.
        _ => MoneyOutResult::InFlight,
    }
}
