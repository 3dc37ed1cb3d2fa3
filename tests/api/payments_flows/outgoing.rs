//! Money out through the provider when its answer is lost or is a refusal,
//! through the services (an admin's approval, `reconcile::run`): a payout
//! (Alipay transfer) or a refund (Stripe, Alipay) whose answer never came
//! stays `sending` with nothing moved and the amount still held; a second
//! approval (or a rejection) is refused `wrong_state` and the provider is
//! asked once; reconciliation then asks (never resends) and settles it paid
//! exactly once. Stripe's `charge.refunded` webhook settles a pending
//! refund the same way. A refusal returns the hold, the withdrawal
//! rejected with a note naming the provider's reason.

use super::{Case, Kind, Provider, cases, newest_withdrawal, payment, withdrawal};
use crate::support::alipay_stand_in::{Next, UNKNOWN_PAYEE};
use crate::support::money::{
    admin_of, assert_ledger_consistent, available, balance, conflict, key, transactions,
};
use crate::support::orders::user;
use crate::support::stripe_stand_in::Behaviour;
use bounty::domain::CurrentUser;
use bounty::domain::ledger::Account;
use bounty::domain::wallet::PaymentState;
use bounty::domain::withdrawal::{WithdrawalDecision, WithdrawalState};
use bounty::server::services::money::payout::Settled;
use bounty::server::services::money::reconcile::{self, Change};
use bounty::server::services::money::{refund, withdraw};
use bounty::server::state::AppState;

const TRANSFER: &str = "alipay.fund.trans.uni.transfer";
const REFUND: &str = "alipay.trade.refund";

async fn approve(
    state: &AppState,
    admin: &CurrentUser,
    id: i64,
) -> Result<(), bounty::domain::AppError> {
    withdraw::decide(state, admin, id, WithdrawalDecision::Paid, "", &key()).await
}

fn stripe_refund_posts(case: &Case) -> usize {
    let requests = case.provider.stripe().requests();
    let posted = requests
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/v1/refunds");
    posted.count()
}

/// What the provider was asked to send so far (transfers and refunds).
fn sends(case: &Case) -> usize {
    match &case.provider {
        Provider::Stripe(_) => stripe_refund_posts(case),
        Provider::Alipay(stand_in) => stand_in.calls(TRANSFER) + stand_in.calls(REFUND),
    }
}

/// Withdrawal `id` was approved but its answer lost: it reads `sending`,
/// `held` is still held, nothing else moved, and neither a second approval
/// nor a rejection touches it.
async fn stays_sending(
    case: &Case,
    admin: &CurrentUser,
    who: &CurrentUser,
    id: i64,
    held: i64,
    moved: i64,
) {
    let state = &case.app.state;
    let context = format!("{} on {}", case.provider.name(), case.backend);
    let view = withdrawal(state, who, id).await;
    assert_eq!(view.state, WithdrawalState::Sending, "{context}");
    assert_eq!(
        balance(state, Account::Held(who.id)).await,
        held,
        "{context}"
    );
    assert_eq!(transactions(state).await, moved, "{context}: nothing moved");
    let asked = sends(case);
    assert_eq!(
        approve(state, admin, id).await,
        Err(conflict("wrong_state")),
        "{context}: never sent twice"
    );
    let rejected = withdraw::decide(
        state,
        admin,
        id,
        WithdrawalDecision::Rejected,
        "changed my mind",
        &key(),
    )
    .await;
    assert_eq!(
        rejected,
        Err(conflict("wrong_state")),
        "{context}: the provider may have paid it; only its word returns the hold"
    );
    assert_eq!(sends(case), asked, "{context}");
    assert_eq!(balance(state, Account::Held(who.id)).await, held);
}

/// One reconciliation pass settles withdrawal `id` paid with `reference`;
/// a second changes nothing.
async fn reconciled_paid(case: &Case, who: &CurrentUser, id: i64, reference: &str) {
    let state = &case.app.state;
    let context = format!("{} on {}", case.provider.name(), case.backend);
    let asked = sends(case);
    let changes = reconcile::run(state).await.expect("a pass");
    assert_eq!(
        changes,
        vec![Change::Withdrawal(Settled {
            withdrawal_id: id,
            paid: true,
            note: reference.to_owned(),
        })],
        "{context}"
    );
    assert_eq!(sends(case), asked, "{context}: asked, never resent");
    let view = withdrawal(state, who, id).await;
    assert_eq!(view.state, WithdrawalState::Paid, "{context}");
    assert_eq!(view.note.as_deref(), Some(reference));
    assert_eq!(balance(state, Account::Held(who.id)).await, 0, "{context}");
    let moved = transactions(state).await;
    assert_eq!(
        reconcile::run(state).await.expect("a pass"),
        Vec::new(),
        "{context}"
    );
    assert_eq!(transactions(state).await, moved, "{context}: settled once");
}

