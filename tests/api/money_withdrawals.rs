//! Withdrawals on both backends: a request holds the amount; an admin marks
//! it paid (the money leaves through clearing) or rejects it (the hold
//! returns); bad amounts, someone else's decision, double decisions and
//! retries move nothing more. The ledger's check runs after each scenario.

use crate::support::money::{
    admin_of, assert_ledger_consistent, available, balance, conflict, key, top_up, transactions,
};
use crate::support::orders::user;
use crate::support::stacks::stacks;
use bounty::domain::AppError;
use bounty::domain::history_filter::HistoryFilter;
use bounty::domain::ledger::Account;
use bounty::domain::withdrawal::{WithdrawalDecision, WithdrawalState};
use bounty::server::services::money::{wallet, withdraw};

#[tokio::test]
async fn a_withdrawal_is_held_then_paid_out_once() {
    for stack in stacks().await {
        let state = &stack.state;
        let payee = user(state, "Payee").await;
        let admin = admin_of(user(state, "Admin").await);
        top_up(state, &payee, 10_000).await;
        let ask = key();
        withdraw::request(state, &payee, 4_000, " Bank 6222 0001, Li Lei ", &ask)
            .await
            .expect("request");
        // A double click: the first result, nothing held twice.
        withdraw::request(state, &payee, 4_000, "Bank 6222 0001, Li Lei", &ask)
            .await
            .expect("the same request again");
        assert_eq!(available(state, &payee).await, 6_000, "{}", stack.name);
        assert_eq!(balance(state, Account::Held(payee.id)).await, 4_000);
        let mine = wallet::wallet(state, &payee, HistoryFilter::default())
            .await
            .expect("wallet");
        assert_eq!(mine.held, 4_000);
        assert_eq!(mine.withdrawals.len(), 1, "{}", stack.name);
        let requested = &mine.withdrawals[0];
        assert_eq!(requested.state, WithdrawalState::Pending);
        assert_eq!(requested.payout_account, "Bank 6222 0001, Li Lei");
        assert_ledger_consistent(state, stack.name).await;

        let decide_key = key();
        withdraw::decide(
            state,
            &admin,
            requested.id,
            WithdrawalDecision::Paid,
            "TX-889",
            &decide_key,
        )
        .await
        .expect("paid");
        withdraw::decide(
            state,
            &admin,
            requested.id,
            WithdrawalDecision::Paid,
            "TX-889",
            &decide_key,
        )
        .await
        .expect("the same decision again");
        assert_eq!(
            withdraw::decide(
                state,
                &admin,
                requested.id,
                WithdrawalDecision::Rejected,
                "changed my mind",
                &key()
            )
            .await,
            Err(conflict("wrong_state")),
            "{}",
            stack.name
        );
        assert_eq!(balance(state, Account::Held(payee.id)).await, 0);
        assert_eq!(available(state, &payee).await, 6_000);
        // Paid in 10,000 through the provider, paid 4,000 back out.
        assert_eq!(balance(state, Account::Clearing).await, -6_000);
        let after = wallet::wallet(state, &payee, HistoryFilter::default())
            .await
            .expect("wallet");
        assert_eq!(after.withdrawals[0].state, WithdrawalState::Paid);
        assert_eq!(after.withdrawals[0].note.as_deref(), Some("TX-889"));
        // top-up, hold, paid
        assert_eq!(transactions(state).await, 3, "{}", stack.name);
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn a_rejected_withdrawal_returns_the_hold_with_its_reason() {
    for stack in stacks().await {
        let state = &stack.state;
        let payee = user(state, "Payee").await;
        let admin = admin_of(user(state, "Admin").await);
        top_up(state, &payee, 5_000).await;
        withdraw::request(state, &payee, 5_000, "Wallet 42", &key())
            .await
            .expect("request all of it");
        assert_eq!(available(state, &payee).await, 0);
        let queue = withdraw::queue(state, &admin).await.expect("queue");
        assert_eq!(queue.pending.len(), 1, "{}", stack.name);
        let id = queue.pending[0].withdrawal.id;
        assert_eq!(queue.pending[0].nickname, "Payee");
        withdraw::decide(
            state,
            &admin,
            id,
            WithdrawalDecision::Rejected,
            "Account name does not match",
            &key(),
        )
        .await
        .expect("rejected");
        assert_eq!(available(state, &payee).await, 5_000, "{}", stack.name);
        assert_eq!(balance(state, Account::Held(payee.id)).await, 0);
        let queue = withdraw::queue(state, &admin).await.expect("queue");
        assert!(queue.pending.is_empty());
        assert_eq!(
            queue.decided[0].withdrawal.note.as_deref(),
            Some("Account name does not match")
        );
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn bad_withdrawals_and_decisions_by_non_admins_move_nothing() {
    for stack in stacks().await {
        let state = &stack.state;
        let payee = user(state, "Payee").await;
        let admin = admin_of(user(state, "Admin").await);
        top_up(state, &payee, 1_000).await;
        for amount in [0, -5, i64::MIN] {
            assert_eq!(
                withdraw::request(state, &payee, amount, "Bank", &key()).await,
                Err(AppError::invalid("amount", "not_positive")),
                "{amount}"
            );
        }
        assert_eq!(
            withdraw::request(state, &payee, 1_001, "Bank", &key()).await,
            Err(conflict("insufficient_funds")),
            "{}",
            stack.name
        );
        assert_eq!(
            withdraw::request(state, &payee, 100, "   ", &key()).await,
            Err(AppError::invalid("payout_account", "required"))
        );
        assert_eq!(
            withdraw::request(state, &payee, 100, "Bank", "bad key!").await,
            Err(AppError::invalid("idempotency_key", "invalid"))
        );
        // Nothing half-written: no row, no hold.
        let mine = wallet::wallet(state, &payee, HistoryFilter::default())
            .await
            .expect("wallet");
        assert!(mine.withdrawals.is_empty(), "{}", stack.name);
        assert_eq!(available(state, &payee).await, 1_000);

        withdraw::request(state, &payee, 600, "Bank", &key())
            .await
            .expect("request");
        let id = wallet::wallet(state, &payee, HistoryFilter::default())
            .await
            .expect("wallet")
            .withdrawals[0]
            .id;
        // The payee cannot pay themselves out, nor list the queue.
        assert_eq!(
            withdraw::decide(state, &payee, id, WithdrawalDecision::Paid, "mine", &key()).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            withdraw::queue(state, &payee).await.map(|_| ()),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            withdraw::decide(
                state,
                &admin,
                id + 1000,
                WithdrawalDecision::Paid,
                "x",
                &key()
            )
            .await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            withdraw::decide(state, &admin, id, WithdrawalDecision::Paid, " ", &key()).await,
            Err(AppError::invalid("note", "required"))
        );
        // A second request beyond what is left is refused.
        assert_eq!(
            withdraw::request(state, &payee, 401, "Bank", &key()).await,
            Err(conflict("insufficient_funds"))
        );
        assert_eq!(balance(state, Account::Held(payee.id)).await, 600);
        assert_eq!(available(state, &payee).await, 400, "{}", stack.name);
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_decisions_on_one_withdrawal_settle_it_once() {
    for stack in stacks().await {
        let state = &stack.state;
        let payee = user(state, "Payee").await;
        let admin = admin_of(user(state, "Admin").await);
        top_up(state, &payee, 3_000).await;
        withdraw::request(state, &payee, 3_000, "Bank", &key())
            .await
            .expect("request");
        let id = wallet::wallet(state, &payee, HistoryFilter::default())
            .await
            .expect("wallet")
            .withdrawals[0]
            .id;
        let attempts = (0..10).map(|n| {
            let decision = if n % 2 == 0 {
                WithdrawalDecision::Paid
            } else {
                WithdrawalDecision::Rejected
            };
            let admin = admin.clone();
            let state = state.clone();
            tokio::spawn(async move {
                withdraw::decide(&state, &admin, id, decision, "ref", &key()).await
            })
        });
        let results: Vec<_> = futures::future::join_all(attempts)
            .await
            .into_iter()
            .map(|joined| joined.expect("task"))
            .collect();
        assert_eq!(
            results.iter().filter(|result| result.is_ok()).count(),
            1,
            "{}: {results:?}",
            stack.name
        );
        assert_eq!(balance(state, Account::Held(payee.id)).await, 0);
        let paid_out = balance(state, Account::Clearing).await == 0;
        let returned = available(state, &payee).await == 3_000;
        assert!(paid_out != returned, "{}: exactly one outcome", stack.name);
        assert_ledger_consistent(state, stack.name).await;
    }
}
