//! Refunds asked by the payer, through the sandbox provider (which sends
//! refunds back at once), on both backends: the amount is held like a
//! withdrawal's, an admin's approval sends it, the provider's answer
//! settles it, and the payment then reads "refunded". Someone else's
//! payment, an unpaid one, a second refund and money already spent are
//! refused with nothing written. The ledger's check runs after each.

use crate::support::money::{
    admin_of, assert_ledger_consistent, available, balance, conflict, key, pay, top_up,
    transactions,
};
use crate::support::orders::user;
use crate::support::stacks::stacks;
use bounty::domain::AppError;
use bounty::domain::history_filter::HistoryFilter;
use bounty::domain::ledger::Account;
use bounty::domain::wallet::PaymentState;
use bounty::domain::withdrawal::{WithdrawalDecision, WithdrawalState};
use bounty::server::payments::EventKind;
use bounty::server::services::money::{refund, wallet, withdraw};

#[tokio::test]
async fn a_paid_top_up_goes_back_once_an_admin_approves_and_reads_refunded() {
    for stack in stacks().await {
        let state = &stack.state;
        let payer = user(state, "Payer").await;
        let admin = admin_of(user(state, "Admin").await);
        let intent = pay(state, &payer, 5_000, None, EventKind::Succeeded).await;
        let before = wallet::wallet(state, &payer, HistoryFilter::default())
            .await
            .expect("wallet");
        assert!(before.payments[0].refundable, "{}", stack.name);
        assert_eq!(before.provider, "sandbox");

        let ask = key();
        refund::request(state, &payer, &intent, &ask)
            .await
            .expect("refund asked");
        // A double click changes nothing.
        refund::request(state, &payer, &intent, &ask)
            .await
            .expect("the same request again");
        assert_eq!(available(state, &payer).await, 0, "{}", stack.name);
        assert_eq!(balance(state, Account::Held(payer.id)).await, 5_000);
        let asked = wallet::wallet(state, &payer, HistoryFilter::default())
            .await
            .expect("wallet");
        assert!(
            !asked.payments[0].refundable,
            "asked once: no second button"
        );
        assert_eq!(asked.withdrawals.len(), 1);
        assert_eq!(asked.withdrawals[0].state, WithdrawalState::Pending);
        assert_ledger_consistent(state, stack.name).await;

        // The admin approves; the provider sends it back and says so.
        withdraw::decide(
            state,
            &admin,
            asked.withdrawals[0].id,
            WithdrawalDecision::Paid,
            "",
            &key(),
        )
        .await
        .expect("approved and sent");
        let after = wallet::wallet(state, &payer, HistoryFilter::default())
            .await
            .expect("wallet");
        assert_eq!(
            after.payments[0].state,
            PaymentState::Refunded,
            "{}",
            stack.name
        );
        assert_eq!(after.withdrawals[0].state, WithdrawalState::Paid);
        assert_eq!(
            after.withdrawals[0].note.as_deref(),
            Some(format!("sandbox-refund-wd_{}", asked.withdrawals[0].id).as_str()),
            "the provider's reference is the payout's"
        );
        assert_eq!(balance(state, Account::Held(payer.id)).await, 0);
        assert_eq!(available(state, &payer).await, 0);
        assert_eq!(
            refund::request(state, &payer, &intent, &key()).await,
            Err(conflict("already_refunded"))
        );
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn only_the_payer_may_ask_and_only_for_a_paid_payment() {
    for stack in stacks().await {
        let state = &stack.state;
        let payer = user(state, "Payer").await;
        let stranger = user(state, "Stranger").await;
        top_up(state, &stranger, 9_000).await;
        let paid = pay(state, &payer, 3_000, None, EventKind::Succeeded).await;
        let declined = pay(state, &payer, 2_000, None, EventKind::Declined).await;
        let writes = transactions(state).await;
        assert_eq!(
            refund::request(state, &stranger, &paid, &key()).await,
            Err(AppError::NotFound),
            "{}: someone else's payment does not exist for them",
            stack.name
        );
        assert_eq!(
            refund::request(state, &payer, &declined, &key()).await,
            Err(conflict("not_paid"))
        );
        assert_eq!(
            refund::request(state, &payer, "pi_none", &key()).await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            refund::request(state, &payer, &"x".repeat(500), &key()).await,
            Err(AppError::NotFound)
        );
        assert_eq!(transactions(state).await, writes, "nothing written");
        assert_eq!(available(state, &payer).await, 3_000);
        assert_eq!(available(state, &stranger).await, 9_000);
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn money_already_spent_cannot_be_refunded_and_nothing_is_held() {
    for stack in stacks().await {
        let state = &stack.state;
        let payer = user(state, "Payer").await;
        let intent = pay(state, &payer, 5_000, None, EventKind::Succeeded).await;
        withdraw::request(state, &payer, 4_000, "Bank 6222 0001", &key())
            .await
            .expect("most of it withdrawn");
        let writes = transactions(state).await;
        assert_eq!(
            refund::request(state, &payer, &intent, &key()).await,
            Err(conflict("insufficient_funds")),
            "{}",
            stack.name
        );
        assert_eq!(transactions(state).await, writes);
        let mine = wallet::wallet(state, &payer, HistoryFilter::default())
            .await
            .expect("wallet");
        assert_eq!(mine.withdrawals.len(), 1, "no refund row left behind");
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn a_rejected_refund_returns_the_hold_and_may_be_asked_again() {
    for stack in stacks().await {
        let state = &stack.state;
        let payer = user(state, "Payer").await;
        let admin = admin_of(user(state, "Admin").await);
        let intent = pay(state, &payer, 2_500, None, EventKind::Succeeded).await;
        refund::request(state, &payer, &intent, &key())
            .await
            .expect("asked");
        let asked = wallet::wallet(state, &payer, HistoryFilter::default())
            .await
            .expect("wallet");
        withdraw::decide(
            state,
            &admin,
            asked.withdrawals[0].id,
            WithdrawalDecision::Rejected,
            "Paid by mistake? Write to us first",
            &key(),
        )
        .await
        .expect("rejected");
        assert_eq!(available(state, &payer).await, 2_500, "{}", stack.name);
        assert_eq!(balance(state, Account::Held(payer.id)).await, 0);
        refund::request(state, &payer, &intent, &key())
            .await
            .expect("asked again after the rejection");
        assert_eq!(balance(state, Account::Held(payer.id)).await, 2_500);
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn two_refunds_of_one_payment_at_once_hold_it_once() {
    for stack in stacks().await {
        let state = &stack.state;
        let payer = user(state, "Payer").await;
        top_up(state, &payer, 10_000).await;
        let intent = pay(state, &payer, 4_000, None, EventKind::Succeeded).await;
        let (one, other) = (key(), key());
        let (first, second) = tokio::join!(
            refund::request(state, &payer, &intent, &one),
            refund::request(state, &payer, &intent, &other)
        );
        let won = [&first, &second].iter().filter(|r| r.is_ok()).count();
        assert_eq!(won, 1, "{}: {first:?} {second:?}", stack.name);
        assert_eq!(balance(state, Account::Held(payer.id)).await, 4_000);
        assert_ledger_consistent(state, stack.name).await;
    }
}
