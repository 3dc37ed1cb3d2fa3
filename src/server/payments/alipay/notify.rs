//! Alipay's asynchronous notification (异步通知) about a page.pay trade, as
//! <https://opendocs.alipay.com/open/270/105902> describes it: a POST to our
//! `notify_url` with an `application/x-www-form-urlencoded` body, signed
//! with Alipay's private key over every parameter but `sign` and
//! `sign_type` (`super::content`, `super::sign`).
//!
//! The documented checks, in order: the signature verifies with Alipay's
//! public key; `app_id` is ours; `out_trade_no` is an order we created and
//! `total_amount` its amount (both by the provider-neutral webhook
//! service, which refuses an unknown intent or another amount). Then
//! `trade_status` (交易状态说明):
//!
//! - `TRADE_SUCCESS` (paid, refundable) and `TRADE_FINISHED` (paid, no
//!   longer refundable; may follow the first): succeeded. "只有交易通知状态为
//!   TRADE_SUCCESS 或 TRADE_FINISHED 时，支付宝才会认定为买家付款成功";
//! - `TRADE_CLOSED` (closed unpaid after the time limit): abandoned;
//! - `WAIT_BUYER_PAY`, or a status we do not know: acknowledged, nothing yet.
//!
//! Invariants: nothing is read before the signature verifies; the event id
//! is `notify_id`, which stays the same on every resend of one
//! notification until it is answered `success`, so redeliveries
//! deduplicate; `total_amount` must be yuan with exactly two decimals or
//! nothing is credited; a refund's notification (it carries `out_biz_no` /
//! `gmt_refund`, and `TRADE_SUCCESS` or `TRADE_CLOSED` for the same trade)
//! is acknowledged without effect here, so it can never read as a payment.

use super::AlipayConfig;
use super::amount::parse_yuan;
use super::beijing;
use super::content::{form_pairs, single};
use super::sign::{AlipaySignError, verify_notification};
use super::wire;
use crate::domain::AppError;
use crate::server::payments::{EventKind, ProviderEvent, WebhookOutcome};

fn malformed() -> AppError {
    AppError::invalid("body", "malformed")
}

/// Verifies and reads one notification body.
pub fn read(config: &AlipayConfig, body: &[u8], now_secs: i64) -> Result<WebhookOutcome, AppError> {
    let pairs = form_pairs(body);
    let params: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let field = |name: &str| single(&params, name);
    verify_notification(&config.alipay_key, &params).map_err(|error| {
        tracing::warn!(notify_id = field(wire::NOTIFY_ID), %error, "Alipay notification refused");
        match error {
            AlipaySignError::DuplicateParameter => malformed(),
            _ => AppError::Unauthorized,
        }
    })?;
    let (Some(notify_id), Some(intent_id), Some(status)) = (
        field(wire::NOTIFY_ID),
        field(wire::OUT_TRADE_NO),
        field(wire::TRADE_STATUS),
    ) else {
        return Err(malformed());
    };
    if field(wire::APP_ID) != Some(config.app_id.as_str()) {
        tracing::warn!(
            notify_id,
            app_id = field(wire::APP_ID),
            "Alipay notification for another app"
        );
        return Err(AppError::invalid(wire::APP_ID, "not_ours"));
    }
    let acknowledge = |reason: String| -> Result<WebhookOutcome, AppError> {
        Ok(WebhookOutcome::Acknowledge {
            event_id: notify_id.to_owned(),
            reason,
        })
    };
    if field(wire::OUT_BIZ_NO).is_some() || field(wire::GMT_REFUND).is_some() {
        return acknowledge(format!("a refund's notification ({status})"));
    }
    let kind = match status {
        wire::TRADE_SUCCESS | wire::TRADE_FINISHED => EventKind::Succeeded,
        wire::TRADE_CLOSED => EventKind::Abandoned,
        _ => return acknowledge(format!("trade_status {status}: nothing to settle")),
    };
    let amount_minor = field(wire::TOTAL_AMOUNT)
        .ok_or_else(malformed)
        .and_then(|text| {
            parse_yuan(text).map_err(|_| AppError::invalid(wire::TOTAL_AMOUNT, "malformed"))
        })?;
    Ok(WebhookOutcome::Apply(ProviderEvent {
        id: notify_id.to_owned(),
        kind,
        intent_id: intent_id.to_owned(),
        amount_minor,
        currency: config.currency.clone(),
        created: field(wire::NOTIFY_TIME)
            .and_then(beijing::parse)
            .unwrap_or(now_secs),
    }))
}

#[cfg(test)]
mod tests {
    use super::super::sign::sign_notification;
    use super::super::test_keys::{ALIPAY, MERCHANT};
    use super::*;

    fn config() -> AlipayConfig {
        AlipayConfig {
            app_id: "2021000000000000".into(),
            gateway: "https://openapi.alipay.com/gateway.do".into(),
            notify_url: "https://bounty.example/payments/webhook/alipay".into(),
            currency: "CNY".into(),
            merchant_key: MERCHANT.clone(),
            alipay_key: ALIPAY.public_key(),
        }
    }

    fn body(extra: &[(&str, &str)]) -> Vec<u8> {
        let mut params = vec![
            ("app_id", "2021000000000000"),
            ("notify_id", "n-1"),
            ("notify_time", "2014-07-24 03:07:50"),
            ("out_trade_no", "pi_1"),
            ("total_amount", "12.30"),
        ];
        params.extend_from_slice(extra);
        let sign = sign_notification(&ALIPAY, &params).expect("sign");
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&params)
            .append_pair("sign_type", "RSA2")
            .append_pair("sign", &sign)
            .finish()
            .into_bytes()
    }

    #[test]
    fn a_paid_trade_reads_as_a_success_in_fen_and_cny_at_its_notify_time() {
        let outcome = read(&config(), &body(&[("trade_status", "TRADE_SUCCESS")]), 1);
        let expected = ProviderEvent {
            id: "n-1".into(),
            kind: EventKind::Succeeded,
            intent_id: "pi_1".into(),
            amount_minor: 1_230,
            currency: "CNY".into(),
            created: 1_406_142_470,
        };
        assert_eq!(outcome, Ok(WebhookOutcome::Apply(expected)));
    }

    #[test]
    fn waiting_unknown_and_refund_notifications_are_acknowledged_without_effect() {
        for extra in [
            vec![("trade_status", "WAIT_BUYER_PAY")],
            vec![("trade_status", "SOMETHING_NEW")],
            vec![("trade_status", "TRADE_SUCCESS"), ("out_biz_no", "r-1")],
            vec![
                ("trade_status", "TRADE_CLOSED"),
                ("gmt_refund", "2014-07-25 03:07:50"),
            ],
        ] {
            let outcome = read(&config(), &body(&extra), 1);
            assert!(
                matches!(outcome, Ok(WebhookOutcome::Acknowledge { ref event_id, .. }) if event_id == "n-1"),
                "{extra:?}: {outcome:?}"
            );
        }
    }
}
