//! The whole money flow once per provider, the money coming in through the
//! provider's checkout and signed webhook: a wallet top-up; the shortfall
//! of an order paid for that order (funded when the payment arrives); the
//! solution opened and confirmed (the solver is paid); the solver's
//! withdrawal (Alipay: sent by `alipay.fund.trans.uni.transfer` on approval
//! and paid with Alipay's reference; Stripe: paid by hand with the admin's
//! reference, nothing asked of Stripe); a paid top-up refunded through the
//! provider (Stripe: `POST /v1/refunds`, Alipay: `alipay.trade.refund`,
//! keyed `wd_<id>`); a funded order cancelled (the escrow back in the
//! publisher's wallet) and a dispute split, which stay inside the platform.

use super::{Case, Kind, Provider, cases, newest_withdrawal, payment, wallet_of, withdrawal};
use crate::payments_stripe::intent_state;
use crate::support::money::{
    REWARD, admin_of, answer, assert_ledger_consistent, available, balance, key,
};
use crate::support::orders::{draft, user};
use bounty::domain::CurrentUser;
use bounty::domain::ledger::Account;
use bounty::domain::order::OrderState;
use bounty::domain::order::dispute::DisputeOutcome;
use bounty::domain::wallet::PaymentState;
use bounty::domain::withdrawal::{WithdrawalDecision, WithdrawalState};
use bounty::server::services::money::{cancel, confirm, dispute, fund, refund, withdraw};
use bounty::server::services::orders::{lifecycle, open, publish, submit, view};

const TRANSFER: &str = "alipay.fund.trans.uni.transfer";
const REFUND: &str = "alipay.trade.refund";

#[tokio::test]
async fn through_stripe_top_ups_and_order_payments_credit_once_the_solver_is_paid_by_hand_and_a_refund_goes_back_by_stripe()
 {
    for case in cases(Kind::Stripe).await {
        money_flows(&case).await;
        case.app.stop().await;
    }
}

#[tokio::test]
async fn through_alipay_top_ups_and_order_payments_credit_once_the_solver_is_paid_by_transfer_and_a_refund_goes_back_by_alipay()
 {
    for case in cases(Kind::Alipay).await {
        money_flows(&case).await;
        case.app.stop().await;
    }
}

