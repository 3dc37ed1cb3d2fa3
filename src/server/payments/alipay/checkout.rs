//! A checkout through 电脑网站支付 (`alipay.trade.page.pay`,
//! <https://opendocs.alipay.com/apis/api_1/alipay.trade.page.pay>), or, for
//! a payer on a phone, 手机网站支付 (`alipay.trade.wap.pay`), which is
//! signed and opened the same way.
//!
//! page.pay is a page-redirect interface (页面跳转接口): it needs no
//! server-to-server call. As the official SDK's `pageExecute(request, "GET")`
//! does, we sign the request parameters (`wire::page_pay_params`, RSA2 with
//! the merchant's private key) and the checkout URL is the gateway with all
//! of them, `sign` included, as a URL-encoded query string; the payer's
//! browser opens it and Alipay's cashier checks the signature there.
//!
//! Invariants: nothing here waits on the network, so a checkout cannot time
//! out half-made; Alipay keys the trade by `out_trade_no` (our intent id),
//! so opening the checkout again for the same intent (same amount and
//! subject) reaches the same trade, never a second one; the payer comes back
//! to `return_url` (the request's success URL: page.pay has no cancel URL),
//! but only the notification to `notify_url` moves money.

use super::AlipayConfig;
use super::sign::{self, AlipaySignError};
use super::wire::{self, SIGN};
use crate::domain::{AppError, FieldError};
use crate::server::payments::CheckoutRequest;

/// The signed gateway URL the payer is sent to for `request`.
pub fn url(
    config: &AlipayConfig,
    request: &CheckoutRequest,
    now_ms: i64,
) -> Result<String, AppError> {
    let Some(params) = wire::page_pay_params(&config.app_id, &config.notify_url, request, now_ms)
    else {
        tracing::info!(intent_id = %request.intent_id, amount = request.amount_minor, "outside Alipay's total_amount range");
        return Err(AppError::invalid(FieldError::FORM, "payment_refused"));
    };
    let borrowed: Vec<(&str, &str)> = params
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    let signature = sign::sign_request(&config.merchant_key, &borrowed)
        .map_err(|error| unavailable(&request.intent_id, error))?;
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.extend_pairs(&borrowed);
    query.append_pair(SIGN, &signature);
    // The gateway carries no query of its own (checked at start).
    Ok(format!("{}?{}", config.gateway, query.finish()))
}

/// Signing fails only on a broken key or parameters we built: our fault,
/// so the payer is told to retry later, never shown the cause.
fn unavailable(intent_id: &str, error: AlipaySignError) -> AppError {
    tracing::error!(intent_id, %error, "Alipay checkout could not be signed");
    AppError::Unavailable("payment_unavailable".to_owned())
}
