//! A contract stand-in for Alipay's gateway: a small axum server on
//! 127.0.0.1 (random port; `http://127.0.0.1:<port>/gateway.do` is set as
//! `payments.alipay_gateway`) that plays both of the gateway's parts:
//!
//! - the payer's side (`checkout`): a GET of a checkout URL is checked as
//!   the gateway checks `alipay.trade.page.pay`, and the test plays the
//!   payer (`pay`, `close`); Alipay's asynchronous notifications about the
//!   trade are built in `notify`;
//! - the server-to-server side (`gateway`): a POST is checked as the gateway
//!   checks it (common parameters, the merchant's RSA2 signature) and
//!   answered, signed with the test "Alipay" key over the exact text of
//!   the `..._response` node, for `alipay.trade.query`,
//!   `alipay.trade.refund`, `alipay.trade.fastpay.refund.query` (`trades`)
//!   and `alipay.fund.trans.uni.transfer`, `alipay.fund.trans.common.query`
//!   (`transfers`). It keeps Alipay's idempotency: a repeated
//!   `out_request_no` refunds once, a repeated `out_biz_no` transfers once.
//!   It can be told (`next`) to misbehave once: lose the answer after doing
//!   the work, answer an error, an unsigned or a forged answer.
//!
//! The field names here are written out from the documentation, not taken
//! from the adapter, so the two are checked against each other; only the
//! RSA2 primitives (already pinned to Alipay's worked examples in
//! `payments_signatures.rs`) and the calendar arithmetic are shared.

mod checkout;
mod gateway;
mod notify;
mod trades;
mod transfers;
mod values;

pub use checkout::Checkout;

use axum::body::Bytes;
use axum::extract::RawQuery;
use bounty::server::config::{PaymentProvider, Settings};
use bounty::server::payments::alipay::keys::PrivateKey;
use bounty::server::payments::alipay::{Alipay, AlipayConfig};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;

/// Our test app's APPID.
pub const APP_ID: &str = "2021000000000000";
/// A login the stand-in knows no account for (`PAYEE_NOT_EXIST`).
pub const UNKNOWN_PAYEE: &str = "nobody@example.com";
/// The merchant's key pair: the app signs with it, the gateway verifies.
pub static MERCHANT: LazyLock<PrivateKey> = LazyLock::new(|| PrivateKey::generate().expect("key"));
/// The pretend Alipay's key pair: it signs notifications and answers, the
/// app verifies.
pub static ALIPAY: LazyLock<PrivateKey> = LazyLock::new(|| PrivateKey::generate().expect("key"));

/// How the next gateway POST goes wrong, once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Do the work, then answer only after `HANG` (past any deadline).
    Hang,
    /// Do the work, then cut the connection in the middle of the answer.
    Cut,
    /// Do nothing; answer this `code` / `sub_code`, signed.
    Error(&'static str, &'static str),
    /// Do nothing; answer this `code` / `sub_code` without a signature.
    Unsigned(&'static str, &'static str),
    /// Do the work; sign the answer with a key that is not Alipay's.
    Forged,
    /// Do the work; after signing, rewrite `WAIT_BUYER_PAY` in the answer
    /// to `TRADE_SUCCESS` (a paid trade forged from a waiting one).
    Tampered,
    /// A transfer: keep it in this `status` (DEALING, FAIL) and answer so.
    TransferStatus(&'static str),
}

/// How long `Next::Hang` keeps the caller waiting.
pub const HANG: Duration = Duration::from_secs(30);

/// A trade a payer opened.
#[derive(Debug, Clone)]
pub struct Trade {
    pub checkout: Checkout,
    /// `trade_status`: WAIT_BUYER_PAY, TRADE_SUCCESS, TRADE_CLOSED.
    pub status: String,
    pub trade_no: String,
    /// Fen refunded so far.
    pub refunded: i64,
}

/// A refund, by `out_request_no`.
#[derive(Debug, Clone)]
pub struct Refund {
    pub out_trade_no: String,
    pub amount: String,
}

