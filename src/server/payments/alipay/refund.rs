//! Refunds of a top-up back to where it was paid from: 统一收单交易退款
//! `alipay.trade.refund` (keyed by `out_request_no`, our `MoneyOut::key`)
//! and, for a refund whose answer we lost, 统一收单交易退款查询
//! `alipay.trade.fastpay.refund.query` (`wire_gateway.rs` links both).
//!
//! Reading Alipay's answers: `code` 10000 to the refund means this
//! `out_request_no` is refunded, whether it moved money now
//! (`fund_change` Y) or had before (N: a repeat refunds once); a signed
//! 40004 with a business `sub_code` (`refusal.rs`) refused it for good. The
//! query's 10000 with `refund_status` REFUND_SUCCESS means refunded; 10000
//! without it means Alipay never received (or failed) the refund, so it is
//! failed and the hold may return; the trade not existing means the same.
//!
//! Invariant: everything else (no answer, an unsigned one, system errors)
//! is `InFlight`: `outgoing.rs`'s rule that only Alipay's own word returns
//! a hold; `check` never sends a refund.

use super::gateway::{Answer, Gateway};
use super::refusal::refused;
use super::wire_gateway as wire;
use super::{AlipayConfig, not_sent, wire_amount};
use crate::domain::AppError;
use crate::server::payments::{MoneyOut, MoneyOutResult, PaymentRef};

/// Asks Alipay to refund `out` from `payment`.
pub async fn send(
    gateway: &Gateway,
    config: &AlipayConfig,
    out: &MoneyOut,
    payment: &PaymentRef,
) -> Result<MoneyOutResult, AppError> {
    let biz = serde_json::json!({
        (wire::OUT_TRADE_NO): payment.intent_id,
        (wire::REFUND_AMOUNT): wire_amount(config, out)?,
        (wire::OUT_REQUEST_NO): out.key,
        (wire::REFUND_REASON): out.title,
    });
    let answer = gateway
        .call(config, wire::TRADE_REFUND, &biz, &out.key)
        .await;
    let Answer::Signed(reply) = answer.map_err(|_| not_sent())? else {
        return Ok(MoneyOutResult::InFlight);
    };
    if reply.code() == wire::CODE_SUCCESS {
        let reference = reply.text(wire::TRADE_NO).unwrap_or(&payment.intent_id);
        return Ok(MoneyOutResult::Succeeded {
            reference: reference.to_owned(),
        });
    }
    Ok(
        refused(&reply).map_or(MoneyOutResult::InFlight, |reason| MoneyOutResult::Failed {
            reason,
        }),
    )
}

/// Where the refund sent as `out` stands, by `out_request_no`.
pub async fn check(
    gateway: &Gateway,
    config: &AlipayConfig,
    out: &MoneyOut,
    payment: &PaymentRef,
) -> Result<MoneyOutResult, AppError> {
    let biz = serde_json::json!({
        (wire::OUT_TRADE_NO): payment.intent_id,
        (wire::OUT_REQUEST_NO): out.key,
    });
    let answer = gateway
        .call(config, wire::REFUND_QUERY, &biz, &out.key)
        .await;
    let Answer::Signed(reply) = answer.map_err(|_| not_sent())? else {
        return Ok(MoneyOutResult::InFlight);
    };
    match (reply.code(), reply.sub_code()) {
        (wire::CODE_SUCCESS, _) => Ok(match reply.text(wire::REFUND_STATUS) {
            Some(wire::REFUND_SUCCESS) => MoneyOutResult::Succeeded {
                reference: reply
                    .text(wire::TRADE_NO)
                    .unwrap_or(&payment.intent_id)
                    .to_owned(),
            },
            _ => MoneyOutResult::Failed {
                reason: "not_received".to_owned(),
            },
        }),
        (wire::CODE_BUSINESS_FAILED, wire::TRADE_NOT_EXIST) => Ok(MoneyOutResult::Failed {
            reason: wire::TRADE_NOT_EXIST.to_owned(),
        }),
        _ => Ok(MoneyOutResult::InFlight),
    }
}
