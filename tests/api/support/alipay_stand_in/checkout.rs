//! The gateway's side of `alipay.trade.page.pay`
//! (<https://opendocs.alipay.com/apis/api_1/alipay.trade.page.pay>): a
//! checkout URL is checked as the gateway checks it, every common parameter
//! present with its documented value, the RSA2 signature valid for the test
//! merchant's public key, and `biz_content` carrying `out_trade_no`,
//! `total_amount` (yuan, two decimals, within [0.01, 100000000]), `subject`
//! and `product_code=FAST_INSTANT_TRADE_PAY`. A phone's
//! `alipay.trade.wap.pay` (<https://opendocs.alipay.com/open/29ae8cb6_alipay.trade.wap.pay>)
//! has the same common parameters and `product_code=QUICK_WAP_WAY`, with an
//! optional `quit_url`. A valid one opens the trade (`WAIT_BUYER_PAY`), as
//! the payer opening the cashier does.

use super::values::check_timestamp;
use super::{APP_ID, AlipayStandIn, MERCHANT, Trade};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bounty::server::payments::alipay::sign::verify_request;
use serde_json::Value;
use std::collections::HashMap;

/// The two cashier methods and the product code each takes.
const METHODS: [(&str, &str); 2] = [
    ("alipay.trade.page.pay", "FAST_INSTANT_TRADE_PAY"),
    ("alipay.trade.wap.pay", "QUICK_WAP_WAY"),
];

/// 公共请求参数 a page.pay or wap.pay request must carry (besides `sign`,
/// and `method`, checked against `METHODS`), with the value each must have
/// where the documentation fixes it.
const COMMON: [(&str, Option<&str>); 9] = [
    ("app_id", Some(APP_ID)),
    ("format", Some("JSON")),
    ("charset", Some("utf-8")),
    ("sign_type", Some("RSA2")),
    ("timestamp", None),
    ("version", Some("1.0")),
    ("notify_url", None),
    ("return_url", None),
    ("biz_content", None),
];

/// A checkout the gateway accepted.
#[derive(Debug, Clone)]
pub struct Checkout {
    pub params: HashMap<String, String>,
    pub biz: Value,
}

impl Checkout {
    pub fn out_trade_no(&self) -> String {
        self.biz["out_trade_no"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }
}

impl AlipayStandIn {
    pub(super) fn cashier(&self, query: &str) -> Response {
        match self.check_query(query) {
            Ok(checkout) => (
                StatusCode::OK,
                axum::response::Html(format!("<h1>收银台 {}</h1>", checkout.out_trade_no())),
            )
                .into_response(),
            Err(problem) => (StatusCode::BAD_REQUEST, problem).into_response(),
        }
    }

    /// Checks a checkout URL as the gateway would; a valid one is kept as
    /// the trade of its `out_trade_no`.
    pub fn check(&self, url: &str) -> Result<Checkout, String> {
        let query = url
            .strip_prefix(&format!("{}?", self.gateway))
            .ok_or_else(|| format!("not this gateway: {url}"))?;
        self.check_query(query)
    }

    fn check_query(&self, query: &str) -> Result<Checkout, String> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let params: HashMap<String, String> = pairs.iter().cloned().collect();
        if params.len() != pairs.len() {
            return Err("isv.invalid-parameter: a parameter given twice".into());
        }
        for (name, fixed) in COMMON {
            match (params.get(name), fixed) {
                (None, _) => return Err(format!("isv.missing-parameter: {name}")),
                (Some(value), Some(fixed)) if value != fixed => {
                    return Err(format!("isv.invalid-parameter: {name}={value}"));
                }
                _ => {}
            }
        }
        let method = params.get("method").map(String::as_str).unwrap_or_default();
        let Some((_, product_code)) = METHODS.iter().find(|(name, _)| *name == method) else {
            return Err(format!("isv.invalid-parameter: method={method}"));
        };
        check_timestamp(&params["timestamp"])?;
        for url in ["notify_url", "return_url"] {
            if !params[url].starts_with("http") {
                return Err(format!("isv.invalid-parameter: {url}"));
            }
        }
        let borrowed: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        verify_request(&MERCHANT.public_key(), &borrowed)
            .map_err(|error| format!("isv.invalid-signature: {error}"))?;
        let biz: Value = serde_json::from_str(&params["biz_content"])
            .map_err(|_| "isv.invalid-parameter: biz_content".to_owned())?;
        check_biz(&biz, product_code)?;
        let checkout = Checkout { params, biz };
        let mut inner = self.inner.lock().expect("lock");
        let opened = inner.trades.len() + 1;
        inner
            .trades
            .entry(checkout.out_trade_no())
            .and_modify(|trade| trade.checkout = checkout.clone())
            .or_insert_with(|| Trade {
                checkout: checkout.clone(),
                status: "WAIT_BUYER_PAY".into(),
                trade_no: format!("2013112011001004330000{opened:06}"),
                refunded: 0,
            });
        Ok(checkout)
    }
}

fn check_biz(biz: &Value, product_code: &str) -> Result<(), String> {
    let text = |name: &str| biz[name].as_str().unwrap_or_default();
    let trade = text("out_trade_no");
    let trade_ok = !trade.is_empty()
        && trade.len() <= 64
        && trade
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !trade_ok {
        return Err("isv.invalid-parameter: out_trade_no".into());
    }
    let amount = text("total_amount");
    let in_range =
        super::values::fen(amount).is_some_and(|fen| (1..=10_000_000_000).contains(&fen));
    if !in_range {
        return Err(format!("isv.invalid-parameter: total_amount={amount}"));
    }
    let subject = text("subject");
    if subject.is_empty() || subject.chars().count() > 256 {
        return Err("isv.invalid-parameter: subject".into());
    }
    if text("product_code") != product_code {
        return Err("isv.invalid-parameter: product_code".into());
    }
    Ok(())
}
