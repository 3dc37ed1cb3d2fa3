//! Server-to-server calls to Alipay's gateway: one POST per call, as
//! `application/x-www-form-urlencoded` UTF-8, carrying the common request
//! parameters (`wire.rs`), the business parameters as JSON in
//! `biz_content`, and `sign` (RSA2 over all of them, `sign::sign_request`);
//! the answer is read by `response::verified` (Alipay's signature over the
//! exact text of its `..._response` node).
//!
//! Invariants: every call has a deadline (`TIMEOUT`); a call comes back
//! `Err` only when nothing left this process (the request could not be
//! signed), so a caller may treat `Err` as "not sent"; any answer we did
//! not get whole, or that Alipay did not sign, is `Answer::Unknown`: its
//! content is never acted on; the merchant key, the request's signature
//! and the answer's body are never logged, only the method, our key for
//! the call and Alipay's `code` / `sub_code`.

use super::AlipayConfig;
use super::beijing;
use super::response::{Reply, verified};
use super::sign::{RSA2, sign_request};
use super::wire::{
    APP_ID, BIZ_CONTENT, CHARSET, FORMAT, METHOD, SIGN, SIGN_TYPE, TIMESTAMP, VERSION,
};
use crate::server::auth::now_millis;
use serde_json::Value;
use std::time::Duration;

/// The longest one call may take; after that its answer counts as lost.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// What came of one call.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Alipay's signed word.
    Signed(Reply),
    /// No answer, a cut-off or unreadable one, or one Alipay did not sign.
    Unknown,
}

/// The request could not be signed: nothing was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the request could not be signed")]
pub struct NotSent;

/// A reqwest client with our deadline (it pools connections).
pub struct Gateway {
    http: reqwest::Client,
}

impl Gateway {
    pub fn new(timeout: Duration) -> anyhow::Result<Gateway> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .build()?;
        Ok(Gateway { http })
    }

    /// Calls `method` with `biz` as its `biz_content`; `key` (our
    /// idempotency key or intent id) only names the call in logs.
    pub async fn call(
        &self,
        config: &AlipayConfig,
        method: &str,
        biz: &Value,
        key: &str,
    ) -> Result<Answer, NotSent> {
        let form = signed_form(config, method, biz, now_millis()).map_err(|error| {
            tracing::error!(method, key, %error, "Alipay request could not be signed");
            NotSent
        })?;
        let sent = self
            .http
            .post(&config.gateway)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded;charset=utf-8",
            )
            .body(form)
            .send()
            .await;
        let answer = match sent {
            Ok(answer) => answer,
            Err(error) => return Ok(unknown(method, key, "no answer", &error)),
        };
        let status = answer.status();
        let body = match answer.text().await {
            Ok(body) => body,
            Err(error) => return Ok(unknown(method, key, "answer cut off", &error)),
        };
        if !status.is_success() {
            return Ok(unknown(method, key, "HTTP status", &status));
        }
        match verified(&config.alipay_key, &body, method) {
            Ok(reply) => {
                tracing::info!(
                    method,
                    key,
                    code = reply.code(),
                    sub_code = reply.sub_code(),
                    "Alipay answered"
                );
                Ok(Answer::Signed(reply))
            }
            Err(error) => Ok(unknown(method, key, "answer not trusted", &error)),
        }
    }
}

fn unknown(method: &str, key: &str, what: &str, cause: &dyn std::fmt::Display) -> Answer {
    tracing::warn!(method, key, cause = %cause, "Alipay call: {what}");
    Answer::Unknown
}

/// The signed form body of a call to `method` at `now_ms`.
fn signed_form(
    config: &AlipayConfig,
    method: &str,
    biz: &Value,
    now_ms: i64,
) -> Result<String, super::sign::AlipaySignError> {
    let timestamp = beijing::format(now_ms);
    let biz_content = biz.to_string();
    let params: [(&str, &str); 8] = [
        (APP_ID, &config.app_id),
        (METHOD, method),
        (FORMAT, "JSON"),
        (CHARSET, "utf-8"),
        (SIGN_TYPE, RSA2),
        (TIMESTAMP, &timestamp),
        (VERSION, "1.0"),
        (BIZ_CONTENT, &biz_content),
    ];
    let sign = sign_request(&config.merchant_key, &params)?;
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.extend_pairs(params);
    form.append_pair(SIGN, &sign);
    Ok(form.finish())
}

#[cfg(test)]
mod tests {
    use super::super::content::form_pairs;
    use super::super::sign::verify_request;
    use super::super::test_keys::{ALIPAY, MERCHANT};
    use super::*;

    #[test]
    fn a_call_carries_the_common_parameters_signed_with_biz_content() {
        let config = AlipayConfig {
            app_id: "2021000000000000".into(),
            gateway: "https://openapi.alipay.com/gateway.do".into(),
            notify_url: "https://bounty.example/payments/webhook/alipay".into(),
            currency: "CNY".into(),
            merchant_key: MERCHANT.clone(),
            alipay_key: ALIPAY.public_key(),
        };
        let biz = serde_json::json!({"out_trade_no": "pi_1", "refund_reason": "退款 & 100%"});
        let form = signed_form(&config, "alipay.trade.refund", &biz, 0).expect("signed");
        let pairs = form_pairs(form.as_bytes());
        let params: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(verify_request(&MERCHANT.public_key(), &params), Ok(()));
        let value = |name: &str| params.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
        assert_eq!(value(METHOD), Some("alipay.trade.refund"));
        assert_eq!(value(TIMESTAMP), Some("1970-01-01 08:00:00"));
        let sent: Value = serde_json::from_str(value(BIZ_CONTENT).expect("biz")).expect("json");
        assert_eq!(sent, biz);
    }
}