/// A transfer, by `out_biz_no`.
#[derive(Debug, Clone)]
pub struct Transfer {
    pub order_id: String,
    pub amount: String,
    pub identity: String,
    /// `payee_info.name`: the account holder's real name.
    pub name: String,
    pub status: String,
}

#[derive(Default)]
struct Inner {
    trades: HashMap<String, Trade>,
    refunds: HashMap<String, Refund>,
    transfers: HashMap<String, Transfer>,
    /// The `method` of every POST that passed the gateway's checks.
    calls: Vec<String>,
    next: Option<Next>,
}

#[derive(Clone)]
pub struct AlipayStandIn {
    /// The gateway URL the app sends payers and calls to.
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
        let (cashier, api) = (stand_in.clone(), stand_in.clone());
        let router = axum::Router::new().route(
            "/gateway.do",
            axum::routing::get(move |RawQuery(query): RawQuery| {
                let shared = cashier.clone();
                async move { shared.cashier(&query.unwrap_or_default()) }
            })
            .post(move |body: Bytes| {
                let shared = api.clone();
                async move { shared.answer(&body).await }
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

    /// The adapter's settings for this stand-in, signing with `merchant_key`.
    pub fn config_signed_by(&self, merchant_key: &PrivateKey) -> AlipayConfig {
        AlipayConfig {
            app_id: APP_ID.into(),
            gateway: self.gateway.clone(),
            notify_url: "http://127.0.0.1:1/payments/webhook/alipay".into(),
            currency: "CNY".into(),
            merchant_key: merchant_key.clone(),
            alipay_key: ALIPAY.public_key(),
        }
    }

    /// An adapter on this stand-in with the test keys and `timeout` per call.
    pub fn adapter(&self, timeout: Duration) -> Alipay {
        Alipay::with_timeout(self.config_signed_by(&MERCHANT), timeout).expect("adapter")
    }

    /// Makes the next gateway POST go wrong as `next` says.
    pub fn next(&self, next: Next) {
        self.inner.lock().expect("lock").next = Some(next);
    }

    /// The checkout accepted for `out_trade_no`.
    pub fn trade(&self, out_trade_no: &str) -> Checkout {
        self.inner.lock().expect("lock").trades[out_trade_no]
            .checkout
            .clone()
    }

    /// The payer pays the trade of `out_trade_no` (`TRADE_SUCCESS`).
    pub fn pay(&self, out_trade_no: &str) {
        self.set_status(out_trade_no, "TRADE_SUCCESS");
    }

    /// The trade of `out_trade_no` times out unpaid (`TRADE_CLOSED`).
    pub fn close(&self, out_trade_no: &str) {
        self.set_status(out_trade_no, "TRADE_CLOSED");
    }

    fn set_status(&self, out_trade_no: &str, status: &str) {
        let mut inner = self.inner.lock().expect("lock");
        let trade = inner.trades.get_mut(out_trade_no).expect("an opened trade");
        trade.status = status.to_owned();
    }

    /// Fen refunded from the trade of `out_trade_no`.
    pub fn refunded(&self, out_trade_no: &str) -> i64 {
        self.inner.lock().expect("lock").trades[out_trade_no].refunded
    }

    /// The refund made under `out_request_no`.
    pub fn refund(&self, out_request_no: &str) -> Option<Refund> {
        let inner = self.inner.lock().expect("lock");
        inner.refunds.get(out_request_no).cloned()
    }

    /// The transfer made under `out_biz_no`.
    pub fn transfer(&self, out_biz_no: &str) -> Option<Transfer> {
        let inner = self.inner.lock().expect("lock");
        inner.transfers.get(out_biz_no).cloned()
    }

    /// A DEALING transfer reaches `status` (SUCCESS, FAIL).
    pub fn settle_transfer(&self, out_biz_no: &str, status: &str) {
        let mut inner = self.inner.lock().expect("lock");
        let transfer = inner.transfers.get_mut(out_biz_no).expect("a transfer");
        transfer.status = status.to_owned();
    }

    /// How many POSTs of `method` passed the gateway's checks.
    pub fn calls(&self, method: &str) -> usize {
        let inner = self.inner.lock().expect("lock");
        inner.calls.iter().filter(|call| *call == method).count()
    }
}