#[tokio::test]
async fn an_alipay_payout_or_refund_whose_answer_is_lost_stays_sending_until_reconciliation_settles_it_once()
 {
    for case in cases(Kind::Alipay).await {
        let (app, stand_in) = (&case.app, case.provider.alipay());
        let state = &app.state;
        let context = format!("alipay on {}", case.backend);
        let admin = admin_of(user(state, "Admin").await);
        let solver = user(state, "Solver").await;
        case.provider.pay_in(app, &solver, 20_000, None).await;

        // A transfer: the gateway does it, then the connection is cut.
        withdraw::request_to(
            state,
            &solver,
            10_000,
            "solver@example.com",
            Some("张三"),
            &key(),
        )
        .await
        .expect("asked");
        let payout = newest_withdrawal(state, &solver).await.id;
        let moved = transactions(state).await;
        stand_in.next(Next::Cut);
        approve(state, &admin, payout)
            .await
            .expect("approved; the answer is lost");
        let made = stand_in
            .transfer(&format!("wd_{payout}"))
            .expect("Alipay made it; only the answer was lost");
        stays_sending(&case, &admin, &solver, payout, 10_000, moved).await;
        assert_eq!(stand_in.calls(TRANSFER), 1, "{context}");
        assert_eq!(available(state, &solver).await, 10_000);
        reconciled_paid(&case, &solver, payout, &made.order_id).await;
        assert_eq!(available(state, &solver).await, 10_000, "{context}");
        assert!(stand_in.calls("alipay.fund.trans.common.query") >= 1);
        assert_ledger_consistent(state, &context).await;

        // A refund of a paid top-up, its answer cut the same way.
        let intent = case.provider.pay_in(app, &solver, 6_000, None).await;
        refund::request(state, &solver, &intent, &key())
            .await
            .expect("asked");
        let back = newest_withdrawal(state, &solver).await.id;
        let moved = transactions(state).await;
        stand_in.next(Next::Cut);
        approve(state, &admin, back)
            .await
            .expect("approved; the answer is lost");
        assert_eq!(stand_in.refunded(&intent), 6_000, "{context}");
        stays_sending(&case, &admin, &solver, back, 6_000, moved).await;
        assert_eq!(stand_in.calls(REFUND), 1, "{context}");
        let changes = reconcile::run(state).await.expect("a pass");
        assert!(
            matches!(
                changes.as_slice(),
                [Change::Withdrawal(Settled { withdrawal_id, paid: true, note })]
                    if *withdrawal_id == back && !note.is_empty()
            ),
            "{context}: {changes:?}"
        );
        assert_eq!(stand_in.calls(REFUND), 1, "{context}: never resent");
        assert_eq!(
            withdrawal(state, &solver, back).await.state,
            WithdrawalState::Paid
        );
        assert_eq!(
            payment(state, &solver, &intent).await.state,
            PaymentState::Refunded,
            "{context}"
        );
        assert_eq!(balance(state, Account::Held(solver.id)).await, 0);
        assert_eq!(reconcile::run(state).await.expect("a pass"), Vec::new());
        assert_eq!(available(state, &solver).await, 10_000, "{context}");
        assert_ledger_consistent(state, &context).await;
        case.app.stop().await;
    }
}

#[tokio::test]
async fn alipays_refusals_return_the_hold_with_the_reason_in_the_note() {
    for case in cases(Kind::Alipay).await {
        let (app, stand_in) = (&case.app, case.provider.alipay());
        let state = &app.state;
        let context = format!("alipay on {}", case.backend);
        let admin = admin_of(user(state, "Admin").await);
        let solver = user(state, "Solver").await;
        let intent = case.provider.pay_in(app, &solver, 20_000, None).await;

        for (account, next, reason) in [
            (UNKNOWN_PAYEE, None, "PAYEE_NOT_EXIST"),
            (
                "solver@example.com",
                Some(Next::TransferStatus("FAIL")),
                "FAIL",
            ),
        ] {
            withdraw::request_to(state, &solver, 5_000, account, Some("张三"), &key())
                .await
                .expect("asked");
            let id = newest_withdrawal(state, &solver).await.id;
            if let Some(next) = next {
                stand_in.next(next);
            }
            approve(state, &admin, id).await.expect("answered");
            let view = withdrawal(state, &solver, id).await;
            assert_eq!(view.state, WithdrawalState::Rejected, "{context}: {reason}");
            let note = view.note.expect("a note");
            assert!(note.contains(reason), "{context}: {note}");
            assert_eq!(available(state, &solver).await, 20_000, "{context}");
            assert_eq!(balance(state, Account::Held(solver.id)).await, 0);
        }

        // A refund Alipay refuses for good (a signed business refusal).
        refund::request(state, &solver, &intent, &key())
            .await
            .expect("asked");
        let id = newest_withdrawal(state, &solver).await.id;
        stand_in.next(Next::Error("40004", "ACQ.TRADE_HAS_CLOSE"));
        approve(state, &admin, id).await.expect("answered");
        let view = withdrawal(state, &solver, id).await;
        assert_eq!(view.state, WithdrawalState::Rejected, "{context}");
        let note = view.note.expect("a note");
        assert!(note.contains("ACQ.TRADE_HAS_CLOSE"), "{context}: {note}");
        assert_eq!(available(state, &solver).await, 20_000, "{context}");
        assert_eq!(stand_in.refunded(&intent), 0);
        assert!(
            payment(state, &solver, &intent).await.refundable,
            "{context}: may be asked again"
        );
        assert_eq!(reconcile::run(state).await.expect("a pass"), Vec::new());
        assert_ledger_consistent(state, &context).await;
        case.app.stop().await;
    }
}

