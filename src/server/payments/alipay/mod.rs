//! Alipay (支付宝开放平台), the provider for payers in China (issue 24):
//! top-ups through 电脑网站支付 `alipay.trade.page.pay` (`checkout`, `wire`)
//! and its asynchronous notification (`notify`), on the pure parts: what a
//! signature covers (`content`), the RSA2 request and notification
//! signatures (`sign`), the keys they use (`keys`), yuan on the wire
//! (`amount`) and Beijing time (`beijing`). `.query`, `.refund` and
//! `alipay.fund.trans.uni.transfer` join them as their own files.
//!
//! Invariants: both keys come from the environment only
//! (`secrets.alipay_private_key`, `secrets.alipay_public_key`), are parsed
//! once at start and never printed; Alipay settles in yuan, so the
//! deployment's currency is CNY (refused at start otherwise) and every
//! event carries it; one app (`payments.alipay_app_id`) per deployment,
//! and a notification for another app is refused.

pub mod amount;
pub mod beijing;
pub mod checkout;
pub mod content;
pub mod keys;
pub mod notify;
pub mod sign;
pub mod wire;

#[cfg(test)]
pub(crate) mod test_keys;

use super::{CheckoutRequest, PaymentProvider, WebhookOutcome};
use crate::domain::AppError;
use crate::server::auth::now_millis;
use http::HeaderMap;
use keys::{PrivateKey, PublicKey};

/// What the adapter is built from: settings checked at start.
#[derive(Debug, Clone)]
pub struct AlipayConfig {
    /// `payments.alipay_app_id`: the APPID of our Open Platform app.
    pub app_id: String,
    /// `payments.alipay_gateway`: where the payer's browser is sent.
    pub gateway: String,
    /// `<public_url>/payments/webhook/alipay`.
    pub notify_url: String,
    /// `payments.currency`: CNY.
    pub currency: String,
    /// 应用私钥: signs our requests.
    pub merchant_key: PrivateKey,
    /// 支付宝公钥: verifies Alipay's notifications.
    pub alipay_key: PublicKey,
}

pub struct Alipay {
    config: AlipayConfig,
    /// `scheme://host[:port]` of the gateway, for the pages' `form-action`.
    origin: String,
}

impl Alipay {
    pub fn new(config: AlipayConfig) -> anyhow::Result<Alipay> {
        let gateway = reqwest::Url::parse(&config.gateway)?;
        if !matches!(gateway.scheme(), "http" | "https") || gateway.host().is_none() {
            anyhow::bail!("the Alipay gateway is not an http(s) URL");
        }
        let origin = gateway.origin().ascii_serialization();
        Ok(Alipay { config, origin })
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

    async fn create_checkout(&self, request: &CheckoutRequest) -> Result<String, AppError> {
        checkout::url(&self.config, request, now_millis())
    }

    async fn verify_webhook(
        &self,
        _headers: &HeaderMap,
        body: &[u8],
        now_secs: i64,
    ) -> Result<WebhookOutcome, AppError> {
        notify::read(&self.config, body, now_secs)
    }
}
