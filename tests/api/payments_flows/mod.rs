//! The money flows once per real provider (Stripe and Alipay, each through
//! its contract stand-in, on SQLite and PostgreSQL): money in through the
//! provider's checkout and its signed webhook, money out through the
//! provider when it sends (payouts, refunds), and reconciliation where a
//! webhook or an answer was lost. Each case gets its own stand-in, so the
//! withdrawal keys (`wd_<id>`, the same ids on both backends) never meet at
//! one pretend provider. The ledger's own check runs after each scenario.

mod cli;
mod money;
mod outgoing;
mod race;
mod webhooks;

use crate::payments_stripe::last_intent;
use crate::support::TestApp;
use crate::support::alipay_stand_in::AlipayStandIn;
use crate::support::backends::{Cleanup, postgres_database};
use crate::support::money::key;
use crate::support::stripe_stand_in::{SessionState, StripeStandIn, now_secs};
use bounty::domain::CurrentUser;
use bounty::domain::history_filter::HistoryFilter;
use bounty::domain::wallet::{PaymentView, WalletView};
use bounty::domain::withdrawal::WithdrawalView;
use bounty::server::services::money::{top_up, wallet};
use bounty::server::state::AppState;
use serde_json::json;

/// Which provider a scenario runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Stripe,
    Alipay,
}

/// A provider's contract stand-in.
#[derive(Clone)]
pub enum Provider {
    Stripe(StripeStandIn),
    Alipay(AlipayStandIn),
}

/// One app on one backend, on its own stand-in.
pub struct Case {
    pub backend: &'static str,
    pub provider: Provider,
    pub app: TestApp,
    _cleanup: Vec<Cleanup>,
}

impl Provider {
    async fn start(kind: Kind) -> Provider {
        match kind {
            Kind::Stripe => Provider::Stripe(StripeStandIn::start().await),
            Kind::Alipay => Provider::Alipay(AlipayStandIn::start().await),
        }
    }

    fn configure(&self, settings: &mut bounty::server::config::Settings) {
        match self {
            Provider::Stripe(stand_in) => stand_in.configure(settings),
            Provider::Alipay(stand_in) => stand_in.configure(settings),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Provider::Stripe(_) => "stripe",
            Provider::Alipay(_) => "alipay",
        }
    }

    pub fn stripe(&self) -> &StripeStandIn {
        match self {
            Provider::Stripe(stand_in) => stand_in,
            Provider::Alipay(_) => panic!("not Stripe"),
        }
    }

    pub fn alipay(&self) -> &AlipayStandIn {
        match self {
            Provider::Alipay(stand_in) => stand_in,
            Provider::Stripe(_) => panic!("not Alipay"),
        }
    }

    /// Opens a checkout of `amount` for `who` (for order `order` when
    /// given) and the payer pays at the provider; no webhook is delivered.
    /// Returns the intent.
    pub async fn paid_checkout(
        &self,
        app: &TestApp,
        who: &CurrentUser,
        amount: i64,
        order: Option<i64>,
    ) -> String {
        match self {
            Provider::Stripe(stand_in) => {
                top_up::start(&app.state, who, amount, order, &key())
                    .await
                    .expect("checkout");
                let intent = last_intent(stand_in);
                stand_in.set_session(&intent, SessionState::Paid);
                intent
            }
            Provider::Alipay(stand_in) => {
                let intent =
                    crate::payments_alipay::checkout(app, stand_in, who, amount, order).await;
                stand_in.pay(&intent);
                intent
            }
        }
    }

    /// The signed webhook saying `intent` was paid (each call a new
    /// delivery of that outcome: a new Stripe event, a new Alipay notify_id).
    pub fn paid_webhook(&self, intent: &str) -> Delivery {
        match self {
            Provider::Stripe(stand_in) => {
                Delivery::stripe(stand_in.event("checkout.session.completed", intent, |_| {}))
            }
            Provider::Alipay(stand_in) => {
                Delivery::alipay(stand_in.notify(intent, "TRADE_SUCCESS"))
            }
        }
    }

    /// The signed webhook saying the checkout of `intent` ended unpaid
    /// (Stripe's `checkout.session.expired`, Alipay's `TRADE_CLOSED`).
    pub fn closed_webhook(&self, intent: &str) -> Delivery {
        match self {
            Provider::Stripe(stand_in) => {
                Delivery::stripe(
                    stand_in.event("checkout.session.expired", intent, |session| {
                        session["status"] = json!("expired");
                        session["payment_status"] = json!("unpaid");
                    }),
                )
            }
            Provider::Alipay(stand_in) => Delivery::alipay(stand_in.notify(intent, "TRADE_CLOSED")),
        }
    }

