//! Disputes on both backends: either party opens one on a funded order,
//! which freezes it (no confirmation, changes, submission, return or
//! automatic release); an admin reads the case and decides release, refund
//! or a split; the decision and its entries are recorded and shown to both.
//! A dispute racing a confirmation: exactly one wins.

use crate::support::money::{
    REWARD, admin_of, answer, assert_ledger_consistent, available, balance, conflict,
    funded_submission, key,
};
use crate::support::orders::user;
use crate::support::stacks::stacks;
use bounty::domain::AppError;
use bounty::domain::chat::OutgoingBody;
use bounty::domain::ledger::Account;
use bounty::domain::order::OrderState;
use bounty::domain::order::dispute::DisputeOutcome;
use bounty::server::auth::now_millis;
use bounty::server::services::chat;
use bounty::server::services::money::{changes, confirm, dispute, order_money, release};
use bounty::server::services::orders::{lifecycle, open, submit, view};

#[tokio::test]
async fn a_dispute_freezes_the_order_until_an_admin_splits_the_escrow() {
    for stack in stacks().await {
        let state = &stack.state;
        let (publisher, taker, id) = funded_submission(state, "Disputed").await;
        let admin = admin_of(user(state, "Arbiter").await);
        open::open_solution(state, &publisher, id)
            .await
            .expect("the publisher opens the solution");
        let conversation = chat::conversations::open(state, &taker, publisher.id, Some(id))
            .await
            .expect("conversation");
        let text = OutgoingBody::Text {
            text: "It works for me".into(),
        };
        chat::send::send(state, &taker, conversation, "client-msg-1", &text)
            .await
            .expect("message");
        dispute::open(
            state,
            &publisher,
            id,
            "It does not run on my machine.\nLogs attached.",
        )
        .await
        .expect("open");
        dispute::open(state, &publisher, id, "again")
            .await
            .expect("a repeated request returns the first result");
        assert_eq!(
            dispute::open(state, &taker, id, "me too").await,
            Err(conflict("disputed")),
            "{}",
            stack.name
        );

        // Frozen: nothing moves, no countdown.
        assert_eq!(
            confirm::confirm(state, &publisher, id, &key()).await,
            Err(conflict("disputed"))
        );
        assert_eq!(
            changes::request_changes(state, &publisher, id).await,
            Err(conflict("disputed"))
        );
        assert!(
            submit::submit(state, &taker, id, &answer("v2"))
                .await
                .is_err()
        );
        assert!(lifecycle::give_back(state, &taker, id).await.is_err());
        assert_eq!(
            release::release_due(state, now_millis() + 30 * 24 * 3600 * 1000)
                .await
                .expect("pass"),
            0,
            "{}",
            stack.name
        );
        assert_eq!(balance(state, Account::Escrow(id)).await, REWARD);
        let panel = order_money::order_money(state, &taker, id)
            .await
            .expect("panel")
            .expect("a party");
        let shown = panel.dispute.expect("both parties see the dispute");
        assert!(shown.opened_by_publisher);
        assert!(shown.decision.is_none());
        assert!(!panel.may_dispute);

        // The admin's case: order, versions with digests, the reveal, the
        // chat, the ledger.
        assert_eq!(
            dispute::case(state, &publisher, id).await.map(|_| ()),
            Err(AppError::Forbidden)
        );
        let case = dispute::case(state, &admin, id).await.expect("case");
        assert_eq!(case.versions.len(), 1, "{}", stack.name);
        assert_eq!(case.reveals.len(), 1);
        assert_eq!(case.reveals[0].digest, case.versions[0].committed_digest());
        assert_eq!(case.chat.len(), 1);
        assert_eq!(case.chat[0].body, "It works for me");
        assert_eq!(case.escrow, REWARD);
        assert_eq!(case.ledger.len(), 1, "the funding");
        let list = dispute::list(state, &admin).await.expect("list");
        assert_eq!(list.open.len(), 1);

        // Bad decisions move nothing.
        for bad in [0, REWARD, REWARD + 1] {
            assert_eq!(
                dispute::decide(
                    state,
                    &admin,
                    id,
                    DisputeOutcome::Split { to_solver: bad },
                    "half",
                    &key()
                )
                .await,
                Err(AppError::invalid("to_solver", "split_out_of_range")),
                "{bad}"
            );
        }
        assert_eq!(
            dispute::decide(state, &taker, id, DisputeOutcome::Release, "mine", &key()).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            dispute::decide(state, &admin, id, DisputeOutcome::Release, "  ", &key()).await,
            Err(AppError::invalid("reason", "required"))
        );
        assert_eq!(balance(state, Account::Escrow(id)).await, REWARD);

        let decision_key = key();
        let split = DisputeOutcome::Split { to_solver: 70_000 };
        dispute::decide(state, &admin, id, split, "Partly works.", &decision_key)
            .await
            .expect("decide");
        dispute::decide(state, &admin, id, split, "Partly works.", &decision_key)
            .await
            .expect("the same decision again");
        assert_eq!(
            dispute::decide(state, &admin, id, DisputeOutcome::Refund, "no", &key()).await,
            Err(conflict("wrong_state")),
            "{}",
            stack.name
        );
        assert_eq!(available(state, &taker).await, 70_000, "{}", stack.name);
        assert_eq!(available(state, &publisher).await, REWARD - 70_000);
        assert_eq!(balance(state, Account::Escrow(id)).await, 0);
        let done = view::order(state, Some(&publisher), id)
            .await
            .expect("view");
        assert_eq!(done.card.state, OrderState::Done);
        for party in [&publisher, &taker] {
            let panel = order_money::order_money(state, party, id)
                .await
                .expect("panel")
                .expect("a party");
            let decision = panel
                .dispute
                .and_then(|d| d.decision)
                .expect("the decision is shown to both");
            assert_eq!(decision.to_solver, 70_000);
            assert_eq!(decision.to_publisher, REWARD - 70_000);
            assert_eq!(decision.reason, "Partly works.");
            assert_eq!(decision.outcome, split);
        }
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn the_solver_disputes_and_an_admin_refunds_or_releases() {
    for stack in stacks().await {
        let state = &stack.state;
        let admin = admin_of(user(state, "Arbiter").await);
        let (publisher, taker, refunded) = funded_submission(state, "Refunded").await;
        dispute::open(state, &taker, refunded, "The publisher stopped answering.")
            .await
            .expect("the solver opens it");
        dispute::decide(
            state,
            &admin,
            refunded,
            DisputeOutcome::Refund,
            "Nothing usable.",
            &key(),
        )
        .await
        .expect("refund");
        assert_eq!(available(state, &publisher).await, REWARD, "{}", stack.name);
        assert_eq!(available(state, &taker).await, 0);
        let cancelled = view::order(state, Some(&publisher), refunded)
            .await
            .expect("view");
        assert_eq!(cancelled.card.state, OrderState::Cancelled);

        let (publisher, taker, released) = funded_submission(state, "Released").await;
        dispute::open(state, &taker, released, "Paid late.")
            .await
            .expect("open");
        dispute::decide(
            state,
            &admin,
            released,
            DisputeOutcome::Release,
            "Delivered.",
            &key(),
        )
        .await
        .expect("release");
        assert_eq!(available(state, &taker).await, REWARD, "{}", stack.name);
        assert_eq!(available(state, &publisher).await, 0);
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test]
async fn only_a_party_of_a_funded_live_order_may_open_a_dispute() {
    for stack in stacks().await {
        let state = &stack.state;
        let (publisher, taker, id) = funded_submission(state, "Mine").await;
        let stranger = user(state, "Stranger").await;
        assert_eq!(
            dispute::open(state, &stranger, id, "curious").await,
            Err(AppError::Forbidden),
            "{}",
            stack.name
        );
        assert_eq!(
            dispute::open(state, &taker, id, "").await,
            Err(AppError::invalid("reason", "required"))
        );
        assert_eq!(
            dispute::open(state, &taker, id + 1000, "where").await,
            Err(AppError::NotFound)
        );
        confirm::confirm(state, &publisher, id, &key())
            .await
            .expect("confirm");
        assert_eq!(
            dispute::open(state, &taker, id, "too late").await,
            Err(conflict("wrong_state")),
            "{}",
            stack.name
        );
        assert_ledger_consistent(state, stack.name).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_dispute_racing_a_confirmation_lets_exactly_one_win() {
    for stack in stacks().await {
        let state = &stack.state;
        for round in 0..5 {
            let (publisher, taker, id) = funded_submission(state, &format!("Race {round}")).await;
            let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
            let confirming = {
                let (state, barrier, publisher) =
                    (state.clone(), barrier.clone(), publisher.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    confirm::confirm(&state, &publisher, id, &key()).await
                })
            };
            let disputing = {
                let (state, barrier, taker) = (state.clone(), barrier.clone(), taker.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    dispute::open(&state, &taker, id, "race").await
                })
            };
            let confirmed = confirming.await.expect("task");
            let disputed = disputing.await.expect("task");
            assert!(
                confirmed.is_ok() != disputed.is_ok(),
                "{}: {confirmed:?} {disputed:?}",
                stack.name
            );
            let paid = available(state, &taker).await;
            let escrow = balance(state, Account::Escrow(id)).await;
            if confirmed.is_ok() {
                assert_eq!((paid, escrow), (REWARD, 0), "{}", stack.name);
            } else {
                assert_eq!((paid, escrow), (0, REWARD), "{}", stack.name);
            }
            assert_ledger_consistent(state, stack.name).await;
        }
    }
}
