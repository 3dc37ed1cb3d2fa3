//! A contract stand-in for Alipay's gateway: a small axum server on
//! 127.0.0.1 (random port; `http://127.0.0.1:<port>/gateway.do` is set as
//! `payments.alipay_gateway`) that checks a checkout URL the way the
//! gateway does for `alipay.trade.page.pay`
//! (<https://opendocs.alipay.com/apis/api_1/alipay.trade.page.pay>): every
//! common parameter present with its documented value, `sign_type=RSA2`, the
//! RSA2 signature valid for the test merchant's public key (the one a
//! merchant uploads), and `biz_content` carrying `out_trade_no`,
//! `total_amount` (yuan, two decimals, within [0.01, 100000000]), `subject`
//! and `product_code=FAST_INSTANT_TRADE_PAY`. It answers a valid checkout
//! with a stand-in cashier page and a refused one with a 400 naming the
//! problem, and it builds the asynchronous notifications Alipay sends
//! (<https://opendocs.alipay.com/open/270/105902>): form bodies with the
//! documented fields, signed with the test "Alipay" key.
//!
//! The field names here are written out from the documentation, not taken
//! from the adapter, so the two are checked against each other; only the
//! RSA2 primitives (already pinned to Alipay's worked examples in
//! `payments_signatures.rs`) and the calendar arithmetic are shared.

use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bounty::domain::calendar::{DAY_MS, civil_from_days, days_from_civil};
use bounty::server::config::{PaymentProvider, Settings};
use bounty::server::payments::alipay::keys::PrivateKey;
use bounty::server::payments::alipay::sign::{sign_notification, verify_request};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// Our test app's APPID.
pub const APP_ID: &str = "2021000000000000";
/// The merchant's key pair: the app signs with it, the gateway verifies.
pub static MERCHANT: LazyLock<PrivateKey> = LazyLock::new(|| PrivateKey::generate().expect("key"));
/// The pretend Alipay's key pair: it signs notifications, the app verifies.
pub static ALIPAY: LazyLock<PrivateKey> = LazyLock::new(|| PrivateKey::generate().expect("key"));