async fn money_flows(case: &Case) {
    let (backend, provider, app) = (case.backend, &case.provider, &case.app);
    let state = &app.state;
    let context = format!("{} on {backend}", provider.name());
    let admin = admin_of(user(state, "Admin").await);
    let publisher = user(state, "Publisher").await;
    let taker = user(state, "Taker").await;

    // A wallet top-up: the checkout, then the provider's signed webhook.
    let top_up = provider.pay_in(app, &publisher, 30_000, None).await;
    assert_eq!(intent_state(state, &top_up).await, "succeeded", "{context}");
    assert_eq!(available(state, &publisher).await, 30_000, "{context}");

    // An order taken and answered; its publisher pays the shortfall for it.
    let id = publish::publish(state, &publisher, &draft("Paid through the provider"))
        .await
        .expect("publish");
    lifecycle::take(state, &taker, id).await.expect("take");
    submit::submit(state, &taker, id, &answer("The answer is 42."))
        .await
        .expect("submit");
    let shortfall = provider
        .paid_checkout(app, &publisher, REWARD - 30_000, Some(id))
        .await;
    assert_eq!(
        balance(state, Account::Escrow(id)).await,
        0,
        "{context}: paid at the provider, not yet told"
    );
    provider.paid_webhook(&shortfall).deliver(app).await;
    assert_eq!(
        balance(state, Account::Escrow(id)).await,
        REWARD,
        "{context}"
    );
    assert_eq!(available(state, &publisher).await, 0, "{context}");

    // Opened and confirmed: the solver is paid.
    open::open_solution(state, &publisher, id)
        .await
        .expect("open");
    confirm::confirm(state, &publisher, id, &key())
        .await
        .expect("confirm");
    assert_eq!(available(state, &taker).await, REWARD, "{context}");
    assert_eq!(balance(state, Account::Escrow(id)).await, 0);
    let done = view::order(state, Some(&publisher), id)
        .await
        .expect("view");
    assert_eq!(done.card.state, OrderState::Done, "{context}");
    assert_ledger_consistent(state, &context).await;

    // The solver withdraws part of it.
    solver_withdraws(case, &admin, &taker, &context).await;
    assert_eq!(available(state, &taker).await, REWARD - 50_000, "{context}");
    assert_eq!(balance(state, Account::Held(taker.id)).await, 0);
    assert_ledger_consistent(state, &context).await;

    // A paid top-up goes back where it came from.
    payer_is_refunded(case, &admin, &publisher, &context).await;
    assert_ledger_consistent(state, &context).await;

    // Cancelling a funded order: the escrow returns to the wallet, inside
    // the platform, whichever provider took the money in.
    let cancelled = publish::publish(state, &publisher, &draft("Cancelled after paying"))
        .await
        .expect("publish");
    provider
        .pay_in(app, &publisher, REWARD, Some(cancelled))
        .await;
    assert_eq!(
        balance(state, Account::Escrow(cancelled)).await,
        REWARD,
        "{context}"
    );
    cancel::cancel(state, &publisher, cancelled, &key())
        .await
        .expect("cancel");
    assert_eq!(balance(state, Account::Escrow(cancelled)).await, 0);
    assert_eq!(available(state, &publisher).await, REWARD, "{context}");
    let view = view::order(state, None, cancelled).await.expect("view");
    assert_eq!(view.card.state, OrderState::Cancelled);
    assert_ledger_consistent(state, &context).await;

    // A dispute split: the refunded escrow funds the next order.
    let disputed = publish::publish(state, &publisher, &draft("Disputed after paying"))
        .await
        .expect("publish");
    lifecycle::take(state, &taker, disputed)
        .await
        .expect("take");
    submit::submit(state, &taker, disputed, &answer("Partly."))
        .await
        .expect("submit");
    fund::fund(state, &publisher, disputed, &key())
        .await
        .expect("fund");
    dispute::open(state, &publisher, disputed, "It only partly works.")
        .await
        .expect("dispute");
    let split = DisputeOutcome::Split { to_solver: 70_000 };
    dispute::decide(state, &admin, disputed, split, "Half of it works.", &key())
        .await
        .expect("split");
    assert_eq!(
        available(state, &taker).await,
        REWARD - 50_000 + 70_000,
        "{context}"
    );
    assert_eq!(available(state, &publisher).await, REWARD - 70_000);
    assert_eq!(balance(state, Account::Escrow(disputed)).await, 0);
    assert_ledger_consistent(state, &context).await;
}

/// The solver asks for 500.00 and an admin approves it.
async fn solver_withdraws(case: &Case, admin: &CurrentUser, solver: &CurrentUser, context: &str) {
    let state = &case.app.state;
    match &case.provider {
        Provider::Alipay(stand_in) => {
            assert!(withdraw::holder_needed(state), "{context}");
            withdraw::request_to(
                state,
                solver,
                50_000,
                "solver@example.com",
                Some("张三"),
                &key(),
            )
            .await
            .expect("asked");
            let asked = newest_withdrawal(state, solver).await;
            let queue = withdraw::queue(state, admin).await.expect("queue");
            let queued = queue.pending.iter().find(|w| w.withdrawal.id == asked.id);
            assert!(queued.expect("queued").by_provider, "{context}");
            withdraw::decide(state, admin, asked.id, WithdrawalDecision::Paid, "", &key())
                .await
                .expect("approved and sent");
            let transfer = stand_in
                .transfer(&format!("wd_{}", asked.id))
                .expect("a transfer keyed by the withdrawal");
            assert_eq!(transfer.amount, "500.00", "{context}: yuan");
            assert_eq!(transfer.identity, "solver@example.com");
            assert_eq!(transfer.name, "张三");
            assert_eq!(stand_in.calls(TRANSFER), 1, "{context}");
            let paid = withdrawal(state, solver, asked.id).await;
            assert_eq!(paid.state, WithdrawalState::Paid, "{context}");
            assert_eq!(
                paid.note.as_deref(),
                Some(transfer.order_id.as_str()),
                "{context}: Alipay's reference"
            );
        }
        Provider::Stripe(stand_in) => {
            assert!(!withdraw::holder_needed(state), "{context}");
            withdraw::request(state, solver, 50_000, "Bank 6222 0001", &key())
                .await
                .expect("asked");
            let asked = newest_withdrawal(state, solver).await;
            let queue = withdraw::queue(state, admin).await.expect("queue");
            let queued = queue.pending.iter().find(|w| w.withdrawal.id == asked.id);
            assert!(!queued.expect("queued").by_provider, "{context}");
            let asked_of_stripe = stand_in.requests().len();
            withdraw::decide(
                state,
                admin,
                asked.id,
                WithdrawalDecision::Paid,
                "BANK-REF-0001",
                &key(),
            )
            .await
            .expect("paid by hand");
            assert_eq!(
                stand_in.requests().len(),
                asked_of_stripe,
                "{context}: nothing asked of Stripe"
            );
            let paid = withdrawal(state, solver, asked.id).await;
            assert_eq!(paid.state, WithdrawalState::Paid, "{context}");
            assert_eq!(paid.note.as_deref(), Some("BANK-REF-0001"));
        }
    }
}