    /// Pays `amount` in through the checkout and the signed webhook;
    /// returns the intent.
    pub async fn pay_in(
        &self,
        app: &TestApp,
        who: &CurrentUser,
        amount: i64,
        order: Option<i64>,
    ) -> String {
        let intent = self.paid_checkout(app, who, amount, order).await;
        self.paid_webhook(&intent).deliver(app).await;
        intent
    }
}

/// One webhook delivery as the provider posts it.
#[derive(Debug, Clone)]
pub struct Delivery {
    provider: &'static str,
    body: Vec<u8>,
}

impl Delivery {
    fn stripe(body: Vec<u8>) -> Delivery {
        Delivery {
            provider: "stripe",
            body,
        }
    }

    fn alipay(body: Vec<u8>) -> Delivery {
        Delivery {
            provider: "alipay",
            body,
        }
    }

    /// Posts it to `/payments/webhook/<provider>` and asserts it was taken
    /// in as the provider expects (Stripe: 204; Alipay: 200 `success`), so
    /// the provider would not send it again.
    pub async fn deliver(&self, app: &TestApp) {
        let url = app.url(&format!("/payments/webhook/{}", self.provider));
        let request = match self.provider {
            "stripe" => app
                .client
                .post(url)
                .header("content-type", "application/json")
                .header(
                    "Stripe-Signature",
                    StripeStandIn::sign(&self.body, now_secs()),
                ),
            _ => app.client.post(url).header(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            ),
        };
        let answer = request
            .body(self.body.clone())
            .send()
            .await
            .expect("delivery");
        let status = answer.status().as_u16();
        let text = answer.text().await.expect("body");
        match self.provider {
            "stripe" => assert_eq!(status, 204, "{text}"),
            _ => assert_eq!((status, text.as_str()), (200, "success")),
        }
    }
}

/// The app on `kind`, on SQLite and, when it runs here, on PostgreSQL,
/// each with a stand-in of its own.
pub async fn cases(kind: Kind) -> Vec<Case> {
    let provider = Provider::start(kind).await;
    let app = TestApp::spawn_with(|settings| provider.configure(settings)).await;
    let mut all = vec![Case {
        backend: "sqlite",
        provider,
        app,
        _cleanup: Vec::new(),
    }];
    if let Some((database, cleanup)) = postgres_database().await {
        let provider = Provider::start(kind).await;
        let app = TestApp::spawn_with(|settings| {
            provider.configure(settings);
            settings.database.url = database;
        })
        .await;
        all.push(Case {
            backend: "postgres",
            provider,
            app,
            _cleanup: vec![cleanup],
        });
    }
    all
}

/// Makes `intent` two minutes old. Reconciliation leaves payments younger
/// than a minute to their webhook (the payer may still be at the
/// checkout); the test moves the clock of the row rather than waiting.
pub async fn backdate(state: &AppState, intent: &str) {
    let done = sqlx::query("UPDATE payment_intents SET created_at = created_at - $1 WHERE id = $2")
        .bind(120_000_i64)
        .bind(intent)
        .execute(state.db.pool())
        .await
        .expect("backdate");
    assert_eq!(done.rows_affected(), 1, "{intent}");
}

pub async fn wallet_of(state: &AppState, who: &CurrentUser) -> WalletView {
    wallet::wallet(state, who, HistoryFilter::default())
        .await
        .expect("wallet")
}

/// `who`'s newest withdrawal (refunds included).
pub async fn newest_withdrawal(state: &AppState, who: &CurrentUser) -> WithdrawalView {
    let wallet = wallet_of(state, who).await;
    let newest = wallet.withdrawals.into_iter().max_by_key(|w| w.id);
    newest.expect("a withdrawal")
}

/// Withdrawal `id` of `who`'s, as their wallet shows it.
pub async fn withdrawal(state: &AppState, who: &CurrentUser, id: i64) -> WithdrawalView {
    let wallet = wallet_of(state, who).await;
    let found = wallet.withdrawals.into_iter().find(|w| w.id == id);
    found.expect("the withdrawal")
}

/// Payment `intent` of `who`'s, as their wallet shows it.
pub async fn payment(state: &AppState, who: &CurrentUser, intent: &str) -> PaymentView {
    let wallet = wallet_of(state, who).await;
    let found = wallet.payments.into_iter().find(|p| p.id == intent);
    found.expect("the payment")
}