/// 公共请求参数 a page.pay request must carry (besides `sign`), with the
/// value each must have where the documentation fixes it.
const COMMON: [(&str, Option<&str>); 10] = [
    ("app_id", Some(APP_ID)),
    ("method", Some("alipay.trade.page.pay")),
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

#[derive(Default)]
struct Inner {
    trades: HashMap<String, Checkout>,
}

#[derive(Clone)]
pub struct AlipayStandIn {
    /// The gateway URL the app sends payers to.
    pub gateway: String,
    inner: Arc<Mutex<Inner>>,
}

impl AlipayStandIn {
    pub async fn start() -> AlipayStandIn {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let gateway = format!(
            "http://{}/gateway.do",
            listener.local_addr().expect("address")
        );
        let stand_in = AlipayStandIn {
            gateway,
            inner: Arc::new(Mutex::new(Inner::default())),
        };
        let shared = stand_in.clone();
        let router = axum::Router::new().route(
            "/gateway.do",
            axum::routing::get(move |RawQuery(query): RawQuery| {
                let shared = shared.clone();
                async move { shared.cashier(&query.unwrap_or_default()) }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, router).await });
        stand_in
    }

    /// Points `settings` at this stand-in, with the test app's keys (the
    /// private key as PKCS#8 PEM, Alipay's public key as the console's bare
    /// base64, the two forms operators are handed).
    pub fn configure(&self, settings: &mut Settings) {
        settings.payments.provider = PaymentProvider::Alipay;
        settings.payments.alipay_gateway = self.gateway.clone();
        settings.payments.alipay_app_id = APP_ID.into();
        settings.secrets.alipay_private_key =
            Some(MERCHANT.to_pkcs8_pem().expect("pem").to_string());
        settings.secrets.alipay_public_key = Some(ALIPAY.public_key().to_base64().expect("base64"));
    }

    fn cashier(&self, query: &str) -> Response {
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
        check_biz(&biz)?;
        let checkout = Checkout { params, biz };
        let mut inner = self.inner.lock().expect("lock");
        inner
            .trades
            .insert(checkout.out_trade_no(), checkout.clone());
        Ok(checkout)
    }

    /// The checkout accepted for `out_trade_no`.
    pub fn trade(&self, out_trade_no: &str) -> Checkout {
        self.inner.lock().expect("lock").trades[out_trade_no].clone()
    }

    /// The parameters of the notification Alipay sends when the trade of
    /// `out_trade_no` reaches `trade_status`, unsigned: the documented
    /// sample's fields, amounts from the trade, a fresh `notify_id`.
    pub fn notification(&self, out_trade_no: &str, trade_status: &str) -> Vec<(String, String)> {
        let trade = self.trade(out_trade_no);
        let amount = trade.biz["total_amount"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let subject = trade.biz["subject"].as_str().unwrap_or_default().to_owned();
        let now = beijing_now();
        let paid = matches!(trade_status, "TRADE_SUCCESS" | "TRADE_FINISHED");
        let mut params = vec![
            ("gmt_create", now.clone()),
            ("charset", "utf-8".into()),
            ("seller_email", "merchant@example.com".into()),
            ("subject", subject),
            ("buyer_id", "2088102122524333".into()),
            ("notify_id", format!("{}", uuid::Uuid::new_v4().simple())),
            ("notify_type", "trade_status_sync".into()),
            ("trade_status", trade_status.into()),
            ("app_id", APP_ID.into()),
            ("seller_id", "2088101106499364".into()),
            ("notify_time", now.clone()),
            ("version", "1.0".into()),
            ("out_trade_no", out_trade_no.into()),
            ("total_amount", amount.clone()),
            ("trade_no", "2013112011001004330000121536".into()),
            ("auth_app_id", APP_ID.into()),
            ("buyer_logon_id", "159****5620".into()),
        ];
        if paid {
            let fund_bills = format!(r#"[{{"amount":"{amount}","fundChannel":"ALIPAYACCOUNT"}}]"#);
            params.extend([
                ("gmt_payment", now.clone()),
                ("receipt_amount", amount.clone()),
                ("invoice_amount", amount.clone()),
                ("buyer_pay_amount", amount),
                ("point_amount", "0.00".into()),
                ("fund_bill_list", fund_bills),
            ]);
        } else if trade_status == "TRADE_CLOSED" {
            params.push(("gmt_close", now));
        }
        params.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }

    /// `params` with `sign_type` and the `sign` Alipay would add.
    pub fn signed(params: Vec<(String, String)>) -> Vec<(String, String)> {
        Self::signed_by(&ALIPAY, params)
    }

    pub fn signed_by(key: &PrivateKey, mut params: Vec<(String, String)>) -> Vec<(String, String)> {
        let borrowed: Vec<(&str, &str)> = params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let sign = sign_notification(key, &borrowed).expect("sign");
        params.push(("sign_type".into(), "RSA2".into()));
        params.push(("sign".into(), sign));
        params
    }

    /// The `application/x-www-form-urlencoded` body of `params`.
    pub fn form(params: &[(String, String)]) -> Vec<u8> {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish()
            .into_bytes()
    }

    /// The signed body of the notification about `out_trade_no`.
    pub fn notify(&self, out_trade_no: &str, trade_status: &str) -> Vec<u8> {
        Self::form(&Self::signed(self.notification(out_trade_no, trade_status)))
    }
}

fn check_biz(biz: &Value) -> Result<(), String> {
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
    let two_decimals = amount.split_once('.').is_some_and(|(yuan, fen)| {
        !yuan.is_empty()
            && yuan.bytes().all(|b| b.is_ascii_digit())
            && fen.len() == 2
            && fen.bytes().all(|b| b.is_ascii_digit())
    });
    let yuan: f64 = amount.parse().unwrap_or(0.0);
    if !two_decimals || !(0.01..=100_000_000.0).contains(&yuan) {
        return Err(format!("isv.invalid-parameter: total_amount={amount}"));
    }
    let subject = text("subject");
    if subject.is_empty() || subject.chars().count() > 256 {
        return Err("isv.invalid-parameter: subject".into());
    }
    if text("product_code") != "FAST_INSTANT_TRADE_PAY" {
        return Err("isv.invalid-parameter: product_code".into());
    }
    Ok(())
}

/// `yyyy-MM-dd HH:mm:ss` in Beijing time, within the gateway's ten minutes.
fn check_timestamp(timestamp: &str) -> Result<(), String> {
    let field = |from: usize, to: usize| timestamp.get(from..to)?.parse::<u32>().ok();
    let shape = timestamp.len() == 19
        && timestamp.as_bytes()[10] == b' '
        && [4, 7].iter().all(|&at| timestamp.as_bytes()[at] == b'-')
        && [13, 16].iter().all(|&at| timestamp.as_bytes()[at] == b':');
    let parsed = shape
        .then(|| {
            let day = days_from_civil(i64::from(field(0, 4)?), field(5, 7)?, field(8, 10)?)?;
            let secs = field(11, 13)? * 3600 + field(14, 16)? * 60 + field(17, 19)?;
            Some(day * 86_400 + i64::from(secs) - 8 * 3600)
        })
        .flatten();
    let now = bounty::server::auth::now_millis() / 1000;
    match parsed {
        Some(at) if (at - now).abs() <= 600 => Ok(()),
        _ => Err(format!("isv.invalid-timestamp: {timestamp}")),
    }
}

/// Now, as Alipay writes times (Beijing, UTC+8).
fn beijing_now() -> String {
    let local_ms = bounty::server::auth::now_millis() + 8 * 3_600_000;
    let day = local_ms.div_euclid(DAY_MS);
    let (year, month, date) = civil_from_days(day);
    let secs = (local_ms - day * DAY_MS) / 1000;
    format!(
        "{year:04}-{month:02}-{date:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}
