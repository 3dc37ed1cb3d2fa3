//! The checks of each real payment provider's settings: its keys present
//! and readable, its endpoints well-formed, its currency one it settles.
//!
//! Invariant: a provider that would fail on its first payment (a missing or
//! unreadable key, a currency it cannot take) stops the start instead,
//! naming the key to fix; a key's text is never repeated in the message.

use super::validate::{has_scheme, invalid};
use super::{ConfigError, PaymentProvider, Settings};
use crate::server::payments::alipay::keys::{PrivateKey, PublicKey};

fn missing(secret: &Option<String>) -> bool {
    secret.as_deref().is_none_or(str::is_empty)
}

impl Settings {
    /// Stripe needs both its secrets, from the environment.
    pub(super) fn validate_stripe(&self) -> Result<(), ConfigError> {
        if self.payments.provider != PaymentProvider::Stripe {
            return Ok(());
        }
        if !has_scheme(&self.payments.stripe_api_base, &["http://", "https://"]) {
            return Err(invalid(
                "payments.stripe_api_base",
                "must start with https:// (https://api.stripe.com), or http:// for a local stand-in",
            ));
        }
        if missing(&self.secrets.stripe_secret_key) {
            return Err(invalid(
                "secrets.stripe_secret_key",
                "must be set for payments.provider = \"stripe\" (APP__SECRETS__STRIPE_SECRET_KEY, \
                 the sk_... key from the Stripe dashboard)",
            ));
        }
        if missing(&self.secrets.stripe_webhook_secret) {
            return Err(invalid(
                "secrets.stripe_webhook_secret",
                "must be set for payments.provider = \"stripe\" (APP__SECRETS__STRIPE_WEBHOOK_SECRET, \
                 the whsec_... signing secret of the endpoint /payments/webhook/stripe)",
            ));
        }
        Ok(())
    }

    /// Alipay needs its app id, both keys, a plain gateway URL and CNY.
    pub(super) fn validate_alipay(&self) -> Result<(), ConfigError> {
        if self.payments.provider != PaymentProvider::Alipay {
            return Ok(());
        }
        let gateway = reqwest::Url::parse(&self.payments.alipay_gateway).ok();
        let plain = gateway.as_ref().is_some_and(|url| {
            matches!(url.scheme(), "http" | "https")
                && url.host().is_some()
                && url.query().is_none()
                && url.fragment().is_none()
        });
        if !plain {
            return Err(invalid(
                "payments.alipay_gateway",
                "must be an https:// URL without a query (https://openapi.alipay.com/gateway.do), \
                 or http:// for a local stand-in",
            ));
        }
        let app_id = &self.payments.alipay_app_id;
        if app_id.is_empty() || app_id.len() > 32 || !app_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid(
                "payments.alipay_app_id",
                "must be the APPID of the Alipay Open Platform app (digits) for \
                 payments.provider = \"alipay\"",
            ));
        }
        if self.payments.currency != "CNY" {
            return Err(invalid(
                "payments.currency",
                "must be CNY with payments.provider = \"alipay\": Alipay settles in yuan",
            ));
        }
        let private_key = self.secrets.alipay_private_key.as_deref().unwrap_or("");
        if missing(&self.secrets.alipay_private_key) {
            return Err(invalid(
                "secrets.alipay_private_key",
                "must be set for payments.provider = \"alipay\" (APP__SECRETS__ALIPAY_PRIVATE_KEY, \
                 the app's private key 应用私钥, PEM or bare base64)",
            ));
        }
        if let Err(error) = PrivateKey::parse(private_key) {
            return Err(invalid(
                "secrets.alipay_private_key",
                format!("cannot be read as an RSA private key: {error}"),
            ));
        }
        let public_key = self.secrets.alipay_public_key.as_deref().unwrap_or("");
        if missing(&self.secrets.alipay_public_key) {
            return Err(invalid(
                "secrets.alipay_public_key",
                "must be set for payments.provider = \"alipay\" (APP__SECRETS__ALIPAY_PUBLIC_KEY, \
                 Alipay's public key 支付宝公钥 from the app's console, not the app's own)",
            ));
        }
        if let Err(error) = PublicKey::parse(public_key) {
            return Err(invalid(
                "secrets.alipay_public_key",
                format!("cannot be read as an RSA public key: {error}"),
            ));
        }
        Ok(())
    }
}