/// `payer` tops up 80.00, asks for it back, an admin approves: the
/// provider refunds it, keyed by the withdrawal.
async fn payer_is_refunded(case: &Case, admin: &CurrentUser, payer: &CurrentUser, context: &str) {
    let (provider, app) = (&case.provider, &case.app);
    let state = &app.state;
    let before = available(state, payer).await;
    let intent = provider.pay_in(app, payer, 8_000, None).await;
    assert!(payment(state, payer, &intent).await.refundable, "{context}");
    refund::request(state, payer, &intent, &key())
        .await
        .expect("asked");
    let asked = newest_withdrawal(state, payer).await;
    assert_eq!(asked.state, WithdrawalState::Pending, "{context}");
    assert_eq!(balance(state, Account::Held(payer.id)).await, 8_000);
    withdraw::decide(state, admin, asked.id, WithdrawalDecision::Paid, "", &key())
        .await
        .expect("approved and sent");
    let key_of = format!("wd_{}", asked.id);
    let reference = match provider {
        Provider::Stripe(stand_in) => {
            let requests = stand_in.requests();
            let posted: Vec<_> = requests
                .iter()
                .filter(|r| r.method == "POST" && r.path == "/v1/refunds")
                .collect();
            assert_eq!(posted.len(), 1, "{context}");
            assert_eq!(posted[0].idempotency_key.as_deref(), Some(key_of.as_str()));
            let session = stand_in.session(&intent);
            assert_eq!(
                posted[0].form.get("payment_intent").map(String::as_str),
                session["payment_intent"].as_str()
            );
            assert_eq!(
                posted[0].form.get("amount").map(String::as_str),
                Some("8000")
            );
            let refunds = stand_in.refunds();
            assert_eq!(refunds.len(), 1, "{context}");
            refunds[0]["id"].as_str().expect("id").to_owned()
        }
        Provider::Alipay(stand_in) => {
            let made = stand_in.refund(&key_of).expect("a refund keyed by it");
            assert_eq!(
                (made.out_trade_no.as_str(), made.amount.as_str()),
                (intent.as_str(), "80.00"),
                "{context}"
            );
            assert_eq!(stand_in.refunded(&intent), 8_000);
            assert_eq!(stand_in.calls(REFUND), 1, "{context}");
            withdrawal(state, payer, asked.id)
                .await
                .note
                .expect("Alipay's reference")
        }
    };
    let done = withdrawal(state, payer, asked.id).await;
    assert_eq!(done.state, WithdrawalState::Paid, "{context}");
    assert_eq!(done.note.as_deref(), Some(reference.as_str()));
    assert!(!reference.is_empty());
    let refunded = payment(state, payer, &intent).await;
    assert_eq!(refunded.state, PaymentState::Refunded, "{context}");
    assert!(!refunded.refundable);
    assert_eq!(balance(state, Account::Held(payer.id)).await, 0);
    assert_eq!(available(state, payer).await, before, "{context}");
    let wallet = wallet_of(state, payer).await;
    assert_eq!(wallet.provider, provider.name());
}
