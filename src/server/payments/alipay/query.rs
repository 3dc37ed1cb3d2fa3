//! `look_up` on Alipay: 统一收单交易查询 `alipay.trade.query` by our intent
//! id (`out_trade_no`), read as the notification would have been read
//! (`notify.rs`): `TRADE_SUCCESS` / `TRADE_FINISHED` succeeded,
//! `TRADE_CLOSED` abandoned, `WAIT_BUYER_PAY` still open, and
//! `ACQ.TRADE_NOT_EXIST` a checkout the payer never opened (Alipay creates
//! the trade only then), so nothing to settle either.
//!
//! Invariants: only a signed answer about our `out_trade_no` settles
//! anything; no answer, an unsigned or foreign one, or an amount that is
//! not exact yuan is `payment_unavailable`, so reconciliation asks again
//! later rather than guess; the event id `query:<trade_no>:<trade_status>`
//! is the same however often the same outcome is looked up.

use super::amount::parse_yuan;
use super::gateway::{Answer, Gateway};
use super::wire_gateway as wire;
use super::{AlipayConfig, unavailable};
use crate::domain::AppError;
use crate::server::auth::now_millis;
use crate::server::payments::{EventKind, PaymentRef, ProviderEvent};

/// Alipay's settled view of `payment`, if any.
pub async fn look_up(
    gateway: &Gateway,
    config: &AlipayConfig,
    payment: &PaymentRef,
) -> Result<Option<ProviderEvent>, AppError> {
    let intent = payment.intent_id.as_str();
    let biz = serde_json::json!({ (wire::OUT_TRADE_NO): intent });
    let reply = match gateway.call(config, wire::TRADE_QUERY, &biz, intent).await {
        Ok(Answer::Signed(reply)) => reply,
        Ok(Answer::Unknown) | Err(_) => return Err(unavailable()),
    };
    if reply.code() != wire::CODE_SUCCESS {
        if reply.code() == wire::CODE_BUSINESS_FAILED && reply.sub_code() == wire::TRADE_NOT_EXIST {
            return Ok(None);
        }
        tracing::warn!(
            intent,
            code = reply.code(),
            sub_code = reply.sub_code(),
            "Alipay trade query refused"
        );
        return Err(unavailable());
    }
    if reply
        .text(wire::OUT_TRADE_NO)
        .is_some_and(|theirs| theirs != intent)
    {
        tracing::error!(intent, "Alipay answered a query about another trade");
        return Err(unavailable());
    }
    let status = reply.text(wire::TRADE_STATUS).unwrap_or_default();
    let kind = match status {
        wire::TRADE_SUCCESS | wire::TRADE_FINISHED => EventKind::Succeeded,
        wire::TRADE_CLOSED => EventKind::Abandoned,
        // WAIT_BUYER_PAY, or a status we do not know: nothing settled yet.
        _ => return Ok(None),
    };
    let amount_minor = match reply.text(wire::TOTAL_AMOUNT).map(parse_yuan) {
        Some(Ok(minor)) => minor,
        // A closed trade moved no money: its amount is ours to state.
        _ if kind == EventKind::Abandoned => payment.amount_minor,
        _ => {
            tracing::error!(
                intent,
                "Alipay reported a payment without an exact total_amount"
            );
            return Err(unavailable());
        }
    };
    let trade_no = reply.text(wire::TRADE_NO).unwrap_or(intent);
    Ok(Some(ProviderEvent {
        id: format!("query:{trade_no}:{status}"),
        kind,
        intent_id: intent.to_owned(),
        amount_minor,
        currency: config.currency.clone(),
        created: now_millis() / 1000,
    }))
}