#[tokio::test]
async fn a_stripe_refund_whose_answer_is_lost_stays_sending_until_reconciliation_or_charge_refunded_settles_it_once()
 {
    for case in cases(Kind::Stripe).await {
        let (app, stand_in) = (&case.app, case.provider.stripe());
        let state = &app.state;
        let context = format!("stripe on {}", case.backend);
        let admin = admin_of(user(state, "Admin").await);
        let payer = user(state, "Payer").await;

        // Stripe makes the refund, but answers after our deadline.
        let intent = case.provider.pay_in(app, &payer, 5_000, None).await;
        refund::request(state, &payer, &intent, &key())
            .await
            .expect("asked");
        let lost = newest_withdrawal(state, &payer).await.id;
        let moved = transactions(state).await;
        stand_in.behave(Behaviour::HangOnce);
        approve(state, &admin, lost)
            .await
            .expect("approved; the answer is lost");
        assert_eq!(stand_in.refunds().len(), 1, "{context}: Stripe made it");
        stays_sending(&case, &admin, &payer, lost, 5_000, moved).await;
        assert_eq!(stripe_refund_posts(&case), 1, "{context}");
        let refund_id = stand_in.refunds()[0]["id"].as_str().expect("id").to_owned();
        reconciled_paid(&case, &payer, lost, &refund_id).await;
        assert_eq!(
            payment(state, &payer, &intent).await.state,
            PaymentState::Refunded,
            "{context}"
        );
        assert_eq!(available(state, &payer).await, 0);
        assert_ledger_consistent(state, &context).await;

        // A refund Stripe leaves pending; its charge.refunded event settles it.
        let intent = case.provider.pay_in(app, &payer, 4_000, None).await;
        refund::request(state, &payer, &intent, &key())
            .await
            .expect("asked");
        let pending = newest_withdrawal(state, &payer).await.id;
        let moved = transactions(state).await;
        stand_in.next_refund_status("pending");
        approve(state, &admin, pending)
            .await
            .expect("approved; pending");
        stand_in.next_refund_status("succeeded");
        stays_sending(&case, &admin, &payer, pending, 4_000, moved).await;
        let refund_id = stand_in.refunds()[1]["id"].as_str().expect("id").to_owned();
        stand_in.set_refund(&refund_id, "succeeded", None);
        super::Delivery::stripe(stand_in.charge_refunded_event(&intent))
            .deliver(app)
            .await;
        let view = withdrawal(state, &payer, pending).await;
        assert_eq!(view.state, WithdrawalState::Paid, "{context}");
        assert_eq!(view.note.as_deref(), Some(refund_id.as_str()));
        assert_eq!(balance(state, Account::Held(payer.id)).await, 0);
        assert_eq!(stripe_refund_posts(&case), 2, "{context}");
        assert_eq!(reconcile::run(state).await.expect("a pass"), Vec::new());
        assert_ledger_consistent(state, &context).await;
        case.app.stop().await;
    }
}

#[tokio::test]
async fn stripes_refusal_of_a_refund_returns_the_hold_with_stripes_code_in_the_note() {
    for case in cases(Kind::Stripe).await {
        let (app, stand_in) = (&case.app, case.provider.stripe());
        let state = &app.state;
        let context = format!("stripe on {}", case.backend);
        let admin = admin_of(user(state, "Admin").await);
        let payer = user(state, "Payer").await;
        let intent = case.provider.pay_in(app, &payer, 5_000, None).await;
        refund::request(state, &payer, &intent, &key())
            .await
            .expect("asked");
        let id = newest_withdrawal(state, &payer).await.id;
        stand_in.behave(Behaviour::Error(
            400,
            "invalid_request_error",
            "charge_disputed",
        ));
        approve(state, &admin, id).await.expect("answered");
        stand_in.behave(Behaviour::Normal);
        let view = withdrawal(state, &payer, id).await;
        assert_eq!(view.state, WithdrawalState::Rejected, "{context}");
        let note = view.note.expect("a note");
        assert!(note.contains("charge_disputed"), "{context}: {note}");
        assert_eq!(available(state, &payer).await, 5_000, "{context}");
        assert_eq!(balance(state, Account::Held(payer.id)).await, 0);
        assert!(stand_in.refunds().is_empty());
        assert!(payment(state, &payer, &intent).await.refundable);
        assert_eq!(reconcile::run(state).await.expect("a pass"), Vec::new());
        assert_ledger_consistent(state, &context).await;
        case.app.stop().await;
    }
}
