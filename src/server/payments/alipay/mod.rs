//! Alipay (支付宝开放平台), the provider for payers in China (issue 24):
//! top-ups through 电脑网站支付 `alipay.trade.page.pay` (`checkout`, `wire`)
//! and its asynchronous notification (`notify`), on the pure parts: what a
//! signature covers (`content`), the RSA2 request and notification
//! signatures (`sign`), the keys they use (`keys`), yuan on the wire
//! (`amount`) and Beijing time (`beijing`); and the server-to-server calls
//! (`gateway`, names in `wire_gateway`, answers verified by `response`):
//! reconciliation's `alipay.trade.query` (`query`), refunds (`refund`) and
//! payouts to a user's Alipay account (`transfer`).
//!
//! Invariants: both keys come from the environment only
//! (`secrets.alipay_private_key`, `secrets.alipay_public_key`), are parsed
//! once at start and never printed; Alipay settles in yuan, so the
//! deployment's currency is CNY (refused at start otherwise) and every
//! event carries it; one app (`payments.alipay_app_id`) per deployment,
//! and a notification for another app is refused; a payout or refund is
//! `Err` only when nothing reached Alipay (`gateway`), otherwise Alipay's
//! signed word or `InFlight` (`refusal`).

pub mod amount;
pub mod beijing;
pub mod checkout;
pub mod content;
pub mod gateway;
pub mod keys;
pub mod notify;
pub mod query;
pub mod refund;
pub mod refusal;
pub mod response;
pub mod sign;
pub mod transfer;
pub mod wire;
pub mod wire_gateway;

#[cfg(test)]
pub(crate) mod test_keys;

use super::{
    Checkout, CheckoutRequest, Destination, MoneyOut, MoneyOutResult, PaymentProvider, PaymentRef,
    ProviderEvent, WebhookOutcome,
};
use crate::domain::AppError;
use crate::server::auth::now_millis;
use gateway::Gateway;
use http::HeaderMap;
use keys::{PrivateKey, PublicKey};
use std::time::Duration;

/// What the adapter is built from: settings checked at start.
#[derive(Debug, Clone)]
pub struct AlipayConfig {
    /// `payments.alipay_app_id`: the APPID of our Open Platform app.
    pub app_id: String,
    /// `payments.alipay_gateway`: where the payer's browser is sent and
    /// where our server-to-server calls go.
    pub gateway: String,
    /// `<public_url>/payments/webhook/alipay`.
    pub notify_url: String,
    /// `payments.currency`: CNY.
    pub currency: String,
    /// 应用私钥: signs our requests.
    pub merchant_key: PrivateKey,
    /// 支付宝公钥: verifies Alipay's notifications and answers.
    pub alipay_key: PublicKey,
}

pub struct Alipay {
    config: AlipayConfig,
    /// `scheme://host[:port]` of the gateway, for the pages' `form-action`.
    origin: String,
    /// The server-to-server calls.
    gateway: Gateway,
}

impl Alipay {
    pub fn new(config: AlipayConfig) -> anyhow::Result<Alipay> {
        Self::with_timeout(config, gateway::TIMEOUT)
    }

    /// With another deadline per gateway call than `gateway::TIMEOUT` (a
    /// test of a lost answer need not wait ten seconds).
    pub fn with_timeout(config: AlipayConfig, timeout: Duration) -> anyhow::Result<Alipay> {
        let url = reqwest::Url::parse(&config.gateway)?;
        if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
            anyhow::bail!("the Alipay gateway is not an http(s) URL");
        }
        let origin = url.origin().ascii_serialization();
        let gateway = Gateway::new(timeout)?;
        Ok(Alipay {
            config,
            origin,
            gateway,
        })
    }
}

/// Alipay could not be asked, or its answer cannot be used: try later.
fn unavailable() -> AppError {
    AppError::Unavailable("payment_unavailable".to_owned())
}

/// A payout or refund that was not sent.
fn not_sent() -> AppError {
    AppError::Unavailable("payout_unavailable".to_owned())
}

/// `out`'s amount in yuan, or `Err` (nothing is sent) when it is not a
/// positive amount in the deployment's currency.
fn wire_amount(config: &AlipayConfig, out: &MoneyOut) -> Result<String, AppError> {
    let formatted = amount::format_yuan(out.amount_minor).ok();
    match formatted {
        Some(text) if out.amount_minor > 0 && out.currency == config.currency => Ok(text),
        _ => {
            tracing::error!(key = %out.key, amount = out.amount_minor, currency = %out.currency, "not a payout Alipay can send");
            Err(not_sent())
        }
    }
}

#[async_trait::async_trait]
impl PaymentProvider for Alipay {
    fn name(&self) -> &'static str {
        "alipay"
    }

    /// Alipay resends a notification until it reads exactly these seven
    /// characters ("程序执行完后必须打印输出 success ... 支付宝服务器会不断
    /// 重发通知", 8 times within 25 hours).
    fn webhook_acknowledgement(&self) -> &'static str {
        "success"
    }

    /// The payer goes to the gateway itself (`checkout`).
    fn checkout_origin(&self) -> Option<&str> {
        Some(&self.origin)
    }

    /// The gateway knows the payment by our intent id (`out_trade_no`).
    async fn create_checkout(&self, request: &CheckoutRequest) -> Result<Checkout, AppError> {
        Ok(Checkout {
            url: checkout::url(&self.config, request, now_millis())?,
            provider_ref: None,
        })
    }

    async fn verify_webhook(
        &self,
        _headers: &HeaderMap,
        body: &[u8],
        now_secs: i64,
    ) -> Result<WebhookOutcome, AppError> {
        notify::read(&self.config, body, now_secs)
    }

    async fn look_up(&self, payment: &PaymentRef) -> Result<Option<ProviderEvent>, AppError> {
        query::look_up(&self.gateway, &self.config, payment).await
    }

    /// Both leave through Alipay: transfers to a login, refunds to the trade.
    fn sends(&self, destination: &Destination) -> bool {
        matches!(
            destination,
            Destination::Account { .. } | Destination::Refund(_)
        )
    }

    async fn send(&self, out: &MoneyOut) -> Result<MoneyOutResult, AppError> {
        match &out.destination {
            Destination::Account { account, holder } => {
                transfer::send(&self.gateway, &self.config, out, account, holder).await
            }
            Destination::Refund(payment) => {
                refund::send(&self.gateway, &self.config, out, payment).await
            }
        }
    }

    async fn check(&self, out: &MoneyOut) -> Result<MoneyOutResult, AppError> {
        match &out.destination {
            Destination::Account { .. } => transfer::check(&self.gateway, &self.config, out).await,
            Destination::Refund(payment) => {
                refund::check(&self.gateway, &self.config, out, payment).await
            }
        }
    }
}
