//! Money end to end on the services, on SQLite + in-process bus and on
//! PostgreSQL + Redis: paying in through the signed webhook, escrowing a
//! reward, opening the solution, confirming (the solver is paid), cancelling
//! (the publisher is refunded), and every refusal moving nothing. The
//! ledger's own check runs after each scenario.

use crate::support::money::{
    REWARD, answer, assert_ledger_consistent, available, balance, conflict, key, pay, top_up,
    transactions,
};
use crate::support::orders::{draft, user};
use crate::support::stacks::stacks;
use bounty::domain::AppError;
use bounty::domain::ledger::Account;
use bounty::domain::order::OrderState;
use bounty::server::payments::EventKind;
use bounty::server::payments::sandbox::Sandbox;
use bounty::server::services::money::{cancel, confirm, fund, webhook};
use bounty::server::services::orders::{lifecycle, open, publish, submit, view};

#[tokio::test]
async fn a_secured_reward_opens_the_solution_and_confirming_pays_the_solver_once() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Publisher").await;
        let taker = user(state, "Taker").await;
        let id = publish::publish(state, &publisher, &draft("Paid work"))
            .await
            .expect("publish");
        lifecycle::take(state, &taker, id).await.expect("take");
        submit::submit(state, &taker, id, &answer("The answer is 42."))
            .await
            .expect("submit");
        let sealed = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert_eq!(sealed.solution.sealed().len(), 1, "{}", stack.name);
        assert!(
            !sealed.solution.can_open(),
            "nothing to open before funding"
        );
        assert_eq!(
            confirm::confirm(state, &publisher, id, &key()).await,
            Err(conflict("not_funded")),
            "{}",
            stack.name
        );

        top_up(state, &publisher, REWARD).await;
        assert_eq!(available(state, &publisher).await, REWARD);
        let fund_key = key();
        fund::fund(state, &publisher, id, &fund_key)
            .await
            .expect("fund");
        // A double click: the same key returns the first result.
        fund::fund(state, &publisher, id, &fund_key)
            .await
            .expect("fund again");
        assert_eq!(available(state, &publisher).await, 0, "{}", stack.name);
        assert_eq!(balance(state, Account::Escrow(id)).await, REWARD);
        let funded = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert!(
            funded.solution.opened().is_empty() && funded.solution.can_open(),
            "funding alone opens nothing: {}",
            stack.name
        );
        open::open_solution(state, &publisher, id)
            .await
            .expect("open");
        let opened = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert_eq!(opened.solution.opened().len(), 1, "{}", stack.name);
        assert!(opened.card.funded);

        let confirm_key = key();
        confirm::confirm(state, &publisher, id, &confirm_key)
            .await
            .expect("confirm");
        confirm::confirm(state, &publisher, id, &confirm_key)
            .await
            .expect("the same confirmation again");
        assert_eq!(
            confirm::confirm(state, &publisher, id, &key()).await,
            Err(conflict("wrong_state"))
        );
        assert_eq!(available(state, &taker).await, REWARD, "{}", stack.name);
        assert_eq!(balance(state, Account::Escrow(id)).await, 0);
        let done = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert_eq!(done.card.state, OrderState::Done);
        // top-up, fund, release
        assert_eq!(transactions(state).await, 3, "{}", stack.name);
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn a_redelivered_or_contradicting_webhook_credits_a_payment_once() {
    for stack in stacks().await {
        let state = &stack.state;
        let payer = user(state, "Payer").await;
        let intent = pay(state, &payer, 5_000, None, EventKind::Succeeded).await;
        // The provider redelivers, then sends a late "declined": the intent
        // left pending once, so nothing changes.
        for kind in [EventKind::Succeeded, EventKind::Declined] {
            let (signature, body) =
                crate::support::money::signed_event(state, kind, &intent, 5_000);
            webhook::receive(state, &Sandbox::headers(&signature), &body)
                .await
                .expect("accepted and ignored");
        }
        assert_eq!(available(state, &payer).await, 5_000, "{}", stack.name);
        let declined = pay(state, &payer, 7_000, None, EventKind::Declined).await;
        let abandoned = pay(state, &payer, 9_000, None, EventKind::Abandoned).await;
        for (intent, amount) in [(&declined, 7_000), (&abandoned, 9_000)] {
            let (signature, body) =
                crate::support::money::signed_event(state, EventKind::Succeeded, intent, amount);
            webhook::receive(state, &Sandbox::headers(&signature), &body)
                .await
                .expect("a late success for a settled payment is taken in and ignored");
        }
        assert_eq!(available(state, &payer).await, 5_000, "{}", stack.name);
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn funding_without_the_money_or_someone_elses_order_moves_nothing() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Publisher").await;
        let other = user(state, "Other").await;
        let id = publish::publish(state, &publisher, &draft("Unfunded"))
            .await
            .expect("publish");
        top_up(state, &publisher, REWARD - 1).await;
        assert_eq!(
            fund::fund(state, &publisher, id, &key()).await,
            Err(conflict("insufficient_funds")),
            "{}",
            stack.name
        );
        top_up(state, &other, REWARD).await;
        assert_eq!(
            fund::fund(state, &other, id, &key()).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            fund::fund(state, &publisher, id + 1000, &key()).await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            fund::fund(state, &publisher, id, "bad key!").await,
            Err(AppError::invalid("idempotency_key", "invalid"))
        );
        for who in [&other, &publisher] {
            assert!(cancel::cancel(state, who, id + 1000, &key()).await.is_err());
        }
        assert_eq!(
            cancel::cancel(state, &other, id, &key()).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(available(state, &publisher).await, REWARD - 1);
        assert_eq!(available(state, &other).await, REWARD);
        assert_eq!(balance(state, Account::Escrow(id)).await, 0);
        let unfunded = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert!(!unfunded.card.funded, "{}", stack.name);
        assert_eq!(transactions(state).await, 2, "only the two top-ups");
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn a_top_up_for_an_order_secures_it_when_the_payment_arrives() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Publisher").await;
        let id = publish::publish(state, &publisher, &draft("Pay and secure"))
            .await
            .expect("publish");
        top_up(state, &publisher, 20_000).await;
        pay(
            state,
            &publisher,
            REWARD - 20_000,
            Some(id),
            EventKind::Succeeded,
        )
        .await;
        assert_eq!(
            balance(state, Account::Escrow(id)).await,
            REWARD,
            "{}",
            stack.name
        );
        assert_eq!(available(state, &publisher).await, 0);
        // Already secured: a second such payment stays in the wallet.
        pay(state, &publisher, 3_000, Some(id), EventKind::Succeeded).await;
        assert_eq!(available(state, &publisher).await, 3_000, "{}", stack.name);
        assert_eq!(balance(state, Account::Escrow(id)).await, REWARD);
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn a_secured_open_order_cannot_be_deleted_or_repriced_and_cancelling_refunds_it() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Publisher").await;
        let id = publish::publish(state, &publisher, &draft("Cancel me"))
            .await
            .expect("publish");
        top_up(state, &publisher, REWARD).await;
        fund::fund(state, &publisher, id, &key())
            .await
            .expect("fund");
        assert_eq!(
            publish::delete(state, &publisher, id).await,
            Err(conflict("funded"))
        );
        let mut repriced = draft("Cancel me");
        repriced.reward = "1".into();
        assert_eq!(
            publish::edit(state, &publisher, id, &repriced).await,
            Err(conflict("reward_locked"))
        );
        publish::edit(state, &publisher, id, &draft("Same reward, new title"))
            .await
            .expect("an edit that keeps the reward");
        let cancel_key = key();
        cancel::cancel(state, &publisher, id, &cancel_key)
            .await
            .expect("cancel");
        cancel::cancel(state, &publisher, id, &cancel_key)
            .await
            .expect("the same cancellation again");
        assert_eq!(available(state, &publisher).await, REWARD, "{}", stack.name);
        assert_eq!(balance(state, Account::Escrow(id)).await, 0);
        let cancelled = view::order(state, None, id).await.expect("view");
        assert_eq!(cancelled.card.state, OrderState::Cancelled);
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn of_many_concurrent_fundings_of_one_order_exactly_one_moves_money() {
    for stack in stacks().await {
        let state = &stack.state;
        let publisher = user(state, "Publisher").await;
        let id = publish::publish(state, &publisher, &draft("Race"))
            .await
            .expect("publish");
        top_up(state, &publisher, REWARD * 5).await;
        let attempts = (0..20).map(|_| {
            let state = state.clone();
            let publisher = publisher.clone();
            tokio::spawn(async move { fund::fund(&state, &publisher, id, &key()).await })
        });
        let results = futures::future::join_all(attempts).await;
        let won = results
            .iter()
            .filter(|result| matches!(result, Ok(Ok(()))))
            .count();
        assert_eq!(won, 1, "{}: {results:?}", stack.name);
        for result in results.into_iter().flatten() {
            if let Err(error) = result {
                assert_eq!(error, conflict("already_funded"), "{}", stack.name);
            }
        }
        assert_eq!(available(state, &publisher).await, REWARD * 4);
        assert_eq!(balance(state, Account::Escrow(id)).await, REWARD);
        assert_ledger_consistent(state, stack.name).await;
    }
}
